// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/ScenarioRunner.h"

#include "Jid.h"
#include "Vocabulary.h"
#include "core/scenario/ScansionParser.h"
#include "core/scenario/ScenarioTarget.h"
#include "core/session/LabSession.h"
#include "core/session/ScriptClient.h"
#include "core/session/StanzaSummary.h"

#include <QDomDocument>
#include <utility>

namespace {
QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

bool isPresenceFromRoom(const QDomElement &stanza, const QString &room)
{
    return stanza.tagName() == QLatin1String("presence")
        && Jid::bare(stanza.attribute(QStringLiteral("from"))) == room;
}

QString codesText(const QDomElement &presence)
{
    QStringList codes;
    for (int code : StanzaSummary::mucStatusCodes(presence))
        codes << QString::number(code);
    return codes.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(codes.join(QLatin1Char(' ')));
}
} // namespace

ScenarioRunner::ScenarioRunner(ScenarioTarget *target, QObject *parent)
    : QObject(parent)
    , m_target(target)
{
    m_stepTimer.setSingleShot(true);
    connect(&m_stepTimer, &QTimer::timeout, this, [this] {
        const QString what = QStringLiteral("no %1 within %2 s").arg(m_waitWhat).arg(StepTimeoutMs / 1000);
        if (m_state == State::Preparing)
            finish(what);
        else
            failStep(what);
    });
    m_delayTimer.setSingleShot(true);
    connect(&m_delayTimer, &QTimer::timeout, this, [this] { runStep(m_current); });
    connect(m_target, &ScenarioTarget::prepared, this, &ScenarioRunner::onPrepared);
    connect(m_target, &ScenarioTarget::sessionOffline, this, [this](const QString &name) {
        m_offline.insert(name);
        check();
    });
    connect(m_target, &ScenarioTarget::sessionDetached, this, [this](const QString &name) {
        m_detached.insert(name);
        check();
    });
    for (const QString &name : m_target->sessionNames()) {
        LabSession *session = m_target->session(name);
        connect(session, &LabSession::elementReceived, this,
                [this, name](const QDomElement &stanza) { record(name, stanza); });
        connect(session, &LabSession::pingAnswered, this,
                [this](const QString &id) { m_pendingPings.remove(id); });
        connect(session, &LabSession::changed, this, &ScenarioRunner::check);
    }
}

bool ScenarioRunner::load(const Scenario &scenario, QString *error)
{
    if (m_state == State::Preparing || m_state == State::Running) {
        if (error)
            *error = QStringLiteral("a scenario is running");
        return false;
    }
    const QStringList available = m_target->sessionNames();
    for (const QString &name : scenario.sessions) {
        if (scenario.isScripted())
            break; // its clients are its own
        if (!available.contains(name)) {
            if (error)
                *error = QStringLiteral("session \"%1\" is not one of this lab's sessions (%2)")
                             .arg(name, available.join(QStringLiteral(", ")));
            return false;
        }
    }
    m_scenario = scenario;
    createClients();
    // Played in classic mode, a step's classic_nick is the nick it asks for.
    for (ScenarioStep &step : m_scenario.steps) {
        if (m_scenario.mode == JoinMode::Classic && !step.classicNick.isEmpty())
            step.nick = step.classicNick;
    }
    reset();
    setState(State::Idle);
    return true;
}

ScenarioRunner::StepState ScenarioRunner::stepState(int index) const
{
    return m_results.value(index).state;
}

QString ScenarioRunner::stepMessage(int index) const
{
    return m_results.value(index).message;
}

