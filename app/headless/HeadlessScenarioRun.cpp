// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "headless/HeadlessScenarioRun.h"

#include "core/headless/StepLog.h"
#include "core/scenario/ScenarioRunner.h"
#include "headless/Screenshot.h"
#include "headless/ViewJson.h"
#include "window/LabWindow.h"

#include <QDir>

HeadlessScenarioRun::HeadlessScenarioRun(LabWindow *window, const QList<Scenario> &scenarios,
                                         const Output &output, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_scenarios(scenarios)
    , m_output(output)
    , m_out(stdout)
{ }

void HeadlessScenarioRun::start()
{
    Screenshot::showOffscreen(m_window, screenshotSize());
    connect(m_window, &LabWindow::scenarioStarted, this, &HeadlessScenarioRun::watch);
    playNext();
}

void HeadlessScenarioRun::playNext()
{
    if (m_next >= m_scenarios.size()) {
        concludeAll();
        return;
    }
    const Scenario &scenario = m_scenarios.at(m_next++);
    if (m_next > 1)
        m_out << '\n';
    m_out << QStringLiteral("Minimix Lab %1: scenario \u201c%2\u201d (%3, %4)")
                 .arg(QStringLiteral(MINIMIX_VERSION), scenario.name, scenario.rule,
                      scenario.mode == JoinMode::Classic ? QStringLiteral("classic MUC")
                                                         : QStringLiteral("account-level joining"));
    if (!scenario.path.isEmpty())
        m_out << " from " << QDir::toNativeSeparators(scenario.path);
    m_out << "\n  " << scenario.description << '\n' << Qt::endl;

    QString error;
    if (!m_window->runScenario(scenario, &error)) {
        QTextStream(stderr) << "minimix-lab: cannot play the scenario: " << error << Qt::endl;
        m_allPassed = false;
        // Queued: never from inside start().
        QMetaObject::invokeMethod(this, &HeadlessScenarioRun::playNext, Qt::QueuedConnection);
    }
}

void HeadlessScenarioRun::watch(ScenarioRunner *runner)
{
    runner->setDelay(0); // nobody watches: full speed
    StepLog::follow(runner, runner->scenario(), &m_out);
    connect(runner, &ScenarioRunner::finished, this, [this, runner] { concludeOne(runner); });
}

void HeadlessScenarioRun::concludeOne(ScenarioRunner *runner)
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
    m_out << '\n'
          << (summary.success() ? "Scenario passed: " : "Scenario FAILED: ") << summary.details() << Qt::endl;
    m_allPassed = m_allPassed && summary.success();
    // Queued: the next scenario replaces this runner, which is still emitting.
    QMetaObject::invokeMethod(this, &HeadlessScenarioRun::playNext, Qt::QueuedConnection);
}

void HeadlessScenarioRun::concludeAll()
{
    bool written = true;
    if (!m_output.screenshotPath.isEmpty() || !m_output.viewJsonPath.isEmpty())
        m_out << '\n';
    if (!m_output.screenshotPath.isEmpty())
        written = Screenshot::save(m_window, m_output.screenshotPath, m_out);
    if (!m_output.viewJsonPath.isEmpty())
        written = ViewJson::write(m_window, m_output.viewJsonPath, m_out) && written;
    if (m_scenarios.size() > 1)
        m_out << (m_allPassed ? "Every scenario passed." : "A scenario FAILED.") << '\n';
    m_out.flush();
    emit finished(m_allPassed && written ? 0 : 1);
}
