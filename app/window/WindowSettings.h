// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// What the lab remembers between runs, in QSettings under the organization "Minimix
// Lab": window geometry and dock layout, the last join mode, the scenario pace and
// the presentation zoom (saved as it changes, so the Compare window opens with it).
// Restored when the window is first shown on screen (a headless run keeps its own
// size), saved when it closes.
#pragma once

#include "JoinMode.h"
#include "ui/LabSettings.h"

#include <QObject>
#include <functional>

class PresentationZoom;
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
        PresentationZoom *zoom = nullptr; // none: the zoom is not remembered
    };

    WindowSettings(QMainWindow *window, ScenarioDock *dock, const Hooks &hooks);

    static QString organization() { return LabSettings::organization(); }
    static QString application() { return LabSettings::application(); }

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
