// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/compare/StepComparison.h"

#include "core/scenario/ScenarioRunner.h"

namespace {
QString outcome(const ScenarioRunner &runner, int index)
{
    switch (runner.stepState(index)) {
    case ScenarioRunner::StepState::Passed:
        return QStringLiteral("passed: %1").arg(runner.stepMessage(index));
    case ScenarioRunner::StepState::Failed:
        return QStringLiteral("FAILED: %1").arg(runner.stepMessage(index));
    default:
        return QStringLiteral("not run");
    }
}
} // namespace

QVector<StepComparison::Difference> StepComparison::differences(const ScenarioRunner &accountLevel,
                                                                const ScenarioRunner &classic)
{
    QVector<Difference> result;
    const int steps = int(qMin(accountLevel.scenario().steps.size(), classic.scenario().steps.size()));
    for (int i = 0; i < steps; ++i) {
        if (accountLevel.stepState(i) == classic.stepState(i))
            continue;
        result.append({ i, accountLevel.scenario().steps.at(i).title(), outcome(accountLevel, i),
                        outcome(classic, i) });
    }
    return result;
}

QString StepComparison::describe(const Difference &difference)
{
    return QStringLiteral("step %1 (%2)\n      account-level: %3\n      classic: %4")
        .arg(difference.index + 1)
        .arg(difference.title, difference.accountLevel, difference.classic);
}
