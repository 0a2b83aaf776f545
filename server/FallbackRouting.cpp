// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "FallbackRouting.h"

#include "Jid.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"

FallbackRouting::FallbackRouting(StanzaRouter *router, SessionRegistry *sessions)
    : ServerExtension(router)
    , m_sessions(sessions)
{ }

bool FallbackRouting::handleStanza(const QDomElement &stanza)
{
    const QString to = Stanza::to(stanza);
    const QString type = Stanza::type(stanza);
    if (to.isEmpty() || to == router()->domain()) {
        if (Stanza::isIq(stanza))
            replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("service-unavailable"));
        return true;
    }
    if (!router()->isLocalAccount(to)) {
        // No server-to-server: anything for another domain cannot be delivered.
        if (!Stanza::isPresence(stanza))
            replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("remote-server-not-found"),
                       QStringLiteral("this server serves only %1").arg(router()->domain()));
        return true;
    }
    if (Jid::isFull(to)) {
        if (router()->deliver(stanza))
            return true;
        // RFC 6121 §8.5.3.2: a message for a gone resource goes to the account.
        if (Stanza::isMessage(stanza) && type != QLatin1String("groupchat")
            && type != QLatin1String("error")) {
            toAccount(stanza, Jid::bare(to));
        } else if (Stanza::isIq(stanza)) {
            replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("service-unavailable"));
        }
        return true;
    }
    toAccount(stanza, to);
    return true;
}

void FallbackRouting::toAccount(const QDomElement &stanza, const QString &account)
{
    const QString type = Stanza::type(stanza);
    if (Stanza::isIq(stanza)) {
        // Answered on the account's behalf: this server offers no bare-JID IQ services here.
        replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("service-unavailable"));
        return;
    }
    if (Stanza::isMessage(stanza) && type == QLatin1String("groupchat"))
        return; // groupchat to an account that is not in the room: dropped (RFC 6121 §8.5.2)
    QDomElement copy = Stanza::copy(stanza);
    copy.setAttribute(QStringLiteral("to"), account);
    if (!Stanza::isMessage(stanza) || type == QLatin1String("error")) {
        router()->deliverToAccount(copy);
        return;
    }
    if (router()->deliverToSessions(copy, m_sessions->messageTargets(account)) == 0)
        replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("service-unavailable"),
                   QStringLiteral("%1 has no session online").arg(account));
}
