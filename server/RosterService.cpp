// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "RosterService.h"

#include "Jid.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

QStringList RosterService::discoveryFeatures() const
{
    return { QString(Ns::Roster) };
}

bool RosterService::handleStanza(const QDomElement &stanza)
{
    if (!Stanza::isIq(stanza) || Stanza::child(stanza, QStringLiteral("query"), Ns::Roster).isNull())
        return false;
    if (router()->accountAddressed(stanza) != Jid::bare(Stanza::from(stanza)))
        return false;
    if (Stanza::type(stanza) == QLatin1String("get")) {
        QDomElement result = Stanza::iqResult(stanza);
        Stanza::addChild(result, QStringLiteral("query"), Ns::Roster);
        router()->route(result);
    } else {
        replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("not-allowed"),
                   QStringLiteral("this server does not store rosters"));
    }
    return true;
}