ScenarioSummary ScenarioRunner::summary() const
{
    ScenarioSummary summary;
    summary.name = m_scenario.name;
    summary.steps = int(m_scenario.steps.size());
    summary.expectations = m_scenario.expectationCount();
    summary.error = m_error;
    summary.elapsedMs = m_elapsedMs;
    for (int i = 0; i < m_results.size(); ++i) {
        const Result &result = m_results.at(i);
        const bool expectation = m_scenario.steps.at(i).isExpectation();
        if (result.state == StepState::Passed) {
            ++summary.passed;
        } else if (result.state == StepState::Failed) {
            ++summary.failed;
            summary.expectationsFailed += expectation ? 1 : 0;
            summary.failures << QStringLiteral("step %1 (%2): %3")
                                    .arg(i + 1)
                                    .arg(m_scenario.steps.at(i).title(), result.message);
        } else if (result.state == StepState::NotRun || result.state == StepState::Pending) {
            ++summary.notRun;
        }
    }
    return summary;
}

void ScenarioRunner::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void ScenarioRunner::reset()
{
    ++m_generation;
    m_expectedStep = -1;
    m_stepTimer.stop();
    m_delayTimer.stop();
    m_waitDone = nullptr;
    m_waitThen = nullptr;
    m_results = QVector<Result>(m_scenario.steps.size());
    m_current = 0;
    m_error.clear();
    m_elapsedMs = 0;
    m_inbox.clear();
    m_windowStart.clear();
    m_pendingPings.clear();
    m_offline.clear();
    m_detached.clear();
    m_cursor.clear();
    m_captures.clear();
    m_boundJids.clear();
    for (ScriptClient *client : std::as_const(m_clients))
        client->abort();
}

void ScenarioRunner::play()
{
    m_singleStep = false;
    m_pauseRequested = false;
    if (m_state == State::Idle || m_state == State::Finished) {
        prepare();
    } else if (m_state == State::Paused) {
        setState(State::Running);
        runStep(m_current);
    }
}

void ScenarioRunner::pause()
{
    if (m_state != State::Running && m_state != State::Preparing)
        return;
    m_pauseRequested = true;
    if (m_delayTimer.isActive()) {
        // Between two steps: nothing runs, so pause at once.
        m_delayTimer.stop();
        m_pauseRequested = false;
        setState(State::Paused);
    }
}

void ScenarioRunner::step()
{
    if (m_state == State::Idle || m_state == State::Finished) {
        m_pauseRequested = false;
        m_singleStep = true;
        prepare();
    } else if (m_state == State::Paused) {
        m_singleStep = true;
        setState(State::Running);
        runStep(m_current);
    } else {
        m_singleStep = true;
    }
}

void ScenarioRunner::stop()
{
    if (m_state == State::Idle || m_state == State::Finished)
        return;
    finish(QStringLiteral("stopped"));
}

void ScenarioRunner::prepare()
{
    if (m_state == State::Finished)
        reset();
    setState(State::Preparing);
    m_clock.start();
    for (ScriptClient *client : std::as_const(m_clients))
        client->abort();
    m_target->prepare(m_scenario.mode);
}

void ScenarioRunner::onPrepared(const QString &error)
{
    if (m_state != State::Preparing)
        return;
    if (!error.isEmpty()) {
        finish(error);
        return;
    }
    // A script's accounts exist on the fresh server before anyone logs in.
    for (const ScenarioClient &client : std::as_const(m_scenario.clients)) {
        QString why;
        if (!m_target->addScriptAccount(client, &why)) {
            finish(why);
            return;
        }
    }
    m_stepTimer.start(StepTimeoutMs);
    // Whatever logging in brought (roster, presences) has arrived before the first step.
    settle(m_scenario.sessions, 1, true, [this] {
        m_stepTimer.stop();
        openWindows();
        emit started();
        if (m_pauseRequested && !m_singleStep) {
            m_pauseRequested = false;
            setState(State::Paused);
            return;
        }
        setState(State::Running);
        runStep(0);
    });
}

void ScenarioRunner::runStep(int index)
{
    m_current = index;
    if (index >= m_scenario.steps.size()) {
        finish();
        return;
    }
    const ScenarioStep &step = m_scenario.steps.at(index);
    // The stanzas an expectation sees are those since the previous group of expectations.
    if (!step.isExpectation() && index > 0 && m_scenario.steps.at(index - 1).isExpectation())
        openWindows();
    m_results[index].state = StepState::Running;
    m_lateRounds = 0;
    emit stepStarted(index, step.title());
    m_stepTimer.start(StepTimeoutMs);
    if (m_scenario.isScripted())
        runScripted(step);
    else if (step.isExpectation())
        runExpectation(step);
    else
        runAction(step);
}

