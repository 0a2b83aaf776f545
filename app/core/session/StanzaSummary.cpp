// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/session/StanzaSummary.h"

#include "Jid.h"
#include "Stanza.h"
#include "Vocabulary.h"

#include <QStringList>

namespace {

QString elided(QString text, int max = 80)
{
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return text.size() > max ? text.left(max - 1) + QChar(0x2026) : text;
}

} // namespace

namespace StanzaSummary {

QString shortJid(const QString &jid)
{
    const QString node = Jid::node(jid);
    if (node.isEmpty())
        return jid;
    const QString resource = Jid::resource(jid);
    return resource.isEmpty() ? node : node + QLatin1Char('/') + resource;
}

bool isDelayed(const QDomElement &stanza)
{
    return !Stanza::child(stanza, QStringLiteral("delay"), Ns::Delay).isNull();
}

QList<int> mucStatusCodes(const QDomElement &presence)
{
    QList<int> codes;
    const QDomElement x = Stanza::child(presence, QStringLiteral("x"), Ns::MucUser);
    for (QDomElement s = x.firstChildElement(QStringLiteral("status")); !s.isNull();
         s = s.nextSiblingElement(QStringLiteral("status")))
        codes << s.attribute(QStringLiteral("code")).toInt();
    return codes;
}

QString errorCondition(const QDomElement &stanza)
{
    const QDomElement error = stanza.firstChildElement(QStringLiteral("error"));
    for (QDomElement e = error.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
        if (e.tagName() != QLatin1String("text"))
            return e.tagName();
    }
    return QString();
}

bool isPepEvent(const QDomElement &stanza)
{
    return !Stanza::child(stanza, QStringLiteral("event"), Ns::PubSubEvent).isNull();
}

// "bookmark lobby autojoin as alice", "bookmark lobby removed", "pep <node> 2 items".
QString pepEvent(const QDomElement &stanza)
{
    const QDomElement event = Stanza::child(stanza, QStringLiteral("event"), Ns::PubSubEvent);
    const QDomElement items = event.firstChildElement(QStringLiteral("items"));
    const QString node = items.isNull() ? event.firstChildElement().attribute(QStringLiteral("node"))
                                        : items.attribute(QStringLiteral("node"));
    if (items.isNull())
        return QStringLiteral("pep %1 %2").arg(node, event.firstChildElement().tagName());
    QStringList parts;
    for (QDomElement e = items.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
        const QString id = e.attribute(QStringLiteral("id"));
        if (node != Ns::Bookmarks) {
            parts << QStringLiteral("%1 %2").arg(e.tagName(), id);
            continue;
        }
        if (e.tagName() == QLatin1String("retract")) {
            parts << QStringLiteral("bookmark %1 removed").arg(shortJid(id));
            continue;
        }
        const QDomElement conference = e.firstChildElement(QStringLiteral("conference"));
        const QString autojoin = conference.attribute(QStringLiteral("autojoin"));
        const bool joins = autojoin == QLatin1String("true") || autojoin == QLatin1String("1");
        const QString nick = conference.firstChildElement(QStringLiteral("nick")).text();
        parts << QStringLiteral("bookmark %1 %2%3")
                     .arg(shortJid(id), joins ? QStringLiteral("autojoin") : QStringLiteral("no autojoin"),
                          nick.isEmpty() ? QString() : QStringLiteral(" as ") + nick);
    }
    if (node != Ns::Bookmarks)
        return QStringLiteral("pep %1: %2").arg(node, parts.join(QStringLiteral(", ")));
    return parts.join(QStringLiteral(", "));
}

QString summarize(const QDomElement &stanza)
{
    const QString tag = stanza.tagName();
    const QString type = stanza.attribute(QStringLiteral("type"));
    const QString from = shortJid(stanza.attribute(QStringLiteral("from")));
    if (type == QLatin1String("error"))
        return QStringLiteral("%1 error from %2: %3").arg(tag, from, errorCondition(stanza));
    if (tag == QLatin1String("message") && isPepEvent(stanza))
        return pepEvent(stanza);
    if (tag == QLatin1String("message")) {
        const QString body = stanza.firstChildElement(QStringLiteral("body")).text();
        const QDomElement subject = stanza.firstChildElement(QStringLiteral("subject"));
        if (type == QLatin1String("groupchat") && !subject.isNull() && body.isEmpty()) {
            const QString text = subject.text().isEmpty() ? QStringLiteral("(none)") : elided(subject.text());
            return QStringLiteral("subject %1: %2").arg(from, text);
        }
        // The body before the sender and "history" (delayed: history or a replay) first:
        // narrow panes elide the end of a line.
        const QString kind = type != QLatin1String("groupchat") ? QStringLiteral("message")
            : isDelayed(stanza)                                 ? QStringLiteral("history")
                                                                : type;
        return QStringLiteral("%1 \u201c%2\u201d from %3").arg(kind, elided(body), from);
    }
    if (tag == QLatin1String("presence")) {
        QString state = type.isEmpty() ? QStringLiteral("available") : type;
        const QString show = stanza.firstChildElement(QStringLiteral("show")).text();
        if (!show.isEmpty())
            state += QLatin1Char('/') + show;
        QStringList codes;
        for (int code : mucStatusCodes(stanza))
            codes << QString::number(code);
        const QString status
            = codes.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(codes.join(QLatin1Char(' ')));
        return QStringLiteral("presence %1 %2%3").arg(from, state, status);
    }
    if (tag == QLatin1String("iq")) {
        const QDomElement payload = stanza.firstChildElement();
        const QString what = payload.isNull() ? QString() : QLatin1Char(' ') + payload.tagName();
        return QStringLiteral("iq %1%2 from %3")
            .arg(type, what, from.isEmpty() ? QStringLiteral("server") : from);
    }
    return QStringLiteral("%1 from %2").arg(tag, from);
}

} // namespace StanzaSummary
