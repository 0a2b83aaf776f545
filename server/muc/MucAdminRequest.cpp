// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucAdminRequest.h"

#include "Stanza.h"

std::function<void(QDomElement &x)> MucAdminRequest::removalNotice() const
{
    const QString nick = actorNick;
    const QString reason = item.firstChildElement(QStringLiteral("reason")).text();
    return [nick, reason](QDomElement &x) {
        QDomElement outItem = x.firstChildElement(QStringLiteral("item"));
        if (!nick.isEmpty())
            Stanza::addChild(outItem, QStringLiteral("actor")).setAttribute(QStringLiteral("nick"), nick);
        if (!reason.isEmpty())
            Stanza::addTextChild(outItem, QStringLiteral("reason"), reason);
    };
}
