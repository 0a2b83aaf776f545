// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "PresenceSubscriptions.h"

#include "Jid.h"
#include "JidPrep.h"
#include "RosterService.h"
#include "RosterStore.h"
#include "SessionPresence.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "XmlText.h"

PresenceSubscriptions::PresenceSubscriptions(StanzaRouter *router, SessionRegistry *sessions,
                                             RosterStore *store, RosterService *roster,
                                             SessionPresence *presence)
    : ServerExtension(router)
    , m_sessions(sessions)
    , m_store(store)
    , m_roster(roster)
    , m_presence(presence)
{ }

bool PresenceSubscriptions::handleStanza(const QDomElement &stanza)
{
    if (!Stanza::isPresence(stanza))
        return false;
    const QString type = Stanza::type(stanza);
    static const QStringList handled
        = { QStringLiteral("subscribe"), QStringLiteral("subscribed"), QStringLiteral("unsubscribe"),
            QStringLiteral("unsubscribed"), QStringLiteral("probe") };
    if (!handled.contains(type))
        return false;
    const QString from = Stanza::from(stanza);
    // Only what sessions send: what the server delivers on an account's behalf is sent directly.
    if (!m_sessions->isConnected(from))
        return false;
    const QString to = Stanza::to(stanza);
    if (router()->isRoomJid(to) || Jid::domain(to) == router()->mucDomain())
        return false;
    const QString user = Jid::bare(from);
    // RFC 6121 §3.1.1: a subscription is between bare JIDs, whatever resource was named.
    const QString contact = JidPrep::jid(Jid::bare(to));
    if (contact.isEmpty()) {
        replyError(stanza, Stanza::ErrorType::Modify, QStringLiteral("jid-malformed"));
        return true;
    }
    if (!router()->isLocalAccount(contact)) {
        // No server-to-server: a contact elsewhere cannot be reached.
        replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("remote-server-not-found"),
                   QStringLiteral("this server serves only %1").arg(router()->domain()));
        return true;
    }
    if (contact == user)
        return true; // a subscription to oneself is implicit (RFC 6121 §3.1.1)
    if (type == QLatin1String("subscribe"))
        outboundSubscribe(stanza, user, contact);
    else if (type == QLatin1String("subscribed"))
        outboundSubscribed(stanza, user, contact);
    else if (type == QLatin1String("unsubscribe"))
        outboundUnsubscribe(stanza, user, contact);
    else if (type == QLatin1String("unsubscribed"))
        outboundUnsubscribed(stanza, user, contact);
    else
        probe(from, contact);
    return true;
}

void PresenceSubscriptions::cancelAll(const QString &owner, const RosterItem &item)
{
    const QString contact = item.contact;
    if (!router()->isLocalAccount(contact))
        return;
    if (item.hasTo() || item.askOut)
        inboundUnsubscribe(stanza(QStringLiteral("unsubscribe"), owner, contact, QDomElement()), contact,
                           owner);
    if (item.hasFrom() || item.pendingIn || item.preApproved) {
        if (item.hasFrom())
            sendUnavailable(owner, contact);
        inboundUnsubscribed(stanza(QStringLiteral("unsubscribed"), owner, contact, QDomElement()), contact,
                            owner);
    }
}

// The user asks to see the contact's presence (RFC 6121 §3.1.2).
void PresenceSubscriptions::outboundSubscribe(const QDomElement &original, const QString &user,
                                              const QString &contact)
{
    RosterItem item = m_store->item(user, contact);
    if (!item.hasTo() && (!item.askOut || !item.inRoster)) {
        if (!hasRoomFor(user, item)) {
            replyError(
                original, Stanza::ErrorType::Wait, QStringLiteral("resource-constraint"),
                QStringLiteral("a roster holds at most %1 contacts").arg(m_roster->maxItemsPerAccount()));
            return;
        }
        item.inRoster = true;
        item.askOut = true;
        store(user, item, true);
    }
    inboundSubscribe(stanza(QStringLiteral("subscribe"), user, contact, original), contact, user);
    // The contact's presence is not the user's to see yet: its sessions learn it is
    // unavailable, as a probe would (RFC 6121 §4.3.2), which clients show as 'waiting'.
    if (!m_store->item(user, contact).hasTo()) {
        router()->deliverUnchanged(
            Stanza::create(QStringLiteral("presence"), contact, user, QStringLiteral("unavailable")),
            m_sessions->availableSessions(user));
    }
}

