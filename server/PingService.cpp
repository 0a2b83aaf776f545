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
    // XEP-0199: the server answers a ping to itself, and one to the account (or with no
    // 'to', which is the account, RFC 6120 §10.3.3) on the account's behalf.
    const QString to = Stanza::to(stanza);
    if (!to.isEmpty() && to != router()->domain() && to != Jid::bare(Stanza::from(stanza)))
        return false;
    replyResult(stanza);
    return true;
}
