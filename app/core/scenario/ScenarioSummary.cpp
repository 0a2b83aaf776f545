// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/ScenarioSummary.h"

QString ScenarioSummary::text() const
{
    return (success() ? QStringLiteral("passed: ") : QStringLiteral("FAILED: ")) + details();
}

QString ScenarioSummary::details() const
{
    if (success())
        return QStringLiteral("%1 steps, %2 expectations in %3 s")
            .arg(steps)
            .arg(expectations)
            .arg(elapsedMs / 1000.0, 0, 'f', 1);
    QStringList parts;
    if (!error.isEmpty())
        parts << error;
    if (expectationsFailed > 0)
        parts << QStringLiteral("%1 of %2 expectations failed").arg(expectationsFailed).arg(expectations);
    if (failed > expectationsFailed)
        parts << QStringLiteral("%1 action(s) failed").arg(failed - expectationsFailed);
    if (notRun > 0)
        parts << QStringLiteral("%1 of %2 steps not run").arg(notRun).arg(steps);
    return parts.join(QStringLiteral("; "));
}
