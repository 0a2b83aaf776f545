// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Base of the server's extensions: QXmpp's chain (handleStanza() returns true to
// consume) plus access to the router every extension sends through.
#pragma once

#include "Stanza.h"

#include <QXmppServerExtension.h>

class StanzaRouter;

class ServerExtension : public QXmppServerExtension
{
    Q_OBJECT
public:
    // Chain order, highest first.
    enum Priority {
        // Blocking (XEP-0191) filters what reaches or leaves an account before anything else.
        BlockingPriority = 400,
        // After blocking (what it drops needs nothing), before anything reads or copies a
        // session's presence: adds the account's avatar hash (XEP-0153) to it, consumes nothing.
        AvatarPresencePriority = 350,
        // Before account-level joining: MAM queries to a room are answered to the asking session.
        ArchivePriority = 300,
        // Before account-level joining: sees a joined session's private message to an occupant
        // (for its carbons) before it goes out from the account.
        ChatMessagesPriority = 250,
        AccountJoinPriority = 200,
        MucServicePriority = 100,
        // Before session presence: an account's own service asks about new caps before the broadcast.
        CapabilitiesPriority = 60,
        SessionPresencePriority = 50,
        // After session presence: subscriptions and probes to contacts (RFC 6121 §3).
        SubscriptionPriority = 45,
        ServicePriority = 40,
        FallbackPriority = -1000,
    };

    explicit ServerExtension(StanzaRouter *router);

    // Features this extension offers on every account's bare JID (disco#info to it).
    virtual QStringList accountFeatures() const { return {}; }

protected:
    StanzaRouter *router() const { return m_router; }
    // Sends the error answer to a request through the router (never for errors or results).
    void replyError(const QDomElement &request, Stanza::ErrorType type, const QString &condition,
                    const QString &text = QString());
    void replyResult(const QDomElement &request);

private:
    StanzaRouter *const m_router;
};
