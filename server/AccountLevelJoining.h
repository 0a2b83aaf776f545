// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Account-level joining ("minimix"): the account, not each session, occupies a
// room. Sits between sessions and the MUC service: session stanzas to rooms go out
// from the bare JID, room stanzas to the account are forked to the sessions that
// joined. The behaviour is docs/semantics.md §1–§7 and §11.
#pragma once

#include "JoinMode.h"
#include "Membership.h"
#include "MembershipStore.h"
#include "MessageArchive.h"
#include "ServerExtension.h"
#include "ServiceLimits.h"

#include <QHash>
#include <QSet>
#include <memory>

class SessionRegistry;

class AccountLevelJoining : public ServerExtension
{
    Q_OBJECT
public:
    AccountLevelJoining(StanzaRouter *router, SessionRegistry *sessions, MessageArchive *archive,
                        MembershipStore *store);

    QString extensionName() const override { return QStringLiteral("account-level-joining"); }
    int extensionPriority() const override { return AccountJoinPriority; }
    bool handleStanza(const QDomElement &stanza) override;
    // Server shutdown: the room's 332 is forked, but stored memberships stay for the restart.
    void stop() override;

    // Joins the account at server level with no session (§9 autojoin, §10 restart).
    // Nothing happens when the account already occupies the room. 'history' is the
    // room history the account asks for (-1: the room's default).
    void joinAccount(const QString &account, const QString &room, const QString &nick,
                     const QString &password, int historyStanzas = -1);
    // Leaves at server level, unless a session of the account is joined (§9).
    void leaveAccount(const QString &account, const QString &room);
    // Rejoins every stored membership (§10); call once the rooms are restored.
    void rejoinStored();
    // The stanza being handled was committed, or rolled back: then the memberships it made
    // are undone (the account leaves again), as its sender was told it was refused.
    void onSettled(bool committed);
    // A stanza to the account was dropped on its way (XEP-0191: the account blocked its
    // sender): if it was a room's message, the account's history of the room leaves it out.
    void roomStanzaNotDelivered(const QString &account, const QDomElement &stanza);
    // Writes every membership as held now, replacing what is stored (after writes were
    // rolled back, so that the storage catches up with what the server holds).
    void persistAll();

    JoinMode defaultMode() const { return m_defaultMode; }
    void setDefaultMode(JoinMode mode) { m_defaultMode = mode; }
    // Rooms one account may occupy (ServiceLimits::maxMembershipsPerAccount): a session's
    // join beyond it gets resource-constraint, an autojoin or stored one is not made.
    void setMaxMembershipsPerAccount(int limit) { m_maxMemberships = limit; }
    // Per-account override of the default; takes effect at the account's next join.
    void setAccountMode(const QString &account, JoinMode mode) { m_accountModes.insert(account, mode); }
    void clearAccountMode(const QString &account) { m_accountModes.remove(account); }
    JoinMode mode(const QString &account) const { return m_accountModes.value(account, m_defaultMode); }

    const Membership *membership(const QString &account, const QString &room) const;
    QList<const Membership *> memberships() const;

    // History a joining session gets when it does not say how much it wants.
    static constexpr int DefaultHistoryStanzas = 20;

signals:
    // A session joined by presence, or the account's nick changed (§9: the bookmark follows).
    void joinedByPresence(const QString &account, const QString &room, const QString &nick,
                          const QString &password);
    // The last joined session left explicitly (§9: autojoin false).
    void leftBySession(const QString &account, const QString &room);
    // The room removed the account: kick, ban, affiliation or members-only change, destruction.
    void removedByRoom(const QString &account, const QString &room);

private:
    using Key = QPair<QString, QString>; // account, room

    void handleSessionPresence(const QDomElement &presence, Membership *membership);
    void handleSessionMessage(const QDomElement &message, Membership *membership);
    void handleSessionIq(const QDomElement &iq, Membership *membership);
    bool handleRoomStanza(const QDomElement &stanza);

    void join(const QDomElement &presence);
    void addSession(Membership *membership, const QDomElement &presence);
    void replay(Membership *membership, const QString &session, const QDomElement &joinPresence);
    void leave(Membership *membership, const QString &session, const QDomElement &presence);
    void removeSession(Membership *membership, const QString &session);
    // The session's own unavailable presence (110), as if it had left by itself.
    QDomElement ownUnavailable(const Membership &membership, const QString &session) const;
    void updateRoomPresence(Membership *membership);
    void fork(Membership *membership, QDomElement stanza, const QString &note);
    void requestInstantRoom(const Membership &membership);
    void onSessionOffline(const QString &session);
    QDomElement accountPresence(const Membership &membership, const QString &toNick) const;
    void erase(const Membership *membership);
    bool persist(const Membership &membership,
                 MembershipStore::Commit commit = MembershipStore::Commit::WithBatch);
    QString intern(const QDomElement &presence);

    SessionRegistry *const m_sessions;
    MessageArchive *const m_archive;
    MembershipStore *const m_store;
    bool m_stopping = false;
    static constexpr int InternedLimit = 100000;
    QSet<QString> m_internedPresences;
    JoinMode m_defaultMode = JoinMode::AccountLevel;
    QHash<QString, JoinMode> m_accountModes;
    int m_maxMemberships = ServiceDefaults::MaxMembershipsPerAccount;
    QHash<QString, int> m_membershipCounts; // by account
    QHash<Key, std::shared_ptr<Membership>> m_memberships;
    QVector<Key> m_uncommittedJoins; // made while handling the current stanza
    struct PendingIq
    {
        QString session;
        QString id;
    };
    QHash<QString, PendingIq> m_pendingIqs; // by the id the room sees
    quint64 m_nextIqId = 1;
};
