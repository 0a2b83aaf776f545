// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucAdminRequest.h"

#include "Jid.h"
#include "Stanza.h"

std::function<void(QDomElement &x)> MucAdminRequest::removalNotice() const
{
    return mucActorNotice(actorNick, actorJid, item.firstChildElement(QStringLiteral("reason")).text());
}

std::function<void(QDomElement &x)> mucActorNotice(const QString &actorNick, const QString &actorJid,
                                                   const QString &reason)
{
    return [actorNick, actorJid, reason](QDomElement &x) {
        const QString recipient = x.parentNode().toElement().attribute(QStringLiteral("to"));
        for (QDomElement outItem = x.firstChildElement(QStringLiteral("item")); !outItem.isNull();
             outItem = outItem.nextSiblingElement(QStringLiteral("item"))) {
            // An item with a JID: this recipient sees real JIDs, unless it is about itself.
            const QString about = outItem.attribute(QStringLiteral("jid"));
            const bool showsActorJid = !about.isEmpty() && Jid::bare(about) != Jid::bare(recipient);
            if (!actorNick.isEmpty() || (showsActorJid && !actorJid.isEmpty())) {
                QDomElement actor = Stanza::addChild(outItem, QStringLiteral("actor"));
                if (!actorNick.isEmpty())
                    actor.setAttribute(QStringLiteral("nick"), actorNick);
                if (showsActorJid && !actorJid.isEmpty())
                    actor.setAttribute(QStringLiteral("jid"), actorJid);
            }
            if (!reason.isEmpty())
                Stanza::addTextChild(outItem, QStringLiteral("reason"), reason);
        }
    };
}
