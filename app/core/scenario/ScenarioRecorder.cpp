// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/ScenarioRecorder.h"

#include "Jid.h"
#include "Vocabulary.h"
#include "core/scenario/ScenarioTarget.h"
#include "core/session/LabSession.h"
#include "core/session/StanzaSummary.h"

#include <QDomDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTextStream>
#include <algorithm>

namespace {
void writeXml(const QDomElement &element, const QString &parentNs, QString *out);

QDomElement copyOf(const QDomElement &stanza)
{
    QDomDocument document;
    document.appendChild(document.importNode(stanza, true));
    return document.documentElement();
}

// The element's children other than whitespace, by tag name.
QStringList childTags(const QDomElement &stanza)
{
    QStringList tags;
    for (QDomElement e = stanza.firstChildElement(); !e.isNull(); e = e.nextSiblingElement())
        tags << e.tagName();
    return tags;
}

QString innerXml(const QDomElement &element)
{
    QString text;
    for (QDomNode node = element.firstChild(); !node.isNull(); node = node.nextSibling()) {
        if (node.isElement())
            writeXml(node.toElement(), element.namespaceURI(), &text);
    }
    return text;
}

// XML text with attributes in a fixed order (QDom keeps them in a hash), so a
// recording reads the same every time: xmlns first, then to, type, id, the rest by name.
void writeXml(const QDomElement &element, const QString &parentNs, QString *out)
{
    static const QStringList first { QStringLiteral("to"), QStringLiteral("type"), QStringLiteral("id") };
    *out += QLatin1Char('<') + element.tagName();
    if (element.namespaceURI() != parentNs && !element.namespaceURI().isEmpty())
        *out += QStringLiteral(" xmlns=\"%1\"").arg(element.namespaceURI().toHtmlEscaped());
    QStringList names;
    const QDomNamedNodeMap attributes = element.attributes();
    for (int i = 0; i < attributes.count(); ++i)
        names << attributes.item(i).nodeName();
    std::sort(names.begin(), names.end(), [](const QString &a, const QString &b) {
        const int ia = first.contains(a) ? int(first.indexOf(a)) : int(first.size());
        const int ib = first.contains(b) ? int(first.indexOf(b)) : int(first.size());
        return ia != ib ? ia < ib : a < b;
    });
    for (const QString &name : std::as_const(names)) {
        if (name != QLatin1String("xmlns"))
            *out += QStringLiteral(" %1=\"%2\"").arg(name, element.attribute(name).toHtmlEscaped());
    }
    if (!element.hasChildNodes()) {
        *out += QStringLiteral("/>");
        return;
    }
    *out += QLatin1Char('>');
    for (QDomNode node = element.firstChild(); !node.isNull(); node = node.nextSibling()) {
        if (node.isElement())
            writeXml(node.toElement(), element.namespaceURI(), out);
        else if (node.isText())
            *out += node.nodeValue().toHtmlEscaped();
    }
    *out += QStringLiteral("</%1>").arg(element.tagName());
}

ScenarioFilter::Kind kindOf(const QDomElement &stanza)
{
    const ScenarioFilter::Kind kind = ScenarioFilter::classify(stanza);
    if (kind == ScenarioFilter::Kind::GroupChat && StanzaSummary::isDelayed(stanza))
        return ScenarioFilter::Kind::History;
    return kind;
}
} // namespace

