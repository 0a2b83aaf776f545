#include "ClientListener.h"

#include "GuardedSocket.h"

#include <QXmppIncomingClient.h>
#include <QXmppServer.h>

namespace {
// QXmpp closes connections idle for this long; clients keep alive with pings.
constexpr int InactivityTimeoutSeconds = 120;
} // namespace

ClientListener::ClientListener(QXmppServer *server, int maxStanzaBytes, QObject *parent)
    : QTcpServer(parent)
    , m_server(server)
    , m_maxStanzaBytes(maxStanzaBytes)
{ }

void ClientListener::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new GuardedSocket(m_server->domain(), m_maxStanzaBytes);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    // Stanzas are small and latency matters more than packet count (no Nagle delay).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    const QString peer
        = QStringLiteral("%1:%2").arg(socket->peerAddress().toString()).arg(socket->peerPort());
    connect(socket, &GuardedSocket::rejected, this,
            [this, peer](const QString &condition, const QString &text) {
                emit clientRejected(peer, condition, text);
            });

    auto *client = new QXmppIncomingClient(socket, m_server->domain(), m_server);
    client->setInactivityTimeout(InactivityTimeoutSeconds);
    socket->setParent(client);
    m_server->addIncomingClient(client);
    // The server's own slot would run the extension chain without knowing which
    // connection spoke; the session registry takes over that wiring.
    disconnect(client, &QXmppIncomingClient::elementReceived, m_server, &QXmppServer::handleElement);
    emit clientAccepted(client);
}
