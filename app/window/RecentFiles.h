// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A "Recent scenarios" list kept in QSettings (newest first, at most MaxFiles) and
// the menu that shows it; choosing an entry emits fileChosen().
#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

class RecentFiles : public QObject
{
    Q_OBJECT
public:
    static constexpr int MaxFiles = 8;

    // key: the QSettings key that holds the list.
    RecentFiles(const QString &key, QMenu *menu, QObject *parent = nullptr);

    QStringList files() const;
    void add(const QString &path);
    void clear();

signals:
    void fileChosen(const QString &path);

private:
    void rebuild();

    const QString m_key;
    QMenu *const m_menu;
};
