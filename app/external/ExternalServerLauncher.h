// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// "Connect to server…" in the lab: asks where, then opens an ExternalServerWindow
// that logs the sessions in there. The lab's own server is not touched.
#pragma once

#include <QObject>

class QAction;
class QWidget;

class ExternalServerLauncher : public QObject
{
    Q_OBJECT
public:
    explicit ExternalServerLauncher(QWidget *window);

    QAction *action() const { return m_action; }

private:
    void launch();

    QWidget *const m_window;
    QAction *const m_action;
};
