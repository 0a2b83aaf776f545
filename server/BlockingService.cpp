// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "BlockingService.h"

#include "BlockList.h"
#include "Jid.h"
#include "JidPrep.h"
#include "ServiceLimits.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

#include <QSet>

BlockingService::BlockingService(StanzaRouter *router, SessionRegistry *sessions, BlockList *blocks)
    : ServerExtension(router)
    , m_sessions(sessions)
    , m_blocks(blocks)
{
    connect(sessions, &SessionRegistry::sessionOffline, this,
            [this](const QString &session) { m_listeners.remove(session); });
}

QStringList BlockingService::discoveryFeatures() const
{
    return { QString(Ns::Blocking) };
}

QStringList BlockingService::accountFeatures() const
{
    return { QString(Ns::Blocking) };
}

bool BlockingService::handleStanza(const QDomElement &stanza)
{
    if (m_passing)
        return false;
    const QString from = Stanza::from(stanza);
    const QString to = Stanza::to(stanza);
    const QString type = Stanza::type(stanza);
    const bool fromSession
        = Jid::isFull(from) && router()->isLocalAccount(from) && m_sessions->isConnected(from);

    if (fromSession && Stanza::isIq(stanza) && Stanza::isRequest(stanza)) {
        for (const char *name : { "blocklist", "block", "unblock" }) {
            const QDomElement command = Stanza::child(stanza, QLatin1String(name), Ns::Blocking);
            if (!command.isNull()) {
                handleCommand(stanza, command);
                return true;
            }
        }
    }
    const QString domain = router()->domain();
    const bool isAnswer = type == QLatin1String("error") || type == QLatin1String("result");

    // §3.3: the account's sessions do not reach whom the account blocked.
    if (fromSession && !to.isEmpty() && to != domain) {
        const QString account = Jid::bare(from);
        if (Jid::bare(to) != account && m_blocks->isBlocked(account, to)) {
            router()->count(QStringLiteral("blocking.outbound-refused"));
            if (!Stanza::isPresence(stanza) && !isAnswer) {
                QDomElement error
                    = Stanza::errorReply(stanza, Stanza::ErrorType::Cancel, QStringLiteral("not-acceptable"),
                                         QStringLiteral("you have blocked %1").arg(to));
                QDomElement condition = error.lastChildElement(QStringLiteral("error")); // after any payload
                Stanza::addChild(condition, QStringLiteral("blocked"), Ns::BlockingErrors);
                routeUnfiltered(error);
            }
            return true;
        }
    }
    // §3.4: whom the account blocked does not reach it.
    if (!to.isEmpty() && router()->isLocalAccount(to) && !from.isEmpty() && from != domain) {
        const QString account = Jid::bare(to);
        if (Jid::bare(from) != account && m_blocks->isBlocked(account, from)) {
            router()->count(QStringLiteral("blocking.inbound-dropped"));
            emit inboundDropped(account, stanza);
            if (Stanza::isIq(stanza) && !isAnswer) {
                // As if the account had no session that understands it.
                QDomElement error = Stanza::errorReply(stanza, Stanza::ErrorType::Cancel,
                                                       QStringLiteral("service-unavailable"));
                routeUnfiltered(error);
            }
            return true;
        }
    }
    return false;
}

void BlockingService::routeUnfiltered(const QDomElement &stanza)
{
    m_passing = true;
    router()->route(stanza);
    m_passing = false;
}

bool BlockingService::itemJids(const QDomElement &iq, const QDomElement &command, QStringList *jids)
{
    for (const QDomElement &item : Stanza::children(command, QStringLiteral("item"), Ns::Blocking)) {
        const QString jid = JidPrep::jid(item.attribute(QStringLiteral("jid")));
        if (jid.isEmpty()) {
            replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("jid-malformed"),
                       QStringLiteral("'%1' is not a JID").arg(item.attribute(QStringLiteral("jid"))));
            return false;
        }
        if (!jids->contains(jid))
            jids->append(jid);
    }
    return true;
}

