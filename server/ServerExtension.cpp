// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ServerExtension.h"

#include "StanzaRouter.h"

ServerExtension::ServerExtension(StanzaRouter *router)
    : m_router(router)
{ }

void ServerExtension::replyError(const QDomElement &request, Stanza::ErrorType type, const QString &condition,
                                 const QString &text)
{
    const QString requestType = Stanza::type(request);
    if (requestType == QLatin1String("error") || requestType == QLatin1String("result"))
        return; // never answer an answer: that is how loops start
    m_router->route(Stanza::errorReply(request, type, condition, text));
}

void ServerExtension::replyResult(const QDomElement &request)
{
    m_router->route(Stanza::iqResult(request));
}
