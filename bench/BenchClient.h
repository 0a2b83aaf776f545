// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One client session for the benchmark: an XMPP stream over plain TCP, or STARTTLS
// first (QSslSocket), then SASL (SCRAM-SHA-256, SCRAM-SHA-1 or PLAIN), resource
// binding and a MUC join. Groupchat messages are read by StanzaSplitter, everything
// else incrementally by QXmlStreamReader, and nothing builds a DOM. Lean on purpose: a
// driver that costs more than the server measures itself. The same client drives every server,
// so figures compare.
#pragma once

#include "StanzaSplitter.h"

#include <QByteArray>
#include <QObject>
#include <QStringList>
#include <QXmlStreamReader>
#include <functional>
#include <memory>

class QSslSocket;
class QTcpSocket;
class ScramExchange;
class ScramSaltedPasswordCache;

class BenchClient : public QObject
{
    Q_OBJECT
public:
    struct Account
    {
        QString host;
        quint16 port = 0;
        QString domain;
        QString user;
        QString password;
        QString resource;
        // STARTTLS before authenticating. The server's certificate must have this SHA-256
        // digest (32 bytes); empty: any certificate (verification off).
        bool tls = false;
        QByteArray pinnedSha256;
        // The SASL mechanism: SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, or "auto" (the first of
        // those the server offers). PLAIN only where the server offers it.
        QString sasl = QStringLiteral("auto");
        // The run's SCRAM SaltedPassword cache, shared by its sessions; null: none.
        ScramSaltedPasswordCache *scramCache = nullptr;
    };
    // What "auto" tries, strongest first.
    static QStringList mechanismPreference();
    // What the benchmark needs of a received stanza.
    struct Stanza
    {
        QStringView name; // message, presence, iq
        QStringView type;
        QStringView from;
        QStringView body;
        bool delayed = false;
        bool selfPresence = false; // MUC status 110
        QStringView errorCondition;
        QStringView id; // for IQ results and errors (the client's own requests)
    };
    using StanzaHandler = std::function<void(BenchClient *, const Stanza &)>;

    BenchClient(const Account &account, QObject *parent = nullptr);
    ~BenchClient() override;

    // Connects, authenticates and binds; then online() or failed().
    void start();
    // Joins room/nick without history; then joined() or failed(). A nick conflict
    // (another session of the same account on a server that refuses shared nicks)
    // retries once with nick-resource.
    void join(const QString &roomJid, const QString &nick);
    void sendGroupchat(const QString &roomJid, const QString &body);
    void send(const QByteArray &xml);
    // Hands everything queued to the kernel now, as far as it takes it. Qt otherwise
    // writes one 16 KiB block per turn of the event loop, which would pace a burst by
    // the driver's loop instead of the server's speed.
    void flush();
    // Closes the TCP connection without a word, like a lost network.
    void drop();
    // Stops reading the socket for good: a client that never reads (TCP pushes back).
    void stopReading();
    // Bytes written but not yet taken by the kernel.
    qint64 pendingBytes() const;

    bool isOnline() const
    {
        return m_state == State::Online || m_state == State::Joining || m_state == State::Joined;
    }
    bool isJoined() const { return m_state == State::Joined; }
    QString fullJid() const { return m_fullJid; }
    QString nick() const { return m_nick; }
    // The SASL mechanism of the last login (empty before one was chosen).
    QString mechanism() const { return m_mechanism; }
    void setStanzaHandler(StanzaHandler handler) { m_handler = std::move(handler); }

signals:
    void online();
    void joined();
    void failed(const QString &reason);
    // The kernel took some of what was written.
    void drained();

private:
    enum class State {
        Idle,
        Connecting,
        StartingTls,
        Authenticating,
        Binding,
        Online,
        Joining,
        Joined,
        Failed
    };

    void newSocket();
    void openStream();
    void onEncrypted();
    void onReadyRead();
    enum class Parsed { Done, StreamRestarted };
    // Hands bytes (whole elements, or the stream's header) to the XML parser; what it found
    // may fail or stop the client (see m_state).
    Parsed parse(const QByteArray &bytes);
    // A new stanza of depth 2: what the previous one left is cleared.
    void startStanza(const QString &name, const QString &type, const QString &from, const QString &id);
    void onGroupchat(const StanzaSplitter::Groupchat &message);
    void onStanzaEnd();
    void authenticate();
    void onSaslChallenge();
    bool onSaslSuccess();
    void fail(const QString &reason);

    Account m_account;
    // A QTcpSocket for plain streams (no TLS layer in their path), a QSslSocket with --tls.
    QTcpSocket *m_socket = nullptr;
    QSslSocket *m_ssl = nullptr; // m_socket when it is a QSslSocket
    QXmlStreamReader m_reader;
    QByteArray m_pending; // received, not yet a whole element
    bool m_streamOpen = false; // the parser has had the stream's header
    bool m_readerOnly = false; // something the splitter leaves to the parser came: all goes there
    State m_state = State::Idle;
    QString m_fullJid;
    QString m_roomJid;
    QString m_nick;
    bool m_retriedNick = false;
    bool m_reading = true;
    StanzaHandler m_handler;

    // The stanza being parsed (depth 2 of the stream).
    int m_depth = 0;
    QString m_name;
    QString m_type;
    QString m_from;
    QString m_id;
    QString m_body;
    QString m_text; // text of the current leaf
    QString m_errorCondition;
    bool m_inError = false;
    bool m_delayed = false;
    bool m_selfPresence = false;
    bool m_roomCreated = false; // MUC status 201: the room waits for its configuration
    bool m_hasStartTls = false;
    QStringList m_mechanisms; // offered in the stream features
    QString m_mechanism; // chosen
    std::unique_ptr<ScramExchange> m_scram;
    QString m_saslData; // the base64 text of a SASL challenge or success
    bool m_inSasl = false; // in a SASL element of depth 2
    bool m_hasBind = false;
    bool m_hasSession = false;
};
