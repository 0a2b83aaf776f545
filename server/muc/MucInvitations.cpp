// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucInvitations.h"

#include "Jid.h"
#include "MucContext.h"
#include "Vocabulary.h"

MucInvitations::MucInvitations(const QList<MucFeature *> &features)
    : m_features(features)
{ }

MucRefusal MucInvitations::send(MucContext &context, MucRoom *room, const QDomElement &message,
                                int maxInvitees) const
{
    const QDomElement x = Stanza::child(message, QStringLiteral("x"), Ns::MucUser);
    const QList<QDomElement> invites = Stanza::children(x, QStringLiteral("invite"), Ns::MucUser);
    // Each invitation costs the room a message and maybe a membership: one stanza may not
    // make it send an unbounded number (RFC 6120 §8.3.3.12, a local service policy).
    if (invites.size() > maxInvitees)
        return { Stanza::ErrorType::Modify, QStringLiteral("policy-violation"),
                 QStringLiteral("an invitation may invite at most %1 people").arg(maxInvitees) };
    for (const QDomElement &invite : invites) {
        const QString invitee = invite.attribute(QStringLiteral("to"));
        if (invitee.isEmpty())
            continue;
        QDomElement out = Stanza::create(QStringLiteral("message"), room->jid(), invitee);
        QDomElement outX = Stanza::addChild(out, QStringLiteral("x"), Ns::MucUser);
        QDomElement outInvite = Stanza::addChild(outX, QStringLiteral("invite"));
        outInvite.setAttribute(QStringLiteral("from"), Jid::bare(Stanza::from(message)));
        const QString reason = invite.firstChildElement(QStringLiteral("reason")).text();
        if (!reason.isEmpty())
            Stanza::addTextChild(outInvite, QStringLiteral("reason"), reason);
        for (MucFeature *feature : m_features)
            feature->invitationSent(context, room, invitee, outX);
        context.send(out);
    }
    return {};
}
