// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucInvitations.h"

#include "Jid.h"
#include "MucContext.h"
#include "Vocabulary.h"

MucInvitations::MucInvitations(const QList<MucFeature *> &features)
    : m_features(features)
{ }

void MucInvitations::send(MucContext &context, MucRoom *room, const QDomElement &message) const
{
    const QDomElement x = Stanza::child(message, QStringLiteral("x"), Ns::MucUser);
    for (const QDomElement &invite : Stanza::children(x, QStringLiteral("invite"), Ns::MucUser)) {
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
}
