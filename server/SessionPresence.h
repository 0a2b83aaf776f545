// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// RFC 6121 presence for sessions: initial, updated and unavailable presence go to the
// account's available sessions and to the available sessions of every contact
// subscribed to it (from/both); initial presence is answered with the presence of
// every contact the account is subscribed to (to/both, the probes of §4.2.2 answered
// on the contacts' behalf, all local) and with the subscription requests still
// waiting for an answer (§3.1.3). A session that vanishes is unavailable to both.
// Directed presence goes where it is addressed. QXmpp 1.4's server has no presence
// handling of its own.
#pragma once

#include "ServerExtension.h"

#include <QDateTime>
#include <QHash>

class BlockList;
class RosterStore;
class SessionRegistry;

class SessionPresence : public ServerExtension
{
    Q_OBJECT
public:
    SessionPresence(StanzaRouter *router, SessionRegistry *sessions, RosterStore *rosters);
    // XEP-0191: presence between an account and a contact either of them blocked goes
    // nowhere. The broadcasts here are delivered without passing through the chain, where
    // the blocking filter sits, so they ask the list themselves.
    void setBlockList(BlockList *blocks) { m_blocks = blocks; }

    QString extensionName() const override { return QStringLiteral("session-presence"); }
    int extensionPriority() const override { return SessionPresencePriority; }
    bool handleStanza(const QDomElement &stanza) override;

    // The last presence of each available session of the account ('from' its full JID).
    QList<QDomElement> presencesOf(const QString &account) const;

signals:
    // A session's available presence went to its account and its contacts (and, when
    // initial, the contacts' presence came back): entity capabilities learn from it.
    void presenceBroadcast(const QDomElement &presence, bool initial);

private:
    void broadcast(const QDomElement &presence, const QString &account);
    // To each available session of each contact subscribed to the account.
    void toSubscribers(const QDomElement &presence, const QString &account);
    // A new available session learns its contacts' presence and the requests waiting for it.
    void welcome(const QString &session);

    SessionRegistry *const m_sessions;
    RosterStore *const m_rosters;
    BlockList *m_blocks = nullptr;
    QHash<QString, QDomElement> m_presence; // by full JID, while available
    QHash<QString, QDateTime> m_presenceTimes; // by full JID: when its presence came
};