ScenarioRecorder::ScenarioRecorder(ScenarioTarget *target, QObject *parent)
    : QObject(parent)
    , m_target(target)
{
    m_timeout.setSingleShot(true);
    // A server that stops answering must not hang the recording: what arrived is kept.
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        if (m_state == State::Preparing) {
            cancel();
            emit failed(tr("the server did not come up within %1 s").arg(SettleTimeoutMs / 1000));
        } else if (m_state == State::Settling) {
            flush();
        }
    });
    connect(m_target, &ScenarioTarget::prepared, this, &ScenarioRecorder::onPrepared);
    connect(m_target, &ScenarioTarget::sessionOffline, this, &ScenarioRecorder::onOffline);
    connect(m_target, &ScenarioTarget::sessionDetached, this, [this](const QString &name) {
        m_detached.insert(name);
        check();
    });
    for (const QString &name : m_target->sessionNames()) {
        LabSession *session = m_target->session(name);
        // By name: LabSession's elementSent() lands with the session panes' work.
        connect(session, SIGNAL(elementSent(QDomElement)), this, SLOT(handleSent(QDomElement)));
        connect(session, &LabSession::elementReceived, this,
                [this, name](const QDomElement &stanza) { onReceived(name, stanza); });
        connect(session, &LabSession::connectionChanged, this,
                [this, name](bool connected) { onConnectionChanged(name, connected); });
        connect(session, &LabSession::pingAnswered, this, [this](const QString &id) {
            if (m_pendingPings.remove(id))
                check();
        });
        connect(session, &LabSession::changed, this, [this] {
            if (m_state == State::Settling && m_phase == Phase::Ready)
                check();
        });
    }
}

void ScenarioRecorder::setState(State state)
{
    if (state == m_state)
        return;
    m_state = state;
    emit stateChanged(state);
}

Scenario ScenarioRecorder::scenario() const
{
    Scenario scenario = m_scenario;
    // The lab's order, and only sessions that took part: a "nothing" for a session
    // that never did anything would say nothing.
    scenario.sessions.clear();
    for (const QString &name : m_target->sessionNames()) {
        if (m_involved.contains(name))
            scenario.sessions << name;
    }
    scenario.steps.clear();
    for (ScenarioStep step : m_scenario.steps) {
        if (!scenario.sessions.contains(step.session))
            continue;
        step.number = int(scenario.steps.size()) + 1;
        scenario.steps << step;
    }
    return scenario;
}

int ScenarioRecorder::actionCount() const
{
    int count = 0;
    for (const ScenarioStep &step : m_scenario.steps)
        count += step.isExpectation() ? 0 : 1;
    return count;
}

QStringList ScenarioRecorder::actingSessions() const
{
    QSet<QString> acted;
    for (const ScenarioStep &step : m_scenario.steps) {
        if (!step.isExpectation())
            acted.insert(step.session);
    }
    QStringList names;
    for (const QString &name : m_target->sessionNames()) {
        if (acted.contains(name))
            names << name;
    }
    return names;
}

QString ScenarioRecorder::description() const
{
    const int actions = actionCount();
    const QStringList acting = actingSessions();
    QStringList receiving = scenario().sessions;
    for (const QString &name : acting)
        receiving.removeAll(name);
    const QString separator = QStringLiteral(", ");
    // Qt picks a plural form only from a loaded translation, so English picks it here.
    QString text = actions == 1
        ? tr("%n action by %1, with what each session received after it.", nullptr, actions)
        : tr("%n actions by %1, with what each session received after each of them.", nullptr, actions);
    text = text.arg(acting.join(separator));
    if (!receiving.isEmpty())
        text += QLatin1Char(' ') + tr("%1 only received.").arg(receiving.join(separator));
    return text;
}

QString ScenarioRecorder::traceLine(const QDomElement &stanza)
{
    QString line = ScenarioFilter::kindName(kindOf(stanza)) + QLatin1Char(' ')
        + StanzaSummary::shortJid(stanza.attribute(QStringLiteral("from")));
    const QString type = stanza.attribute(QStringLiteral("type"));
    if (stanza.tagName() == QLatin1String("presence") && !type.isEmpty())
        line += QLatin1Char(' ') + type;
    const QDomElement body = stanza.firstChildElement(QStringLiteral("body"));
    if (!body.isNull())
        line += QStringLiteral(" \u201c%1\u201d").arg(body.text());
    return line;
}

