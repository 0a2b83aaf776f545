// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucInvitations.h"

#include "Jid.h"
#include "MucContext.h"
#include "MucModeration.h"
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
    const QString inviter = Stanza::from(message);
    const QString inviterNick = room->nickOf(inviter);
    for (const QDomElement &invite : invites) {
        const QString invitee = invite.attribute(QStringLiteral("to"));
        if (invitee.isEmpty())
            continue;
        // The occupant's message as it was (its id, its other payloads), without its
        // muc#user element, which the room writes (as Prosody does).
        QDomElement out = Stanza::copy(message);
        Stanza::removeChildren(out, QStringLiteral("x"), Ns::MucUser);
        out.setAttribute(QStringLiteral("from"), room->jid());
        out.setAttribute(QStringLiteral("to"), invitee);
        // Where real JIDs are for moderators, an invitee who will not be one learns the
        // inviter's occupant JID only (decided before a feature makes the invitee a member).
        const bool anonymous = !room->config().nonAnonymous
            && MucModeration::defaultRole(*room, room->affiliation(invitee)) != MucRole::Moderator;
        QDomElement outX = Stanza::addChild(out, QStringLiteral("x"), Ns::MucUser);
        QDomElement outInvite = Stanza::addChild(outX, QStringLiteral("invite"));
        outInvite.setAttribute(QStringLiteral("from"), inviter);
        const QString reason = invite.firstChildElement(QStringLiteral("reason")).text();
        Stanza::addTextChild(outInvite, QStringLiteral("reason"), reason); // even empty, as Prosody
        for (MucFeature *feature : m_features)
            feature->invitationSent(context, room, invitee, outX);
        const QString shownInviter
            = anonymous && !inviterNick.isEmpty() ? Jid::full(room->jid(), inviterNick) : inviter;
        outInvite.setAttribute(QStringLiteral("from"), shownInviter);
        // For clients without XEP-0045 invitations: a plain text and XEP-0249's element.
        if (out.firstChildElement(QStringLiteral("body")).isNull()) {
            QString body = QStringLiteral("%1 invited you to the room %2").arg(shownInviter, room->jid());
            if (!reason.isEmpty())
                body += QStringLiteral(" (%1)").arg(reason);
            Stanza::addTextChild(out, QStringLiteral("body"), body);
        }
        QDomElement conference = Stanza::addChild(out, QStringLiteral("x"), Ns::ConferenceInvite);
        conference.setAttribute(QStringLiteral("jid"), room->jid());
        if (!reason.isEmpty())
            conference.appendChild(out.ownerDocument().createTextNode(reason));
        context.send(out);
    }
    return {};
}