void BlockingService::handleCommand(const QDomElement &iq, const QDomElement &command)
{
    const QString account = Jid::bare(Stanza::from(iq));
    if (router()->accountAddressed(iq) != account) {
        // XEP-0191: a request with no 'to', handled by the user's server for the user only.
        replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("forbidden"),
                   QStringLiteral("a blocklist is the account's own"));
        return;
    }
    const QString name = command.localName();
    const bool get = Stanza::type(iq) == QLatin1String("get");
    if (name == QLatin1String("blocklist")) {
        if (!get) {
            replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                       QStringLiteral("the blocklist is read with a get"));
            return;
        }
        m_listeners.insert(Stanza::from(iq));
        QDomElement result = Stanza::iqResult(iq);
        QDomElement list = Stanza::addChild(result, QStringLiteral("blocklist"), Ns::Blocking);
        for (const QString &jid : m_blocks->blocked(account))
            Stanza::addChild(list, QStringLiteral("item")).setAttribute(QStringLiteral("jid"), jid);
        routeUnfiltered(result);
        return;
    }
    if (get) {
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                   QStringLiteral("<%1/> is a set").arg(name));
        return;
    }
    QStringList jids;
    if (!itemJids(iq, command, &jids))
        return;
    QStringList affected = jids;
    if (name == QLatin1String("block")) {
        if (jids.isEmpty()) { // §3.3: at least one item
            replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                       QStringLiteral("nothing to block"));
            return;
        }
        QStringList added;
        const QStringList current = m_blocks->blocked(account);
        for (const QString &jid : qAsConst(jids)) {
            if (!current.contains(jid))
                added << jid;
        }
        if (current.size() + added.size() > ServiceDefaults::MaxBlockedJidsPerAccount) {
            replyError(iq, Stanza::ErrorType::Wait, QStringLiteral("resource-constraint"),
                       QStringLiteral("an account may block at most %1 JIDs")
                           .arg(ServiceDefaults::MaxBlockedJidsPerAccount));
            return;
        }
        if (!m_blocks->add(account, added))
            return; // the batch fails: the sender gets the storage's error
        affected = added;
    } else if (jids.isEmpty()) { // §3.5: unblock everyone
        affected = m_blocks->blocked(account);
        if (!m_blocks->removeAll(account))
            return;
    } else if (!m_blocks->remove(account, jids)) {
        return;
    }
    routeUnfiltered(Stanza::iqResult(iq));
    // The push carries the items the request named (none: unblock all), as §3.3 and §3.5 show.
    QDomElement pushed = Stanza::create(QStringLiteral("iq"), account, QString(), QStringLiteral("set"));
    QDomElement copy = Stanza::addChild(pushed, name, Ns::Blocking);
    for (const QString &jid : qAsConst(jids))
        Stanza::addChild(copy, QStringLiteral("item")).setAttribute(QStringLiteral("jid"), jid);
    push(account, pushed);
    announce(account, affected, name == QLatin1String("block"));
}

void BlockingService::setPresenceSource(std::function<QStringList(const QString &)> subscribers,
                                        std::function<QList<QDomElement>(const QString &)> presences)
{
    m_subscribers = std::move(subscribers);
    m_presences = std::move(presences);
}

void BlockingService::announce(const QString &account, const QStringList &items, bool blocked)
{
    if (!m_subscribers || !m_presences || items.isEmpty())
        return;
    const QList<QDomElement> presences = m_presences(account);
    if (presences.isEmpty())
        return; // unavailable already
    // The sessions of subscribed contacts that these items name (an item may be a domain).
    QStringList targets;
    for (const QString &contact : m_subscribers(account)) {
        for (const QString &session : m_sessions->availableSessions(contact)) {
            bool named = false;
            for (const QString &item : items) {
                named = named || BlockList::matches(item, session);
            }
            // Unblocked by one item, still blocked by another: still nothing to see.
            if (named && (blocked || !m_blocks->isBlocked(account, session)))
                targets << session;
        }
    }
    if (targets.isEmpty())
        return;
    for (const QDomElement &presence : presences) {
        const QDomElement sent = blocked ? Stanza::create(QStringLiteral("presence"), Stanza::from(presence),
                                                          QString(), QStringLiteral("unavailable"))
                                         : presence;
        router()->deliverToSessions(sent, targets);
    }
}

void BlockingService::push(const QString &account, const QDomElement &iq)
{
    QDomElement copy = Stanza::copy(iq);
    for (const QString &session : m_sessions->sessions(account)) {
        if (!m_listeners.contains(session))
            continue;
        copy.setAttribute(QStringLiteral("id"), QStringLiteral("block-push-%1").arg(m_nextPush++));
        copy.setAttribute(QStringLiteral("to"), session);
        router()->deliver(copy);
    }
}
