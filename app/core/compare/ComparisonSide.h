// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One half of "Compare modes": an embedded server of its own in one join mode, its
// own client sessions (those the scenario names), a runner that plays the scenario
// on them and the totals counted from that server's trace.
#pragma once

#include "JoinMode.h"
#include "TraceEvent.h"
#include "core/scenario/Scenario.h"
#include "core/trace/ModeTotals.h"

#include <QList>
#include <QObject>

class LabScenarioTarget;
class LabServerHost;
class LabSession;
class ScenarioRunner;

class ComparisonSide : public QObject
{
    Q_OBJECT
public:
    ComparisonSide(JoinMode mode, const QStringList &sessionNames, QObject *parent = nullptr);
    ~ComparisonSide() override;

    // Starts the server; false with errorString() when it cannot listen.
    bool start();
    QString errorString() const;

    JoinMode mode() const { return m_mode; }
    QString room() const { return m_room; }
    LabServerHost *host() const { return m_host; }
    const QList<LabSession *> &sessions() const { return m_sessions; }
    ScenarioRunner *runner() const { return m_runner; }
    const ModeTotals &totals() const { return m_totals; }

    // The scenario in this side's mode, whatever mode the file names. room() becomes
    // the room it plays in.
    bool load(const Scenario &scenario, QString *error);
    void play();

signals:
    // Re-emitted from the server thread's trace, after the totals counted it.
    void traced(const TraceEvent &event);
    void finished(bool success);

private:
    const JoinMode m_mode;
    LabServerHost *const m_host;
    QList<LabSession *> m_sessions;
    LabScenarioTarget *m_target = nullptr;
    ScenarioRunner *m_runner = nullptr;
    QString m_room;
    ModeTotals m_totals;
};
