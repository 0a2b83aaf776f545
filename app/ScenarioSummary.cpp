#include "ScenarioSummary.h"

QString ScenarioSummary::text() const
{
    const QString time = QStringLiteral("%1 s").arg(elapsedMs / 1000.0, 0, 'f', 1);
    if (success())
        return QStringLiteral("passed: %1 steps, %2 expectations in %3")
            .arg(steps)
            .arg(expectations)
            .arg(time);
    QStringList parts;
    if (!error.isEmpty())
        parts << error;
    if (expectationsFailed > 0)
        parts << QStringLiteral("%1 of %2 expectations failed").arg(expectationsFailed).arg(expectations);
    if (failed > expectationsFailed)
        parts << QStringLiteral("%1 action(s) failed").arg(failed - expectationsFailed);
    if (notRun > 0)
        parts << QStringLiteral("%1 of %2 steps not run").arg(notRun).arg(steps);
    return QStringLiteral("FAILED: ") + parts.join(QStringLiteral("; "));
}
