// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucOccupantPresence.h"

#include "Jid.h"
#include "MucAnonymity.h"
#include "Stanza.h"
#include "Vocabulary.h"

QDomElement MucOccupantPresence::build(const MucRoom &room, const MucOccupant &about,
                                       const MucOccupant &recipient, const QString &type,
                                       const QList<int> &statusCodes)
{
    QDomElement presence = Stanza::create(QStringLiteral("presence"), Jid::full(room.jid(), about.nick),
                                          recipient.realJid, type);
    if (type.isEmpty() && !about.presence.isNull()) {
        // Carry what the occupant said about itself (show, status, priority, caps, ...).
        for (QDomElement e = about.presence.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
            if (e.namespaceURI() == Ns::Muc || e.namespaceURI() == Ns::MucUser)
                continue;
            presence.appendChild(presence.ownerDocument().importNode(e, true));
        }
    } else if (type == QLatin1String("unavailable") && !about.presence.isNull()) {
        const QDomElement status = about.presence.firstChildElement(QStringLiteral("status"));
        if (!status.isNull() && status.namespaceURI() == Ns::Client)
            presence.appendChild(presence.ownerDocument().importNode(status, true));
    }
    QDomElement x = Stanza::addChild(presence, QStringLiteral("x"), Ns::MucUser);
    // Prosody's order, which XEP-0045 leaves free and scripts written against Prosody
    // compare strictly: every status code before the item except 110, which follows it.
    for (int code : statusCodes) {
        if (code != MucStatus::SelfPresence)
            Stanza::addChild(x, QStringLiteral("status"))
                .setAttribute(QStringLiteral("code"), QString::number(code));
    }
    // One item per session to whoever may see real JIDs (as Prosody lists a multi-session
    // occupant), a single one without JID to the others.
    const bool showsJids = MucAnonymity::showsRealJid(room, about, recipient);
    for (const QString &session : showsJids ? about.sessions() : QStringList { QString() }) {
        QDomElement item = Stanza::addChild(x, QStringLiteral("item"));
        item.setAttribute(QStringLiteral("affiliation"), affiliationName(room.affiliation(about.realJid)));
        item.setAttribute(QStringLiteral("role"),
                          roleName(type == QLatin1String("unavailable") ? MucRole::None : about.role));
        if (showsJids)
            item.setAttribute(QStringLiteral("jid"), session);
    }
    if (statusCodes.contains(MucStatus::SelfPresence))
        Stanza::addChild(x, QStringLiteral("status"))
            .setAttribute(QStringLiteral("code"), QString::number(MucStatus::SelfPresence));
    Stanza::addChild(presence, QStringLiteral("occupant-id"), Ns::OccupantId)
        .setAttribute(QStringLiteral("id"), room.occupantId(about.realJid));
    return presence;
}
