// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/ScenarioParser.h"

#include "XmlText.h"
#include "core/scenario/ScansionParser.h"
#include "core/scenario/ScenarioJids.h"

#include <QDomElement>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <cmath>

namespace {
const QStringList CommonFields { QStringLiteral("do"), QStringLiteral("expect"), QStringLiteral("session"),
                                 QStringLiteral("note"), QStringLiteral("comment") };
const QStringList FilterFields {
    QStringLiteral("from"),    QStringLiteral("to"),        QStringLiteral("type"),
    QStringLiteral("id"),      QStringLiteral("body"),      QStringLiteral("subject"),
    QStringLiteral("show"),    QStringLiteral("condition"), QStringLiteral("reason"),
    QStringLiteral("inviter"), QStringLiteral("destroy"),   QStringLiteral("delayed"),
    QStringLiteral("status"),  QStringLiteral("no_status"), QStringLiteral("item")
};
const QStringList Shows { QStringLiteral("online"), QStringLiteral("chat"), QStringLiteral("away"),
                          QStringLiteral("xa"), QStringLiteral("dnd") };

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString list(const QStringList &names)
{
    return names.join(QStringLiteral(", "));
}

bool isSessionName(const QString &name)
{
    static const QRegularExpression pattern(QStringLiteral("^[^/@\\s]+/[^/\\s]+$"));
    return pattern.match(name).hasMatch();
}
} // namespace

bool ScenarioParser::load(const QString &path, Scenario *scenario, QString *error)
{
    // A scansion script (.scs) plays on the same runner as the lab's own scenarios.
    if (ScansionParser::isScansionPath(path))
        return ScansionParser::load(path, scenario, error);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return false;
    }
    if (!parse(file.readAll(), scenario, error)) {
        *error = path + QStringLiteral(": ") + *error;
        return false;
    }
    scenario->path = path;
    return true;
}

bool ScenarioParser::parse(const QByteArray &json, Scenario *scenario, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Qt's offset counts bytes and lies just past the offending character; lines and
        // columns count characters and point at it.
        const QString before = QString::fromUtf8(json.left(qMax<qsizetype>(0, parseError.offset - 1)));
        const int line = int(before.count(QLatin1Char('\n'))) + 1;
        const int column = int(before.size() - before.lastIndexOf(QLatin1Char('\n')));
        *error = QStringLiteral("line %1, column %2: invalid JSON: %3")
                     .arg(line)
                     .arg(column)
                     .arg(parseError.errorString());
        return false;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("the file must hold one JSON object (the scenario), not an array");
        return false;
    }
    ScenarioParser parser;
    Scenario parsed;
    if (!parser.parseRoot(document.object(), &parsed)) {
        *error = parser.m_error;
        return false;
    }
    *scenario = parsed;
    return true;
}

bool ScenarioParser::fail(const QString &message)
{
    m_error = m_where + message;
    return false;
}

bool ScenarioParser::parseRoot(const QJsonObject &root, Scenario *scenario)
{
    m_object = root;
    m_where.clear();
    if (!onlyFields({ QStringLiteral("name"), QStringLiteral("rule"), QStringLiteral("description"),
                      QStringLiteral("mode"), QStringLiteral("sessions"), QStringLiteral("steps"),
                      QStringLiteral("comment") }))
        return false;
    QString mode;
    if (!string(QStringLiteral("name"), &scenario->name, true)
        || !string(QStringLiteral("rule"), &scenario->rule, true)
        || !string(QStringLiteral("description"), &scenario->description, true)
        || !string(QStringLiteral("mode"), &mode, false))
        return false;
    if (!mode.isEmpty()) {
        const std::optional<JoinMode> joinMode = joinModeFromName(mode);
        if (!joinMode)
            return fail(
                QStringLiteral("field \"mode\" must be \"minimix\" or \"classic\", not \"%1\"").arg(mode));
        scenario->mode = *joinMode;
    }

    const QJsonValue sessions = root.value(QStringLiteral("sessions"));
    if (sessions.isUndefined())
        return fail(QStringLiteral("missing field \"sessions\""));
    if (!sessions.isArray() || sessions.toArray().isEmpty())
        return fail(QStringLiteral("field \"sessions\" must be a non-empty array of session names like "
                                   "\"alice/phone\""));
    const QJsonArray sessionArray = sessions.toArray();
    for (int i = 0; i < sessionArray.size(); ++i) {
        const QJsonValue entry = sessionArray.at(i);
        const QString name = entry.toString();
        if (!entry.isString() || !isSessionName(name))
            return fail(QStringLiteral("field \"sessions\", entry %1: expected a session name like "
                                       "\"alice/phone\", not %2")
                            .arg(i + 1)
                            .arg(entry.isString() ? QStringLiteral("\"%1\"").arg(name) : typeName(entry)));
        if (scenario->sessions.contains(name))
            return fail(QStringLiteral("field \"sessions\": \"%1\" is listed twice").arg(name));
        scenario->sessions << name;
    }
    m_sessions = scenario->sessions;

    const QJsonValue steps = root.value(QStringLiteral("steps"));
    if (steps.isUndefined())
        return fail(QStringLiteral("missing field \"steps\""));
    if (!steps.isArray() || steps.toArray().isEmpty())
        return fail(QStringLiteral("field \"steps\" must be a non-empty array of steps"));
    const QJsonArray stepArray = steps.toArray();
    for (int i = 0; i < stepArray.size(); ++i) {
        ScenarioStep step;
        step.number = i + 1;
        if (!parseStep(stepArray.at(i), &step) || !followConnection(step))
            return false;
        scenario->steps << step;
    }
    return true;
}

