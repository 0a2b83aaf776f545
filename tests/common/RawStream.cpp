#include "RawStream.h"

#include <QHostAddress>

RawStream::RawStream(quint16 port, QObject *parent)
    : QObject(parent)
    , m_disconnected(&m_socket, &QTcpSocket::disconnected)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, [this] { m_received += m_socket.readAll(); });
    QSignalSpy connected(&m_socket, &QTcpSocket::connected);
    m_socket.connectToHost(QHostAddress::LocalHost, port);
    if (!connected.wait(5000))
        qWarning("raw connection to port %d failed", port);
    // Each write leaves at once (no Nagle coalescing).
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
}

QByteArray RawStream::header(const QByteArray &to)
{
    return "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
           "xmlns:stream='http://etherx.jabber.org/streams' to='"
        + to + "' version='1.0'>";
}

QByteArray RawStream::plainAuth(const QByteArray &user, const QByteArray &password, const QByteArray &authzid)
{
    return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
        + (authzid + '\0' + user + '\0' + password).toBase64() + "</auth>";
}

void RawStream::send(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.flush();
}

bool RawStream::authenticate(const QByteArray &user, const QByteArray &password)
{
    const int since = mark();
    send(header() + plainAuth(user, password));
    if (!waitFor("<success", 5000, since))
        return false;
    const int restarted = mark();
    send(header());
    return waitFor("</stream:features>", 5000, restarted);
}

QString RawStream::logIn(const QByteArray &user, const QByteArray &resource, const QByteArray &password)
{
    if (!authenticate(user, password))
        return QString();
    const int since = mark();
    send("<iq type='set' id='bind-1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource
         + "</resource></bind></iq>");
    if (!waitFor("</jid>", 5000, since))
        return QString();
    const QByteArray answer = received(since);
    const int start = answer.indexOf("<jid>") + 5;
    return QString::fromUtf8(answer.mid(start, answer.indexOf("</jid>") - start));
}

bool RawStream::waitFor(const QByteArray &needle, int timeoutMs, int since)
{
    QSignalSpy readyRead(&m_socket, &QTcpSocket::readyRead);
    while (m_received.indexOf(needle, since) < 0) {
        if (!readyRead.wait(timeoutMs))
            return m_received.indexOf(needle, since) >= 0;
    }
    return true;
}

bool RawStream::waitForClose(int timeoutMs)
{
    if (m_disconnected.isEmpty() && !m_disconnected.wait(timeoutMs))
        return false;
    m_received += m_socket.readAll();
    return true;
}
