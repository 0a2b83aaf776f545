// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/ScenarioWriter.h"

#include <QDomDocument>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>

namespace {
// A JSON string literal, escaped as Qt's JSON writer escapes it.
QString quoted(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray { text }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QString codes(const QList<int> &list)
{
    QStringList text;
    for (int code : list)
        text << QString::number(code);
    return QLatin1Char('[') + text.join(QStringLiteral(", ")) + QLatin1Char(']');
}

class Fields
{
public:
    void add(const char *key, const QString &json)
    {
        m_parts << quoted(QLatin1String(key)) + QStringLiteral(": ") + json;
    }
    void text(const char *key, const QString &value)
    {
        if (!value.isEmpty())
            add(key, quoted(value));
    }
    void optional(const char *key, const std::optional<QString> &value)
    {
        if (value)
            add(key, quoted(*value));
    }
    QString object() const
    {
        return QLatin1Char('{') + m_parts.join(QStringLiteral(", ")) + QLatin1Char('}');
    }

private:
    QStringList m_parts;
};

// The parser keeps a join's "history" and "password" as the MUC payload it sends;
// read them back from there.
void addJoinPayload(Fields *fields, const QString &payload)
{
    if (payload.isEmpty())
        return;
    QDomDocument document;
    if (!document.setContent(QStringLiteral("<x>%1</x>").arg(payload)))
        return;
    const QDomElement root = document.documentElement();
    const QDomElement history = root.firstChildElement(QStringLiteral("history"));
    if (!history.isNull()) {
        QStringList parts;
        const QDomNamedNodeMap attributes = history.attributes();
        // In the parser's order of reading (the file's), which for Qt's JSON is by key.
        QStringList keys;
        for (int i = 0; i < attributes.count(); ++i)
            keys << attributes.item(i).nodeName();
        keys.sort();
        for (const QString &key : std::as_const(keys)) {
            const QString value = history.attribute(key);
            parts << quoted(key) + QStringLiteral(": ")
                    + (key == QLatin1String("since") ? quoted(value) : value);
        }
        fields->add("history", QLatin1Char('{') + parts.join(QStringLiteral(", ")) + QLatin1Char('}'));
    }
    const QDomElement password = root.firstChildElement(QStringLiteral("password"));
    if (!password.isNull())
        fields->text("password", password.text());
}

void addFilter(Fields *fields, const ScenarioFilter &filter, bool withKind)
{
    if (withKind && filter.kind != ScenarioFilter::Kind::Any)
        fields->add("kind", quoted(ScenarioFilter::kindName(filter.kind)));
    fields->text("from", filter.from);
    fields->text("to", filter.to);
    fields->optional("type", filter.type);
    fields->optional("id", filter.id);
    fields->optional("body", filter.body);
    fields->optional("subject", filter.subject);
    fields->optional("show", filter.show);
    if (!filter.status.isEmpty())
        fields->add("status", codes(filter.status));
    if (!filter.noStatus.isEmpty())
        fields->add("no_status", codes(filter.noStatus));
    fields->optional("condition", filter.condition);
    if (filter.itemNick || filter.itemRole || filter.itemAffiliation || filter.itemJid) {
        Fields item;
        item.optional("nick", filter.itemNick);
        item.optional("role", filter.itemRole);
        item.optional("affiliation", filter.itemAffiliation);
        item.optional("jid", filter.itemJid);
        fields->add("item", item.object());
    }
    if (filter.destroy)
        fields->add("destroy", filter.destroy->isEmpty() ? QStringLiteral("true") : quoted(*filter.destroy));
    fields->optional("reason", filter.reason);
    fields->optional("inviter", filter.inviter);
    if (filter.delayed)
        fields->add("delayed", *filter.delayed ? QStringLiteral("true") : QStringLiteral("false"));
}
} // namespace

QString ScenarioWriter::stepJson(const ScenarioStep &step)
{
    using Action = ScenarioStep::Action;
    Fields fields;
    fields.add(step.isExpectation() ? "expect" : "do", quoted(step.keyword()));
    fields.text("session", step.session);
    switch (step.action) {
    case Action::Join:
        fields.text("room", step.room);
        fields.text("nick", step.nick);
        fields.text("classic_nick", step.classicNick);
        addJoinPayload(&fields, step.mucPayload);
        break;
    case Action::Leave:
        fields.text("room", step.room);
        fields.text("nick", step.nick);
        break;
    case Action::Nick:
        fields.text("room", step.room);
        fields.text("nick", step.nick);
        fields.text("classic_nick", step.classicNick);
        break;
    case Action::Say:
        fields.text("room", step.room);
        fields.text("body", step.body);
        break;
    case Action::Presence:
        fields.text("room", step.room);
        fields.text("show", step.show);
        fields.text("status", step.status);
        break;
    case Action::Private:
        fields.text("room", step.room);
        fields.text("to", step.to);
        fields.text("body", step.body);
        break;
    case Action::Send:
    case Action::ExpectStanza:
        fields.text("xml", step.xml);
        break;
    case Action::Connect:
    case Action::Drop:
    case Action::Disconnect:
    case Action::Reconnect:
    case Action::Lose:
    case Action::Resume:
        break;
    case Action::ExpectReceive:
    case Action::ExpectNothing:
        addFilter(&fields, step.filter, true);
        if (step.action == Action::ExpectReceive && step.count >= 0)
            fields.add("count", QString::number(step.count));
        break;
    case Action::ExpectOrder: {
        fields.text("from", step.filter.from);
        QStringList kinds;
        for (const QString &kind : step.orderText)
            kinds << quoted(kind);
        fields.add("kinds", QLatin1Char('[') + kinds.join(QStringLiteral(", ")) + QLatin1Char(']'));
        break;
    }
    }
    fields.text("note", step.note);
    return fields.object();
}

QByteArray ScenarioWriter::toJson(const Scenario &scenario)
{
    QStringList sessions;
    for (const QString &session : scenario.sessions)
        sessions << quoted(session);
    QString out = QStringLiteral("{\n");
    out += QStringLiteral("  \"name\": %1,\n").arg(quoted(scenario.name));
    out += QStringLiteral("  \"rule\": %1,\n").arg(quoted(scenario.rule));
    out += QStringLiteral("  \"description\": %1,\n").arg(quoted(scenario.description));
    out += QStringLiteral("  \"mode\": %1,\n").arg(quoted(scenario.modeName()));
    out += QStringLiteral("  \"sessions\": [%1],\n").arg(sessions.join(QStringLiteral(", ")));
    out += QStringLiteral("  \"steps\": [\n");
    for (int i = 0; i < scenario.steps.size(); ++i) {
        const ScenarioStep &step = scenario.steps.at(i);
        const bool last = i + 1 == scenario.steps.size();
        out += QStringLiteral("    ") + stepJson(step) + (last ? QString() : QStringLiteral(","))
            + QLatin1Char('\n');
        // A blank line where a group of expectations ends, as in the hand-written files.
        if (!last && step.isExpectation() && !scenario.steps.at(i + 1).isExpectation())
            out += QLatin1Char('\n');
    }
    out += QStringLiteral("  ]\n}\n");
    return out.toUtf8();
}

QByteArray ScenarioWriter::toScansion(const Scenario &scenario)
{
    const auto indented = [](const QString &xml) {
        QStringList lines;
        for (const QString &line : xml.split(QLatin1Char('\n'))) {
            if (!line.trimmed().isEmpty())
                lines << QLatin1Char('\t') + line;
        }
        return lines.join(QLatin1Char('\n'));
    };
    QString out = QStringLiteral("# %1\n").arg(scenario.name.simplified());
    if (!scenario.description.isEmpty())
        out += QStringLiteral("# %1\n").arg(scenario.description.simplified());
    for (const ScenarioClient &client : scenario.clients) {
        out += QStringLiteral("\n[Client] %1\n\tjid: %2\n\tpassword: %3\n")
                   .arg(client.name, client.jid, client.password);
        if (!client.resource.isEmpty())
            out += QStringLiteral("\tresource: %1\n").arg(client.resource);
    }
    out += QStringLiteral("\n-----\n");
    for (const ScenarioStep &step : scenario.steps) {
        out += QLatin1Char('\n');
        if (!step.note.isEmpty())
            out += QStringLiteral("# %1\n").arg(step.note.simplified());
        switch (step.action) {
        case ScenarioStep::Action::Connect:
            out += QStringLiteral("%1 connects\n").arg(step.session);
            break;
        case ScenarioStep::Action::Disconnect:
            out += QStringLiteral("%1 disconnects\n").arg(step.session);
            break;
        case ScenarioStep::Action::Send:
            out += QStringLiteral("%1 sends:\n%2\n").arg(step.session, indented(step.xml));
            break;
        case ScenarioStep::Action::ExpectStanza:
            out += QStringLiteral("%1 receives:\n%2\n").arg(step.session, indented(step.xml));
            break;
        case ScenarioStep::Action::ExpectNothing:
            out += QStringLiteral("%1 receives: nothing\n").arg(step.session);
            break;
        default:
            out += QStringLiteral("# (%1 cannot be written in scansion)\n").arg(step.title());
            break;
        }
    }
    return out.toUtf8();
}

bool ScenarioWriter::save(const Scenario &scenario, const QString &path, QString *error)
{
    // All or nothing: a failed write never leaves half a scenario behind.
    QSaveFile file(path);
    const QByteArray bytes = scenario.isScripted() ? toScansion(scenario) : toJson(scenario);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) < 0 || !file.commit()) {
        if (error)
            *error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}
