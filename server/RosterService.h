// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Rosters (RFC 6121 §2) stored in SQLite, with roster versioning (§2.6): get, set,
// remove, and roster pushes to the account's interested sessions (those that asked
// for the roster, §2.2). Removing a contact cancels the subscriptions both ways
// (§2.5.3) through PresenceSubscriptions.
#pragma once

#include "ServerExtension.h"

#include <QSet>

class PresenceSubscriptions;
class RosterStore;
class SessionRegistry;
struct RosterItem;

class RosterService : public ServerExtension
{
    Q_OBJECT
public:
    RosterService(StanzaRouter *router, SessionRegistry *sessions, RosterStore *store,
                  int maxItemsPerAccount);

    void setSubscriptions(PresenceSubscriptions *subscriptions) { m_subscriptions = subscriptions; }
    int maxItemsPerAccount() const { return m_maxItems; }

    QString extensionName() const override { return QStringLiteral("roster"); }
    int extensionPriority() const override { return ServicePriority; }
    QStringList discoveryFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;

    // Pushes the item (as stored at this version) to the owner's interested sessions.
    void push(const QString &owner, const RosterItem &item, qint64 version);
    // Pushes the removal of a contact.
    void pushRemoval(const QString &owner, const QString &contact, qint64 version);

private:
    void get(const QDomElement &iq, const QString &owner);
    void set(const QDomElement &iq, const QString &owner);
    void pushItem(const QString &owner, const QDomElement &item, qint64 version);

    SessionRegistry *const m_sessions;
    RosterStore *const m_store;
    const int m_maxItems;
    PresenceSubscriptions *m_subscriptions = nullptr;
    QSet<QString> m_interested; // full JIDs of the sessions that asked for the roster
    quint64 m_nextPushId = 1;
};