// The contact receives the user's request (RFC 6121 §3.1.3).
void PresenceSubscriptions::inboundSubscribe(const QDomElement &request, const QString &contact,
                                             const QString &user)
{
    if (!exists(contact)) {
        // RFC 6121 §8.5.1: answered on the missing account's behalf.
        inboundUnsubscribed(stanza(QStringLiteral("unsubscribed"), contact, user, QDomElement()), user,
                            contact);
        return;
    }
    RosterItem item = m_store->item(contact, user);
    if (item.hasFrom()) {
        // Already approved: answered on the contact's behalf.
        inboundSubscribed(stanza(QStringLiteral("subscribed"), contact, user, QDomElement()), user, contact);
        sendPresence(contact, user);
        return;
    }
    if (item.preApproved) {
        // RFC 6121 §3.4: approved in advance: the subscription exists at once.
        item.preApproved = false;
        item.pendingIn = false;
        item.setFrom(true);
        store(contact, item, true);
        inboundSubscribed(stanza(QStringLiteral("subscribed"), contact, user, QDomElement()), user, contact);
        sendPresence(contact, user);
        return;
    }
    if (!item.pendingIn) {
        item.pendingIn = true;
        store(contact, item, false); // kept until answered, delivered again at the next login
        m_store->bumpVersion(contact); // a new pending request is a new roster state
    }
    // §3.1.3: the whole stanza is kept (the latest request, should the user repeat it).
    m_store->saveRequest(contact, user, XmlText::fromElement(request));
    deliverToAccount(request);
}

// The contact approves the user's request, or approves in advance (RFC 6121 §3.1.5, §3.4).
void PresenceSubscriptions::outboundSubscribed(const QDomElement &original, const QString &contact,
                                               const QString &user)
{
    RosterItem item = m_store->item(contact, user);
    if (item.hasFrom())
        return; // nothing changes: not routed (Appendix A.3.1)
    if (!hasRoomFor(contact, item)) {
        replyError(original, Stanza::ErrorType::Wait, QStringLiteral("resource-constraint"),
                   QStringLiteral("a roster holds at most %1 contacts").arg(m_roster->maxItemsPerAccount()));
        return;
    }
    if (item.pendingIn) {
        item.pendingIn = false;
        item.setFrom(true);
        item.inRoster = true;
        store(contact, item, true);
        inboundSubscribed(stanza(QStringLiteral("subscribed"), contact, user, original), user, contact);
        sendPresence(contact, user);
        // A contact that sees the user too learns its presence at once: the probe that
        // follows a mutual subscription, answered here.
        if (item.hasTo())
            sendPresence(user, contact);
        return;
    }
    if (!item.preApproved) {
        item.preApproved = true;
        item.inRoster = true;
        store(contact, item, true);
    }
}

// The user learns the contact approved (RFC 6121 §3.1.6).
void PresenceSubscriptions::inboundSubscribed(const QDomElement &approval, const QString &user,
                                              const QString &contact)
{
    RosterItem item = m_store->item(user, contact);
    if (!exists(user) || item.hasTo() || !item.askOut)
        return; // not asked for: ignored (Appendix A.2.2)
    item.askOut = false;
    item.setTo(true);
    item.inRoster = true;
    // The approval first, then the roster push, in Prosody's order.
    deliverToAccount(approval);
    store(user, item, true);
}

// The user stops seeing the contact's presence (RFC 6121 §3.3).
void PresenceSubscriptions::outboundUnsubscribe(const QDomElement &original, const QString &user,
                                                const QString &contact)
{
    RosterItem item = m_store->item(user, contact);
    if (item.hasTo() || item.askOut) {
        item.setTo(false);
        item.askOut = false;
        store(user, item, true);
    }
    inboundUnsubscribe(stanza(QStringLiteral("unsubscribe"), user, contact, original), contact, user);
}

