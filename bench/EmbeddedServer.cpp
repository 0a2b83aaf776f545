#include "EmbeddedServer.h"

#include "MinimixServer.h"
#include "ProcessStats.h"

#include <QCryptographicHash>
#include <pthread.h>

EmbeddedServer::EmbeddedServer()
{
    m_thread.setObjectName(QStringLiteral("minimix-server"));
}

EmbeddedServer::~EmbeddedServer()
{
    if (m_server) {
        MinimixServer *server = m_server;
        QMetaObject::invokeMethod(
            server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    }
    m_thread.quit();
    m_thread.wait();
}

bool EmbeddedServer::start(const QString &domain, JoinMode mode, const QStringList &accounts,
                           const QString &password)
{
    ServerOptions options;
    options.domain = domain;
    options.joinMode = mode;
    // The driver's lean client speaks SASL PLAIN over plain TCP on loopback, or with --tls
    // after STARTTLS (TLS stays optional, as minimix-server's default).
    options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
    m_server = new MinimixServer(options);
    m_server->moveToThread(&m_thread);
    m_thread.start();
    MinimixServer *server = m_server;
    bool ok = false;
    QMetaObject::invokeMethod(
        server,
        [&] {
            m_pthread = (unsigned long)(::pthread_self());
            for (const QString &account : accounts) {
                if (!server->setAccount(account, password)) {
                    m_error = server->errorString();
                    return;
                }
            }
            ok = server->start();
            if (!ok)
                m_error = server->errorString();
            m_port = server->port();
            m_certificateSha256 = server->certificate().digest(QCryptographicHash::Sha256);
        },
        Qt::BlockingQueuedConnection);
    return ok;
}

double EmbeddedServer::cpuSeconds() const
{
    return ProcessStats::threadCpuSeconds(m_pthread);
}

QHash<QString, quint64> EmbeddedServer::counters() const
{
    QHash<QString, quint64> result;
    MinimixServer *server = m_server;
    if (server)
        QMetaObject::invokeMethod(
            server, [&] { result = server->counters(); }, Qt::BlockingQueuedConnection);
    return result;
}
