// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// An in-process MinimixServer on a free loopback port, with tracing recorded.
#pragma once

#include "MinimixServer.h"

class TestClient;

#include <QList>
#include <memory>

class TestServer
{
public:
    explicit TestServer(JoinMode mode = JoinMode::AccountLevel, const ServerOptions &base = ServerOptions());
    ~TestServer();

    MinimixServer *server() const { return m_server.get(); }
    quint16 port() const { return m_server->port(); }
    const QList<TraceEvent> &trace() const { return m_trace; }
    void clearTrace() { m_trace.clear(); }
    // Trace events of one direction, optionally about one room.
    QList<TraceEvent> events(TraceEvent::Direction direction, const QString &room = QString()) const;

    // A logged-in session owned by this fixture; all are closed before the server stops.
    TestClient *connect(const QString &user, const QString &resource = QStringLiteral("desktop"));

    static constexpr const char *Password = "secret";

private:
    std::unique_ptr<MinimixServer> m_server;
    QList<TraceEvent> m_trace;
    QList<TestClient *> m_clients;
};