void PresenceSubscriptions::inboundUnsubscribe(const QDomElement &request, const QString &contact,
                                               const QString &user)
{
    if (!exists(contact))
        return; // RFC 6121 §8.5.1: ignored
    RosterItem item = m_store->item(contact, user);
    if (!item.hasFrom() && !item.pendingIn)
        return;
    const bool hadFrom = item.hasFrom();
    item.setFrom(false);
    item.pendingIn = false;
    store(contact, item, hadFrom);
    deliverToAccount(request);
    if (hadFrom)
        sendUnavailable(contact, user);
}

// The contact cancels the user's subscription or refuses the request (RFC 6121 §3.2).
void PresenceSubscriptions::outboundUnsubscribed(const QDomElement &original, const QString &contact,
                                                 const QString &user)
{
    RosterItem item = m_store->item(contact, user);
    const bool hadFrom = item.hasFrom();
    if (hadFrom || item.pendingIn || item.preApproved) {
        const bool visible = hadFrom || item.preApproved;
        item.setFrom(false);
        item.pendingIn = false;
        item.preApproved = false;
        store(contact, item, visible);
    }
    if (hadFrom)
        sendUnavailable(contact, user);
    inboundUnsubscribed(stanza(QStringLiteral("unsubscribed"), contact, user, original), user, contact);
}

void PresenceSubscriptions::inboundUnsubscribed(const QDomElement &notice, const QString &user,
                                                const QString &contact)
{
    if (!exists(user))
        return; // RFC 6121 §8.5.1: ignored
    RosterItem item = m_store->item(user, contact);
    if (!item.hasTo() && !item.askOut)
        return;
    item.setTo(false);
    item.askOut = false;
    store(user, item, true);
    deliverToAccount(notice);
}

// RFC 6121 §4.3.2: answered for a subscriber only; others learn nothing.
void PresenceSubscriptions::probe(const QString &prober, const QString &contact)
{
    if (!exists(contact) || !m_store->item(contact, Jid::bare(prober)).hasFrom())
        return;
    const QList<QDomElement> presences = m_presence->presencesOf(contact);
    if (presences.isEmpty()) {
        router()->deliver(
            Stanza::create(QStringLiteral("presence"), contact, prober, QStringLiteral("unavailable")));
        return;
    }
    for (QDomElement presence : presences) {
        presence.setAttribute(QStringLiteral("to"), prober);
        router()->deliver(presence);
    }
}

void PresenceSubscriptions::store(const QString &owner, const RosterItem &item, bool visible)
{
    const qint64 version = m_store->save(owner, item, visible);
    if (visible && version >= 0 && item.inRoster)
        m_roster->push(owner, item, version);
}

QDomElement PresenceSubscriptions::stanza(const QString &type, const QString &from, const QString &to,
                                          const QDomElement &original)
{
    // The client's own children (a status text, a nickname) travel with its request.
    QDomElement presence = original.isNull() ? Stanza::create(QStringLiteral("presence"), from, to, type)
                                             : Stanza::copy(original);
    presence.setAttribute(QStringLiteral("from"), from);
    presence.setAttribute(QStringLiteral("to"), to);
    presence.setAttribute(QStringLiteral("type"), type);
    return presence;
}

void PresenceSubscriptions::deliverToAccount(const QDomElement &stanza)
{
    // Addressed to the account: its sessions get it as addressed (Prosody does the same).
    router()->deliverUnchanged(stanza, m_sessions->availableSessions(Stanza::to(stanza)));
}

void PresenceSubscriptions::sendPresence(const QString &from, const QString &to)
{
    const QStringList targets = m_sessions->availableSessions(to);
    if (targets.isEmpty())
        return;
    for (QDomElement presence : m_presence->presencesOf(from)) {
        presence.setAttribute(QStringLiteral("to"), to);
        router()->deliverUnchanged(presence, targets);
    }
}

void PresenceSubscriptions::sendUnavailable(const QString &from, const QString &to)
{
    const QStringList targets = m_sessions->availableSessions(to);
    if (targets.isEmpty())
        return;
    for (const QString &session : m_sessions->availableSessions(from)) {
        router()->deliverUnchanged(
            Stanza::create(QStringLiteral("presence"), session, to, QStringLiteral("unavailable")), targets);
    }
}

bool PresenceSubscriptions::hasRoomFor(const QString &owner, const RosterItem &item)
{
    return item.inRoster || m_store->count(owner) < m_roster->maxItemsPerAccount();
}
