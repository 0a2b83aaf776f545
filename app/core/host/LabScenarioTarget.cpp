// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/host/LabScenarioTarget.h"

#include "Jid.h"
#include "core/host/LabServerHost.h"
#include "core/session/LabSession.h"

LabScenarioTarget::LabScenarioTarget(LabServerHost *host, const QList<LabSession *> &sessions,
                                     QObject *parent)
    : ScenarioTarget(parent)
    , m_host(host)
    , m_sessions(sessions)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        QStringList waiting;
        for (const LabSession *session : m_sessions) {
            const bool done = m_phase == Phase::Disconnecting
                ? !session->isConnected()
                : session->isConnected() && session->isAvailable();
            if (!done)
                waiting << session->name();
        }
        finish(QStringLiteral("%1 did not %2 within %3 s")
                   .arg(waiting.join(QStringLiteral(", ")),
                        m_phase == Phase::Disconnecting ? QStringLiteral("disconnect")
                                                        : QStringLiteral("come online"))
                   .arg(PrepareTimeoutMs / 1000));
    });
    for (LabSession *session : m_sessions)
        // Queued: never reconnect a client from inside its own disconnected() signal.
        connect(session, &LabSession::changed, this, &LabScenarioTarget::advance, Qt::QueuedConnection);
    connect(m_host, &LabServerHost::sessionOffline, this, [this](const QString &fullJid) {
        for (const LabSession *session : m_sessions) {
            if (session->jid() == fullJid)
                emit sessionOffline(session->name());
        }
    });
    connect(m_host, &LabServerHost::sessionDetached, this, [this](const QString &fullJid) {
        for (const LabSession *session : m_sessions) {
            if (session->jid() == fullJid)
                emit sessionDetached(session->name());
        }
    });
    for (LabSession *session : m_sessions)
        m_host->follow(session);
}

ScenarioJids LabScenarioTarget::jids() const
{
    return ScenarioJids(m_host->domain(), m_host->mucDomain());
}

QStringList LabScenarioTarget::sessionNames() const
{
    QStringList names;
    for (const LabSession *session : m_sessions)
        names << session->name();
    return names;
}

LabSession *LabScenarioTarget::session(const QString &name) const
{
    for (LabSession *session : m_sessions) {
        if (session->name() == name)
            return session;
    }
    return nullptr;
}

void LabScenarioTarget::prepare(JoinMode mode)
{
    m_mode = mode;
    // Leave politely first, so the sessions see a goodbye rather than a broken stream.
    m_phase = Phase::Disconnecting;
    for (LabSession *session : m_sessions) {
        if (!session->isOffline())
            session->disconnectFromServer();
    }
    m_timeout.start(PrepareTimeoutMs);
    // Queued: prepared() must never be emitted from inside prepare().
    QMetaObject::invokeMethod(this, &LabScenarioTarget::advance, Qt::QueuedConnection);
}

void LabScenarioTarget::advance()
{
    if (m_phase == Phase::Disconnecting) {
        for (const LabSession *session : m_sessions) {
            if (!session->isOffline())
                return;
        }
        m_host->setJoinMode(m_mode);
        if (!m_host->restart()) {
            finish(QStringLiteral("the server did not restart: %1").arg(m_host->errorString()));
            return;
        }
        m_phase = Phase::Connecting;
        for (LabSession *session : m_sessions)
            m_host->connectSession(session);
        // With no sessions to wait for (a scansion script brings its own), ready now.
        QMetaObject::invokeMethod(this, &LabScenarioTarget::advance, Qt::QueuedConnection);
        return;
    }
    if (m_phase == Phase::Connecting) {
        for (const LabSession *session : m_sessions) {
            if (!session->isConnected() || !session->isAvailable())
                return;
        }
        finish(QString());
    }
}

void LabScenarioTarget::finish(const QString &error)
{
    m_phase = Phase::Idle;
    m_timeout.stop();
    emit prepared(error);
}

void LabScenarioTarget::dropSession(const QString &name)
{
    if (const LabSession *target = session(name))
        m_host->dropSession(target->jid());
}

void LabScenarioTarget::reconnectSession(const QString &name)
{
    if (LabSession *target = session(name))
        m_host->connectSession(target);
}

void LabScenarioTarget::loseSession(const QString &name)
{
    if (LabSession *target = session(name))
        target->loseNetwork();
}

void LabScenarioTarget::resumeSession(const QString &name)
{
    // The same client logs in again; it asks the server to resume by itself.
    reconnectSession(name);
}

bool LabScenarioTarget::addScriptAccount(const ScenarioClient &client, QString *error)
{
    if (Jid::domain(client.jid) != m_host->domain()) {
        if (error)
            *error
                = QStringLiteral("%1: the embedded server serves %2 only").arg(client.jid, m_host->domain());
        return false;
    }
    if (!m_host->setScriptAccount(Jid::node(client.jid), client.password)) {
        if (error)
            *error = QStringLiteral("cannot create the account %1").arg(client.jid);
        return false;
    }
    return true;
}

ScriptClient::Login LabScenarioTarget::scriptLogin(const ScenarioClient &client) const
{
    ScriptClient::Login login;
    login.host = m_host->connectHost();
    login.port = m_host->port();
    login.bareJid = client.jid;
    login.password = client.password;
    login.resource = client.resource;
    login.trusted = m_host->certificate();
    return login;
}

ScenarioClient LabScenarioTarget::scriptClientOf(const QString &sessionName) const
{
    const LabSession *lab = session(sessionName);
    if (!lab)
        return ScenarioClient();
    return { sessionName, lab->account(), LabServerHost::password(), lab->resource() };
}
