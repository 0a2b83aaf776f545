// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/host/ExternalServerTarget.h"

#include "core/session/LabSession.h"

#include <QAbstractSocket>
#include <QXmppClient.h>

ExternalServerTarget::ExternalServerTarget(const ServerConnection &connection, QObject *parent)
    : ScenarioTarget(parent)
    , m_connection(connection)
{
    for (const QString &name : connection.effectiveSessions()) {
        const int slash = name.indexOf(QLatin1Char('/'));
        auto *session = new LabSession(name.left(slash), connection.domain, name.mid(slash + 1), this);
        m_sessions << session;
        // Queued: never reconnect a client from inside its own disconnected() signal.
        connect(session, &LabSession::changed, this, &ExternalServerTarget::advance, Qt::QueuedConnection);
        connect(session, &LabSession::errorOccurred, this, [this, session](const QString &message) {
            const QString text = describeError(session, message);
            m_errors.insert(session->name(), text);
            emit sessionError(session->name(), text);
            // While logging in, a failure ends the preparation at once: it will not heal.
            if (m_phase == Phase::Connecting)
                finish(QStringLiteral("%1 could not log in to %2:%3: %4")
                           .arg(session->name(), m_connection.host)
                           .arg(m_connection.port)
                           .arg(text));
        });
        connect(session, &LabSession::connectionChanged, this, [this, session](bool connected) {
            if (!connected)
                confirmOffline(session);
        });
        connect(session, &LabSession::pingAnswered, this, [this](const QString &id) {
            const QString name = m_offlineBarriers.take(id);
            if (name.isEmpty())
                return;
            if (m_losing.remove(name))
                emit sessionDetached(name);
            else
                emit sessionOffline(name);
        });
    }
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        QStringList waiting;
        for (const LabSession *session : std::as_const(m_sessions)) {
            if (!(session->isConnected() && session->isAvailable()))
                waiting << session->name();
        }
        finish(QStringLiteral("%1 not online on %2:%3 within %4 s")
                   .arg(waiting.join(QStringLiteral(", ")), m_connection.host)
                   .arg(m_connection.port)
                   .arg(PrepareTimeoutMs / 1000));
    });
}

ScenarioJids ExternalServerTarget::jids() const
{
    return ScenarioJids(m_connection.domain, m_connection.effectiveMucDomain());
}

QStringList ExternalServerTarget::sessionNames() const
{
    QStringList names;
    for (const LabSession *session : m_sessions)
        names << session->name();
    return names;
}

LabSession *ExternalServerTarget::session(const QString &name) const
{
    for (LabSession *session : m_sessions) {
        if (session->name() == name)
            return session;
    }
    return nullptr;
}

void ExternalServerTarget::prepare(JoinMode)
{
    m_errors.clear();
    m_phase = Phase::Disconnecting;
    for (LabSession *session : std::as_const(m_sessions)) {
        if (!session->isOffline())
            session->disconnectFromServer();
    }
    m_timeout.start(PrepareTimeoutMs);
    // Queued: prepared() must never be emitted from inside prepare().
    QMetaObject::invokeMethod(this, &ExternalServerTarget::advance, Qt::QueuedConnection);
}

void ExternalServerTarget::advance()
{
    if (m_phase == Phase::Disconnecting) {
        for (const LabSession *session : std::as_const(m_sessions)) {
            if (!session->isOffline())
                return;
        }
        m_phase = Phase::Connecting;
        for (LabSession *session : std::as_const(m_sessions))
            connectSession(session);
        // With no sessions to wait for (a scansion script brings its own), ready now.
        QMetaObject::invokeMethod(this, &ExternalServerTarget::advance, Qt::QueuedConnection);
        return;
    }
    if (m_phase == Phase::Connecting) {
        for (const LabSession *session : std::as_const(m_sessions)) {
            if (!session->isConnected() || !session->isAvailable())
                return;
        }
        finish(QString());
    }
}

void ExternalServerTarget::finish(const QString &error)
{
    if (m_phase == Phase::Idle)
        return;
    m_phase = Phase::Idle;
    m_timeout.stop();
    emit prepared(error);
}

void ExternalServerTarget::connectSession(LabSession *session)
{
    session->connectToServer(m_connection.host, m_connection.port,
                             m_connection.passwords.value(session->user()));
}

void ExternalServerTarget::dropSession(const QString &name)
{
    // The client's socket is cut: the server learns of it the way it learns of a lost network.
    if (LabSession *target = session(name)) {
        if (auto *socket = target->findChild<QAbstractSocket *>())
            socket->abort();
    }
}

void ExternalServerTarget::reconnectSession(const QString &name)
{
    if (LabSession *target = session(name))
        connectSession(target);
}

void ExternalServerTarget::loseSession(const QString &name)
{
    if (LabSession *target = session(name)) {
        m_losing.insert(name);
        target->loseNetwork();
    }
}

void ExternalServerTarget::resumeSession(const QString &name)
{
    reconnectSession(name);
}

void ExternalServerTarget::confirmOffline(LabSession *gone)
{
    // The server's word is not available: a ping round trip on a session still
    // online stands in for it. The server reads its connections in order, so by the
    // answer it has seen the close that came first, and a reconnect with the same
    // full JID is not taken for the old session.
    for (LabSession *other : std::as_const(m_sessions)) {
        if (other == gone || !other->isConnected())
            continue;
        const QString id = other->ping();
        if (!id.isEmpty()) {
            m_offlineBarriers.insert(id, gone->name());
            return;
        }
    }
    if (m_losing.remove(gone->name()))
        emit sessionDetached(gone->name());
    else
        emit sessionOffline(gone->name());
}

QString ExternalServerTarget::describeError(LabSession *session, const QString &message) const
{
    // LabSession says "XMPP stream error"; the client knows which one.
    auto *client = session->findChild<QXmppClient *>();
    if (!client || message != QLatin1String("XMPP stream error"))
        return message;
    switch (client->xmppStreamError()) {
    case QXmppStanza::Error::NotAuthorized:
        return QStringLiteral("not-authorized: wrong account name or password");
    case QXmppStanza::Error::PolicyViolation:
        return QStringLiteral("policy-violation: the server requires something this client does not do "
                              "(TLS?)");
    case QXmppStanza::Error::Conflict:
        return QStringLiteral("conflict: another login took this resource");
    default:
        return QStringLiteral("XMPP stream error (condition %1)").arg(int(client->xmppStreamError()));
    }
}

bool ExternalServerTarget::addScriptAccount(const ScenarioClient &client, QString *error)
{
    Q_UNUSED(client)
    Q_UNUSED(error)
    return true;
}

ScriptClient::Login ExternalServerTarget::scriptLogin(const ScenarioClient &client) const
{
    ScriptClient::Login login;
    login.host = m_connection.host;
    login.port = m_connection.port;
    login.bareJid = client.jid;
    login.password = client.password;
    login.resource = client.resource;
    return login; // no certificate to pin: whatever the test server offers
}

ScenarioClient ExternalServerTarget::scriptClientOf(const QString &sessionName) const
{
    const LabSession *lab = session(sessionName);
    if (!lab)
        return ScenarioClient();
    return { sessionName, lab->account(), m_connection.passwords.value(lab->user()), lab->resource() };
}
