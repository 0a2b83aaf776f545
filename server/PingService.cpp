// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "PingService.h"

#include "Jid.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

QStringList PingService::discoveryFeatures() const
{
    return { QString(Ns::Ping) };
}

bool PingService::handleStanza(const QDomElement &stanza)
{
    if (!Stanza::isIq(stanza) || Stanza::type(stanza) != QLatin1String("get")
        || Stanza::child(stanza, QStringLiteral("ping"), Ns::Ping).isNull())
        return false;
    const QString to = Stanza::to(stanza);
    if (to != router()->domain() && to != Jid::bare(Stanza::from(stanza)))
        return false;
    replyResult(stanza);
    return true;
}
