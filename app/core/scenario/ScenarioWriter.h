// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Writes a Scenario as a scenario file, in the documented format: the keys in the
// order the README uses, one step per line and a blank line after each group of
// expectations, so recorded files read like hand-written ones and diff well.
// What it writes loads with ScenarioParser and means the same scenario.
#pragma once

#include "core/scenario/Scenario.h"

#include <QByteArray>

class ScenarioWriter
{
public:
    static QByteArray toJson(const Scenario &scenario);
    // A scripted scenario (clients of its own) as a scansion script (.scs).
    static QByteArray toScansion(const Scenario &scenario);
    // False with *error when the file cannot be written. A scripted scenario is written
    // as scansion, any other as JSON.
    static bool save(const Scenario &scenario, const QString &path, QString *error);

    // One step as a single-line JSON object.
    static QString stepJson(const ScenarioStep &step);

private:
    ScenarioWriter() = default;
};
