// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A scenario file, parsed: which sessions take part, in which join mode, and the
// steps they take and expect. ScenarioParser makes one; ScenarioRunner plays it.
#pragma once

#include "JoinMode.h"
#include "core/scenario/ScenarioStep.h"

#include <QStringList>
#include <QVector>

class Scenario
{
public:
    QString name;
    QString rule; // "§4"
    QString description;
    JoinMode mode = JoinMode::AccountLevel; // "mode": "classic": every session is its own occupant
    QStringList sessions; // "alice/phone", ...
    QVector<ScenarioStep> steps;
    QString path; // where it was loaded from, if anywhere

    int expectationCount() const;
    // "minimix" or "classic", as in the file
    QString modeName() const;
};
