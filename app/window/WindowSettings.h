// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// What the lab remembers between runs, in QSettings under the organization "Minimix
// Lab": window geometry and dock layout, the last join mode and the scenario pace.
// Restored when the window is first shown on screen (a headless run keeps its own
// size), saved when it closes.
#pragma once

#include "JoinMode.h"

#include <QObject>
#include <functional>

class QMainWindow;
class QSettings;
class ScenarioDock;

class WindowSettings : public QObject
{
    Q_OBJECT
public:
    struct Hooks
    {
        std::function<JoinMode()> joinMode;
        std::function<void(JoinMode)> setJoinMode;
    };

    WindowSettings(QMainWindow *window, ScenarioDock *dock, const Hooks &hooks);

    static QString organization() { return QStringLiteral("Minimix Lab"); }
    static QString application() { return QStringLiteral("minimix-lab"); }

    void restore();
    void save() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QMainWindow *const m_window;
    ScenarioDock *const m_dock;
    const Hooks m_hooks;
    bool m_restored = false;
};
