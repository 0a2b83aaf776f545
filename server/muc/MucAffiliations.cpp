// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucAffiliations.h"

#include "Jid.h"
#include "MucContext.h"
#include "MucModeration.h"
#include "Vocabulary.h"

MucRefusal MucAffiliations::checkJoin(const MucRoom &room, const QDomElement &presence) const
{
    if (room.affiliation(Stanza::from(presence)) == MucAffiliation::Outcast)
        return { Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                 QStringLiteral("you are banned from this room") };
    return {};
}

bool MucAffiliations::handlesAdminItem(const MucAdminRequest &request) const
{
    // An item with both a role and an affiliation is a role change (MucModeration).
    if (request.kind == MucAdminRequest::Kind::Change && request.item.hasAttribute(QStringLiteral("role")))
        return false;
    return request.item.hasAttribute(QStringLiteral("affiliation"));
}

MucRefusal MucAffiliations::listAdminItems(const MucAdminRequest &request, QDomElement list) const
{
    bool ok = false;
    const MucAffiliation affiliation
        = affiliationFromName(request.item.attribute(QStringLiteral("affiliation")), &ok);
    if (!ok || affiliation == MucAffiliation::None)
        return { Stanza::ErrorType::Modify, QStringLiteral("bad-request"), QString() };
    if (request.actorAffiliation < MucAffiliation::Admin)
        return { Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                 QStringLiteral("only admins and owners may read affiliation lists") };
    for (const QString &jid : request.room->affiliated(affiliation)) {
        QDomElement item = Stanza::addChild(list, QStringLiteral("item"));
        item.setAttribute(QStringLiteral("affiliation"), affiliationName(affiliation));
        item.setAttribute(QStringLiteral("jid"), jid);
    }
    return {};
}

MucRefusal MucAffiliations::checkAdminItem(const MucAdminRequest &request) const
{
    bool ok = false;
    const MucAffiliation wanted
        = affiliationFromName(request.item.attribute(QStringLiteral("affiliation")), &ok);
    const QString jid = Jid::bare(request.item.attribute(QStringLiteral("jid")));
    if (!ok || jid.isEmpty())
        return { Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                 QStringLiteral("an affiliation change needs a jid and a known affiliation") };
    const MucAffiliation current = request.room->affiliation(jid);
    // Admins manage members and outcasts; owners manage everyone.
    const bool touchesOwnersOrAdmins = current >= MucAffiliation::Admin || wanted >= MucAffiliation::Admin;
    const bool allowed = request.actorAffiliation == MucAffiliation::Owner
        || (request.actorAffiliation == MucAffiliation::Admin && !touchesOwnersOrAdmins);
    if (!allowed)
        return { Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                 QStringLiteral("you may not change the affiliation of %1").arg(jid) };
    if (current == MucAffiliation::Owner && wanted != MucAffiliation::Owner
        && request.room->affiliated(MucAffiliation::Owner).size() == 1)
        return { Stanza::ErrorType::Cancel, QStringLiteral("conflict"),
                 QStringLiteral("a room keeps at least one owner") };
    return {};
}

void MucAffiliations::applyAdminItem(MucContext &context, const MucAdminRequest &request)
{
    MucRoom *room = request.room;
    const MucAffiliation affiliation
        = affiliationFromName(request.item.attribute(QStringLiteral("affiliation")));
    const QString jid = Jid::bare(request.item.attribute(QStringLiteral("jid")));
    context.setAffiliation(room, jid, affiliation);
    // Every occupant of that user (classic mode may have several) follows the change.
    const QList<MucOccupant> present = room->occupants().values();
    for (const MucOccupant &occupant : present) {
        if (Jid::bare(occupant.realJid) != jid)
            continue;
        if (affiliation == MucAffiliation::Outcast) {
            context.evict(room, occupant.nick, { MucStatus::Banned }, request.removalNotice());
        } else if (!context.admits(*room, affiliation)) {
            context.evict(room, occupant.nick, { MucStatus::AffiliationChanged }, request.removalNotice());
        } else {
            room->occupant(occupant.nick)->role = MucModeration::defaultRole(*room, affiliation);
            context.broadcastPresence(room, occupant.nick);
        }
    }
}