void ScenarioRecorder::start(JoinMode mode)
{
    if (m_state != State::Idle)
        return;
    ++m_generation;
    m_scenario = Scenario();
    m_scenario.mode = mode;
    m_involved.clear();
    m_inbox.clear();
    m_windowStart.clear();
    m_trace.clear();
    m_traffic.clear();
    m_gone.clear();
    m_offline.clear();
    m_detached.clear();
    m_actors.clear();
    m_groupOpen = false;
    m_stopRequested = false;
    m_pendingPings.clear();
    setState(State::Preparing);
    // A replay starts on a fresh server with every session online; so does the recording.
    m_target->prepare(mode);
}

void ScenarioRecorder::onPrepared(const QString &error)
{
    if (m_state != State::Preparing)
        return;
    if (!error.isEmpty()) {
        setState(State::Idle);
        emit failed(error);
        return;
    }
    // What logging in brought stays out, as the runner's first settle keeps it out.
    m_phase = Phase::Rounds;
    m_actors.clear();
    m_round = 0;
    m_groupOpen = false;
    setState(State::Settling);
    m_timeout.start(SettleTimeoutMs);
    pingRound();
}

void ScenarioRecorder::stop()
{
    if (m_state == State::Idle)
        return;
    if (m_state == State::Preparing) {
        cancel();
        return;
    }
    m_stopRequested = true;
    if (m_state == State::Recording)
        finishStop();
}

void ScenarioRecorder::cancel()
{
    ++m_generation;
    m_timeout.stop();
    m_pendingPings.clear();
    m_stopRequested = false;
    setState(State::Idle);
}

void ScenarioRecorder::finishStop()
{
    m_stopRequested = false;
    m_timeout.stop();
    const Scenario recorded = scenario();
    setState(State::Idle);
    emit finished(recorded);
}

void ScenarioRecorder::onReceived(const QString &name, const QDomElement &stanza)
{
    if (m_state != State::Recording && m_state != State::Settling)
        return;
    m_inbox[name].append(copyOf(stanza));
    m_traffic.append({ name, false, copyOf(stanza) });
    ++m_arrivals;
}

void ScenarioRecorder::onOffline(const QString &name)
{
    if (m_state != State::Recording && m_state != State::Settling)
        return;
    m_offline.insert(name);
    LabSession *session = m_target->session(name);
    // The server cut a session that still thinks it is online: a drop.
    if (!m_gone.contains(name) && session && session->isConnected()) {
        m_gone.insert(name);
        ScenarioStep step;
        step.action = ScenarioStep::Action::Drop;
        step.session = name;
        addAction(step, [session] { return !session->isConnected(); });
        return;
    }
    check();
}

void ScenarioRecorder::onConnectionChanged(const QString &name, bool connected)
{
    if (m_state != State::Recording && m_state != State::Settling)
        return;
    LabSession *session = m_target->session(name);
    ScenarioStep step;
    step.session = name;
    if (connected) {
        m_gone.remove(name);
        m_offline.remove(name);
        m_detached.remove(name);
        if (session->isStreamResumed()) {
            step.action = ScenarioStep::Action::Resume;
            addAction(step, [session] { return session->isConnected(); });
            return;
        }
        step.action = ScenarioStep::Action::Reconnect;
        addAction(step, [session] { return session->isConnected() && session->isAvailable(); });
    } else if (!m_gone.contains(name) && session->isNetworkLost()) {
        // The lab cut the client's socket: the server keeps the session to resume.
        m_gone.insert(name);
        step.action = ScenarioStep::Action::Lose;
        addAction(step, [this, name] { return m_detached.contains(name); });
    } else if (!m_gone.contains(name)) {
        // The connection broke without a goodbye and before the server said so.
        m_gone.insert(name);
        step.action = ScenarioStep::Action::Drop;
        addAction(step, [this, name] { return m_offline.contains(name); });
    } else {
        check();
    }
}

