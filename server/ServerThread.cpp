// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ServerThread.h"

#include "MinimixServer.h"

#include <ctime>
#include <pthread.h>

ServerThread::ServerThread(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("minimix-server"));
}

ServerThread::~ServerThread()
{
    destroyServer();
    m_thread.quit();
    m_thread.wait();
}

void ServerThread::destroyServer()
{
    MinimixServer *server = m_server;
    m_server = nullptr;
    m_port = 0;
    if (!server)
        return;
    if (m_thread.isRunning())
        QMetaObject::invokeMethod(
            server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    else
        delete server;
}

MinimixServer *ServerThread::create(const ServerOptions &options)
{
    destroyServer();
    m_server = new MinimixServer(options);
    m_server->moveToThread(&m_thread);
    return m_server;
}

bool ServerThread::start(const QList<Account> &accounts)
{
    if (!m_server) {
        m_error = QStringLiteral("no server to start");
        return false;
    }
    if (!m_thread.isRunning())
        m_thread.start();
    bool ok = false;
    QString error;
    run([&](MinimixServer *server) {
        m_nativeThread = static_cast<unsigned long>(::pthread_self());
        for (const Account &account : accounts) {
            if (!server->setAccount(account.first, account.second)) {
                error = server->errorString();
                return;
            }
        }
        ok = server->start();
        error = server->errorString();
        m_port = ok ? server->port() : 0;
        m_certificate = server->certificate();
        m_fingerprint = server->certificateFingerprint();
    });
    m_error = ok ? QString() : (error.isEmpty() ? QStringLiteral("the server did not start") : error);
    return ok;
}

void ServerThread::run(const std::function<void(MinimixServer *)> &work) const
{
    MinimixServer *server = m_server;
    if (!server)
        return;
    if (!m_thread.isRunning()) { // not started yet: the server has no thread to run in
        work(server);
        return;
    }
    QMetaObject::invokeMethod(
        server, [server, &work] { work(server); }, Qt::BlockingQueuedConnection);
}

void ServerThread::post(const std::function<void(MinimixServer *)> &work) const
{
    MinimixServer *server = m_server;
    if (server)
        QMetaObject::invokeMethod(
            server, [server, work] { work(server); }, Qt::QueuedConnection);
}

double ServerThread::cpuSeconds() const
{
    clockid_t clock;
    timespec time {};
    if (m_nativeThread == 0 || ::pthread_getcpuclockid(pthread_t(m_nativeThread), &clock) != 0
        || ::clock_gettime(clock, &time) != 0)
        return 0;
    return double(time.tv_sec) + double(time.tv_nsec) / 1e9;
}
