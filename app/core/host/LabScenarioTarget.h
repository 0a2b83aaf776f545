// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The lab's embedded server as a scenario target: every run starts on a fresh
// server (restarted in the scenario's join mode) with all the lab's sessions online.
#pragma once

#include "core/scenario/ScenarioTarget.h"

#include <QList>
#include <QTimer>

class LabServerHost;

class LabScenarioTarget : public ScenarioTarget
{
    Q_OBJECT
public:
    LabScenarioTarget(LabServerHost *host, const QList<LabSession *> &sessions, QObject *parent = nullptr);

    ScenarioJids jids() const override;
    QStringList sessionNames() const override;
    LabSession *session(const QString &name) const override;

    void prepare(JoinMode mode) override;
    void dropSession(const QString &name) override;
    void reconnectSession(const QString &name) override;
    void loseSession(const QString &name) override;
    void resumeSession(const QString &name) override;
    bool addScriptAccount(const ScenarioClient &client, QString *error) override;
    ScriptClient::Login scriptLogin(const ScenarioClient &client) const override;
    ScenarioClient scriptClientOf(const QString &sessionName) const override;

    static constexpr int PrepareTimeoutMs = 15000;

private:
    enum class Phase { Idle, Disconnecting, Connecting };
    void advance();
    void finish(const QString &error);

    LabServerHost *const m_host;
    const QList<LabSession *> m_sessions;
    Phase m_phase = Phase::Idle;
    JoinMode m_mode = JoinMode::AccountLevel;
    QTimer m_timeout;
};
