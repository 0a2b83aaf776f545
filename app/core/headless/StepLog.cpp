// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/headless/StepLog.h"

#include "core/scenario/Scenario.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/scenario/ScenarioSummary.h"

#include <QTextStream>

void StepLog::follow(ScenarioRunner *runner, const Scenario &scenario, QTextStream *out)
{
    const QVector<ScenarioStep> steps = scenario.steps;
    const int count = int(steps.size());
    const auto title = [steps](int index) {
        return index >= 0 && index < steps.size() ? steps.at(index).title() : QString();
    };
    QObject::connect(runner, &ScenarioRunner::stepPassed, runner,
                     [out, count, title](int index, const QString &message) {
                         *out << QStringLiteral("  ok    %1/%2  %3  (%4)")
                                     .arg(index + 1, 2)
                                     .arg(count)
                                     .arg(title(index), message)
                              << Qt::endl;
                     });
    QObject::connect(runner, &ScenarioRunner::stepFailed, runner,
                     [out, count, title](int index, const QString &message) {
                         *out << QStringLiteral("  FAIL  %1/%2  %3\n          %4")
                                     .arg(index + 1, 2)
                                     .arg(count)
                                     .arg(title(index), message)
                              << Qt::endl;
                     });
}

int StepLog::exitCode(const ScenarioSummary &summary)
{
    if (summary.success())
        return 0;
    return summary.neverStarted() ? NotReadyExitCode : 1;
}