bool ScenarioParser::parseStep(const QJsonValue &value, ScenarioStep *step)
{
    m_where = QStringLiteral("step %1: ").arg(step->number);
    if (!value.isObject())
        return fail(QStringLiteral("must be an object, not %1").arg(typeName(value)));
    m_object = value.toObject();
    const bool isAction = m_object.contains(QStringLiteral("do"));
    const bool isExpectation = m_object.contains(QStringLiteral("expect"));
    if (isAction == isExpectation)
        return fail(QStringLiteral("needs either \"do\" (an action) or \"expect\" (an expectation)"));
    const QString field = isAction ? QStringLiteral("do") : QStringLiteral("expect");
    const QJsonValue word = m_object.value(field);
    if (!word.isString())
        return fail(QStringLiteral("field \"%1\" must be a string, not %2").arg(field, typeName(word)));
    const QStringList names = isAction ? ScenarioStep::actionNames() : ScenarioStep::expectationNames();
    const int index = names.indexOf(word.toString());
    if (index < 0)
        return fail(
            QStringLiteral("unknown %1 \"%2\" (%3: %4)")
                .arg(isAction ? QStringLiteral("action") : QStringLiteral("expectation"), word.toString(),
                     isAction ? QStringLiteral("actions") : QStringLiteral("expectations"), list(names)));
    step->action = ScenarioStep::Action(isAction ? index : index + int(ScenarioStep::Action::ExpectReceive));
    m_where = QStringLiteral("step %1 (%2%3): ")
                  .arg(step->number)
                  .arg(isAction ? QString() : QStringLiteral("expect "), step->keyword());
    if (!session(QStringLiteral("session"), &step->session, true)
        || !string(QStringLiteral("note"), &step->note, false))
        return false;
    return isAction ? parseAction(step) : parseExpectation(step);
}

bool ScenarioParser::parseAction(ScenarioStep *step)
{
    using Action = ScenarioStep::Action;
    const QString room = QStringLiteral("room");
    const QString nick = QStringLiteral("nick");
    // In classic mode each session is its own occupant and needs a nick of its own.
    const QString classicNick = QStringLiteral("classic_nick");
    const QString body = QStringLiteral("body");
    QStringList fields;
    switch (step->action) {
    case Action::Join:
        fields
            = QStringList { room, nick, classicNick, QStringLiteral("history"), QStringLiteral("password") };
        break;
    case Action::Leave:
        fields = QStringList { room, nick };
        break;
    case Action::Nick:
        fields = QStringList { room, nick, classicNick };
        break;
    case Action::Say:
        fields = QStringList { room, body };
        break;
    case Action::Presence:
        fields = QStringList { room, QStringLiteral("show"), QStringLiteral("status") };
        break;
    case Action::Private:
        fields = QStringList { room, QStringLiteral("to"), body };
        break;
    case Action::Send:
        fields = QStringList { QStringLiteral("xml") };
        break;
    default:
        break;
    }
    if (!onlyFields(CommonFields + fields))
        return false;
    if (fields.contains(room) && !string(room, &step->room, true))
        return false;
    switch (step->action) {
    case Action::Join:
        return string(nick, &step->nick, true) && string(classicNick, &step->classicNick, false)
            && parseHistory(step);
    case Action::Leave:
        return string(nick, &step->nick, false);
    case Action::Nick:
        return string(nick, &step->nick, true) && string(classicNick, &step->classicNick, false);
    case Action::Say:
        return string(body, &step->body, true);
    case Action::Presence:
        if (!string(QStringLiteral("show"), &step->show, false)
            || !string(QStringLiteral("status"), &step->status, false))
            return false;
        if (!step->show.isEmpty() && !Shows.contains(step->show))
            return fail(
                QStringLiteral("field \"show\" must be one of %1, not \"%2\"").arg(list(Shows), step->show));
        return true;
    case Action::Private:
        return string(QStringLiteral("to"), &step->to, true) && string(body, &step->body, true);
    case Action::Send:
        return parseSendXml(step);
    default:
        return true;
    }
}

