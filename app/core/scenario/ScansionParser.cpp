// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/ScansionParser.h"

#include "Jid.h"
#include "core/scenario/StanzaTemplate.h"

#include <QDomDocument>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTextStream>

namespace {
bool isComment(const QString &line)
{
    return line.startsWith(QLatin1Char('#')) || line.startsWith(QLatin1String("//"))
        || line.startsWith(QLatin1String("--"));
}

bool isSeparator(const QString &line)
{
    static const QRegularExpression dashes(QStringLiteral("^-{3,}\\s*$"));
    return dashes.match(line).hasMatch();
}

bool isIndented(const QString &line)
{
    return line.startsWith(QLatin1Char('\t')) || line.startsWith(QLatin1Char(' '));
}

const QRegularExpression &variablePattern()
{
    static const QRegularExpression pattern(QStringLiteral("\\$\\{(.+?)'s (full JID|JID)\\}"));
    return pattern;
}
} // namespace

bool ScansionParser::isScansionPath(const QString &path)
{
    return path.endsWith(QLatin1String(".scs"), Qt::CaseInsensitive);
}

bool ScansionParser::expand(const QString &text, const QVector<ScenarioClient> &clients,
                            const std::function<QString(const QString &)> &fullJid, QString *out,
                            QString *error)
{
    QString result;
    int last = 0;
    QRegularExpressionMatchIterator it = variablePattern().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        const QString name = m.captured(1);
        const auto client = std::find_if(clients.cbegin(), clients.cend(),
                                         [&name](const ScenarioClient &c) { return c.name == name; });
        if (client == clients.cend()) {
            if (error)
                *error = QStringLiteral("%1 names no client of this script").arg(m.captured(0));
            return false;
        }
        QString value = m.captured(2) == QLatin1String("JID") ? client->jid : fullJid(name);
        result += text.mid(last, m.capturedStart() - last) + value.toHtmlEscaped();
        last = int(m.capturedEnd());
    }
    result += text.mid(last);
    *out = result;
    return true;
}

bool ScansionParser::load(const QString &path, Scenario *scenario, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(path, file.errorString());
        return false;
    }
    QString message;
    if (!parse(QString::fromUtf8(file.readAll()), scenario, &message)) {
        if (error)
            *error = QStringLiteral("%1: %2").arg(QFileInfo(path).fileName(), message);
        return false;
    }
    scenario->path = path;
    if (scenario->name.isEmpty())
        scenario->name = QFileInfo(path).completeBaseName();
    return true;
}

