// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Lab → Scansion scripts: the .scs files of a folder (Prosody's own scripts in
// ../shared/scansion/prosody beside the source tree, or a folder the user picks), one
// entry each, titled by the script's first comment line; they play in the window's mode.
#pragma once

#include <QObject>
#include <QString>

class QMenu;

class ScansionScriptMenu : public QObject
{
    Q_OBJECT
public:
    ScansionScriptMenu(QMenu *menu, QObject *parent = nullptr);

    // The folder listed: the one picked last (kept in the settings), else the shared
    // scripts beside the source tree when they are there.
    QString folder() const { return m_folder; }
    void setFolder(const QString &folder);

signals:
    void scriptChosen(const QString &path);

private:
    void refill();
    void chooseFolder();

    QMenu *const m_menu;
    QString m_folder;
};