bool ScenarioParser::followConnection(const ScenarioStep &step)
{
    using Action = ScenarioStep::Action;
    const Action action = step.action;
    if (action != Action::Drop && action != Action::Disconnect && action != Action::Reconnect
        && action != Action::Lose && action != Action::Resume)
        return true;
    // Every session starts online; Reconnect stands for "online" too.
    const Action last = m_lastConnectionStep.value(step.session, Action::Reconnect);
    const bool online = last == Action::Reconnect || last == Action::Resume;
    if (action == Action::Lose && !online)
        return fail(QStringLiteral("%1 is not connected here (step \"%2\" before): only a connected "
                                   "session can lose its network")
                        .arg(step.session, ScenarioStep::actionNames().at(int(last))));
    if (action == Action::Resume && last != Action::Lose)
        return fail(online ? QStringLiteral("%1 is connected here: \"resume\" follows a \"lose\" of the "
                                            "same session")
                                 .arg(step.session)
                           : QStringLiteral("%1 was cut off by \"%2\", which ends the session: use "
                                            "\"reconnect\", or \"lose\" for a resumable loss")
                                 .arg(step.session, ScenarioStep::actionNames().at(int(last))));
    m_lastConnectionStep.insert(step.session, action);
    return true;
}

bool ScenarioParser::parseHistory(ScenarioStep *step)
{
    QString password;
    if (!string(QStringLiteral("password"), &password, false))
        return false;
    QString payload;
    const QJsonValue history = m_object.value(QStringLiteral("history"));
    if (!history.isUndefined()) {
        if (!history.isObject())
            return fail(QStringLiteral("field \"history\" must be an object like {\"maxstanzas\": 0}, not %1")
                            .arg(typeName(history)));
        const QJsonObject object = history.toObject();
        const QStringList numbers { QStringLiteral("maxstanzas"), QStringLiteral("maxchars"),
                                    QStringLiteral("seconds") };
        QStringList attributes;
        QStringList text;
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString key = it.key();
            const QString where = QStringLiteral("history.") + key;
            if (key == QLatin1String("since")) {
                if (!it.value().isString())
                    return fail(QStringLiteral("field \"%1\" must be a string (a UTC time like "
                                               "\"2024-01-01T00:00:00Z\"), not %2")
                                    .arg(where, typeName(it.value())));
                attributes << QStringLiteral("since=\"%1\"").arg(it.value().toString().toHtmlEscaped());
                text << QStringLiteral("since=") + it.value().toString();
                continue;
            }
            if (!numbers.contains(key))
                return fail(QStringLiteral("field \"history\": unknown field \"%1\" (fields: %2, since)")
                                .arg(key, list(numbers)));
            const double number = it.value().toDouble(-1);
            if (!it.value().isDouble() || number < 0 || number != std::floor(number) || number > 1e9)
                return fail(
                    QStringLiteral("field \"%1\" must be a whole number \u2265 0, not %2")
                        .arg(where, it.value().isDouble() ? QString::number(number) : typeName(it.value())));
            attributes << QStringLiteral("%1=\"%2\"").arg(key).arg(qint64(number));
            text << QStringLiteral("%1=%2").arg(key).arg(qint64(number));
        }
        payload = QStringLiteral("<history %1/>").arg(attributes.join(QLatin1Char(' ')));
        step->historyText = text.join(QLatin1Char(' '));
    }
    if (!password.isEmpty())
        payload += QStringLiteral("<password>%1</password>").arg(password.toHtmlEscaped());
    step->mucPayload = payload;
    return true;
}

bool ScenarioParser::parseSendXml(ScenarioStep *step)
{
    if (!string(QStringLiteral("xml"), &step->xml, true))
        return false;
    // Checked now with stand-in domains, so a typo is found before anything runs.
    QString expanded;
    QString problem;
    if (!ScenarioJids(QStringLiteral("localhost"), QStringLiteral("conference.localhost"))
             .expand(step->xml, &expanded, &problem))
        return fail(QStringLiteral("field \"xml\": ") + problem);
    const QDomElement element = XmlText::toElement(expanded, &problem);
    if (element.isNull())
        return fail(QStringLiteral("field \"xml\" is not well-formed XML: ") + problem);
    const QString tag = element.tagName();
    if (tag != QLatin1String("message") && tag != QLatin1String("presence") && tag != QLatin1String("iq"))
        return fail(
            QStringLiteral("field \"xml\" must be one <message/>, <presence/> or <iq/>, not <%1/>").arg(tag));
    return true;
}

