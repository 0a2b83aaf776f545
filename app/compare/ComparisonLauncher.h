// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// "Compare modes…" in the lab: opens a side-by-side window that plays the built-in
// "3 accounts × 3 sessions" scenario (or, with Shift held, a file one picks) on an
// account-level and a classic server of its own. The lab's own server and
// sessions are not touched, so a comparison can run next to anything else. It plays
// step by step at the pace chosen in the window's Scenario dock.
#pragma once

#include <QObject>

class QAction;
class QWidget;

class ComparisonLauncher : public QObject
{
    Q_OBJECT
public:
    explicit ComparisonLauncher(QWidget *window);

    // The dock's pace when it has none ("Readable").
    static constexpr int DefaultDelayMs = 600;

    QAction *action() const { return m_action; }
    // Ms between steps: the pace of the window's Scenario dock, or DefaultDelayMs.
    int delay() const;
    // Opens a comparison window for the scenario file and plays it, delayMs between
    // steps (0: full speed); false with *error when the file is not a valid
    // scenario or a server cannot start.
    static bool open(const QString &scenarioPath, QWidget *parent, QString *error, int delayMs = 0);

private:
    void launch();

    QWidget *const m_window;
    QAction *const m_action;
};
