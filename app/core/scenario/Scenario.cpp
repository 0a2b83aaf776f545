// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/Scenario.h"

int Scenario::expectationCount() const
{
    int count = 0;
    for (const ScenarioStep &step : steps)
        count += step.isExpectation() ? 1 : 0;
    return count;
}

QString Scenario::modeName() const
{
    return joinModeName(mode);
}
