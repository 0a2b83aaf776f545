// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Presence subscriptions between local accounts (RFC 6121 §3, Appendix A): subscribe,
// subscribed, unsubscribe and unsubscribed as the user's server (outbound: stamped
// with the bare JID, the user's roster updated and pushed) and at once as the
// contact's server (inbound: the contact's roster or pending state updated, the
// stanza delivered to its available sessions). Pre-approval (§3.4): a 'subscribed'
// sent before any request is kept and answers the later request. Presence probes
// from clients (§4.3) are answered on the contact's behalf.
//
// A request that finds no available session is kept (pending_in) and delivered again
// when a session of the contact sends initial presence (SessionPresence).
#pragma once

#include "ServerExtension.h"

#include <functional>

class RosterService;
class RosterStore;
class SessionPresence;
class SessionRegistry;
struct RosterItem;

class PresenceSubscriptions : public ServerExtension
{
    Q_OBJECT
public:
    PresenceSubscriptions(StanzaRouter *router, SessionRegistry *sessions, RosterStore *store,
                          RosterService *roster, SessionPresence *presence);

    QString extensionName() const override { return QStringLiteral("presence-subscriptions"); }
    int extensionPriority() const override { return SubscriptionPriority; }
    bool handleStanza(const QDomElement &stanza) override;

    // RFC 6121 §2.5.3: the owner removes the contact: both subscriptions end, the contact
    // learns it (unsubscribe, unsubscribed) and stops seeing the owner's presence.
    void cancelAll(const QString &owner, const RosterItem &item);
    // Whether a local bare JID names an account (RFC 6121 §8.5.1: no such user); all do without it.
    void setAccountExists(std::function<bool(const QString &bareJid)> exists)
    {
        m_exists = std::move(exists);
    }

private:
    void outboundSubscribe(const QDomElement &stanza, const QString &user, const QString &contact);
    void outboundSubscribed(const QDomElement &stanza, const QString &contact, const QString &user);
    void outboundUnsubscribe(const QDomElement &stanza, const QString &user, const QString &contact);
    void outboundUnsubscribed(const QDomElement &stanza, const QString &contact, const QString &user);
    void inboundSubscribe(const QDomElement &stanza, const QString &contact, const QString &user);
    void inboundSubscribed(const QDomElement &stanza, const QString &user, const QString &contact);
    void inboundUnsubscribe(const QDomElement &stanza, const QString &contact, const QString &user);
    void inboundUnsubscribed(const QDomElement &stanza, const QString &user, const QString &contact);
    void probe(const QString &prober, const QString &contact);

    // Stores the item and pushes it when what the roster shows changed.
    void store(const QString &owner, const RosterItem &item, bool visible);
    // A subscription stanza of this type from one account to another, stamped with bare JIDs.
    QDomElement stanza(const QString &type, const QString &from, const QString &to,
                       const QDomElement &original);
    void deliverToAccount(const QDomElement &stanza);
    // The current presence of each available session of 'from' to each available session of 'to'.
    void sendPresence(const QString &from, const QString &to);
    // Unavailable from each available session of 'from' to each available session of 'to'.
    void sendUnavailable(const QString &from, const QString &to);
    bool hasRoomFor(const QString &owner, const RosterItem &item);
    bool exists(const QString &account) const { return !m_exists || m_exists(account); }

    SessionRegistry *const m_sessions;
    RosterStore *const m_store;
    RosterService *const m_roster;
    SessionPresence *const m_presence;
    std::function<bool(const QString &)> m_exists;
};
