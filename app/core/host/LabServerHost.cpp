#include "core/host/LabServerHost.h"

#include "MinimixServer.h"
#include "core/session/LabSession.h"

LabServerHost::LabServerHost(QObject *parent)
    : QObject(parent)
{
    m_thread.setObjectName(QStringLiteral("minimix-server"));
    m_mode = ServerOptions().joinMode;
    createServer();
}

void LabServerHost::createServer()
{
    ServerOptions options;
    options.joinMode = m_mode;
    options.databasePath = m_databasePath;
    options.limits.resumeTimeoutSeconds = m_resumeTimeoutSeconds;
    m_server = new MinimixServer(options);
    // Fixed by the options, so safe to read before the server changes threads.
    m_domain = m_server->domain();
    m_mucDomain = m_server->mucDomain();
    m_server->moveToThread(&m_thread);
    // Emitted in the server thread, delivered queued in ours.
    connect(m_server, &MinimixServer::traced, this, &LabServerHost::traced);
    connect(m_server, &MinimixServer::sessionOnline, this, &LabServerHost::sessionOnline);
    connect(m_server, &MinimixServer::sessionOffline, this, [this](const QString &fullJid) {
        onAttached(fullJid, true);
        emit sessionOffline(fullJid);
    });
    connect(m_server, &MinimixServer::sessionDetached, this, [this](const QString &fullJid, int seconds) {
        onDetached(fullJid, seconds);
        emit sessionDetached(fullJid, seconds);
    });
    connect(m_server, &MinimixServer::sessionResumed, this, [this](const QString &fullJid) {
        onAttached(fullJid, false);
        emit sessionResumed(fullJid);
    });
}

void LabServerHost::connectSession(LabSession *session) const
{
    session->connectToServer(host(), m_port, password(), m_certificate);
}

void LabServerHost::follow(LabSession *session)
{
    for (const QPointer<LabSession> &known : std::as_const(m_followed)) {
        if (known == session)
            return;
    }
    m_followed.removeAll(nullptr);
    m_followed << session;
}

LabSession *LabServerHost::followed(const QString &fullJid) const
{
    for (const QPointer<LabSession> &session : m_followed) {
        if (session && session->jid() == fullJid)
            return session;
    }
    return nullptr;
}

void LabServerHost::onDetached(const QString &fullJid, int resumeSeconds)
{
    if (!m_detached.contains(fullJid))
        m_detached << fullJid;
    if (LabSession *session = followed(fullJid))
        session->setServerDetached(resumeSeconds);
}

void LabServerHost::onAttached(const QString &fullJid, bool ended)
{
    m_detached.removeAll(fullJid);
    if (LabSession *session = followed(fullJid))
        session->setServerAttached(ended);
}

LabServerHost::~LabServerHost()
{
    if (!m_thread.isRunning()) {
        delete m_server;
        return;
    }
    MinimixServer *server = m_server;
    QMetaObject::invokeMethod(
        server, [server] { delete server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QStringList LabServerHost::accountNames()
{
    return { QStringLiteral("alice"), QStringLiteral("bob"), QStringLiteral("carol") };
}

QStringList LabServerHost::sessionNames()
{
    return { QStringLiteral("alice/phone"), QStringLiteral("alice/laptop"), QStringLiteral("alice/web"),
             QStringLiteral("bob/desktop"), QStringLiteral("carol/mobile") };
}

bool LabServerHost::start()
{
    if (isRunning())
        return true;
    m_thread.start();
    return startServer();
}

void LabServerHost::setDatabasePath(const QString &path)
{
    if (isRunning() || path == m_databasePath)
        return;
    m_databasePath = path;
    if (!m_thread.isRunning()) { // the server object has not started yet: make it anew
        delete m_server;
        createServer();
    }
}

void LabServerHost::setResumeTimeoutSeconds(int seconds)
{
    if (seconds == m_resumeTimeoutSeconds || seconds < 0)
        return;
    m_resumeTimeoutSeconds = seconds;
    if (!m_thread.isRunning()) { // the server object has not started yet: make it anew
        delete m_server;
        createServer();
    }
}

bool LabServerHost::restart()
{
    if (!m_thread.isRunning())
        return start();
    MinimixServer *old = m_server;
    // What the old server still reports while it shuts down is of no interest now.
    disconnect(old, nullptr, this, nullptr);
    QMetaObject::invokeMethod(
        old, [old] { delete old; }, Qt::BlockingQueuedConnection);
    m_port = 0;
    // The old server's detached sessions went with it.
    const QStringList detached = m_detached;
    for (const QString &fullJid : detached)
        onAttached(fullJid, true);
    const QStringList overridden = m_accountModes.keys();
    m_accountModes.clear();
    createServer();
    if (!startServer())
        return false;
    emit restarted();
    for (const QString &name : overridden)
        emit accountJoinModeChanged(name, m_mode);
    return true;
}

bool LabServerHost::addAccount(const QString &name)
{
    if (name.isEmpty() || accountNames().contains(name) || m_addedAccounts.contains(name))
        return false;
    if (isRunning()) {
        MinimixServer *server = m_server;
        bool ok = false;
        // Blocking but short: one SQLite insert, and the caller wants to log in next.
        QMetaObject::invokeMethod(
            server, [&] { ok = server->setAccount(name, password()); }, Qt::BlockingQueuedConnection);
        if (!ok)
            return false;
    }
    m_addedAccounts << name;
    return true;
}

bool LabServerHost::removeAccount(const QString &name)
{
    if (!m_addedAccounts.removeOne(name) && !accountNames().contains(name))
        return false;
    if (isRunning()) {
        MinimixServer *server = m_server;
        QMetaObject::invokeMethod(
            server, [server, name] { server->removeAccount(name); }, Qt::QueuedConnection);
    }
    return true;
}

void LabServerHost::setAccountJoinMode(const QString &name, JoinMode mode)
{
    if (hasAccountJoinMode(name) && accountJoinMode(name) == mode)
        return;
    m_accountModes.insert(name, mode);
    MinimixServer *server = m_server;
    QMetaObject::invokeMethod(
        server, [server, name, mode] { server->setAccountJoinMode(name, mode); }, Qt::QueuedConnection);
    emit accountJoinModeChanged(name, mode);
}

void LabServerHost::dropSession(const QString &fullJid)
{
    MinimixServer *server = m_server;
    QMetaObject::invokeMethod(
        server, [server, fullJid] { server->dropSession(fullJid); }, Qt::QueuedConnection);
}

bool LabServerHost::startServer()
{
    MinimixServer *server = m_server;
    bool ok = false;
    QString error;
    quint16 port = 0;
    QSslCertificate certificate;
    QString fingerprint;
    QMetaObject::invokeMethod(
        server,
        [&] {
            server->setTracing(true);
            for (const QString &name : accountNames() + m_addedAccounts) {
                if (!server->setAccount(name, password())) {
                    error = server->errorString();
                    return;
                }
            }
            ok = server->start();
            error = server->errorString();
            port = server->port();
            certificate = server->certificate();
            fingerprint = server->certificateFingerprint();
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        m_error = error.isEmpty() ? QStringLiteral("the server did not start") : error;
        return false;
    }
    m_port = port;
    m_certificate = certificate;
    m_fingerprint = fingerprint;
    return true;
}

void LabServerHost::setJoinMode(JoinMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    MinimixServer *server = m_server;
    QMetaObject::invokeMethod(
        server, [server, mode] { server->setDefaultJoinMode(mode); }, Qt::QueuedConnection);
    emit joinModeChanged(mode);
}
