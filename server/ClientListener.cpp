// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ClientListener.h"

#include "ClientStream.h"

#include <QSslSocket>

ClientListener::ClientListener(const StreamConfig *config, QObject *parent)
    : QTcpServer(parent)
    , m_config(config)
{ }

void ClientListener::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QSslSocket;
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    // Stanzas are small and latency matters more than packet count (no Nagle delay).
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto *stream = new ClientStream(socket, m_nextStreamId++, m_config, parent());
    const QString peer = stream->peer();
    connect(stream, &ClientStream::streamError, this,
            [this, peer](const QString &condition, const QString &text) {
                emit clientRejected(peer, condition, text);
            });
    emit clientAccepted(stream);
}
