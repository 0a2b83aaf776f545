// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// External server mode in the lab: the sessions logged in to another server, each
// with its state or its failure in words, the fan-out of lobby drawn from what the
// sessions receive, and the built-in hello check or any scenario to play there.
#pragma once

#include "JoinMode.h"
#include "core/host/ServerConnection.h"

#include <QHash>
#include <QTimer>
#include <QWidget>

class ClientSideTrace;
class ExternalServerTarget;
class FanOutView;
class ModeTotals;
class QLabel;
class QPushButton;
class Scenario;
class ScenarioRunner;

class ExternalServerWindow : public QWidget
{
    Q_OBJECT
public:
    ExternalServerWindow(const ServerConnection &connection, JoinMode assumedMode, QWidget *parent = nullptr);
    ~ExternalServerWindow() override;

    ExternalServerTarget *target() const { return m_target; }
    // Plays what playHello() and playFile() load; a headless run drives it directly.
    ScenarioRunner *runner() const { return m_runner; }
    // Logs every session in; failures show next to the session.
    void connectSessions();
    void playHello();
    void playFile(const QString &path);

private:
    void updateSessions();
    // The status line while no run speaks: logging in, how many sessions are online, or
    // why the login failed.
    QString connectionStatus() const;
    void updateTotals();
    void play(const Scenario &file);

    ExternalServerTarget *const m_target;
    ClientSideTrace *const m_trace;
    ModeTotals *m_totals;
    ScenarioRunner *const m_runner;
    const JoinMode m_mode; // how the server is assumed to join rooms
    FanOutView *m_view;
    QLabel *m_status;
    QLabel *m_sessions;
    QLabel *m_numbers;
    QPushButton *m_hello;
    QPushButton *m_scenario;
    QString m_prepareError;
    bool m_loggingIn = false; // between prepare() and prepared()
    bool m_statusFollowsSessions = true; // false while a run's step or verdict is shown
    QTimer m_refresh;
};
