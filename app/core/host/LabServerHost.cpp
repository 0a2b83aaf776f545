// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/host/LabServerHost.h"

#include "MinimixServer.h"
#include "ServerCertificate.h"
#include "core/session/LabSession.h"

#include <QDir>

LabServerHost::LabServerHost(QObject *parent)
    : QObject(parent)
{
    m_mode = ServerOptions().joinMode;
    createServer();
}

void LabServerHost::createServer()
{
    ServerOptions options;
    options.joinMode = m_mode;
    options.databasePath = m_databasePath;
    if (m_databasePath == QLatin1String(":memory:")) { // a database file keeps one beside it
        options.certificatePath = m_certificatePath;
        options.keyPath = m_keyPath;
    }
    options.bindAddress = m_listenAddress;
    options.port = m_listenPort;
    options.limits.resumeTimeoutSeconds = m_resumeTimeoutSeconds;
    options.limits.inputStanzasPerSecond = m_stanzaRate;
    // A client of one's own may make an account of its own (XEP-0077), but only from this
    // machine: the lab's server is for exploring, not for the network to sign up on.
    options.allowRegistration = m_listenAddress.isLoopback();
    MinimixServer *server = m_server.create(options);
    // Fixed by the options, so safe to read from this thread.
    m_domain = server->domain();
    m_mucDomain = server->mucDomain();
    // Emitted in the server thread, delivered queued in ours. A restart disconnects the
    // old server, but what it emitted just before is already queued here: each
    // server's events carry its generation and only the current one's get through.
    const quint64 generation = ++m_generation;
    const auto current = [this, generation] { return generation == m_generation; };
    connect(server, &MinimixServer::traced, this, [this, current](const TraceEvent &event) {
        if (current())
            emit traced(event);
    });
    connect(server, &MinimixServer::sessionOnline, this, [this, current](const QString &fullJid) {
        if (current())
            emit sessionOnline(fullJid);
    });
    connect(server, &MinimixServer::sessionOffline, this, [this, current](const QString &fullJid) {
        if (!current())
            return;
        onAttached(fullJid, true);
        emit sessionOffline(fullJid);
    });
    connect(server, &MinimixServer::sessionDetached, this,
            [this, current](const QString &fullJid, int seconds) {
                if (!current())
                    return;
                onDetached(fullJid, seconds);
                emit sessionDetached(fullJid, seconds);
            });
    connect(server, &MinimixServer::sessionResumed, this, [this, current](const QString &fullJid) {
        if (!current())
            return;
        onAttached(fullJid, false);
        emit sessionResumed(fullJid);
    });
    connect(server, &MinimixServer::storageStateChanged, this,
            [this, current](bool healthy, const QString &reason) {
                if (current())
                    emit storageStateChanged(healthy, reason);
            });
}

void LabServerHost::setListenAddress(const QHostAddress &address, quint16 port, PortFallback fallback)
{
    m_portFallback = fallback;
    if (address == m_listenAddress && port == m_listenPort)
        return;
    m_listenAddress = address;
    m_listenPort = port;
    if (!isRunning()) // the server object has not started yet: make it anew (else at restart())
        createServer();
}

QString LabServerHost::host() const
{
    if (m_listenAddress == QHostAddress::Any || m_listenAddress == QHostAddress::AnyIPv4)
        return QStringLiteral("127.0.0.1");
    if (m_listenAddress == QHostAddress::AnyIPv6)
        return QStringLiteral("::1");
    return m_listenAddress.toString();
}

void LabServerHost::connectSession(LabSession *session) const
{
    session->connectToServer(host(), port(), password(), certificate());
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

LabServerHost::~LabServerHost() = default;

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
    return startServer();
}

void LabServerHost::setDatabasePath(const QString &path)
{
    if (isRunning() || path == m_databasePath)
        return;
    m_databasePath = path;
    if (!isRunning()) // the server object has not started yet: make it anew
        createServer();
}

bool LabServerHost::setCertificateFolder(const QString &folder)
{
    if (!QDir().mkpath(folder)) {
        m_error = QStringLiteral("cannot create %1").arg(folder);
        return false;
    }
    const QString certificatePath = QDir(folder).filePath(m_domain + QStringLiteral(".crt"));
    const QString keyPath = QDir(folder).filePath(m_domain + QStringLiteral(".key"));
    ServerCertificate certificate;
    if (!certificate.loadOrCreate(m_domain, certificatePath, keyPath)) {
        m_error = certificate.errorString();
        return false;
    }
    m_certificatePath = certificatePath;
    m_keyPath = keyPath;
    if (!isRunning())
        createServer();
    return true;
}

void LabServerHost::setStanzaRate(int stanzasPerSecond)
{
    if (stanzasPerSecond == m_stanzaRate || stanzasPerSecond < 0)
        return;
    m_stanzaRate = stanzasPerSecond;
    if (!isRunning()) // the server object has not started yet: make it anew
        createServer();
}

