// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A scenario on the lab's own embedded server, without a window (minimix-scenario):
// a fresh server in the scenario's join mode, the scenario's sessions online, each
// step printed as it passes or fails. finished() gives 0 when every step passed, 1
// when one failed and 4 when the server or the sessions could not get ready.
#pragma once

#include "core/scenario/Scenario.h"

#include <QList>
#include <QObject>
#include <QTextStream>

class LabScenarioTarget;
class LabServerHost;
class LabSession;
class ScenarioRunner;

class HeadlessEmbeddedRun : public QObject
{
    Q_OBJECT
public:
    explicit HeadlessEmbeddedRun(const Scenario &scenario, QObject *parent = nullptr);

    void start();

signals:
    void finished(int exitCode);

private:
    void conclude();
    void finishLater(int exitCode);

    const Scenario m_scenario;
    LabServerHost *const m_host;
    QList<LabSession *> m_sessions;
    LabScenarioTarget *m_target = nullptr;
    ScenarioRunner *m_runner = nullptr;
    QTextStream m_out;
};
