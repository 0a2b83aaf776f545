// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// "minimix-lab --headless --server HOST:PORT ...": the lab's sessions on another
// XMPP server. Plays a scenario file, or without one the built-in check that every
// session joins lobby and hears everyone else; prints each step, what the sessions
// saw (as ModeTotals) and exits 0 when all passed, 1 when a step failed and 4 when
// the sessions could not get online (server unreachable, login refused, ...).
#pragma once

#include "core/host/ServerConnection.h"
#include "core/scenario/Scenario.h"

#include <QObject>
#include <QTextStream>

class ClientSideTrace;
class ExternalServerTarget;
class ModeTotals;
class ScenarioRunner;

class HeadlessExternalRun : public QObject
{
    Q_OBJECT
public:
    HeadlessExternalRun(const ServerConnection &connection, const Scenario &scenario,
                        QObject *parent = nullptr);
    // Plays on a target and runner someone else owns and shows (the external server
    // window, for a screenshot): one set of sessions, so no second login takes their
    // resources.
    HeadlessExternalRun(ExternalServerTarget *target, ScenarioRunner *runner, const Scenario &scenario,
                        QObject *parent = nullptr);
    ~HeadlessExternalRun() override;

    // Every session joins lobby (each with a nick of its own) and says hello; each
    // must receive every hello exactly once.
    static Scenario helloScenario(const QStringList &sessions);
    void start();

signals:
    void finished(int exitCode);

private:
    void watch();
    void conclude();

    const Scenario m_scenario;
    ExternalServerTarget *const m_target;
    ScenarioRunner *const m_runner;
    ClientSideTrace *m_trace = nullptr;
    ModeTotals *m_totals = nullptr;
    QTextStream m_out;
};
