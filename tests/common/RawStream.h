// A raw XMPP client connection for tests that must send exactly the bytes they
// mean (attacks, XEP-0198 by hand): it records everything the server sends and
// can log in with SASL PLAIN (the server must allow it without TLS) and bind.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QSignalSpy>
#include <QTcpSocket>

class RawStream : public QObject
{
    Q_OBJECT
public:
    explicit RawStream(quint16 port, QObject *parent = nullptr);

    static QByteArray header(const QByteArray &to = QByteArrayLiteral("localhost"));
    static QByteArray plainAuth(const QByteArray &user, const QByteArray &password,
                                const QByteArray &authzid = QByteArray());

    void send(const QByteArray &bytes);
    // Header, PLAIN, restart; true when the server said success.
    bool authenticate(const QByteArray &user, const QByteArray &password = QByteArrayLiteral("secret"));
    // authenticate() and bind this resource; the bound JID, empty on failure.
    QString logIn(const QByteArray &user, const QByteArray &resource,
                  const QByteArray &password = QByteArrayLiteral("secret"));

    // Waits until what the server sent (since the mark, if given) contains needle.
    bool waitFor(const QByteArray &needle, int timeoutMs = 5000, int since = 0);
    bool waitForClose(int timeoutMs = 5000);
    int mark() const { return m_received.size(); }
    QByteArray received(int since = 0) const { return m_received.mid(since); }
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    // Cuts the connection without a word, as a lost network would.
    void abort() { m_socket.abort(); }

private:
    QTcpSocket m_socket;
    QSignalSpy m_disconnected;
    QByteArray m_received;
};