void ScenarioRecorder::handleSent(const QDomElement &stanza)
{
    for (const QString &name : m_target->sessionNames()) {
        if (m_target->session(name) == sender())
            onSent(name, stanza);
    }
}

void ScenarioRecorder::onSent(const QString &name, const QDomElement &stanza)
{
    if (m_state != State::Recording && m_state != State::Settling)
        return;
    m_traffic.append({ name, true, copyOf(stanza) });
    ScenarioStep step;
    if (!classify(name, stanza, &step))
        return;
    if (step.action == ScenarioStep::Action::Disconnect) {
        m_gone.insert(name);
        m_offline.remove(name);
        LabSession *session = m_target->session(name);
        addAction(step,
                  [this, name, session] { return m_offline.contains(name) && !session->isConnected(); });
        return;
    }
    addAction(step);
}

bool ScenarioRecorder::classify(const QString &name, const QDomElement &stanza, ScenarioStep *step) const
{
    using Action = ScenarioStep::Action;
    const LabSession *session = m_target->session(name);
    // Logging in (initial presence, roster) is part of connecting, not an action.
    if (!session || !session->isAvailable())
        return false;
    const QString tag = stanza.tagName();
    const QString type = stanza.attribute(QStringLiteral("type"));
    const QString id = stanza.attribute(QStringLiteral("id"));
    if (tag == QLatin1String("iq")
        && (type == QLatin1String("result") || type == QLatin1String("error")
            || id.startsWith(QLatin1String("lab-config-"))))
        return false;

    step->session = name;
    const QString to = stanza.attribute(QStringLiteral("to"));
    const QString room = shortRoom(Jid::bare(to));
    const QString roomJid = Jid::bare(to);
    const QString nick = Jid::resource(to);
    const QStringList children = childTags(stanza);

    if (tag == QLatin1String("presence")) {
        if (to.isEmpty() && type == QLatin1String("unavailable")) {
            step->action = Action::Disconnect;
            return true;
        }
        if (!room.isEmpty() && !nick.isEmpty()) {
            const QDomElement x = stanza.firstChildElement(QStringLiteral("x"));
            if (type.isEmpty() && children == QStringList { QStringLiteral("x") }
                && x.namespaceURI() == Ns::Muc) {
                step->action = Action::Join;
                step->room = room;
                step->nick = nick;
                step->mucPayload = innerXml(x);
                return true;
            }
            if (type == QLatin1String("unavailable") && children.isEmpty()) {
                step->action = Action::Leave;
                step->room = room;
                if (nick != session->nick(roomJid))
                    step->nick = nick;
                return true;
            }
            if (type.isEmpty() && session->isJoined(roomJid)) {
                if (nick != session->nick(roomJid) && children.isEmpty()) {
                    step->action = Action::Nick;
                    step->room = room;
                    step->nick = nick;
                    return true;
                }
                const QStringList allowed { QStringLiteral("show"), QStringLiteral("status") };
                const bool simple = std::all_of(children.begin(), children.end(),
                                                [&allowed](const QString &t) { return allowed.contains(t); })
                    && children.count(QStringLiteral("show")) <= 1
                    && children.count(QStringLiteral("status")) <= 1;
                if (nick == session->nick(roomJid) && simple) {
                    step->action = Action::Presence;
                    step->room = room;
                    step->show = stanza.firstChildElement(QStringLiteral("show")).text();
                    step->status = stanza.firstChildElement(QStringLiteral("status")).text();
                    return true;
                }
            }
        }
    } else if (tag == QLatin1String("message") && !room.isEmpty()
               && children == QStringList { QStringLiteral("body") }) {
        const QString body = stanza.firstChildElement(QStringLiteral("body")).text();
        if (type == QLatin1String("groupchat") && nick.isEmpty() && !body.isEmpty()) {
            step->action = Action::Say;
            step->room = room;
            step->body = body;
            return true;
        }
    }
    // Anything else goes out as written, with names for the JIDs.
    step->action = Action::Send;
    step->xml = templated(stanza);
    return true;
}