void ScenarioRunner::runAction(const ScenarioStep &step)
{
    using Action = ScenarioStep::Action;
    const QString name = step.session;
    LabSession *session = m_target->session(name);
    const ScenarioJids jids = m_target->jids();
    const auto thenPass = [this, name](const QString &message) {
        // The server answers our ping after it has processed what we sent.
        settle({ name }, 1, false, [this, message] { pass(message); });
    };

    if (step.action == Action::Resume) {
        if (session->isConnected()) {
            failStep(
                QStringLiteral("%1 is connected: only a session that lost its network resumes").arg(name));
            return;
        }
        m_target->resumeSession(name);
        waitUntil(
            QStringLiteral("%1 back online").arg(name), [session] { return session->isConnected(); },
            [this, name, session, thenPass] {
                if (!session->isStreamResumed()) {
                    failStep(QStringLiteral("%1 is online on a new stream: the server did not resume it")
                                 .arg(name));
                    return;
                }
                // What was queued for it arrives right after <resumed/>, before the ping's answer.
                thenPass(QStringLiteral("resumed"));
            });
        return;
    }
    if (step.action == Action::Reconnect) {
        if (session->isConnected()) {
            failStep(QStringLiteral("%1 is already connected").arg(name));
            return;
        }
        m_target->reconnectSession(name);
        waitUntil(
            QStringLiteral("own presence echo after %1 logged in").arg(name),
            [session] { return session->isConnected() && session->isAvailable(); },
            [thenPass] { thenPass(QStringLiteral("online again")); });
        return;
    }
    if (!session->isConnected()) {
        failStep(QStringLiteral("%1 is offline").arg(name));
        return;
    }

    const QString room = jids.room(step.room);
    const int since = int(m_inbox.value(name).size());
    switch (step.action) {
    case Action::Join: {
        if (!session->join(room, step.nick, step.mucPayload)) {
            failStep(QStringLiteral("%1 has already joined %2").arg(name, step.room));
            return;
        }
        const auto answer = [room](const QDomElement &e) {
            const QString type = e.attribute(QStringLiteral("type"));
            return isPresenceFromRoom(e, room)
                && (type == QLatin1String("error")
                    || (type.isEmpty()
                        && StanzaSummary::mucStatusCodes(e).contains(MucStatus::SelfPresence)));
        };
        waitUntil(
            QStringLiteral("own presence (110) or error from %1").arg(step.room),
            [this, name, since, answer, session, room] {
                const int at = find(name, since, answer);
                // A room this join created stays locked until the instant-room form is accepted.
                return at >= 0 && !session->isConfiguring(room);
            },
            [this, name, since, answer, thenPass] {
                const QDomElement e = m_inbox.value(name).at(find(name, since, answer));
                if (e.attribute(QStringLiteral("type")) == QLatin1String("error")) {
                    thenPass(QStringLiteral("refused: %1").arg(StanzaSummary::errorCondition(e)));
                    return;
                }
                const bool created = StanzaSummary::mucStatusCodes(e).contains(MucStatus::RoomCreated);
                thenPass(QStringLiteral("joined as %1%2%3")
                             .arg(Jid::resource(e.attribute(QStringLiteral("from"))), codesText(e),
                                  created ? QStringLiteral("; room created and configured") : QString()));
            });
        return;
    }
    case Action::Leave: {
        const QString nick = !step.nick.isEmpty() ? step.nick
            : session->nick(room).isEmpty()       ? session->user()
                                                  : session->nick(room);
        const bool joined = session->isJoined(room);
        session->sendXml(
            QStringLiteral("<presence to=\"%1\" type=\"unavailable\"/>").arg(escaped(Jid::full(room, nick))));
        if (!joined) {
            thenPass(QStringLiteral("%1 had not joined %2; sent the leave anyway").arg(name, step.room));
            return;
        }
        const QString occupant = Jid::full(room, nick);
        const auto answer = [room, occupant](const QDomElement &e) {
            const QString type = e.attribute(QStringLiteral("type"));
            const QList<int> codes = StanzaSummary::mucStatusCodes(e);
            return isPresenceFromRoom(e, room)
                && (type == QLatin1String("error")
                    || (type == QLatin1String("unavailable") && !codes.contains(MucStatus::NickChanged)
                        && (codes.contains(MucStatus::SelfPresence)
                            || e.attribute(QStringLiteral("from")) == occupant)));
        };
        waitUntil(
            QStringLiteral("own unavailable presence from %1").arg(step.room),
            [this, name, since, answer] { return find(name, since, answer) >= 0; },
            [this, name, since, answer, thenPass] {
                const QDomElement e = m_inbox.value(name).at(find(name, since, answer));
                thenPass(e.attribute(QStringLiteral("type")) == QLatin1String("error")
                             ? QStringLiteral("refused: %1").arg(StanzaSummary::errorCondition(e))
                             : QStringLiteral("left%1").arg(codesText(e)));
            });
        return;
    }
    case Action::Nick: {
        const QString occupant = Jid::full(room, step.nick);
        session->sendXml(QStringLiteral("<presence to=\"%1\"/>").arg(escaped(occupant)));
        const auto answer = [room, occupant](const QDomElement &e) {
            const QString type = e.attribute(QStringLiteral("type"));
            return isPresenceFromRoom(e, room)
                && (type == QLatin1String("error")
                    || (type.isEmpty() && e.attribute(QStringLiteral("from")) == occupant
                        && StanzaSummary::mucStatusCodes(e).contains(MucStatus::SelfPresence)));
        };
        waitUntil(
            QStringLiteral("own presence as %1 or an error from %2").arg(step.nick, step.room),
            [this, name, since, answer] { return find(name, since, answer) >= 0; },
            [this, name, since, answer, thenPass] {
                const QDomElement e = m_inbox.value(name).at(find(name, since, answer));
                thenPass(e.attribute(QStringLiteral("type")) == QLatin1String("error")
                             ? QStringLiteral("refused: %1").arg(StanzaSummary::errorCondition(e))
                             : QStringLiteral("now %1%2")
                                   .arg(Jid::resource(e.attribute(QStringLiteral("from"))), codesText(e)));
            });
        return;
    }
    case Action::Say:
        session->sendXml(
            QStringLiteral("<message to=\"%1\" type=\"groupchat\" id=\"scenario-%2\"><body>%3</body>"
                           "</message>")
                .arg(escaped(room))
                .arg(step.number)
                .arg(escaped(step.body)));
        thenPass(QStringLiteral("sent"));
        return;
    case Action::Presence: {
        const QString nick = session->nick(room).isEmpty() ? session->user() : session->nick(room);
        QString children;
        if (!step.show.isEmpty() && step.show != QLatin1String("online"))
            children += QStringLiteral("<show>%1</show>").arg(step.show);
        if (!step.status.isEmpty())
            children += QStringLiteral("<status>%1</status>").arg(escaped(step.status));
        session->sendXml(QStringLiteral("<presence to=\"%1\">%2</presence>")
                             .arg(escaped(Jid::full(room, nick)), children));
        thenPass(QStringLiteral("sent"));
        return;
    }
    case Action::Private:
        session->sendXml(QStringLiteral("<message to=\"%1\" type=\"chat\" id=\"scenario-%2\"><body>%3</body>"
                                        "<x xmlns=\"%4\"/></message>")
                             .arg(escaped(Jid::full(room, step.to)))
                             .arg(step.number)
                             .arg(escaped(step.body), Ns::MucUser));
        thenPass(QStringLiteral("sent"));
        return;
    case Action::Send: {
        QString xml;
        jids.expand(step.xml, &xml); // checked when the file was read
        session->sendXml(xml);
        thenPass(QStringLiteral("sent"));
        return;
    }
    case Action::Lose:
        m_detached.remove(name);
        m_target->loseSession(name);
        waitUntil(
            QStringLiteral("word from the server that it keeps %1 for resumption").arg(name),
            [this, name, session] { return m_detached.contains(name) && !session->isConnected(); },
            [this] { pass(QStringLiteral("detached: still in its rooms, its stanzas queued")); });
        return;
    case Action::Drop:
    case Action::Disconnect:
        m_offline.remove(name);
        if (step.action == Action::Drop)
            m_target->dropSession(name);
        else
            session->disconnectFromServer();
        waitUntil(
            QStringLiteral("word from the server that %1 went offline").arg(name),
            [this, name, session] { return m_offline.contains(name) && !session->isConnected(); },
            [this] { pass(QStringLiteral("offline")); });
        return;
    default:
        break;
    }
}

