#include "BundledScenarios.h"

#include "ScenarioParser.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>

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

void BundledScenarios::fill(QMenu *menu, const std::function<void(const QString &)> &choose)
{
    const QStringList paths = files();
    for (const QString &path : paths) {
        Scenario scenario;
        QString error;
        const bool ok = ScenarioParser::load(path, &scenario, &error);
        QAction *action = menu->addAction(ok ? QStringLiteral("%1  %2").arg(scenario.rule, scenario.name)
                                             : QFileInfo(path).fileName());
        action->setToolTip(ok ? scenario.description : error);
        action->setStatusTip(ok ? scenario.description : error);
        QObject::connect(action, &QAction::triggered, menu, [choose, path] { choose(path); });
    }
    if (paths.isEmpty())
        menu->addAction(QObject::tr("No bundled scenarios"))->setEnabled(false);
}
