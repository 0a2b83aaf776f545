// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// How a scenario run ended, for the lab's status line, the headless output and tests.
#pragma once

#include <QStringList>

class ScenarioSummary
{
public:
    QString name;
    int steps = 0;
    int passed = 0;
    int failed = 0;
    int notRun = 0;
    int expectations = 0;
    int expectationsFailed = 0;
    qint64 elapsedMs = 0;
    QStringList failures; // "step 7: …", one per failed step
    QString error; // the run itself failed: no server, stopped, ...

    bool success() const { return failed == 0 && notRun == 0 && error.isEmpty(); }
    // No step ran because the target never got ready (server unreachable, login refused, ...).
    bool neverStarted() const { return passed + failed == 0 && !error.isEmpty(); }
    // "14 steps, 7 expectations in 0.4 s", or what failed: "1 of 7 expectations failed"
    QString details() const;
    // details() after "passed: " or "FAILED: "
    QString text() const;
};
