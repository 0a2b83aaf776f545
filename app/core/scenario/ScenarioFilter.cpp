// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/ScenarioFilter.h"

#include "Jid.h"
#include "Stanza.h"
#include "Vocabulary.h"
#include "core/scenario/ScenarioJids.h"
#include "core/session/StanzaSummary.h"

#include <QDomElement>

namespace {

QDomElement mucUser(const QDomElement &stanza)
{
    return Stanza::child(stanza, QStringLiteral("x"), Ns::MucUser);
}

QString codes(const QList<int> &list)
{
    QStringList text;
    for (int code : list)
        text << QString::number(code);
    return text.join(QLatin1Char(' '));
}

QString quoted(const QString &text)
{
    return QStringLiteral("\u201c%1\u201d").arg(text);
}

const QStringList &names()
{
    // Indexed by ScenarioFilter::Kind.
    static const QStringList list { QStringLiteral("stanza"),   QStringLiteral("groupchat"),
                                    QStringLiteral("history"),  QStringLiteral("subject"),
                                    QStringLiteral("message"),  QStringLiteral("invite"),
                                    QStringLiteral("presence"), QStringLiteral("error"),
                                    QStringLiteral("iq"),       QStringLiteral("bookmark") };
    return list;
}
} // namespace

QStringList ScenarioFilter::kindNames()
{
    return names().mid(1);
}

ScenarioFilter::Kind ScenarioFilter::kindFromName(const QString &name, bool *ok)
{
    const int index = kindNames().indexOf(name);
    *ok = index >= 0;
    return index >= 0 ? Kind(index + 1) : Kind::Any;
}

QString ScenarioFilter::kindName(Kind kind)
{
    return names().value(int(kind));
}

ScenarioFilter::Kind ScenarioFilter::classify(const QDomElement &stanza)
{
    const QString tag = stanza.tagName();
    const QString type = stanza.attribute(QStringLiteral("type"));
    if (type == QLatin1String("error"))
        return Kind::Error;
    if (tag == QLatin1String("presence"))
        return Kind::Presence;
    if (tag == QLatin1String("iq"))
        return Kind::Iq;
    if (tag != QLatin1String("message"))
        return Kind::Any;
    if (StanzaSummary::isPepEvent(stanza))
        return Kind::Bookmark; // XEP-0402 bookmark changes are the only PEP notifications the lab sees
    const bool hasBody = !stanza.firstChildElement(QStringLiteral("body")).isNull();
    if (type == QLatin1String("groupchat")) {
        if (!hasBody && !stanza.firstChildElement(QStringLiteral("subject")).isNull())
            return Kind::Subject;
        return Kind::GroupChat;
    }
    if (!Stanza::child(mucUser(stanza), QStringLiteral("invite"), Ns::MucUser).isNull()
        || !Stanza::child(stanza, QStringLiteral("x"), Ns::ConferenceInvite).isNull())
        return Kind::Invite;
    return Kind::Message;
}

