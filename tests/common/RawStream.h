// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A raw XMPP client connection for tests that must send exactly the bytes they
// mean (attacks, XEP-0198 by hand, STARTTLS injection): it records everything the
// server sends, parses it into top-level elements when asked, and takes the
// negotiation steps one at a time: STARTTLS, SASL PLAIN or SCRAM (without channel
// binding), bind.
#pragma once

#include <QByteArray>
#include <QDomDocument>
#include <QDomElement>
#include <QHostAddress>
#include <QObject>
#include <QSslSocket>
#include <QStringList>
#include <functional>

class QSslCertificate;

// The namespaces a raw stream's answers are looked up in.
namespace RawNs {
inline const QString Stream = QStringLiteral("http://etherx.jabber.org/streams");
inline const QString StreamErrors = QStringLiteral("urn:ietf:params:xml:ns:xmpp-streams");
inline const QString Sasl = QStringLiteral("urn:ietf:params:xml:ns:xmpp-sasl");
inline const QString Tls = QStringLiteral("urn:ietf:params:xml:ns:xmpp-tls");
inline const QString Sm = QStringLiteral("urn:xmpp:sm:3");
} // namespace RawNs

// What the server sent on one connection, parsed stream by stream (each of its
// stream headers starts with the same XML declaration).
struct ServerOutput
{
    int headers = 0; // stream headers, any nested in a stream included
    bool closed = false; // the server's </stream:stream>
    QList<QDomElement> elements; // top-level elements of every stream, in order
    QList<QDomDocument> documents;
    QString parseError; // the first XML error, empty without one

    static ServerOutput parse(const QByteArray &bytes);

    QList<QDomElement> matching(const QString &name, const QString &ns) const;
    int count(const QString &name, const QString &ns) const { return matching(name, ns).size(); }
    // The condition of the first stream error, empty without one.
    QString streamError() const;
    // The conditions of every stream error, and the last text of one.
    QStringList streamErrorConditions() const;
    QString streamErrorText() const;
    QStringList saslFailures() const;
    QDomElement iq(const QString &id) const;
};

class RawStream : public QObject
{
    Q_OBJECT
public:
    explicit RawStream(quint16 port, QObject *parent = nullptr);
    // From the given local address (127.0.0.2 is another client address than 127.0.0.1).
    RawStream(quint16 port, const QHostAddress &from, QObject *parent = nullptr);
    ~RawStream() override;

    static QByteArray header(const QByteArray &to = QByteArrayLiteral("localhost"));
    static QByteArray plainAuth(const QByteArray &user, const QByteArray &password,
                                const QByteArray &authzid = QByteArray());
    static QByteArray bindRequest(const QByteArray &id, const QByteArray &resource);
    static QByteArray pingRequest(const QByteArray &id);
    // Bytes for a failure message, the middle left out when long.
    static QString show(const QByteArray &bytes);

    void send(const QByteArray &bytes);
    // Closes our write side only; we can still read what the server says.
    bool shutdownWrite();
    // Cuts the connection without a word, as a lost network would.
    void abort() { m_socket.abort(); }
    // Stops taking data from the socket: the kernel buffers fill and TCP pushes back.
    void stopReading();
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QSslSocket &socket() { return m_socket; }
    QStringList sslErrors() const { return m_sslErrors; }

    // What the server sent: as bytes (since a byte mark), or parsed.
    int mark() const { return m_received.size(); }
    QByteArray received(int since = 0) const { return m_received.mid(since); }
    ServerOutput output() const { return ServerOutput::parse(m_received); }
    int elementMark() const { return output().elements.size(); }

    // Runs the event loop until done() holds; checked whenever data arrives or the
    // connection changes.
    bool waitUntil(const std::function<bool()> &done, int timeoutMs = 5000);
    // Waits until what the server sent (since the byte mark) contains needle.
    bool waitFor(const QByteArray &needle, int timeoutMs = 5000, int since = 0);
    bool waitForClose(int timeoutMs = 5000);
    // The first top-level element at index >= since (an element mark) that matches,
    // null if none came before the timeout or the connection closed.
    QDomElement waitForElement(const std::function<bool(const QDomElement &)> &matches, int since,
                               int timeoutMs = 5000);
    QDomElement waitForElement(const QString &name, const QString &ns, int since, int timeoutMs = 5000);

    // Sends a stream header and waits for the features; null if none came.
    QDomElement openStream(const QByteArray &header = RawStream::header());
    // STARTTLS, trusting only the given certificate for "localhost"; afterStartTls goes
    // in the same write as <starttls/>.
    bool startTls(const QSslCertificate &certificate, const QByteArray &afterStartTls = QByteArray());
    // SASL: empty on success, else the condition of the failure (or of the stream error).
    QString authenticatePlain(const QByteArray &user, const QByteArray &password,
                              const QByteArray &authzid = QByteArray());
    QString authenticateScram(const QString &mechanism, const QByteArray &user, const QByteArray &password);
    // Binds a resource: the JID, or "error:<condition>".
    QString bind(const QByteArray &resource);
    // Header, PLAIN (the server must allow it here), restart; true when the server said
    // success and sent the new features, else false with the reason in a warning.
    bool authenticate(const QByteArray &user, const QByteArray &password = QByteArrayLiteral("secret"));
    // authenticate() and bind this resource; the bound JID, empty on failure.
    QString logIn(const QByteArray &user, const QByteArray &resource,
                  const QByteArray &password = QByteArrayLiteral("secret"));
    // Sends a ping and waits for its answer.
    bool ping();

signals:
    void changed();

private:
    QString saslOutcome(const QByteArray &request);
    QString outcomeOf(const QDomElement &answer) const;

    QSslSocket m_socket;
    QByteArray m_received;
    QStringList m_sslErrors;
    bool m_reading = true;
    int m_nextId = 0;
};
