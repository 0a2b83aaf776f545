// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "SessionPresence.h"

#include "BlockList.h"
#include "Jid.h"
#include "RosterStore.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QDateTime>

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
        m_presenceTimes.remove(session);
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
        m_presenceTimes.insert(from, QDateTime::currentDateTimeUtc());
        m_sessions->setPresence(from, Stanza::copy(stanza));
        broadcast(stanza, account);
        toSubscribers(presence, account);
        if (initial)
            welcome(from);
        emit presenceBroadcast(presence, initial);
    } else if (type == QLatin1String("unavailable")) {
        broadcast(stanza, account);
        m_presenceTimes.remove(from);
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
        if (it == m_presence.constEnd())
            continue;
        // Sent again later (at a contact's login, on approval, to a probe): stamped with
        // when it was sent (XEP-0203), as Prosody does.
        QDomElement copy = Stanza::copy(*it);
        if (Stanza::child(copy, QStringLiteral("delay"), Ns::Delay).isNull()) {
            QDomElement delay = Stanza::addChild(copy, QStringLiteral("delay"), Ns::Delay);
            delay.setAttribute(QStringLiteral("from"), router()->domain());
            delay.setAttribute(QStringLiteral("stamp"),
                               m_presenceTimes.value(session).toString(Qt::ISODateWithMs));
        }
        presences << copy;
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
        if (targets.isEmpty())
            continue;
        // Sent to the contact's bare JID, as its sessions receive it (RFC 6121 §4.2.2).
        QDomElement copy = Stanza::copy(presence);
        copy.setAttribute(QStringLiteral("to"), contact);
        router()->deliverUnchanged(copy, targets);
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
        // RFC 6121 §3.1.3: the request as the contact sent it, children included.
        const QDomElement stored = XmlText::toElement(m_rosters->request(account, contact));
        if (!stored.isNull() && stored.tagName() == QLatin1String("presence")) {
            router()->deliverUnchanged(stored, { session });
            continue;
        }
        router()->deliver(
            Stanza::create(QStringLiteral("presence"), contact, session, QStringLiteral("subscribe")));
    }
}