void ScenarioRunner::runExpectation(const ScenarioStep &step)
{
    const int index = m_current;
    Q_UNUSED(step)
    settle(m_scenario.sessions, 2, true, [this, index] { evaluate(m_scenario.steps.at(index)); });
}

void ScenarioRunner::evaluate(const ScenarioStep &step)
{
    using Action = ScenarioStep::Action;
    const ScenarioJids jids = m_target->jids();
    const QVector<QDomElement> stanzas = window(step.session);
    QVector<QDomElement> matching;
    for (const QDomElement &stanza : stanzas) {
        if (step.filter.matches(stanza, jids))
            matching << stanza;
    }
    const QString received = QStringLiteral("%1 received since the last expectations: %2")
                                 .arg(step.session, describeWindow(stanzas));

    if (step.action == Action::ExpectReceive) {
        const int got = int(matching.size());
        const bool ok = step.count < 0 ? got > 0 : got == step.count;
        const bool tooFew = step.count < 0 ? got == 0 : got < step.count;
        if (tooFew && m_lateRounds < MaxLateRounds) {
            // Fewer than expected may still be on their way (a loaded machine): another
            // ping round on every session, then look again. Too many fails at once.
            ++m_lateRounds;
            const int index = m_current;
            settle(m_scenario.sessions, 1, false, [this, index] { evaluate(m_scenario.steps.at(index)); });
            return;
        }
        if (ok) {
            pass(got == 1 ? QStringLiteral("1 matching stanza")
                          : QStringLiteral("%1 matching stanzas").arg(got));
            return;
        }
        const QString wanted
            = step.count < 0 ? QStringLiteral("at least 1") : QStringLiteral("exactly %1").arg(step.count);
        failStep(QStringLiteral("expected %1, got %2. %3").arg(wanted).arg(got).arg(received));
        return;
    }
    if (step.action == Action::ExpectNothing) {
        if (matching.isEmpty())
            pass(QStringLiteral("nothing matching (%1 other stanzas)").arg(stanzas.size()));
        else
            failStep(
                QStringLiteral("got %1 matching: %2").arg(matching.size()).arg(describeWindow(matching)));
        return;
    }

    // Order: exactly these kinds, in this order, among the stanzas from step.filter.from.
    QStringList words;
    bool ok = matching.size() == step.order.size();
    for (int i = 0; i < matching.size(); ++i) {
        words << orderWord(matching.at(i));
        if (ok && !step.order.at(i).matches(matching.at(i), jids))
            ok = false;
    }
    if (ok)
        pass(QStringLiteral("in order: %1").arg(words.join(QStringLiteral(", "))));
    else
        failStep(QStringLiteral("expected %1; received %2")
                     .arg(step.orderText.join(QStringLiteral(", ")),
                          words.isEmpty() ? QStringLiteral("nothing") : words.join(QStringLiteral(", "))));
}

