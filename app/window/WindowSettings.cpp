// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "window/WindowSettings.h"

#include "scenario/ScenarioDock.h"
#include "ui/PresentationZoom.h"

#include <QEvent>
#include <QMainWindow>
#include <QSettings>

WindowSettings::WindowSettings(QMainWindow *window, ScenarioDock *dock, const Hooks &hooks)
    : QObject(window)
    , m_window(window)
    , m_dock(dock)
    , m_hooks(hooks)
{
    window->installEventFilter(this);
    if (hooks.zoom) {
        connect(hooks.zoom, &PresentationZoom::zoomChanged, this, [this](double factor) {
            if (m_restored)
                QSettings(organization(), application()).setValue(PresentationZoom::settingsKey(), factor);
        });
    }
}

bool WindowSettings::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window) {
        // Restored at the first show: by then every dock and toolbar exists.
        if (event->type() == QEvent::Show && !m_restored) {
            m_restored = true;
            restore();
        } else if (event->type() == QEvent::Close) {
            save();
        }
    }
    return QObject::eventFilter(watched, event);
}

void WindowSettings::restore()
{
    QSettings settings(organization(), application());
    // A headless run (never on screen) sizes its window for the screenshot.
    if (!m_window->testAttribute(Qt::WA_DontShowOnScreen)) {
        m_window->restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
        m_window->restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    }
    const QString mode = settings.value(QStringLiteral("lab/joinMode")).toString();
    if (const std::optional<JoinMode> joinMode = joinModeFromName(mode))
        m_hooks.setJoinMode(*joinMode);
    if (settings.contains(QStringLiteral("scenario/pace")))
        m_dock->setPaceIndex(settings.value(QStringLiteral("scenario/pace")).toInt());
    if (m_hooks.zoom && settings.contains(PresentationZoom::settingsKey()))
        m_hooks.zoom->setFactor(settings.value(PresentationZoom::settingsKey()).toDouble());
}

void WindowSettings::save() const
{
    QSettings settings(organization(), application());
    if (!m_window->testAttribute(Qt::WA_DontShowOnScreen)) {
        settings.setValue(QStringLiteral("window/geometry"), m_window->saveGeometry());
        settings.setValue(QStringLiteral("window/state"), m_window->saveState());
    }
    settings.setValue(QStringLiteral("lab/joinMode"), joinModeName(m_hooks.joinMode()));
    settings.setValue(QStringLiteral("scenario/pace"), m_dock->paceIndex());
    if (m_hooks.zoom)
        settings.setValue(PresentationZoom::settingsKey(), m_hooks.zoom->factor());
}