QString ScenarioRecorder::shortRoom(const QString &jid) const
{
    const ScenarioJids jids = m_target->jids();
    const QString bare = Jid::bare(jid);
    if (Jid::domain(bare) != jids.mucDomain() || Jid::node(bare).isEmpty())
        return QString();
    const QString resource = Jid::resource(jid);
    return resource.isEmpty() ? Jid::node(bare) : Jid::node(bare) + QLatin1Char('/') + resource;
}

QString ScenarioRecorder::senderName(const QString &jid) const
{
    const QString room = shortRoom(jid);
    if (!room.isEmpty())
        return room;
    // A file's "from" is in room notation; other senders only as full JIDs, and a bare
    // domain not at all (it would read as a room).
    return jid.contains(QLatin1Char('@')) ? jid : QString();
}

QString ScenarioRecorder::templated(const QDomElement &stanza) const
{
    QString xml;
    // The stream's default namespace is implied, as in the hand-written files.
    writeXml(stanza, stanza.namespaceURI(), &xml);
    const ScenarioJids jids = m_target->jids();
    static const QRegularExpression jidPattern(
        QStringLiteral("([^\\s\"'<>/@]+)@([^\\s\"'<>/@]+)(/[^\\s\"'<>]*)?"));
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = jidPattern.globalMatch(xml);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QString domain = match.captured(2);
        const QString name = match.captured(1) + match.captured(3);
        QString replacement = match.captured(0);
        if (domain == jids.mucDomain())
            replacement = QStringLiteral("{room:%1}").arg(name);
        else if (domain == jids.domain())
            replacement = QStringLiteral("{jid:%1}").arg(name);
        out += xml.mid(last, match.capturedStart() - last) + replacement;
        last = match.capturedEnd();
    }
    out += xml.mid(last);
    // A bare service address (to="conference.localhost", to="localhost").
    out.replace(QStringLiteral("\"%1\"").arg(jids.mucDomain()), QStringLiteral("\"{muc}\""));
    out.replace(QStringLiteral("\"%1\"").arg(jids.domain()), QStringLiteral("\"{domain}\""));
    return out;
}

void ScenarioRecorder::addAction(const ScenarioStep &step, const std::function<bool()> &ready)
{
    ScenarioStep recorded = step;
    recorded.number = int(m_scenario.steps.size()) + 1;
    m_scenario.steps << recorded;
    if (!m_involved.contains(step.session))
        m_involved << step.session;
    if (!m_actors.contains(step.session))
        m_actors << step.session;
    m_groupOpen = true;
    emit stepRecorded(int(m_scenario.steps.size()) - 1, recorded.title());

    // Start the wait over: its expectations cover every action since the last group.
    ++m_generation;
    m_pendingPings.clear();
    m_ready = ready;
    m_phase = Phase::Ready;
    setState(State::Settling);
    m_timeout.start(SettleTimeoutMs);
    const quint64 generation = m_generation;
    // Never from inside the session's own send or signal.
    QMetaObject::invokeMethod(
        this,
        [this, generation] {
            if (generation == m_generation)
                check();
        },
        Qt::QueuedConnection);
}

void ScenarioRecorder::check()
{
    if (m_state != State::Settling || !m_pendingPings.isEmpty())
        return;
    if (m_phase == Phase::Ready) {
        if (m_ready && !m_ready())
            return;
        m_ready = nullptr;
        m_phase = Phase::Actors;
        // The acting sessions first: when they have their answers, the server has
        // processed what they sent.
        for (const QString &name : std::as_const(m_actors)) {
            LabSession *session = m_target->session(name);
            if (session && session->isConnected()) {
                const QString id = session->ping();
                if (!id.isEmpty())
                    m_pendingPings.insert(id);
            }
        }
        if (!m_pendingPings.isEmpty())
            return;
    }
    if (m_phase == Phase::Actors) {
        m_phase = Phase::Rounds;
        m_round = 0;
        pingRound();
        return;
    }
    const bool quiet = m_arrivals == m_arrivalsBefore;
    if (m_round < 2 || (!quiet && m_round < MaxSettleRounds)) {
        const quint64 generation = m_generation;
        QMetaObject::invokeMethod(
            this,
            [this, generation] {
                if (generation == m_generation)
                    pingRound();
            },
            Qt::QueuedConnection);
        return;
    }
    flush();
}