void ScenarioRunner::pass(const QString &message)
{
    completeStep(true, message);
}

void ScenarioRunner::failStep(const QString &message)
{
    completeStep(false, message);
}

void ScenarioRunner::completeStep(bool passed, const QString &message)
{
    if (m_state != State::Running || m_current >= m_results.size())
        return;
    m_stepTimer.stop();
    m_waitDone = nullptr;
    m_waitThen = nullptr;
    const int index = m_current;
    m_results[index] = { passed ? StepState::Passed : StepState::Failed, message };
    if (passed)
        emit stepPassed(index, message);
    else
        emit stepFailed(index, message);
    // A script stops at its first failure, as scansion does: what follows assumed it.
    const bool stopScript = m_scenario.isScripted() && m_scriptFailure == ScriptFailure::StopScript;
    if (!passed && (!m_scenario.steps.at(index).isExpectation() || stopScript)) {
        finish();
        return;
    }
    advance();
}

void ScenarioRunner::advance()
{
    ++m_current;
    if (m_current >= m_scenario.steps.size()) {
        finish();
        return;
    }
    if (m_singleStep || m_pauseRequested) {
        m_singleStep = false;
        m_pauseRequested = false;
        setState(State::Paused);
        return;
    }
    m_delayTimer.start(m_delayMs);
}

