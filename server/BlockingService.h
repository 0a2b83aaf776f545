// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0191 blocking command, enforced. First in the chain, so it filters before any
// other service sees a stanza:
// - from a blocked JID to the account (bare or full 'to'): messages and presence are
//   dropped without a word, IQ get/set get service-unavailable as if nobody were there
//   (§3.4), answers are dropped;
// - from one of the account's sessions to a blocked JID: message and IQ get/set are
//   not routed and the session gets not-acceptable with <blocked/> (§3.3); presence and
//   answers are dropped.
// Only what passes through the chain is filtered: stanzas from and to sessions and
// rooms' stanzas to accounts. A blocked room (or domain) blocks the room's stanzas to
// the account and the sessions' stanzas to it; a blocked occupant JID (room/nick)
// only that occupant's. Copies an extension writes straight to sessions (account-level
// joining's forks, presence reflected to the account's own sessions) were filtered as
// the one stanza they came from. The account's own JIDs and the server are never
// blocked for it.
// Block and unblock pushes go to the account's sessions that asked for the list (§3.3).
#pragma once

#include "ServerExtension.h"

#include <QSet>
#include <functional>

class BlockList;
class SessionRegistry;

class BlockingService : public ServerExtension
{
    Q_OBJECT
public:
    BlockingService(StanzaRouter *router, SessionRegistry *sessions, BlockList *blocks);

    QString extensionName() const override { return QStringLiteral("blocking"); }
    int extensionPriority() const override { return BlockingPriority; }
    QStringList discoveryFeatures() const override;
    QStringList accountFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;

    // Where presence comes from (the roster's subscribers of an account, the last presence of
    // each of its available sessions): with both set, a subscribed contact sees the account go
    // unavailable when blocked and its presence again when unblocked (§3.3, §3.5).
    void setPresenceSource(std::function<QStringList(const QString &account)> subscribers,
                           std::function<QList<QDomElement>(const QString &account)> presences);

signals:
    // A stanza to the account was dropped because it blocked the sender (§3.4).
    void inboundDropped(const QString &account, const QDomElement &stanza);

private:
    void handleCommand(const QDomElement &iq, const QDomElement &command);
    // Items' JIDs, prepared; false (and the error sent) when one is malformed.
    bool itemJids(const QDomElement &iq, const QDomElement &command, QStringList *jids);
    void push(const QString &account, const QDomElement &command);
    void announce(const QString &account, const QStringList &items, bool blocked);
    // Routes an answer of ours past this filter.
    void routeUnfiltered(const QDomElement &stanza);

    SessionRegistry *const m_sessions;
    std::function<QStringList(const QString &)> m_subscribers;
    std::function<QList<QDomElement>(const QString &)> m_presences;
    BlockList *const m_blocks;
    QSet<QString> m_listeners; // sessions that retrieved the blocklist
    bool m_passing = false; // our own answer is being routed
    quint64 m_nextPush = 1;
};
