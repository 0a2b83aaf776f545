// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "SessionPresence.h"

#include "Jid.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"

SessionPresence::SessionPresence(StanzaRouter *router, SessionRegistry *sessions)
    : ServerExtension(router)
    , m_sessions(sessions)
{
    connect(sessions, &SessionRegistry::sessionOffline, this, [this](const QString &session) {
        // A session that vanished without saying goodbye is unavailable to its siblings.
        QDomElement gone
            = Stanza::create(QStringLiteral("presence"), session, QString(), QStringLiteral("unavailable"));
        broadcast(gone, Jid::bare(session));
    });
}

bool SessionPresence::handleStanza(const QDomElement &stanza)
{
    if (!Stanza::isPresence(stanza))
        return false;
    const QString from = Stanza::from(stanza);
    const QString to = Stanza::to(stanza);
    const QString account = Jid::bare(from);
    if (!m_sessions->isConnected(from))
        return false;
    const bool broadcastPresence = to.isEmpty() || to == router()->domain() || to == account;
    if (!broadcastPresence)
        return false; // directed presence: routed like any stanza
    const QString type = Stanza::type(stanza);
    if (type.isEmpty()) {
        m_sessions->setPresence(from, Stanza::copy(stanza));
        broadcast(stanza, account);
    } else if (type == QLatin1String("unavailable")) {
        broadcast(stanza, account);
        m_sessions->clearPresence(from);
    }
    // Probes and subscription requests to oneself or the server need no answer.
    return true;
}

void SessionPresence::broadcast(const QDomElement &presence, const QString &account)
{
    QDomElement copy = Stanza::copy(presence);
    for (const QString &session : m_sessions->availableSessions(account)) {
        copy.setAttribute(QStringLiteral("to"), session);
        router()->deliver(copy);
    }
}