bool ScenarioParser::parseExpectation(ScenarioStep *step)
{
    using Action = ScenarioStep::Action;
    if (step->action == Action::ExpectOrder) {
        if (!onlyFields(CommonFields + QStringList { QStringLiteral("kinds"), QStringLiteral("from") })
            || !string(QStringLiteral("from"), &step->filter.from, false))
            return false;
        const QJsonValue kinds = m_object.value(QStringLiteral("kinds"));
        if (kinds.isUndefined())
            return fail(QStringLiteral("missing field \"kinds\""));
        if (!kinds.isArray() || kinds.toArray().isEmpty())
            return fail(QStringLiteral("field \"kinds\" must be a non-empty array like "
                                       "[\"presence:lobby/bob\", \"subject\"]"));
        const QJsonArray array = kinds.toArray();
        for (int i = 0; i < array.size(); ++i) {
            const QString text = array.at(i).toString();
            const int colon = text.indexOf(QLatin1Char(':'));
            bool known = false;
            ScenarioFilter filter;
            filter.kind = ScenarioFilter::kindFromName(colon < 0 ? text : text.left(colon), &known);
            filter.from = colon < 0 ? QString() : text.mid(colon + 1);
            if (!array.at(i).isString() || !known || (colon >= 0 && filter.from.isEmpty()))
                return fail(QStringLiteral("field \"kinds\", entry %1: expected KIND or KIND:FROM with KIND "
                                           "one of %2, not %3")
                                .arg(i + 1)
                                .arg(list(ScenarioFilter::kindNames()),
                                     array.at(i).isString() ? QStringLiteral("\"%1\"").arg(text)
                                                            : typeName(array.at(i))));
            step->order << filter;
            step->orderText << text;
        }
        return true;
    }

    QStringList fields = CommonFields + FilterFields;
    fields << QStringLiteral("kind");
    if (step->action == Action::ExpectReceive)
        fields << QStringLiteral("count");
    if (!onlyFields(fields))
        return false;
    QString kind;
    if (!string(QStringLiteral("kind"), &kind, step->action == Action::ExpectReceive))
        return false;
    if (!kind.isEmpty()) {
        bool known = false;
        step->filter.kind = ScenarioFilter::kindFromName(kind, &known);
        if (!known)
            return fail(QStringLiteral("field \"kind\": unknown kind \"%1\" (kinds: %2)")
                            .arg(kind, list(ScenarioFilter::kindNames())));
    }
    bool hasCount = false;
    if (!wholeNumber(QStringLiteral("count"), &step->count, &hasCount))
        return false;
    if (!hasCount)
        step->count = -1;
    return parseFilter(&step->filter);
}

