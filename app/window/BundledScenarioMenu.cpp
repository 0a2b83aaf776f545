// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "window/BundledScenarioMenu.h"

#include "core/scenario/BundledScenarios.h"

#include <QAction>
#include <QMenu>

void BundledScenarioMenu::fill(QMenu *menu, const std::function<void(const QString &)> &choose)
{
    const QVector<BundledScenarios::Entry> entries = BundledScenarios::entries();
    for (const BundledScenarios::Entry &entry : entries) {
        QAction *action = menu->addAction(entry.title);
        action->setToolTip(entry.description);
        action->setStatusTip(entry.description);
        const QString path = entry.path;
        QObject::connect(action, &QAction::triggered, menu, [choose, path] { choose(path); });
    }
    if (entries.isEmpty())
        menu->addAction(QObject::tr("No bundled scenarios"))->setEnabled(false);
}
