// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Turns what the user does by hand in the lab into a scenario. Every stanza a
// session sends on purpose becomes an action (join, leave, say, nick, presence,
// private, or a raw send with placeholders); a session the server cuts off is a
// drop, a clean logout a disconnect, a new login a reconnect, a network the lab
// cut a lose, a login that resumed the stream a resume. After each action the
// recorder waits as the runner does: a ping round trip on the acting session, then
// ping rounds on every session until one brings nothing new. What each session then
// received becomes "receive" expectations with exact counts ("nothing" when it got
// nothing), so playing the recording checks the same behaviour again.
#pragma once

#include "JoinMode.h"
#include "core/scenario/Scenario.h"

#include <QDomElement>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>
#include <functional>

class ScenarioJids;
class ScenarioTarget;

class ScenarioRecorder : public QObject
{
    Q_OBJECT
public:
    enum class State { Idle, Preparing, Recording, Settling };
    Q_ENUM(State)

    static constexpr int SettleTimeoutMs = 5000;
    static constexpr int MaxSettleRounds = 10;

    explicit ScenarioRecorder(ScenarioTarget *target, QObject *parent = nullptr);

    State state() const { return m_state; }
    bool isActive() const { return m_state != State::Idle; }
    // Recording, and every action so far has its expectations.
    bool isIdle() const { return m_state == State::Recording; }
    // What has been recorded so far: steps, and the sessions that took part.
    Scenario scenario() const;
    int actionCount() const;
    // The sessions that took an action, in the lab's order; the others in scenario()
    // only received.
    QStringList actingSessions() const;
    // For the file's "description": the actions, who took them and who only received,
    // e.g. "2 actions by alice/phone, bob/desktop, with what each session received after
    // each of them. alice/laptop only received."
    QString description() const;
    // Per session, one line per stanza received while recording ("groupchat lobby/bob
    // “hi”"): what a replay must receive again.
    QHash<QString, QStringList> trace() const { return m_trace; }
    // The same recording as a scansion script: each session a client of its own that
    // logs in and shows its presence, then every stanza it sent ("sends:") and received
    // ("receives:", matched loosely, with the values a server makes up each time, such
    // as ids and time stamps, left open) in the order they happened. It plays back
    // green against the server it was recorded on, and any scansion runner plays it.
    Scenario scansionScript() const;
    static QString traceLine(const QDomElement &stanza);

public slots:
    // Restarts the target on a clean server in this mode, then records.
    void start(JoinMode mode);
    // Waits for the last action's expectations, then emits finished().
    void stop();
    // Throws the recording away.
    void cancel();

signals:
    void stateChanged(ScenarioRecorder::State state);
    void started();
    void stepRecorded(int index, const QString &title);
    void finished(const Scenario &scenario);
    void failed(const QString &error);

private slots:
    void handleSent(const QDomElement &stanza);

private:
    void setState(State state);
    void onPrepared(const QString &error);
    void onSent(const QString &name, const QDomElement &stanza);
    void onReceived(const QString &name, const QDomElement &stanza);
    void onOffline(const QString &name);
    void onConnectionChanged(const QString &name, bool connected);
    void addAction(const ScenarioStep &step, const std::function<bool()> &ready = nullptr);
    // Builds the action a stanza a session sent stands for; false for stanzas the
    // client sends by itself (answers to IQs, the instant-room form).
    bool classify(const QString &name, const QDomElement &stanza, ScenarioStep *step) const;
    QString templated(const QDomElement &stanza) const;
    QString shortRoom(const QString &jid) const; // "lobby", "lobby/bob", or "" if not a room
    QString senderName(const QString &jid) const; // for "from"

    void check();
    void pingRound();
    void flush();
    void finishStop();
    ScenarioFilter filterFor(const QDomElement &stanza) const;

    ScenarioTarget *const m_target;
    State m_state = State::Idle;
    Scenario m_scenario;
    QStringList m_involved; // sessions that acted or received something
    QHash<QString, QVector<QDomElement>> m_inbox;
    QHash<QString, int> m_windowStart;
    QHash<QString, QStringList> m_trace;
    struct Traffic
    {
        QString session;
        bool sent = false;
        QDomElement stanza;
    };
    QVector<Traffic> m_traffic; // every stanza sent and received while recording, in order
    QSet<QString> m_gone; // sessions whose drop or disconnect is recorded
    QSet<QString> m_offline; // sessions the server saw go
    QSet<QString> m_detached; // sessions the server keeps for resumption
    QStringList m_actors; // sessions that acted in the open group
    bool m_groupOpen = false;
    bool m_stopRequested = false;

    // The wait after an action: first ready(), then the actors' pings, then rounds.
    std::function<bool()> m_ready;
    enum class Phase { Ready, Actors, Rounds } m_phase = Phase::Ready;
    QSet<QString> m_pendingPings;
    int m_round = 0;
    int m_arrivalsBefore = 0;
    int m_arrivals = 0;
    quint64 m_generation = 0;
    QTimer m_timeout;
};