void ScenarioRunner::finish(const QString &error)
{
    ++m_generation;
    m_stepTimer.stop();
    m_delayTimer.stop();
    m_waitDone = nullptr;
    m_waitThen = nullptr;
    m_error = error;
    for (Result &result : m_results) {
        if (result.state == StepState::Pending || result.state == StepState::Running)
            result.state = StepState::NotRun;
    }
    m_elapsedMs = m_clock.isValid() ? m_clock.elapsed() : 0;
    m_singleStep = false;
    m_pauseRequested = false;
    setState(State::Finished);
    emit finished(summary().success());
}

void ScenarioRunner::waitUntil(const QString &what, const std::function<bool()> &done,
                               const std::function<void()> &then)
{
    m_waitWhat = what;
    m_waitDone = done;
    m_waitThen = then;
    // Judged from the event loop, never inside the call that started the wait.
    QMetaObject::invokeMethod(this, &ScenarioRunner::check, Qt::QueuedConnection);
}

void ScenarioRunner::check()
{
    if (!m_waitDone || !m_waitDone())
        return;
    const std::function<void()> then = m_waitThen;
    m_waitDone = nullptr;
    m_waitThen = nullptr;
    // check() runs inside session signals; continue from the event loop instead.
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(
        this,
        [this, then, generation] {
            if (generation == m_generation)
                then();
        },
        Qt::QueuedConnection);
}

void ScenarioRunner::settle(const QStringList &sessions, int minRounds, bool untilQuiet,
                            const std::function<void()> &then)
{
    settleRound(sessions, 1, minRounds, untilQuiet, then);
}

void ScenarioRunner::settleRound(const QStringList &sessions, int round, int minRounds, bool untilQuiet,
                                 const std::function<void()> &then)
{
    const int arrivalsBefore = m_arrivals;
    for (const QString &name : sessions) {
        const QString id = pingSession(name);
        if (!id.isEmpty())
            m_pendingPings.insert(id, name);
    }
    waitUntil(
        QStringLiteral("ping answers from %1").arg(sessions.join(QStringLiteral(", "))),
        [this] {
            // A session that went offline will not answer.
            for (auto it = m_pendingPings.begin(); it != m_pendingPings.end();) {
                if (!isSessionConnected(it.value()))
                    it = m_pendingPings.erase(it);
                else
                    ++it;
            }
            return m_pendingPings.isEmpty();
        },
        [=] {
            const bool quiet = m_arrivals == arrivalsBefore;
            if (round < minRounds || (untilQuiet && !quiet && round < MaxSettleRounds))
                settleRound(sessions, round + 1, minRounds, untilQuiet, then);
            else
                then();
        });
}

void ScenarioRunner::record(const QString &session, const QDomElement &stanza)
{
    if (!m_scenario.sessions.contains(session))
        return;
    // A copy of our own: the client's document is no concern of ours.
    QDomDocument document;
    document.appendChild(document.importNode(stanza, true));
    m_inbox[session].append(document.documentElement());
    ++m_arrivals;
}

