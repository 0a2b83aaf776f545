// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// External server mode: the lab's kind of sessions on any XMPP server (a local
// Prosody, say), as a scenario target. The server is not ours, so nothing is reset
// between runs and the join mode is whatever the server does; a drop cuts the
// session's socket from the client side, as a lost network would. Connection
// failures (refused, wrong password, TLS required, ...) are reported with the
// session they hit, never swallowed.
#pragma once

#include "core/host/ServerConnection.h"
#include "core/scenario/ScenarioTarget.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QTimer>

class ExternalServerTarget : public ScenarioTarget
{
    Q_OBJECT
public:
    explicit ExternalServerTarget(const ServerConnection &connection, QObject *parent = nullptr);

    ScenarioJids jids() const override;
    QStringList sessionNames() const override;
    LabSession *session(const QString &name) const override;
    const QList<LabSession *> &sessions() const { return m_sessions; }
    const ServerConnection &connection() const { return m_connection; }

    // Logs every session in (after logging out those still connected); the mode is ignored.
    void prepare(JoinMode mode) override;
    void dropSession(const QString &name) override;
    void reconnectSession(const QString &name) override;
    // As a drop, but the client keeps its rooms and a reconnect asks for resumption;
    // whether the server kept the session only the resume tells.
    void loseSession(const QString &name) override;
    void resumeSession(const QString &name) override;
    // The server must accept the script's accounts as they are (Prosody's test set-up
    // lets any name log in with its password).
    bool addScriptAccount(const ScenarioClient &client, QString *error) override;
    ScriptClient::Login scriptLogin(const ScenarioClient &client) const override;
    ScenarioClient scriptClientOf(const QString &sessionName) const override;

    // The last failure of the session, "" when none; e.g. "not-authorized (wrong password?)".
    QString lastError(const QString &name) const { return m_errors.value(name); }

    static constexpr int PrepareTimeoutMs = 15000;

signals:
    void sessionError(const QString &name, const QString &message);

private:
    enum class Phase { Idle, Disconnecting, Connecting };
    void advance();
    void finish(const QString &error);
    void connectSession(LabSession *session);
    QString describeError(LabSession *session, const QString &message) const;
    void confirmOffline(LabSession *gone);

    const ServerConnection m_connection;
    QList<LabSession *> m_sessions;
    QHash<QString, QString> m_errors; // by session name
    QHash<QString, QString> m_offlineBarriers; // ping id -> the session that went
    QSet<QString> m_losing; // sessions whose network loseSession() cut
    Phase m_phase = Phase::Idle;
    QTimer m_timeout;
};
