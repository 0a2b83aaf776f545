// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "window/RecentFiles.h"

#include "window/WindowSettings.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

RecentFiles::RecentFiles(const QString &key, QMenu *menu, QObject *parent)
    : QObject(parent)
    , m_key(key)
    , m_menu(menu)
{
    rebuild();
}

QStringList RecentFiles::files() const
{
    return QSettings(WindowSettings::organization(), WindowSettings::application())
        .value(m_key)
        .toStringList()
        .mid(0, MaxFiles);
}

void RecentFiles::add(const QString &path)
{
    // Bundled files keep their resource path; others are stored absolute.
    const QString stored = path.startsWith(QLatin1Char(':')) ? path : QFileInfo(path).absoluteFilePath();
    QStringList list = files();
    list.removeAll(stored);
    list.prepend(stored);
    QSettings(WindowSettings::organization(), WindowSettings::application())
        .setValue(m_key, QStringList(list.mid(0, MaxFiles)));
    rebuild();
}

void RecentFiles::clear()
{
    QSettings(WindowSettings::organization(), WindowSettings::application()).remove(m_key);
    rebuild();
}

void RecentFiles::rebuild()
{
    m_menu->clear();
    const QStringList list = files();
    for (int i = 0; i < list.size(); ++i) {
        const QString path = list.at(i);
        // &1 … &8: the keyboard reaches every entry.
        QAction *action
            = m_menu->addAction(QStringLiteral("&%1  %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { emit fileChosen(path); });
    }
    if (list.isEmpty()) {
        m_menu->addAction(tr("No recent scenarios"))->setEnabled(false);
        return;
    }
    m_menu->addSeparator();
    connect(m_menu->addAction(tr("Clear list")), &QAction::triggered, this, &RecentFiles::clear);
}
