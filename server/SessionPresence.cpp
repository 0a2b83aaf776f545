// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "SessionPresence.h"

#include "BlockList.h"
#include "Jid.h"
#include "RosterStore.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"

SessionPresence::SessionPresence(StanzaRouter *router, SessionRegistry *sessions, RosterStore *rosters)
    : ServerExtension(router)
    , m_sessions(sessions)
    , m_rosters(rosters)
{
    connect(sessions, &SessionRegistry::sessionOffline, this, [this](const QString &session) {
        // A session that vanished without saying goodbye is unavailable to its siblings,
        // and to its contacts if they saw it available.
        QDomElement gone
            = Stanza::create(QStringLiteral("presence"), session, QString(), QStringLiteral("unavailable"));
        broadcast(gone, Jid::bare(session));
        if (m_presence.remove(session))
            toSubscribers(gone, Jid::bare(session));
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
        return false; // directed presence and subscriptions: routed on
    const QString type = Stanza::type(stanza);
    if (type.isEmpty()) {
        const bool initial = !m_presence.contains(from);
        QDomElement presence = Stanza::copy(stanza);
        presence.removeAttribute(QStringLiteral("to"));
        m_presence.insert(from, presence);
        m_sessions->setPresence(from, Stanza::copy(stanza));
        broadcast(stanza, account);
        toSubscribers(presence, account);
        if (initial)
            welcome(from);
    } else if (type == QLatin1String("unavailable")) {
        broadcast(stanza, account);
        if (m_presence.remove(from)) {
            QDomElement presence = Stanza::copy(stanza);
            presence.removeAttribute(QStringLiteral("to"));
            toSubscribers(presence, account);
        }
        m_sessions->clearPresence(from);
    }
    // Probes and subscription requests to oneself or the server need no answer.
    return true;
}

QList<QDomElement> SessionPresence::presencesOf(const QString &account) const
{
    QList<QDomElement> presences;
    for (const QString &session : m_sessions->availableSessions(account)) {
        const auto it = m_presence.constFind(session);
        if (it != m_presence.constEnd())
            presences << Stanza::copy(*it);
    }
    return presences;
}

void SessionPresence::broadcast(const QDomElement &presence, const QString &account)
{
    QDomElement copy = Stanza::copy(presence);
    for (const QString &session : m_sessions->availableSessions(account)) {
        copy.setAttribute(QStringLiteral("to"), session);
        router()->deliver(copy);
    }
}

void SessionPresence::toSubscribers(const QDomElement &presence, const QString &account)
{
    for (const QString &contact : m_rosters->subscribers(account)) {
        if (m_blocks && m_blocks->separates(account, contact))
            continue;
        const QStringList targets = m_sessions->availableSessions(contact);
        if (!targets.isEmpty())
            router()->deliverToSessions(presence, targets);
    }
}

void SessionPresence::welcome(const QString &session)
{
    const QString account = Jid::bare(session);
    for (const QString &contact : m_rosters->subscriptions(account)) {
        if (m_blocks && m_blocks->separates(account, contact))
            continue;
        for (QDomElement presence : presencesOf(contact)) {
            presence.setAttribute(QStringLiteral("to"), session);
            router()->deliver(presence);
        }
    }
    for (const QString &contact : m_rosters->pendingRequests(account)) {
        router()->deliver(
            Stanza::create(QStringLiteral("presence"), contact, session, QStringLiteral("subscribe")));
    }
}
