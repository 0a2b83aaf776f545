// Accepts client connections for a QXmppServer. QXmppServer's own listener gives
// QXmpp raw sockets; this one wraps each in a GuardedSocket first.
#pragma once

#include <QTcpServer>

class QXmppIncomingClient;
class QXmppServer;

class ClientListener : public QTcpServer
{
    Q_OBJECT
public:
    ClientListener(QXmppServer *server, int maxStanzaBytes, QObject *parent = nullptr);

signals:
    // A new stream was handed to the server; its stanzas are not yet routed anywhere.
    void clientAccepted(QXmppIncomingClient *client);
    void clientRejected(const QString &peer, const QString &condition, const QString &text);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    QXmppServer *const m_server;
    const int m_maxStanzaBytes;
};
