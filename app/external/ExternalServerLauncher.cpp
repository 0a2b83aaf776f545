// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "external/ExternalServerLauncher.h"

#include "external/ExternalServerWindow.h"
#include "external/ServerConnectionDialog.h"

#include <QAction>
#include <QStyle>
#include <QWidget>

ExternalServerLauncher::ExternalServerLauncher(QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_action(new QAction(window->style()->standardIcon(QStyle::SP_DriveNetIcon),
                           tr("Connect to server\u2026"), this))
{
    m_action->setObjectName(QStringLiteral("connectToServer"));
    m_action->setToolTip(tr("Log the lab's sessions in to another XMPP server (e.g. a local Prosody)"));
    connect(m_action, &QAction::triggered, this, &ExternalServerLauncher::launch);
}

void ExternalServerLauncher::launch()
{
    ServerConnectionDialog dialog(m_window);
    if (dialog.exec() != QDialog::Accepted)
        return;
    auto *window = new ExternalServerWindow(dialog.connection(), dialog.assumedMode(), m_window);
    window->setWindowFlag(Qt::Window);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    window->connectSessions();
}