void ScenarioRunner::openWindows()
{
    for (const QString &name : std::as_const(m_scenario.sessions))
        m_windowStart[name] = int(m_inbox.value(name).size());
}

int ScenarioRunner::find(const QString &session, int since,
                         const std::function<bool(const QDomElement &)> &match) const
{
    const QVector<QDomElement> stanzas = m_inbox.value(session);
    for (int i = since; i < stanzas.size(); ++i) {
        if (match(stanzas.at(i)))
            return i;
    }
    return -1;
}

QVector<QDomElement> ScenarioRunner::window(const QString &session) const
{
    return m_inbox.value(session).mid(m_windowStart.value(session));
}

QString ScenarioRunner::describeWindow(const QVector<QDomElement> &stanzas) const
{
    if (stanzas.isEmpty())
        return QStringLiteral("nothing");
    constexpr int Shown = 12;
    QStringList lines;
    for (int i = 0; i < stanzas.size() && i < Shown; ++i)
        lines << StanzaSummary::summarize(stanzas.at(i));
    if (stanzas.size() > Shown)
        lines << QStringLiteral("\u2026 and %1 more").arg(stanzas.size() - Shown);
    return lines.join(QStringLiteral("; "));
}

QString ScenarioRunner::orderWord(const QDomElement &stanza) const
{
    ScenarioFilter::Kind kind = ScenarioFilter::classify(stanza);
    if (kind == ScenarioFilter::Kind::GroupChat && StanzaSummary::isDelayed(stanza))
        kind = ScenarioFilter::Kind::History;
    const QString from = stanza.attribute(QStringLiteral("from"));
    const QString name = ScenarioFilter::kindName(kind);
    return from.isEmpty() ? name : name + QLatin1Char(':') + StanzaSummary::shortJid(from);
}

void ScenarioRunner::createClients()
{
    qDeleteAll(m_clients);
    m_clients.clear();
    for (const ScenarioClient &spec : std::as_const(m_scenario.clients)) {
        auto *client = new ScriptClient(spec.name, this);
        const QString name = spec.name;
        connect(client, &ScriptClient::elementReceived, this,
                [this, name](const QDomElement &stanza) { record(name, stanza); });
        connect(client, &ScriptClient::pingAnswered, this,
                [this](const QString &id) { m_pendingPings.remove(id); });
        connect(client, &ScriptClient::changed, this, &ScenarioRunner::check);
        m_clients.insert(name, client);
    }
}

bool ScenarioRunner::isSessionConnected(const QString &name) const
{
    if (const ScriptClient *client = m_clients.value(name))
        return client->isOnline();
    const LabSession *session = m_target->session(name);
    return session && session->isConnected();
}

QString ScenarioRunner::pingSession(const QString &name)
{
    if (ScriptClient *client = m_clients.value(name))
        return client->ping();
    LabSession *session = m_target->session(name);
    return session && session->isConnected() ? session->ping() : QString();
}

bool ScenarioRunner::expandScript(const QString &text, QString *out, QString *error) const
{
    return ScansionParser::expand(
        text, m_scenario.clients, [this](const QString &name) { return m_boundJids.value(name); }, out,
        error);
}

