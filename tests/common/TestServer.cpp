// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "TestServer.h"

#include "TestClient.h"

#include <QTest>

TestServer::TestServer(JoinMode mode, const ServerOptions &base)
{
    ServerOptions options = base;
    options.port = 0;
    options.joinMode = mode;
    m_server = std::make_unique<MinimixServer>(options);
    m_server->setTracing(true);
    QObject::connect(m_server.get(), &MinimixServer::traced,
                     [this](const TraceEvent &event) { m_trace.append(event); });
    for (const char *name : { "alice", "bob", "carol", "dave" })
        QVERIFY2(m_server->setAccount(QString::fromLatin1(name), QString::fromLatin1(Password)),
                 qPrintable(m_server->errorString()));
    QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
}

TestServer::~TestServer()
{
    qDeleteAll(m_clients);
    // The server still reports while it shuts down; stop it while the trace list exists.
    m_server.reset();
}

QList<TraceEvent> TestServer::events(TraceEvent::Direction direction, const QString &room) const
{
    QList<TraceEvent> found;
    for (const TraceEvent &event : m_trace) {
        if (event.direction == direction && (room.isEmpty() || event.room == room))
            found << event;
    }
    return found;
}

TestClient *TestServer::connect(const QString &user, const QString &resource)
{
    auto *client = new TestClient(user, resource);
    m_clients << client;
    if (!client->connectToServer(port()))
        qWarning("could not connect %s", qPrintable(client->jid()));
    return client;
}
