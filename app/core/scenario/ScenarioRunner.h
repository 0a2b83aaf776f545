// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Plays a scenario against a target, one step at a time, without ever blocking:
// each step sends what it must and waits (on signals, with a timeout) for its
// answer, then for a ping round trip that proves the server has processed it.
// An expectation first pings every session until a round brings nothing new (the
// server answers pings in order, so all that it sent before has arrived), then
// looks at the stanzas its session received since the previous group of
// expectations. A failed expectation is reported and the run goes on; a failed
// action ends the run, since later steps would start from an unknown state.
#pragma once

#include "core/scenario/Scenario.h"
#include "core/scenario/ScenarioSummary.h"
#include "core/scenario/StanzaTemplate.h"

#include <QDomElement>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <functional>

class LabSession;
class ScenarioTarget;
class ScriptClient;

class ScenarioRunner : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Preparing, Running, Paused, Finished };
    Q_ENUM(State)
    enum class StepState { Pending, Running, Passed, Failed, NotRun };

    static constexpr int StepTimeoutMs = 5000;
    static constexpr int MaxSettleRounds = 10;
    // A receive expectation that has too few stanzas looks again after this many more
    // ping rounds at most: a busy server may deliver late, never wrongly.
    static constexpr int MaxLateRounds = 20;
    // A scripted expectation (scansion) that has no matching stanza yet looks again after
    // each of this many ping rounds, ScriptRoundDelayMs apart, before it fails.
    static constexpr int MaxScriptRounds = 40;
    static constexpr int ScriptRoundDelayMs = 25;

    explicit ScenarioRunner(ScenarioTarget *target, QObject *parent = nullptr);

    // False with *error when the scenario names a session the target does not have.
    bool load(const Scenario &scenario, QString *error = nullptr);
    const Scenario &scenario() const { return m_scenario; }
    State state() const { return m_state; }
    // A scripted scenario's client by name (scansion), or null.
    ScriptClient *scriptClient(const QString &name) const { return m_clients.value(name); }
    // The running step, or the next one while paused.
    int currentStep() const { return m_current; }
    StepState stepState(int index) const;
    QString stepMessage(int index) const;
    ScenarioSummary summary() const;

    // A scansion script stops at its first failed expectation, as scansion does
    // (StopScript); comparing modes plays on (PlayOn) to show every step that differs.
    enum class ScriptFailure { StopScript, PlayOn };
    void setScriptFailure(ScriptFailure policy) { m_scriptFailure = policy; }

    // Pause between steps, so people can follow; 0 runs at full speed.
    void setDelay(int ms) { m_delayMs = qMax(0, ms); }
    int delay() const { return m_delayMs; }

public slots:
    // From the start (again, once finished), or on from a pause.
    void play();
    // Stops after the running step.
    void pause();
    // Runs the next step (preparing first if need be), then pauses.
    void step();
    // Ends the run now; the steps left are not run.
    void stop();

signals:
    void stateChanged(ScenarioRunner::State state);
    // The target is ready: every session is online on a clean server.
    void started();
    void stepStarted(int index, const QString &title);
    void stepPassed(int index, const QString &message);
    void stepFailed(int index, const QString &message);
    void finished(bool success);

private:
    struct Result
    {
        StepState state = StepState::Pending;
        QString message;
    };

    void setState(State state);
    void reset();
    void prepare();
    void onPrepared(const QString &error);
    void runStep(int index);
    void runAction(const ScenarioStep &step);
    void runExpectation(const ScenarioStep &step);
    // Scripted (scansion) steps: connects, sends, receives, receives nothing, disconnects.
    void runScripted(const ScenarioStep &step);
    void evaluateScripted(int index);
    bool expandScript(const QString &text, QString *out, QString *error) const;
    void createClients();
    bool isSessionConnected(const QString &name) const;
    QString pingSession(const QString &name);
    void evaluate(const ScenarioStep &step);
    void pass(const QString &message);
    void failStep(const QString &message);
    void completeStep(bool passed, const QString &message);
    void advance();
    void finish(const QString &error = QString());

    // Waits until done() holds, re-checked whenever a session or the target changes;
    // the step's timeout names what.
    void waitUntil(const QString &what, const std::function<bool()> &done, const std::function<void()> &then);
    void check();
    // Ping rounds on these sessions: at least minRounds, and while untilQuiet, until
    // a round in which nothing but ping answers arrived.
    void settle(const QStringList &sessions, int minRounds, bool untilQuiet,
                const std::function<void()> &then);
    void settleRound(const QStringList &sessions, int round, int minRounds, bool untilQuiet,
                     const std::function<void()> &then);
    void record(const QString &session, const QDomElement &stanza);
    void openWindows();
    // The first stanza index >= since in the session's inbox that matches, or -1.
    int find(const QString &session, int since, const std::function<bool(const QDomElement &)> &match) const;
    QVector<QDomElement> window(const QString &session) const;
    QString describeWindow(const QVector<QDomElement> &stanzas) const;
    QString orderWord(const QDomElement &stanza) const;

    ScenarioTarget *const m_target;
    Scenario m_scenario;
    State m_state = State::Idle;
    QVector<Result> m_results;
    int m_current = 0;
    bool m_pauseRequested = false;
    bool m_singleStep = false;
    int m_delayMs = 0;
    QString m_error;
    QElapsedTimer m_clock;
    qint64 m_elapsedMs = 0;

    QHash<QString, QVector<QDomElement>> m_inbox; // by session name
    QHash<QString, int> m_windowStart;
    QHash<QString, QString> m_pendingPings; // id -> session
    QSet<QString> m_offline; // sessions the server saw go since the drop or disconnect began
    QSet<QString> m_detached; // sessions the server keeps for resumption since the lose began
    int m_arrivals = 0; // stanzas received by the scenario's sessions
    int m_lateRounds = 0; // extra rounds the running receive expectation has waited
    QHash<QString, ScriptClient *> m_clients; // a scripted scenario's clients, by name
    QHash<QString, QString> m_boundJids; // their full JIDs, kept after they disconnect
    QHash<QString, int> m_cursor; // scripted: the first stanza not yet matched or passed over
    StanzaTemplate::Captures m_captures;
    // The running receive's expected stanza, parsed once for all its rounds.
    StanzaTemplate m_expected;
    int m_expectedStep = -1;
    quint64 m_expectedGeneration = 0;
    ScriptFailure m_scriptFailure = ScriptFailure::StopScript;

    QString m_waitWhat;
    std::function<bool()> m_waitDone;
    std::function<void()> m_waitThen;
    quint64 m_generation = 0; // bumped when a run ends, so its queued continuations do nothing
    QTimer m_stepTimer;
    QTimer m_delayTimer;
};
