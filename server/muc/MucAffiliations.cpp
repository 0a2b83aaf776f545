// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucAffiliations.h"

#include "Jid.h"
#include "MucContext.h"
#include "MucModeration.h"
#include "Vocabulary.h"

namespace {
// Outcasts rank below users without affiliation (a ban is a downgrade).
int rank(MucAffiliation affiliation)
{
    return affiliation == MucAffiliation::Outcast ? -1 : int(affiliation);
}

// The item's bare JID; a client that names only the nick (some do) means that occupant.
QString targetJid(const MucAdminRequest &request)
{
    const QString jid = request.item.attribute(QStringLiteral("jid"));
    if (!jid.isEmpty())
        return Jid::bare(jid);
    const MucOccupant *occupant = request.room->occupant(request.item.attribute(QStringLiteral("nick")));
    return occupant ? Jid::bare(occupant->realJid) : QString();
}
// Prosody 0.12's rule: admins read the lists up to their own rank (an admin not the
// owners); in a members-only room whose real JIDs are public, members and above read
// every list, since they can see who is in it anyway.
bool mayRead(const MucRoom &room, MucAffiliation actor, MucAffiliation list)
{
    if (actor >= MucAffiliation::Admin && rank(actor) >= rank(list))
        return true;
    return room.config().membersOnly && room.config().nonAnonymous && actor >= MucAffiliation::Member;
}
} // namespace

void MucAffiliations::apply(MucContext &context, MucRoom *room, const Change &change)
{
    const MucAffiliation before = room->affiliation(change.jid);
    const bool downgrade = rank(before) > rank(change.affiliation);
    context.setAffiliation(room, change.jid, change.affiliation);
    if (change.affiliation != MucAffiliation::None)
        room->setAffiliationReason(change.jid, change.reason);
    const MucContext::Decoration notice = mucActorNotice(change.actorNick, change.actorJid, change.reason);
    // Every occupant of that user (classic mode may have several) follows the change.
    bool present = false;
    const QList<MucOccupant> occupants = room->occupants().values();
    for (const MucOccupant &occupant : occupants) {
        if (Jid::bare(occupant.realJid) != change.jid)
            continue;
        present = true;
        if (change.affiliation == MucAffiliation::Outcast) {
            context.evict(room, occupant.nick, { MucStatus::Banned }, notice);
        } else if (!context.admits(*room, change.affiliation)) {
            context.evict(room, occupant.nick, { MucStatus::AffiliationChanged }, notice);
        } else {
            // A role granted apart from the affiliation survives an upgrade (Prosody's rule).
            const MucRole role = MucModeration::defaultRole(*room, change.affiliation);
            MucOccupant *current = room->occupant(occupant.nick);
            if (current->role != role && (downgrade || current->role < role))
                current->role = role;
            context.broadcastPresence(room, occupant.nick, notice);
        }
    }
    if (present)
        return;
    QDomElement message = Stanza::create(QStringLiteral("message"), room->jid(), QString());
    QDomElement x = Stanza::addChild(message, QStringLiteral("x"), Ns::MucUser);
    if (change.affiliation == MucAffiliation::Outcast)
        Stanza::addChild(x, QStringLiteral("status"))
            .setAttribute(QStringLiteral("code"), QString::number(MucStatus::Banned));
    else if (!context.admits(*room, change.affiliation))
        Stanza::addChild(x, QStringLiteral("status"))
            .setAttribute(QStringLiteral("code"), QString::number(MucStatus::AffiliationChanged));
    QDomElement item = Stanza::addChild(x, QStringLiteral("item"));
    item.setAttribute(QStringLiteral("affiliation"), affiliationName(change.affiliation));
    item.setAttribute(QStringLiteral("jid"), change.jid);
    if (!change.reason.isEmpty())
        Stanza::addTextChild(item, QStringLiteral("reason"), change.reason);
    // The item names a real JID: only for those who may see them.
    for (const MucOccupant &recipient : occupants) {
        if (!room->config().nonAnonymous && recipient.role != MucRole::Moderator)
            continue;
        context.deliver(message, recipient);
    }
}

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
    if (!mayRead(*request.room, request.actorAffiliation, affiliation))
        return { Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                 QStringLiteral("you may not read this affiliation list") };
    for (const QString &jid : request.room->affiliated(affiliation)) {
        QDomElement item = Stanza::addChild(list, QStringLiteral("item"));
        item.setAttribute(QStringLiteral("affiliation"), affiliationName(affiliation));
        item.setAttribute(QStringLiteral("jid"), jid);
        const QString nick = request.room->reservedNick(jid);
        if (!nick.isEmpty())
            item.setAttribute(QStringLiteral("nick"), nick);
        const QString reason = request.room->affiliationReason(jid);
        if (!reason.isEmpty())
            Stanza::addTextChild(item, QStringLiteral("reason"), reason);
    }
    return {};
}

MucRefusal MucAffiliations::checkAdminItem(const MucAdminRequest &request) const
{
    bool ok = false;
    const MucAffiliation wanted
        = affiliationFromName(request.item.attribute(QStringLiteral("affiliation")), &ok);
    const QString jid = targetJid(request);
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
    Change change;
    change.jid = targetJid(request);
    change.affiliation = affiliationFromName(request.item.attribute(QStringLiteral("affiliation")));
    change.actorJid = request.actorJid;
    change.actorNick = request.actorNick;
    change.reason = request.item.firstChildElement(QStringLiteral("reason")).text();
    if (change.jid.isEmpty())
        return; // an earlier item of the same request removed the occupant it named
    // A nick with the item reserves it for that user: whoever else holds it leaves.
    const QString nick = request.item.attribute(QStringLiteral("nick"));
    if (!nick.isEmpty()) {
        const MucOccupant *holder = room->occupant(nick);
        if (holder && Jid::bare(holder->realJid) != change.jid)
            context.evict(room, nick, { MucStatus::Kicked },
                          mucActorNotice(QString(), QString(), QStringLiteral("This nickname is reserved")));
    }
    apply(context, room, change);
    if (!nick.isEmpty() && change.affiliation != MucAffiliation::None) {
        room->setReservedNick(change.jid, nick);
        context.save(room);
    }
}
