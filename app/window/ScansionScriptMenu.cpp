// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "window/ScansionScriptMenu.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QMenu>
#include <QSettings>

namespace {
const QString FolderKey = QStringLiteral("scansion/folder");

// The first "# ..." line of a script, as scansion reads its title.
QString titleOf(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString();
    const QString first = QString::fromUtf8(file.readLine(400)).trimmed();
    return first.startsWith(QLatin1Char('#')) ? first.mid(1).trimmed() : QString();
}
} // namespace

ScansionScriptMenu::ScansionScriptMenu(QMenu *menu, QObject *parent)
    : QObject(parent)
    , m_menu(menu)
{
    QString folder = QSettings().value(FolderKey).toString();
    if (folder.isEmpty() || !QDir(folder).exists())
        folder = QStringLiteral(MINIMIX_SCANSION_DIR);
    m_folder = folder;
    refill();
}

void ScansionScriptMenu::setFolder(const QString &folder)
{
    m_folder = folder;
    QSettings().setValue(FolderKey, folder);
    refill();
}

void ScansionScriptMenu::refill()
{
    m_menu->clear();
    const QDir dir(m_folder);
    const QStringList scripts
        = dir.exists() ? dir.entryList({ QStringLiteral("*.scs") }, QDir::Files, QDir::Name) : QStringList();
    for (const QString &script : scripts) {
        const QString path = dir.filePath(script);
        const QString title = titleOf(path);
        QAction *action
            = m_menu->addAction(title.isEmpty() ? script : QStringLiteral("%1  (%2)").arg(title, script));
        action->setToolTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { emit scriptChosen(path); });
    }
    if (scripts.isEmpty())
        m_menu->addAction(tr("No scansion scripts in %1").arg(QDir::toNativeSeparators(m_folder)))
            ->setEnabled(false);
    m_menu->addSeparator();
    connect(m_menu->addAction(tr("Choose folder\u2026")), &QAction::triggered, this,
            &ScansionScriptMenu::chooseFolder);
}

void ScansionScriptMenu::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(m_menu->parentWidget(),
                                                             tr("Folder of scansion scripts"), m_folder);
    if (!folder.isEmpty())
        setFolder(folder);
}
