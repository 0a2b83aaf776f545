// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/BundledScenarios.h"

#include "core/scenario/ScenarioParser.h"

#include <QDir>
#include <QFileInfo>

// Q_INIT_RESOURCE must be used outside any namespace; the resources live in the
// static library, so nothing else would pull them in.
static void initScenarioResources()
{
    Q_INIT_RESOURCE(bundled_scenarios);
}

QStringList BundledScenarios::files()
{
    initScenarioResources();
    const QDir dir(resourceDir());
    QStringList paths;
    for (const QString &name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        paths << dir.filePath(name);
    // Rule order: s1, s2, …, s11, not s1, s11, s2.
    std::stable_sort(paths.begin(), paths.end(), [](const QString &a, const QString &b) {
        const auto rule = [](const QString &path) {
            const QString name = QFileInfo(path).fileName();
            int digits = 1;
            while (digits < name.size() && name.at(digits).isDigit())
                ++digits;
            return name.mid(1, digits - 1).toInt();
        };
        return rule(a) < rule(b);
    });
    return paths;
}

QVector<BundledScenarios::Entry> BundledScenarios::entries()
{
    QVector<Entry> result;
    for (const QString &path : files()) {
        Scenario scenario;
        QString error;
        if (ScenarioParser::load(path, &scenario, &error))
            result.append(
                { path, QStringLiteral("%1  %2").arg(scenario.rule, scenario.name), scenario.description });
        else
            result.append({ path, QFileInfo(path).fileName(), error });
    }
    return result;
}