void ScenarioRecorder::pingRound()
{
    ++m_round;
    m_arrivalsBefore = m_arrivals;
    for (const QString &name : m_target->sessionNames()) {
        LabSession *session = m_target->session(name);
        if (!session->isConnected())
            continue;
        const QString id = session->ping();
        if (!id.isEmpty())
            m_pendingPings.insert(id);
    }
    if (m_pendingPings.isEmpty())
        check();
}

void ScenarioRecorder::flush()
{
    m_timeout.stop();
    m_pendingPings.clear();
    ++m_generation;
    if (m_groupOpen) {
        const ScenarioJids jids = m_target->jids();
        for (const QString &name : m_target->sessionNames()) {
            const QVector<QDomElement> window = m_inbox.value(name).mid(m_windowStart.value(name));
            for (const QDomElement &stanza : window)
                m_trace[name] << traceLine(stanza);
            if (!window.isEmpty() && !m_involved.contains(name))
                m_involved << name;
            ScenarioStep step;
            step.session = name;
            if (window.isEmpty()) {
                step.action = ScenarioStep::Action::ExpectNothing;
                step.number = int(m_scenario.steps.size()) + 1;
                m_scenario.steps << step;
                continue;
            }
            // One expectation per distinct filter, with exactly as many as match it, so
            // overlapping filters still count right.
            QStringList seen;
            for (const QDomElement &stanza : window) {
                step.action = ScenarioStep::Action::ExpectReceive;
                step.filter = filterFor(stanza);
                const QString key = step.filter.describe();
                if (seen.contains(key))
                    continue;
                seen << key;
                step.count = int(std::count_if(window.begin(), window.end(), [&](const QDomElement &e) {
                    return step.filter.matches(e, jids);
                }));
                step.number = int(m_scenario.steps.size()) + 1;
                m_scenario.steps << step;
            }
        }
    }
    for (const QString &name : m_target->sessionNames())
        m_windowStart[name] = int(m_inbox.value(name).size());
    const bool wasOpen = m_groupOpen;
    m_actors.clear();
    m_groupOpen = false;
    setState(State::Recording);
    if (!wasOpen && m_scenario.steps.isEmpty()) {
        m_traffic.clear(); // logging in is the script's own "connects" and presence
        emit started(); // the settle after logging in
    }
    if (m_stopRequested)
        finishStop();
}

ScenarioFilter ScenarioRecorder::filterFor(const QDomElement &stanza) const
{
    using Kind = ScenarioFilter::Kind;
    ScenarioFilter filter;
    filter.kind = kindOf(stanza);
    filter.from = senderName(stanza.attribute(QStringLiteral("from")));
    const QString type = stanza.attribute(QStringLiteral("type"));
    const QDomElement body = stanza.firstChildElement(QStringLiteral("body"));
    switch (filter.kind) {
    case Kind::Presence:
        filter.type = type.isEmpty() ? QStringLiteral("available") : type;
        filter.status = StanzaSummary::mucStatusCodes(stanza);
        // A drop leaves the account extended away (§5): worth checking on replay.
        if (!stanza.firstChildElement(QStringLiteral("show")).isNull())
            filter.show = stanza.firstChildElement(QStringLiteral("show")).text();
        break;
    case Kind::GroupChat:
    case Kind::History:
    case Kind::Message:
        if (!body.isNull())
            filter.body = body.text();
        break;
    case Kind::Subject:
        filter.subject = stanza.firstChildElement(QStringLiteral("subject")).text();
        break;
    case Kind::Error:
        filter.condition = StanzaSummary::errorCondition(stanza);
        break;
    case Kind::Iq:
        filter.type = type;
        break;
    case Kind::Invite:
    case Kind::Bookmark:
    case Kind::Any:
        break;
    }
    return filter;
}

