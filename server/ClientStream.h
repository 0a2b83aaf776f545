// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One client's XMPP stream, from the accepted TCP connection to the end of its
// session: stream headers and features, STARTTLS, SASL, resource binding and
// XEP-0198 stream management, with every limit of StreamLimits enforced. Before
// SASL success only negotiation is allowed; exactly one authentication and one
// bind per stream. A bound stream is a session: its stanzas come out of
// stanzaReceived() with 'from' stamped, and sendElement() writes to it.
//
// With resumption enabled, a lost connection detaches the session instead of
// ending it: what is sent to it is queued, and a new connection of the same
// account that resumes it hands its socket over to this object, so the session
// keeps its identity (id(), jid()) and nobody else notices.
#pragma once

#include "StreamLimits.h"
#include "StreamSecurity.h"

#include <QDomElement>
#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QTimer>
#include <deque>
#include <functional>
#include <memory>

class LoginThrottle;
class QSslSocket;
class SaslCredentials;
class SaslServer;
class StanzaReader;

// What every stream of one server shares.
struct StreamConfig
{
    QString domain;
    TlsPolicy tls = TlsPolicy::Optional;
    PlainAuthPolicy plainAuth = PlainAuthPolicy::OnlyWithTls;
    QList<QSslCertificate> certificateChain; // empty: no STARTTLS
    QSslKey privateKey;
    StreamLimits limits;
    SaslCredentials *credentials = nullptr;
    LoginThrottle *throttle = nullptr;
    // The session a resumption id names, or null.
    std::function<class ClientStream *(const QString &resumptionId)> findResumable;
    // The account's one detached session, or null when it has none or several.
    std::function<class ClientStream *(const QString &bareJid)> findOnlyDetached;
    // Adds one to a server counter (e.g. "stream.stanza-throttled"); may be empty.
    std::function<void(const QString &name)> count;
    // XEP-0077 before authentication: creates an account (empty answer) or says why not
    // (a stanza error condition). Empty: in-band registration is off.
    std::function<QString(const QString &username, const QString &password)> registerAccount;
};

class ClientStream : public QObject
{
    Q_OBJECT
public:
    enum class State { Negotiating, Authenticated, Bound, Detached, Closed };

    // Takes ownership of the socket (already connected).
    ClientStream(QSslSocket *socket, quint64 id, const StreamConfig *config, QObject *parent = nullptr);
    ~ClientStream() override;

    // Unique among the server's streams, stable across resumption.
    quint64 id() const { return m_id; }
    State state() const { return m_state; }
    // The bound full JID, empty before binding.
    QString jid() const { return m_jid; }
    // The bound JID as UTF-8 escaped for an XML attribute (a resource is free text): what
    // a fork splices into each copy's 'to'.
    const QByteArray &jidAttributeBytes() const { return m_jidAttributeBytes; }
    QString peer() const { return m_peer; }
    bool isEncrypted() const;
    bool isStreamManagementEnabled() const { return m_smEnabled; }
    // The XEP-0198 resumption id, empty unless resumption was enabled.
    QString resumptionId() const { return m_resumable ? m_resumptionId : QString(); }
    // Seconds until a detached session is given up, -1 when not detached.
    int resumeSecondsLeft() const;

    // Writes a stanza (counted and queued for acknowledgement under stream management).
    void sendElement(const QDomElement &stanza);
    // The same for a stanza already serialised with XmlText::streamBytes().
    void sendStanzaData(const QByteArray &stanza);

