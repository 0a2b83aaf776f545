// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A scenario played without a screen, for CI and people at a terminal: the lab
// window is laid out offscreen, each step's result is printed as it happens, and
// the exit code says whether every step passed.
#pragma once

#include "core/scenario/Scenario.h"

#include <QObject>
#include <QSize>
#include <QTextStream>

class LabWindow;
class ScenarioRunner;

class HeadlessScenarioRun : public QObject
{
    Q_OBJECT
public:
    // No screenshot when screenshotPath is empty.
    HeadlessScenarioRun(LabWindow *window, const Scenario &scenario, const QString &screenshotPath,
                        QObject *parent = nullptr);

    // The demo's window plus room for the scenario dock, so the session cards keep their width.
    static QSize screenshotSize() { return { 1780, 900 }; }
    void start();

signals:
    // 0 when every step passed (and the screenshot, if any, was written), else 1.
    void finished(int exitCode);

private:
    void watch(ScenarioRunner *runner);
    void conclude(ScenarioRunner *runner);

    LabWindow *const m_window;
    const Scenario m_scenario;
    const QString m_screenshotPath;
    QTextStream m_out;
};
