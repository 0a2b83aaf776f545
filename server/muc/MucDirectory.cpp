// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucDirectory.h"

#include "Stanza.h"
#include "Vocabulary.h"

QDomElement MucDirectory::answer(const QDomElement &iq, const QHash<QString, std::shared_ptr<MucRoom>> &rooms)
{
    const bool get = Stanza::type(iq) == QLatin1String("get");
    if (get && !Stanza::child(iq, QStringLiteral("query"), Ns::DiscoInfo).isNull()) {
        QDomElement result = Stanza::iqResult(iq);
        QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::DiscoInfo);
        QDomElement identity = Stanza::addChild(query, QStringLiteral("identity"));
        identity.setAttribute(QStringLiteral("category"), QStringLiteral("conference"));
        identity.setAttribute(QStringLiteral("type"), QStringLiteral("text"));
        identity.setAttribute(QStringLiteral("name"), QStringLiteral("Chatrooms"));
        for (const QString &feature :
             { QString(Ns::DiscoInfo), QString(Ns::DiscoItems), QString(Ns::Muc), QString(Ns::Ping) })
            Stanza::addChild(query, QStringLiteral("feature")).setAttribute(QStringLiteral("var"), feature);
        return result;
    }
    if (get && !Stanza::child(iq, QStringLiteral("query"), Ns::DiscoItems).isNull()) {
        QDomElement result = Stanza::iqResult(iq);
        QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::DiscoItems);
        QStringList names = rooms.keys();
        names.sort();
        for (const QString &jid : qAsConst(names)) {
            const MucRoom *room = rooms.value(jid).get();
            if (!room->config().isPublic || room->isLocked())
                continue;
            QDomElement item = Stanza::addChild(query, QStringLiteral("item"));
            item.setAttribute(QStringLiteral("jid"), jid);
            item.setAttribute(QStringLiteral("name"), room->config().name);
        }
        return result;
    }
    if (!Stanza::child(iq, QStringLiteral("ping"), Ns::Ping).isNull())
        return Stanza::iqResult(iq);
    return Stanza::errorReply(iq, Stanza::ErrorType::Cancel, QStringLiteral("service-unavailable"));
}