bool ScansionParser::parse(const QString &text, Scenario *scenario, QString *error)
{
    const QStringList lines = text.split(QLatin1Char('\n'));
    Scenario result;
    result.rule = QStringLiteral("scansion");
    const auto failAt = [error](int line, const QString &message) {
        if (error)
            *error = QStringLiteral("line %1: %2").arg(line).arg(message);
        return false;
    };

    int i = 0;
    // Metadata: the first comment lines are the title and the description.
    QStringList metadata;
    for (; i < lines.size() && lines.at(i).startsWith(QLatin1Char('#')); ++i) {
        if (!lines.at(i).startsWith(QLatin1String("##")))
            metadata << lines.at(i).mid(1).trimmed();
    }
    result.name = metadata.value(0);
    result.description = metadata.mid(1).join(QLatin1Char(' '));

    // Clients, up to the line of dashes.
    static const QRegularExpression clientHeader(QStringLiteral("^\\[(\\w+)\\]\\s+(.+?)\\s*$"));
    static const QRegularExpression property(QStringLiteral("^\\s+(\\w+):\\s*(.*?)\\s*$"));
    ScenarioClient *current = nullptr;
    int currentLine = 0;
    bool separated = false;
    const auto finishClient = [&]() -> bool {
        if (!current)
            return true;
        if (current->jid.isEmpty())
            return failAt(currentLine, QStringLiteral("client \"%1\" has no jid").arg(current->name));
        return true;
    };
    for (; i < lines.size(); ++i) {
        const QString line = lines.at(i);
        if (isSeparator(line)) {
            separated = true;
            ++i;
            break;
        }
        if (line.trimmed().isEmpty() || isComment(line))
            continue;
        const QRegularExpressionMatch header = clientHeader.match(line);
        if (header.hasMatch()) {
            if (!finishClient())
                return false;
            if (header.captured(1) != QLatin1String("Client"))
                return failAt(i + 1,
                              QStringLiteral("[%1] is not a kind of character this player knows "
                                             "(only [Client])")
                                  .arg(header.captured(1)));
            const QString name = header.captured(2);
            for (const ScenarioClient &client : std::as_const(result.clients)) {
                if (client.name == name)
                    return failAt(i + 1, QStringLiteral("client \"%1\" is declared twice").arg(name));
            }
            result.clients.append(ScenarioClient());
            current = &result.clients.last();
            current->name = name;
            currentLine = i + 1;
            continue;
        }
        const QRegularExpressionMatch m = property.match(line);
        if (m.hasMatch() && current) {
            const QString key = m.captured(1);
            const QString value = m.captured(2);
            if (key == QLatin1String("jid")) {
                if (Jid::node(value).isEmpty() || Jid::domain(value).isEmpty())
                    return failAt(i + 1, QStringLiteral("\"%1\" is not an account's JID").arg(value));
                current->jid = Jid::bare(value);
                if (!Jid::resource(value).isEmpty())
                    current->resource = Jid::resource(value);
            } else if (key == QLatin1String("password")) {
                current->password = value;
            } else if (key == QLatin1String("resource")) {
                current->resource = value;
            }
            // Other properties (connect_host, ...) are ignored, as scansion ignores unknown ones.
            continue;
        }
        return failAt(i + 1, QStringLiteral("expected [Client] NAME, a property or a line of dashes"));
    }
    if (!finishClient())
        return false;
    if (!separated)
        return failAt(int(lines.size()),
                      QStringLiteral("no line of dashes between the clients and the actions"));
    if (result.clients.isEmpty())
        return failAt(i, QStringLiteral("the script declares no client"));
    for (const ScenarioClient &client : std::as_const(result.clients))
        result.sessions << client.name;

    // Actions.
    static const QRegularExpression actionLine(
        QStringLiteral("^(.+?) (connects|disconnects|sends|receives)(:?)\\s*(.*?)\\s*$"));
    const auto dummyJid = [](const QString &) { return QStringLiteral("someone@example.org/x"); };
    while (i < lines.size()) {
        const QString line = lines.at(i);
        const int lineNumber = i + 1;
        ++i;
        if (line.trimmed().isEmpty() || isComment(line))
            continue;
        const QRegularExpressionMatch m = actionLine.match(line);
        if (!m.hasMatch() || isIndented(line))
            return failAt(lineNumber,
                          QStringLiteral("expected NAME connects, sends:, receives: or disconnects"));
        const QString who = m.captured(1);
        const QString verb = m.captured(2);
        const QString rest = m.captured(4);
        if (!result.sessions.contains(who))
            return failAt(lineNumber, QStringLiteral("\"%1\" is not a client of this script").arg(who));
        QStringList block;
        while (i < lines.size() && isIndented(lines.at(i)) && !lines.at(i).trimmed().isEmpty()) {
            block << lines.at(i);
            ++i;
        }
        const QString xml = block.join(QLatin1Char('\n')).trimmed();

        ScenarioStep step;
        step.session = who;
        step.line = lineNumber;
        if (verb == QLatin1String("connects") || verb == QLatin1String("disconnects")) {
            if (!block.isEmpty() || !rest.isEmpty())
                return failAt(lineNumber, QStringLiteral("\"%1\" takes nothing after it").arg(verb));
            step.action = verb == QLatin1String("connects") ? ScenarioStep::Action::Connect
                                                            : ScenarioStep::Action::Disconnect;
        } else if (verb == QLatin1String("receives") && rest == QLatin1String("nothing")) {
            step.action = ScenarioStep::Action::ExpectNothing;
        } else {
            if (!rest.isEmpty())
                return failAt(lineNumber, QStringLiteral("unexpected \"%1\" after %2").arg(rest, verb));
            if (xml.isEmpty())
                return failAt(lineNumber,
                              QStringLiteral("%1: needs a stanza on the indented lines below").arg(verb));
            QString why;
            QString checked;
            if (!expand(xml, result.clients, dummyJid, &checked, &why))
                return failAt(lineNumber, why);
            // Variables stand in as tokens, so that a block of several stanzas can be split
            // and each keeps its variables.
            QStringList variables;
            QString tokenised = xml;
            QRegularExpressionMatchIterator vars = variablePattern().globalMatch(xml);
            while (vars.hasNext())
                variables << vars.next().captured(0);
            for (int v = 0; v < variables.size(); ++v)
                tokenised.replace(variables.at(v), QStringLiteral("scansion-variable-%1-").arg(v));
            const QString wrapped = QStringLiteral("<w xmlns='jabber:client' xmlns:scansion='%1'>%2</w>")
                                        .arg(StanzaTemplate::scansionNamespace(), tokenised);
            QDomDocument document;
            QString message;
            int errorLine = 0;
            if (!document.setContent(wrapped, true, &message, &errorLine)) {
                return failAt(lineNumber + qMax(1, errorLine),
                              QStringLiteral("not well-formed XML: %1").arg(message));
            }
            int count = 0;
            for (QDomElement e = document.documentElement().firstChildElement(); !e.isNull();
                 e = e.nextSiblingElement())
                ++count;
            if (verb == QLatin1String("sends")) {
                if (count != 1)
                    return failAt(lineNumber,
                                  QStringLiteral("sends: one stanza at a time, not %1").arg(count));
                step.action = ScenarioStep::Action::Send;
                step.xml = xml;
            } else if (count == 1) {
                step.action = ScenarioStep::Action::ExpectStanza;
                step.xml = xml;
            } else {
                for (QDomElement e = document.documentElement().firstChildElement(); !e.isNull();
                     e = e.nextSiblingElement()) {
                    QString one;
                    QTextStream stream(&one);
                    e.save(stream, 0);
                    stream.flush();
                    for (int v = 0; v < variables.size(); ++v)
                        one.replace(QStringLiteral("scansion-variable-%1-").arg(v), variables.at(v));
                    ScenarioStep each = step;
                    each.action = ScenarioStep::Action::ExpectStanza;
                    each.xml = one.trimmed();
                    result.steps << each;
                }
                continue;
            }
        }
        result.steps << step;
    }
    if (result.steps.isEmpty())
        return failAt(int(lines.size()), QStringLiteral("the script has no actions"));
    for (int n = 0; n < result.steps.size(); ++n)
        result.steps[n].number = n + 1;
    *scenario = result;
    return true;
}
