// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Compare modes, step by step: where one scenario played in both join modes gave a
// different outcome at the same step (passed on one side, failed or never reached on
// the other). For a scansion script that is where account-level joining changed what
// a client received; each side's words say what it got.
#pragma once

#include <QString>
#include <QVector>

class ScenarioRunner;

class StepComparison
{
public:
    struct Difference
    {
        int index = 0; // 0-based step
        QString title;
        QString accountLevel; // "passed: matched …", "FAILED: …", "not run"
        QString classic;
    };

    static QVector<Difference> differences(const ScenarioRunner &accountLevel, const ScenarioRunner &classic);
    // "step 3 (Romeo receives …)\n  account-level: FAILED: …\n  classic: passed: …"
    static QString describe(const Difference &difference);
};
