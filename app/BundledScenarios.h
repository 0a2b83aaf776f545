// The scenario files that come with the lab. They are compiled into the program as
// Qt resources (:/scenarios/…), so the list is the same from the build tree, an
// install prefix or anywhere else the binary is copied.
#pragma once

#include <QStringList>
#include <functional>

class QMenu;

class BundledScenarios
{
public:
    static QString resourceDir() { return QStringLiteral(":/scenarios"); }
    // Paths (resource paths) of every bundled scenario, by file name.
    static QStringList files();
    // One entry per file, "§4  One session leaves, the account stays"; choose(path) on click.
    static void fill(QMenu *menu, const std::function<void(const QString &path)> &choose);

private:
    BundledScenarios() = default;
};