    // Ends the stream with a stream error and closes the connection.
    void closeWithError(const QString &condition, const QString &text = QString());
    // Ends the session at once without a word, as a lost network would (no resumption).
    void abortSession();
    // Writes what is buffered for the socket as far as it takes it without waiting.
    void flushOutput();
    // Output written but not yet taken by the kernel (0 without a connection).
    qint64 pendingOutputBytes() const;
    // Closes the stream politely (</stream:stream>), ending the session.
    void closeSession();

signals:
    // The stream bound its resource and is a session now.
    void bound();
    // A stanza from the bound session, 'from' stamped with its full JID.
    void stanzaReceived(const QDomElement &stanza);
    // The connection was lost; the session waits for resumption.
    void detached();
    void resumed();
    // Bytes of the session's output reached the kernel (its client is reading); see
    // pendingOutputBytes().
    void outputDrained();
    // The stream sent a stream error.
    void streamError(const QString &condition, const QString &text);
    // The session (or the unbound stream) is over; the object deletes itself later.
    void closed();

private:
    void attachSocket(QSslSocket *socket);
    void readInput();
    void processEvents();
    void handleStreamHeader();
    void handleElement(const QDomElement &element);
    void handleNegotiation(const QDomElement &element);
    void handleAuthenticated(const QDomElement &element);
    void handleStanza(QDomElement stanza);
    void handleStreamManagement(const QDomElement &element);

    void startTls();
    void saslElement(const QDomElement &element);
    void saslStep(const QString &mechanism, const QByteArray &data, bool initial);
    void saslFailure(const QString &condition, const QString &text = QString());
    // XEP-0077 in-band registration before authentication (bounded, see there).
    void preAuthRegistration(const QDomElement &iq);
    void bind(const QDomElement &iq);
    void resume(const QDomElement &request);
    // Takes over the connection of a stream that resumed this session.
    void adopt(ClientStream *newcomer, quint32 acknowledged);
    bool acknowledge(quint32 h);
    void requestAck();

    void sendFeatures();
    void writeRaw(const QByteArray &data);
    // Says the last words and closes; a peer that does not close its side is cut off.
    void closeConnection(const QByteArray &lastWords);
    QString bareJid() const; // of the authenticated account
    bool tlsOffered() const;
    bool plainAllowed() const; // SASL PLAIN on this stream now
    void checkOutputBound();
    void onDisconnected();
    void finish();
    void unpause();
    // Takes a stanza from the per-connection stanza bucket; false (reading paused until it
    // refills) when it is empty.
    bool stanzaAllowed();
    void resumeThrottled();

    const quint64 m_id;
    const StreamConfig *const m_config;
    QPointer<QSslSocket> m_socket;
    QString m_peer;
    QString m_address;
    std::unique_ptr<StanzaReader> m_reader;
    State m_state = State::Negotiating;
    bool m_closing = false; // a close was sent; input is ignored
    bool m_paused = false; // a delayed login attempt holds the input
    bool m_flushQueued = false; // a flush at the end of this event-loop turn is queued
    QString m_user; // the authenticated node
    QString m_jid;
    QByteArray m_jidAttributeBytes;
    QString m_lastTo; // the 'to' of the last stanza, as received
    QString m_lastToPrepared; // ... and as JidPrep::jid() made it (null: malformed)
    QString m_streamId;
    bool m_headerAnswered = false; // our header for the client's current stream went out

    std::unique_ptr<SaslServer> m_sasl;
    QString m_saslUserHint; // the account a login attempt names, for the throttle
    int m_failedAuths = 0;
    int m_registrationRequests = 0; // XEP-0077 requests before authentication
    int m_registrations = 0; // accounts this connection created

    QTimer m_authTimer;
    QTimer m_idleTimer;
    QTimer m_refillTimer;
    QElapsedTimer m_bucketClock;
    double m_tokens = 0;
    // The stanza bucket (StreamLimits::inputStanzasPerSecond), from authentication on.
    QTimer m_stanzaTimer;
    QElapsedTimer m_stanzaClock;
    double m_stanzaTokens = 0;
    bool m_stanzaThrottled = false; // reading waits for m_stanzaTimer

    // XEP-0198
    bool m_smEnabled = false;
    bool m_resumable = false;
    QString m_resumptionId;
    quint32 m_inbound = 0; // stanzas handled from the client
    quint32 m_outbound = 0; // stanzas sent to the client
    std::deque<QByteArray> m_unacked; // the last m_unacked.size() of m_outbound
    qint64 m_unackedBytes = 0;
    bool m_ackRequested = false;
    QTimer m_ackTimer;
    QTimer m_resumeTimer;
};