bool ScenarioParser::parseFilter(ScenarioFilter *filter)
{
    if (!string(QStringLiteral("from"), &filter->from, false)
        || !session(QStringLiteral("to"), &filter->to, false)
        || !optionalString(QStringLiteral("type"), &filter->type)
        || !optionalString(QStringLiteral("id"), &filter->id)
        || !optionalString(QStringLiteral("body"), &filter->body)
        || !optionalString(QStringLiteral("subject"), &filter->subject)
        || !optionalString(QStringLiteral("show"), &filter->show)
        || !optionalString(QStringLiteral("condition"), &filter->condition)
        || !optionalString(QStringLiteral("reason"), &filter->reason)
        || !optionalString(QStringLiteral("inviter"), &filter->inviter)
        || !codes(QStringLiteral("status"), &filter->status)
        || !codes(QStringLiteral("no_status"), &filter->noStatus))
        return false;
    if (filter->show && !Shows.contains(*filter->show))
        return fail(
            QStringLiteral("field \"show\" must be one of %1, not \"%2\"").arg(list(Shows), *filter->show));

    const QJsonValue delayed = m_object.value(QStringLiteral("delayed"));
    if (!delayed.isUndefined()) {
        if (!delayed.isBool())
            return fail(
                QStringLiteral("field \"delayed\" must be true or false, not %1").arg(typeName(delayed)));
        filter->delayed = delayed.toBool();
    }
    const QJsonValue destroy = m_object.value(QStringLiteral("destroy"));
    if (!destroy.isUndefined()) {
        if (destroy.isBool() && destroy.toBool())
            filter->destroy = QString();
        else if (destroy.isString() && !destroy.toString().isEmpty())
            filter->destroy = destroy.toString();
        else
            return fail(
                QStringLiteral("field \"destroy\" must be true or the alternate room (\"lobby2\"), not %1")
                    .arg(destroy.isBool() ? QStringLiteral("false") : typeName(destroy)));
    }
    const QJsonValue item = m_object.value(QStringLiteral("item"));
    if (!item.isUndefined()) {
        if (!item.isObject())
            return fail(QStringLiteral("field \"item\" must be an object like {\"role\": \"none\"}, not %1")
                            .arg(typeName(item)));
        const QJsonObject object = item.toObject();
        const QStringList keys { QStringLiteral("nick"), QStringLiteral("role"),
                                 QStringLiteral("affiliation"), QStringLiteral("jid") };
        std::optional<QString> *targets[]
            = { &filter->itemNick, &filter->itemRole, &filter->itemAffiliation, &filter->itemJid };
        for (auto it = object.begin(); it != object.end(); ++it) {
            const int index = keys.indexOf(it.key());
            if (index < 0)
                return fail(QStringLiteral("field \"item\": unknown field \"%1\" (fields: %2)")
                                .arg(it.key(), list(keys)));
            if (!it.value().isString())
                return fail(QStringLiteral("field \"item.%1\" must be a string, not %2")
                                .arg(it.key(), typeName(it.value())));
            *targets[index] = it.value().toString();
        }
    }
    return true;
}

bool ScenarioParser::onlyFields(const QStringList &allowed)
{
    const QStringList keys = m_object.keys();
    for (const QString &key : keys) {
        if (!allowed.contains(key))
            return fail(QStringLiteral("unknown field \"%1\"").arg(key));
    }
    return true;
}

bool ScenarioParser::string(const QString &field, QString *out, bool required)
{
    const QJsonValue value = m_object.value(field);
    if (value.isUndefined()) {
        if (required)
            return fail(QStringLiteral("missing field \"%1\"").arg(field));
        return true;
    }
    if (!value.isString())
        return fail(QStringLiteral("field \"%1\" must be a string, not %2").arg(field, typeName(value)));
    if (required && value.toString().isEmpty())
        return fail(QStringLiteral("field \"%1\" must not be empty").arg(field));
    *out = value.toString();
    return true;
}

bool ScenarioParser::optionalString(const QString &field, std::optional<QString> *out)
{
    const QJsonValue value = m_object.value(field);
    if (value.isUndefined())
        return true;
    if (!value.isString())
        return fail(QStringLiteral("field \"%1\" must be a string, not %2").arg(field, typeName(value)));
    *out = value.toString();
    return true;
}

bool ScenarioParser::wholeNumber(const QString &field, int *out, bool *present)
{
    const QJsonValue value = m_object.value(field);
    *present = !value.isUndefined();
    if (!*present)
        return true;
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 0 || number != std::floor(number) || number > 1e6)
        return fail(QStringLiteral("field \"%1\" must be a whole number \u2265 0, not %2")
                        .arg(field, value.isDouble() ? QString::number(number) : typeName(value)));
    *out = int(number);
    return true;
}

bool ScenarioParser::codes(const QString &field, QList<int> *out)
{
    const QJsonValue value = m_object.value(field);
    if (value.isUndefined())
        return true;
    const QString expected
        = QStringLiteral("field \"%1\" must be an array of status codes like [110, 210]").arg(field);
    if (!value.isArray())
        return fail(QStringLiteral("%1, not %2").arg(expected, typeName(value)));
    const QJsonArray array = value.toArray();
    for (int i = 0; i < array.size(); ++i) {
        const double code = array.at(i).toDouble(-1);
        if (!array.at(i).isDouble() || code < 100 || code > 999 || code != std::floor(code))
            return fail(QStringLiteral("%1; entry %2 is %3")
                            .arg(expected)
                            .arg(i + 1)
                            .arg(array.at(i).isDouble() ? QString::number(code) : typeName(array.at(i))));
        *out << int(code);
    }
    return true;
}

bool ScenarioParser::session(const QString &field, QString *out, bool required)
{
    if (!string(field, out, required))
        return false;
    if (out->isEmpty() || m_sessions.contains(*out))
        return true;
    return fail(QStringLiteral("field \"%1\": unknown session \"%2\" (the scenario's sessions: %3)")
                    .arg(field, *out, list(m_sessions)));
}
