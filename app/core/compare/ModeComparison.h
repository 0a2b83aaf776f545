// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// "Compare modes": the same scenario played at once on two embedded servers, one
// with account-level joining and one classic, each with its own sessions, so the
// totals of the two runs can be read side by side. With a pace, both sides play in
// lock-step: each step starts on both at once, so an audience can follow the two
// diagrams together.
#pragma once

#include "core/scenario/Scenario.h"

#include <QObject>
#include <QTimer>

class ComparisonSide;

class ModeComparison : public QObject
{
    Q_OBJECT
public:
    explicit ModeComparison(const Scenario &scenario, QObject *parent = nullptr);

    // The built-in "3 accounts × 3 sessions" scenario, from the lab's resources.
    static QString builtInScenarioPath() { return QStringLiteral(":/scenarios/compare/compare-3x3.json"); }

    // Starts both servers and loads the scenario on both sides; false with *error
    // when a server cannot listen or the scenario names an account the lab lacks.
    bool start(QString *error);
    void play();
    bool isRunning() const { return m_running > 0; }
    // Pause between steps in ms, as the Scenario dock's pace; 0 (the default) plays
    // both sides at full speed, each on its own.
    void setDelay(int ms);
    int delay() const { return m_delayMs; }

    const Scenario &scenario() const { return m_scenario; }
    ComparisonSide *accountLevel() const { return m_accountLevel; }
    ComparisonSide *classic() const { return m_classic; }

signals:
    void started();
    // Both sides are done; success when every step passed on both.
    void finished(bool success);

private:
    void sideFinished(bool success);
    // Lock-step: once neither side runs a step, the next starts on both after the delay.
    void sideSettled();
    void stepBoth();

    const Scenario m_scenario;
    ComparisonSide *const m_accountLevel;
    ComparisonSide *const m_classic;
    int m_running = 0;
    bool m_success = true;
    int m_delayMs = 0;
    bool m_lockStep = false; // this run is paced; fixed when it starts
    QTimer m_pace;
};
