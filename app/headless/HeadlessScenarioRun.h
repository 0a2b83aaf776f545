// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Scenarios played headless in the lab's window, one after another, each on a fresh
// server as the window plays them: each step is printed as it passes or fails, and
// the exit code says whether every step of every scenario passed.
#pragma once

#include "core/scenario/Scenario.h"

#include <QList>
#include <QObject>
#include <QSize>
#include <QTextStream>

class LabWindow;
class ScenarioRunner;

class HeadlessScenarioRun : public QObject
{
    Q_OBJECT
public:
    struct Output
    {
        QString screenshotPath; // none when empty
        QString viewJsonPath; // none when empty
    };

    HeadlessScenarioRun(LabWindow *window, const QList<Scenario> &scenarios, const Output &output,
                        QObject *parent = nullptr);

    // The demo's window plus room for the scenario dock, so the session cards keep their width.
    static QSize screenshotSize() { return { 1780, 900 }; }
    void start();

signals:
    // 0 when every step passed (and the files asked for were written), else 1.
    void finished(int exitCode);

private:
    void playNext();
    void watch(ScenarioRunner *runner);
    void concludeOne(ScenarioRunner *runner);
    void concludeAll();

    LabWindow *const m_window;
    const QList<Scenario> m_scenarios;
    const Output m_output;
    int m_next = 0;
    bool m_allPassed = true;
    QTextStream m_out;
};