void ScenarioRunner::runScripted(const ScenarioStep &step)
{
    using Action = ScenarioStep::Action;
    const QString name = step.session;
    ScriptClient *client = m_clients.value(name);
    const int index = m_current;
    switch (step.action) {
    case Action::Connect: {
        if (!client->isOffline()) {
            failStep(QStringLiteral("%1 is already connected").arg(name));
            return;
        }
        const auto spec = std::find_if(m_scenario.clients.cbegin(), m_scenario.clients.cend(),
                                       [&name](const ScenarioClient &c) { return c.name == name; });
        client->connectToServer(m_target->scriptLogin(*spec));
        waitUntil(
            QStringLiteral("%1 logged in").arg(name),
            [client] { return client->isOnline() || client->isOffline(); },
            [this, client, name] {
                if (!client->isOnline()) {
                    failStep(QStringLiteral("%1 could not log in: %2").arg(name, client->lastError()));
                    return;
                }
                m_boundJids.insert(name, client->fullJid());
                // A new stream: what an earlier one received is no longer looked at.
                m_cursor.insert(name, int(m_inbox.value(name).size()));
                pass(QStringLiteral("online as %1").arg(client->fullJid()));
            });
        return;
    }
    case Action::Disconnect:
        if (client->isOffline()) {
            pass(QStringLiteral("was not connected"));
            return;
        }
        client->disconnectFromServer();
        waitUntil(
            QStringLiteral("%1 offline").arg(name), [client] { return client->isOffline(); },
            [this] { pass(QStringLiteral("offline")); });
        return;
    case Action::Send: {
        QString xml;
        QString why;
        if (!expandScript(step.xml, &xml, &why)) {
            failStep(why);
            return;
        }
        if (!client->sendXml(xml)) {
            failStep(QStringLiteral("%1 is not connected").arg(name));
            return;
        }
        // The server answers the ping after it has processed what was sent.
        settle({ name }, 1, false, [this] { pass(QStringLiteral("sent")); });
        return;
    }
    case Action::ExpectStanza:
        evaluateScripted(index);
        return;
    case Action::ExpectNothing:
        // Every client answers its pings, so all that the server sent them has arrived.
        settle(m_scenario.sessions, 2, true, [this, index] { evaluateScripted(index); });
        return;
    default:
        failStep(QStringLiteral("a scansion script has no step \"%1\"").arg(step.keyword()));
        return;
    }
}

void ScenarioRunner::evaluateScripted(int index)
{
    if (m_state != State::Running || index != m_current)
        return;
    const ScenarioStep &step = m_scenario.steps.at(index);
    const QString name = step.session;
    const QVector<QDomElement> inbox = m_inbox.value(name);
    const int from = m_cursor.value(name);
    if (step.action == ScenarioStep::Action::ExpectNothing) {
        m_cursor.insert(name, int(inbox.size()));
        if (from >= inbox.size()) {
            pass(QStringLiteral("nothing arrived"));
            return;
        }
        failStep(QStringLiteral("received %1").arg(describeWindow(inbox.mid(from))));
        return;
    }
    if (m_expectedStep != index || m_expectedGeneration != m_generation) {
        QString xml;
        QString why;
        if (!expandScript(step.xml, &xml, &why) || !StanzaTemplate::parse(xml, &m_expected, &why)) {
            failStep(why);
            return;
        }
        m_expectedStep = index;
        m_expectedGeneration = m_generation;
    }
    QStringList passedOver;
    for (int i = from; i < inbox.size(); ++i) {
        const QString mismatch = m_expected.mismatch(inbox.at(i), &m_captures);
        if (mismatch.isEmpty()) {
            m_cursor.insert(name, i + 1);
            const QString matched = StanzaSummary::summarize(inbox.at(i));
            pass(passedOver.isEmpty() ? QStringLiteral("matched %1").arg(matched)
                                      : QStringLiteral("matched %1, after passing over %2")
                                            .arg(matched, passedOver.join(QStringLiteral("; "))));
            return;
        }
        passedOver << QStringLiteral("%1 (%2)").arg(StanzaSummary::summarize(inbox.at(i)), mismatch);
    }
    if (m_lateRounds < MaxScriptRounds && isSessionConnected(name)) {
        ++m_lateRounds;
        const quint64 generation = m_generation;
        QTimer::singleShot(ScriptRoundDelayMs, this, [this, name, index, generation] {
            if (generation == m_generation)
                settle({ name }, 1, false, [this, index] { evaluateScripted(index); });
        });
        return;
    }
    failStep(
        QStringLiteral("no stanza matched; received %1")
            .arg(passedOver.isEmpty() ? QStringLiteral("nothing") : passedOver.join(QStringLiteral("; "))));
}
