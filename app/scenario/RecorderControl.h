// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The lab's "Record scenario" toggle: starting it records on a fresh server in the
// lab's join mode (as a replay will run); turning it off waits for the last action's
// expectations, asks for a file name and writes the scenario there. The window only
// adds the action to its menus and tells it when the lab is busy.
#pragma once

#include "JoinMode.h"

#include <QObject>
#include <QPointer>
#include <functional>

class QAction;
class QWidget;
class Scenario;
class ScenarioRecorder;
class ScenarioTarget;

class RecorderControl : public QObject
{
    Q_OBJECT
public:
    struct Hooks
    {
        // A target over the lab's current sessions, owned by parent.
        std::function<ScenarioTarget *(QObject *parent)> makeTarget;
        std::function<JoinMode()> joinMode;
    };

    RecorderControl(QWidget *window, const Hooks &hooks);

    QAction *action() const { return m_action; }
    // The recorder of the recording under way, or null.
    ScenarioRecorder *recorder() const;
    bool isRecording() const;
    // Where the next recording is saved without asking (tests, scripted use); empty:
    // ask with a file dialog.
    void setSavePath(const QString &path) { m_savePath = path; }

public slots:
    void start();
    void stop();

signals:
    void recordingChanged(bool recording);
    void started();
    void stepRecorded(int index, const QString &title);
    // A status line for the window.
    void message(const QString &text);
    void saved(const QString &path);
    void failed(const QString &error);

private:
    void save(const Scenario &scenario);
    void finish();

    QWidget *const m_window;
    const Hooks m_hooks;
    QAction *m_action = nullptr;
    QPointer<ScenarioRecorder> m_recorder;
    QString m_savePath;
};
