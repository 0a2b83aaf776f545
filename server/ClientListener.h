// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Accepts client connections and gives each its own ClientStream.
#pragma once

#include <QTcpServer>

class ClientStream;
struct StreamConfig;

class ClientListener : public QTcpServer
{
    Q_OBJECT
public:
    explicit ClientListener(const StreamConfig *config, QObject *parent = nullptr);

signals:
    // A new stream; it is not a session until it authenticates and binds.
    void clientAccepted(ClientStream *stream);
    // A stream ended with a stream error.
    void clientRejected(const QString &peer, const QString &condition, const QString &text);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    const StreamConfig *const m_config;
    quint64 m_nextStreamId = 1;
};