void LabServerHost::setResumeTimeoutSeconds(int seconds)
{
    if (seconds == m_resumeTimeoutSeconds || seconds < 0)
        return;
    m_resumeTimeoutSeconds = seconds;
    if (!isRunning()) // the server object has not started yet: make it anew
        createServer();
}

bool LabServerHost::restart()
{
    if (!isRunning())
        return start();
    // What the old server still reports while it shuts down is of no interest now.
    disconnect(m_server.server(), nullptr, this, nullptr);
    // The old server's detached sessions went with it.
    const QStringList detached = m_detached;
    for (const QString &fullJid : detached)
        onAttached(fullJid, true);
    const QStringList overridden = m_accountModes.keys();
    m_accountModes.clear();
    // A new server has no script accounts until the next script makes them.
    m_scriptAccounts.clear();
    createServer();
    if (!startServer())
        return false;
    emit restarted();
    for (const QString &name : overridden)
        emit accountJoinModeChanged(name, m_mode);
    return true;
}

void LabServerHost::sync() const
{
    m_server.run([](MinimixServer *) {});
}

bool LabServerHost::addAccount(const QString &name)
{
    if (name.isEmpty() || accountNames().contains(name) || m_addedAccounts.contains(name))
        return false;
    if (isRunning()) {
        bool ok = false;
        // Blocking but short: one SQLite insert, and the caller wants to log in next.
        m_server.run([&](MinimixServer *server) { ok = server->setAccount(name, password()); });
        if (!ok)
            return false;
    }
    m_addedAccounts << name;
    return true;
}

bool LabServerHost::setScriptAccount(const QString &name, const QString &password)
{
    if (name.isEmpty() || !isRunning())
        return false;
    bool ok = false;
    const QString jid = name + QLatin1Char('@') + m_domain;
    m_server.run([&](MinimixServer *server) {
        ok = server->setAccount(name, password);
        // Prosody's scansion scripts run with admins = { "admin@localhost" }: their admin
        // destroys rooms with the MUC service's admin command (muc_create_destroy).
        if (ok && name == QLatin1String("admin"))
            server->addAdmin(jid);
    });
    if (ok)
        m_scriptAccounts.insert(jid);
    return ok;
}

QString LabServerHost::connectHost() const
{
    const QHostAddress address = m_listenAddress;
    if (address == QHostAddress::Any || address == QHostAddress::AnyIPv4)
        return QStringLiteral("127.0.0.1");
    if (address == QHostAddress::AnyIPv6)
        return QStringLiteral("::1");
    return address.toString();
}

bool LabServerHost::removeAccount(const QString &name)
{
    if (!m_addedAccounts.removeOne(name) && !accountNames().contains(name))
        return false;
    if (isRunning()) {
        m_server.post([name](MinimixServer *server) { server->removeAccount(name); });
    }
    return true;
}

void LabServerHost::setAccountJoinMode(const QString &name, JoinMode mode)
{
    if (hasAccountJoinMode(name) && accountJoinMode(name) == mode)
        return;
    m_accountModes.insert(name, mode);
    m_server.post([name, mode](MinimixServer *server) { server->setAccountJoinMode(name, mode); });
    emit accountJoinModeChanged(name, mode);
}

void LabServerHost::dropSession(const QString &fullJid)
{
    m_server.post([fullJid](MinimixServer *server) { server->dropSession(fullJid); });
}

void LabServerHost::requestSoftwareVersion(const QString &fullJid)
{
    m_server.post([fullJid](MinimixServer *server) { server->requestSoftwareVersion(fullJid); });
}

void LabServerHost::requestDiscoInfo(const QString &fullJid)
{
    m_server.post([fullJid](MinimixServer *server) { server->requestDiscoInfo(fullJid); });
}

bool LabServerHost::startServer()
{
    m_server.run([](MinimixServer *server) { server->setTracing(true); });
    QList<ServerThread::Account> accounts;
    for (const QString &name : accountNames() + m_addedAccounts)
        accounts.append({ name, password() });
    m_listenFailed = false;
    m_onFallbackPort = false;
    bool started = m_server.start(accounts);
    // MinimixServer::start() words it so (an address in use, or not ours).
    const auto listenFailed
        = [this] { return m_server.errorString().startsWith(QLatin1String("cannot listen on")); };
    if (!started && listenFailed() && m_portFallback == PortFallback::AnyFreePort && m_listenPort != 0) {
        const quint16 preferred = m_listenPort;
        m_listenPort = 0;
        createServer();
        m_listenPort = preferred; // a restart tries the preferred port again
        m_server.run([](MinimixServer *server) { server->setTracing(true); });
        started = m_server.start(accounts);
        m_onFallbackPort = started;
    }
    if (!started) {
        m_error = m_server.errorString();
        m_listenFailed = listenFailed();
        return false;
    }
    return true;
}

void LabServerHost::setJoinMode(JoinMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    m_server.post([mode](MinimixServer *server) { server->setDefaultJoinMode(mode); });
    emit joinModeChanged(mode);
}
