// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Lab → Scenarios: one entry per scenario that comes with the lab.
#pragma once

#include <QString>
#include <functional>

class QMenu;

namespace BundledScenarioMenu {
// One entry per file, "§4  One session leaves, the account stays"; choose(path) on click.
void fill(QMenu *menu, const std::function<void(const QString &path)> &choose);
} // namespace BundledScenarioMenu