bool ScenarioFilter::matches(const QDomElement &stanza, const ScenarioJids &jids) const
{
    const Kind actual = classify(stanza);
    const bool isDelayed = StanzaSummary::isDelayed(stanza);
    if (kind == Kind::History) {
        if (actual != Kind::GroupChat || !isDelayed)
            return false;
    } else if (kind != Kind::Any && kind != actual) {
        return false;
    }
    const auto attribute = [&stanza](const char *name) { return stanza.attribute(QLatin1String(name)); };
    if (!from.isEmpty()) {
        const QString wanted = jids.room(from);
        const QString sender = attribute("from");
        const bool occupant = wanted.contains(QLatin1Char('/'));
        if (sender != wanted && (occupant || !sender.startsWith(wanted + QLatin1Char('/'))))
            return false;
    }
    if (!to.isEmpty() && attribute("to") != jids.account(to))
        return false;
    if (type) {
        const QString wanted = *type == QLatin1String("available") ? QString() : *type;
        if (attribute("type") != wanted)
            return false;
    }
    if (id && attribute("id") != *id)
        return false;
    if (body) {
        const QDomElement element = stanza.firstChildElement(QStringLiteral("body"));
        if (element.isNull() || element.text() != *body)
            return false;
    }
    if (subject) {
        const QDomElement element = stanza.firstChildElement(QStringLiteral("subject"));
        if (element.isNull() || element.text() != *subject)
            return false;
    }
    if (show) {
        const QString actualShow = stanza.firstChildElement(QStringLiteral("show")).text();
        if (actualShow != (*show == QLatin1String("online") ? QString() : *show))
            return false;
    }
    if (delayed && isDelayed != *delayed)
        return false;
    if (condition && StanzaSummary::errorCondition(stanza) != *condition)
        return false;

    const QDomElement x = mucUser(stanza);
    const QList<int> actualCodes = StanzaSummary::mucStatusCodes(stanza);
    for (int code : status) {
        if (!actualCodes.contains(code))
            return false;
    }
    for (int code : noStatus) {
        if (actualCodes.contains(code))
            return false;
    }
    if (reason) {
        bool found = false;
        const QDomNodeList reasons = x.elementsByTagName(QStringLiteral("reason"));
        for (int i = 0; i < reasons.size() && !found; ++i)
            found = reasons.at(i).toElement().text() == *reason;
        if (!found)
            return false;
    }
    if (inviter) {
        const QDomElement invite = Stanza::child(x, QStringLiteral("invite"), Ns::MucUser);
        // The inviter as the room shows it: its account (bare or full JID), or, where
        // real JIDs are for moderators, its occupant JID (the nick, as Prosody sends it).
        const QString from = invite.attribute(QStringLiteral("from"));
        const bool byAccount = Jid::bare(from) == jids.account(*inviter);
        const bool byNick = Jid::bare(from) == Jid::bare(stanza.attribute(QStringLiteral("from")))
            && Jid::resource(from) == *inviter;
        if (invite.isNull() || (!byAccount && !byNick))
            return false;
    }
    if (destroy) {
        const QDomElement notice = Stanza::child(x, QStringLiteral("destroy"), Ns::MucUser);
        if (notice.isNull())
            return false;
        if (!destroy->isEmpty() && notice.attribute(QStringLiteral("jid")) != jids.room(*destroy))
            return false;
    }
    if (itemNick || itemRole || itemAffiliation || itemJid) {
        const QDomElement item = Stanza::child(x, QStringLiteral("item"), Ns::MucUser);
        if (item.isNull())
            return false;
        const auto itemHas = [&item](const char *name, const std::optional<QString> &wanted) {
            return !wanted || item.attribute(QLatin1String(name)) == *wanted;
        };
        if (!itemHas("nick", itemNick) || !itemHas("role", itemRole)
            || !itemHas("affiliation", itemAffiliation))
            return false;
        if (itemJid && item.attribute(QStringLiteral("jid")) != jids.account(*itemJid))
            return false;
    }
    return true;
}

QString ScenarioFilter::describe() const
{
    QStringList parts;
    QString head = kindName(kind);
    if (!from.isEmpty())
        head += QStringLiteral(" from ") + from;
    if (body)
        head += QLatin1Char(' ') + quoted(*body);
    parts << head;
    if (!to.isEmpty())
        parts << QStringLiteral("to ") + to;
    if (type)
        parts << QStringLiteral("type ") + *type;
    if (id)
        parts << QStringLiteral("id ") + *id;
    if (subject)
        parts << QStringLiteral("subject ") + quoted(*subject);
    if (show)
        parts << QStringLiteral("show ") + *show;
    if (!status.isEmpty())
        parts << QStringLiteral("status ") + codes(status);
    if (!noStatus.isEmpty())
        parts << QStringLiteral("without status ") + codes(noStatus);
    if (condition)
        parts << QStringLiteral("condition ") + *condition;
    if (itemNick)
        parts << QStringLiteral("item nick ") + *itemNick;
    if (itemRole)
        parts << QStringLiteral("item role ") + *itemRole;
    if (itemAffiliation)
        parts << QStringLiteral("item affiliation ") + *itemAffiliation;
    if (itemJid)
        parts << QStringLiteral("item jid ") + *itemJid;
    if (destroy)
        parts << (destroy->isEmpty() ? QStringLiteral("room destroyed")
                                     : QStringLiteral("room destroyed, go to ") + *destroy);
    if (inviter)
        parts << QStringLiteral("invited by ") + *inviter;
    if (reason)
        parts << QStringLiteral("reason ") + quoted(*reason);
    if (delayed)
        parts << (*delayed ? QStringLiteral("with <delay/>") : QStringLiteral("without <delay/>"));
    return parts.join(QStringLiteral(", "));
}
