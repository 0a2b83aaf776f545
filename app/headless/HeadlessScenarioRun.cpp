// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "headless/HeadlessScenarioRun.h"

#include "core/scenario/ScenarioRunner.h"
#include "headless/Screenshot.h"
#include "window/LabWindow.h"

#include <QDir>

HeadlessScenarioRun::HeadlessScenarioRun(LabWindow *window, const Scenario &scenario,
                                         const QString &screenshotPath, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_scenario(scenario)
    , m_screenshotPath(screenshotPath)
    , m_out(stdout)
{ }

void HeadlessScenarioRun::start()
{
    // Laid out and painted like a shown window, but never mapped on any screen.
    m_window->setAttribute(Qt::WA_DontShowOnScreen);
    m_window->resize(screenshotSize());
    m_window->show();

    m_out << QStringLiteral("Minimix Lab %1: scenario \u201c%2\u201d (%3, %4)")
                 .arg(QStringLiteral(MINIMIX_VERSION), m_scenario.name, m_scenario.rule,
                      m_scenario.mode == JoinMode::Classic ? QStringLiteral("classic MUC")
                                                           : QStringLiteral("account-level joining"));
    if (!m_scenario.path.isEmpty())
        m_out << " from " << QDir::toNativeSeparators(m_scenario.path);
    m_out << "\n  " << m_scenario.description << '\n' << Qt::endl;

    connect(m_window, &LabWindow::scenarioStarted, this, &HeadlessScenarioRun::watch);
    QString error;
    if (!m_window->runScenario(m_scenario, &error)) {
        QTextStream(stderr) << "minimix-lab: cannot play the scenario: " << error << Qt::endl;
        emit finished(1);
    }
}

void HeadlessScenarioRun::watch(ScenarioRunner *runner)
{
    runner->setDelay(0); // nobody watches: full speed
    const int count = runner->scenario().steps.size();
    const auto line = [this, runner, count](int index, const QString &status) {
        return QStringLiteral("  %1 %2/%3  %4")
            .arg(status, -5)
            .arg(index + 1, 2)
            .arg(count)
            .arg(runner->scenario().steps.at(index).title());
    };
    connect(runner, &ScenarioRunner::stepPassed, this, [this, line](int index, const QString &message) {
        m_out << line(index, QStringLiteral("ok")) << "  (" << message << ')' << Qt::endl;
    });
    connect(runner, &ScenarioRunner::stepFailed, this, [this, line](int index, const QString &message) {
        m_out << line(index, QStringLiteral("FAIL")) << "\n          " << message << Qt::endl;
    });
    connect(runner, &ScenarioRunner::finished, this, [this, runner] { conclude(runner); });
}

void HeadlessScenarioRun::conclude(ScenarioRunner *runner)
{
    const ScenarioSummary summary = runner->summary();
    const int count = runner->scenario().steps.size();
    for (int i = 0; i < count; ++i) {
        if (runner->stepState(i) == ScenarioRunner::StepState::NotRun)
            m_out << QStringLiteral("  %1 %2/%3  %4")
                         .arg(QStringLiteral("--"), -5)
                         .arg(i + 1, 2)
                         .arg(count)
                         .arg(runner->scenario().steps.at(i).title())
                  << "  (not run)\n";
    }

    bool saved = true;
    if (!m_screenshotPath.isEmpty()) {
        m_out << '\n';
        saved = Screenshot::save(m_window, m_screenshotPath, m_out);
    }
    m_out << '\n'
          << (summary.success() ? "Scenario passed: " : "Scenario FAILED: ") << summary.details() << Qt::endl;
    emit finished(summary.success() && saved ? 0 : 1);
}
