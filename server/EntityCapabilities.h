// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0115 entity capabilities for XEP-0163 PEP: which sessions want notifications
// of which nodes (their features ending in '+notify', "filtered notifications").
//
// A session's available presence carrying <c hash='sha-1' node ver/> tells each PEP
// service it reaches what it is: its own account's, and that of each contact with a
// mutual subscription (the contact sees its presence and it may see the contact's
// nodes). A service that does not know the ver asks the session itself, as the
// account's bare JID (disco#info to node#ver, id 'disco', as Prosody does); the answer's
// hash is computed (XEP-0115 §5.1) and only an answer that matches its ver is remembered
// for others, so no session can teach the server false capabilities of another client.
// A session's own answer always describes that session.
//
// What a service learns about a session lasts while the session is available. When it
// learns new interests, interestLearned() lets PEP send the last items (XEP-0163 §6.2).
// A session's answer to its own account also informs its contacts' services, which may
// then learn the same interest twice (once more from their own question) and send the
// last items again: Prosody's behaviour, which its clients and tests expect.
#pragma once

#include "ServerExtension.h"

#include <QCache>
#include <QHash>
#include <QSet>

class BlockList;
class RosterStore;
class SessionPresence;
class SessionRegistry;

class EntityCapabilities : public ServerExtension
{
    Q_OBJECT
public:
    EntityCapabilities(StanzaRouter *router, SessionRegistry *sessions, RosterStore *rosters,
                       SessionPresence *presence);
    // Presence between an account and a contact either blocked goes nowhere (XEP-0191), and
    // neither do their services' notifications.
    void setBlockList(BlockList *blocks) { m_blocks = blocks; }

    QString extensionName() const override { return QStringLiteral("entity-capabilities"); }
    int extensionPriority() const override { return CapabilitiesPriority; }
    bool handleStanza(const QDomElement &stanza) override;

    // The sessions (full JIDs) whose capabilities, as the owner's service knows them, ask
    // for notifications of this node. Whether they may read it is the service's business.
    QStringList interestedIn(const QString &owner, const QString &node) const;

    // XEP-0115 §5.1: the verification string's SHA-1, base64, of a disco#info <query/>.
    static QString verificationHash(const QDomElement &query);

signals:
    // The owner's service learned that this session now wants these nodes (new ones only).
    void interestLearned(const QString &owner, const QString &session, const QStringList &nodes);

private:
    struct Interest
    {
        QString ver; // of the session's current caps
        QSet<QString> nodes; // as last learned (answer or known ver)
        QSet<QString> toldBySession; // a contact's service: from the session's answer to its own account
    };
    // The session's available presence reached the owner's service.
    void learnFromPresence(const QString &owner, const QString &session, const QString &capsNode,
                           const QString &ver);
    void apply(const QString &owner, const QString &session, const QSet<QString> &nodes);
    void handleAnswer(const QDomElement &iq);
    void forget(const QString &session);
    // Contacts with a mutual subscription, not blocked: the services a presence informs.
    QStringList mutualContacts(const QString &account) const;
    void onPresenceBroadcast(const QDomElement &presence, bool initial);

    SessionRegistry *const m_sessions;
    RosterStore *const m_rosters;
    BlockList *m_blocks = nullptr;
    // The caps (node, ver) of each available session that sent sha-1 caps.
    QHash<QString, QPair<QString, QString>> m_caps;
    // By owner, then by session.
    QHash<QString, QHash<QString, Interest>> m_interests;
    // The owners whose services know each session, to forget it.
    QHash<QString, QSet<QString>> m_servicesOf;
    // Verified answers: ver -> nodes with '+notify'. Cost: characters kept.
    QCache<QString, QSet<QString>> m_known;
};