namespace {
// Values a server makes up anew on each run.
bool isMadeUp(const QString &attribute)
{
    return attribute == QLatin1String("id") || attribute == QLatin1String("stamp")
        || attribute == QLatin1String("ver") || attribute == QLatin1String("timestamp");
}

void openMadeUpValues(QDomElement element, const QSet<QString> &sentValues)
{
    const QDomNamedNodeMap attributes = element.attributes();
    for (int i = 0; i < attributes.count(); ++i) {
        QDomAttr attribute = attributes.item(i).toAttr();
        if (isMadeUp(attribute.name()) && !sentValues.contains(attribute.value()))
            attribute.setValue(QStringLiteral("{scansion:any}"));
    }
    for (QDomElement child = element.firstChildElement(); !child.isNull(); child = child.nextSiblingElement())
        openMadeUpValues(child, sentValues);
}

void collectValues(const QDomElement &element, QSet<QString> *values)
{
    const QDomNamedNodeMap attributes = element.attributes();
    for (int i = 0; i < attributes.count(); ++i)
        values->insert(attributes.item(i).toAttr().value());
    for (QDomElement child = element.firstChildElement(); !child.isNull(); child = child.nextSiblingElement())
        collectValues(child, values);
}

QString written(const QDomElement &element)
{
    QString text;
    QTextStream stream(&text);
    element.save(stream, 1);
    stream.flush();
    // The default namespace is implied by the script.
    text.replace(QStringLiteral(" xmlns=\"jabber:client\""), QString());
    return text.trimmed();
}
} // namespace

Scenario ScenarioRecorder::scansionScript() const
{
    Scenario script;
    script.name = m_scenario.name;
    script.description = description();
    script.rule = QStringLiteral("scansion");
    script.mode = m_scenario.mode;
    QSet<QString> sentValues;
    for (const Traffic &traffic : m_traffic) {
        if (!script.sessions.contains(traffic.session))
            script.sessions << traffic.session;
        if (traffic.sent)
            collectValues(traffic.stanza, &sentValues);
    }
    using Action = ScenarioStep::Action;
    const auto add = [&script](const QString &session, Action action, const QString &xml = QString()) {
        ScenarioStep step;
        step.session = session;
        step.action = action;
        step.xml = xml;
        step.number = int(script.steps.size()) + 1;
        script.steps << step;
    };
    for (const QString &name : std::as_const(script.sessions)) {
        const ScenarioClient client = m_target->scriptClientOf(name);
        if (client.jid.isEmpty())
            continue;
        script.clients.append(client);
        // Online as the lab's sessions were when the recording began.
        add(name, Action::Connect);
        add(name, Action::Send, QStringLiteral("<presence/>"));
        add(name, Action::ExpectStanza, QStringLiteral("<presence from=\"${%1's full JID}\"/>").arg(name));
    }
    for (const Traffic &traffic : m_traffic) {
        if (traffic.sent) {
            add(traffic.session, Action::Send, written(traffic.stanza));
            continue;
        }
        QDomDocument document;
        QDomElement stanza = document.importNode(traffic.stanza, true).toElement();
        document.appendChild(stanza);
        openMadeUpValues(stanza, sentValues);
        stanza.setAttribute(QStringLiteral("scansion:strict"), QStringLiteral("false"));
        add(traffic.session, Action::ExpectStanza, written(stanza));
    }
    for (const QString &name : std::as_const(script.sessions))
        add(name, Action::Disconnect);
    return script;
}
