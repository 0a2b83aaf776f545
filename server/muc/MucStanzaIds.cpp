// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucStanzaIds.h"

#include "MessageArchive.h"
#include "Vocabulary.h"

#include <QUuid>

void MucStanzaIds::messageBroadcast(MucRoom *room, QDomElement message, const MucOccupant &sender)
{
    // Never relay ids a client made up in the room's name (XEP-0359 §3.1).
    for (QDomElement old : Stanza::children(message, QStringLiteral("stanza-id"), Ns::StanzaId)) {
        if (old.attribute(QStringLiteral("by")) == room->jid())
            message.removeChild(old);
    }
    Stanza::removeChildren(message, QStringLiteral("occupant-id"), Ns::OccupantId);
    // Only what MucHistory archives gets an id (§8): an id of a <no-store/> message or a
    // bare chat state would be an RSM position the archive does not know.
    if (MessageArchive::isArchivable(message)) {
        QDomElement stanzaId = Stanza::addChild(message, QStringLiteral("stanza-id"), Ns::StanzaId);
        stanzaId.setAttribute(QStringLiteral("id"), QUuid::createUuid().toString(QUuid::WithoutBraces));
        stanzaId.setAttribute(QStringLiteral("by"), room->jid());
    }
    Stanza::addChild(message, QStringLiteral("occupant-id"), Ns::OccupantId)
        .setAttribute(QStringLiteral("id"), room->occupantId(sender.realJid));
}
