// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// "Compare modes…" in the lab: opens a side-by-side window that plays the built-in
// "3 accounts × 3 sessions" scenario (or, with Shift held, a file one picks) on an
// account-level and a classic server of its own. The lab's own server and
// sessions are not touched, so a comparison can run next to anything else.
#pragma once

#include <QObject>

class QAction;
class QWidget;

class ComparisonLauncher : public QObject
{
    Q_OBJECT
public:
    explicit ComparisonLauncher(QWidget *window);

    QAction *action() const { return m_action; }
    // Opens a comparison window for the scenario file and plays it; false with
    // *error when the file is not a valid scenario or a server cannot start.
    static bool open(const QString &scenarioPath, QWidget *parent, QString *error);

private:
    void launch();

    QWidget *const m_window;
    QAction *const m_action;
};
