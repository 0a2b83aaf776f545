// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucMembersOnly.h"

#include "MucContext.h"
#include "MucForm.h"
#include "Vocabulary.h"

MucRefusal MucMembersOnly::checkJoin(const MucRoom &room, const QDomElement &presence) const
{
    if (!admits(room, room.affiliation(Stanza::from(presence))))
        return { Stanza::ErrorType::Auth, QStringLiteral("registration-required"),
                 QStringLiteral("this room is for members only") };
    return {};
}

bool MucMembersOnly::admits(const MucRoom &room, MucAffiliation affiliation) const
{
    return !room.config().membersOnly || affiliation != MucAffiliation::None;
}

void MucMembersOnly::invitationSent(MucContext &context, MucRoom *room, const QString &invitee, QDomElement x)
{
    // XEP-0045 §7.8.2: an invitation to a members-only room makes the invitee a member,
    // but only when the inviter may: an admin or owner, or a member if the room allows
    // members to invite (muc#roomconfig_allowinvites). Anyone else's invitation still goes
    // out; the invitee then meets registration-required (as with Prosody).
    const QString inviter
        = Stanza::child(x, QStringLiteral("invite"), Ns::MucUser).attribute(QStringLiteral("from"));
    const MucAffiliation needed
        = room->config().membersMayInvite ? MucAffiliation::Member : MucAffiliation::Admin;
    if (room->affiliation(inviter) < needed)
        return;
    if (room->config().membersOnly && room->affiliation(invitee) == MucAffiliation::None)
        context.setAffiliation(room, invitee, MucAffiliation::Member);
}

QStringList MucMembersOnly::discoFeatures(const MucRoomConfig &config) const
{
    return { config.membersOnly ? QStringLiteral("muc_membersonly") : QStringLiteral("muc_open") };
}

void MucMembersOnly::addConfigFields(const MucRoomConfig &config, QDomElement form) const
{
    MucForm::addField(form, QStringLiteral("muc#roomconfig_membersonly"), QStringLiteral("boolean"),
                      QStringLiteral("Members only"), MucForm::boolText(config.membersOnly));
    MucForm::addField(form, QStringLiteral("muc#roomconfig_allowinvites"), QStringLiteral("boolean"),
                      QStringLiteral("Members may invite others in (members-only rooms)"),
                      MucForm::boolText(config.membersMayInvite));
}

MucFeature::FieldStatus MucMembersOnly::applyConfigField(const QString &var, const QString &value,
                                                         MucRoomConfig &next) const
{
    bool *field = var == QLatin1String("muc#roomconfig_membersonly") ? &next.membersOnly
        : var == QLatin1String("muc#roomconfig_allowinvites")        ? &next.membersMayInvite
                                                                     : nullptr;
    if (!field)
        return FieldStatus::Unknown;
    bool ok = true;
    *field = MucForm::parseBool(value, &ok);
    return ok ? FieldStatus::Accepted : FieldStatus::Invalid;
}

void MucMembersOnly::configChanged(MucContext &context, MucRoom *room, const MucRoomConfig &before)
{
    if (!room->config().membersOnly || before.membersOnly)
        return;
    // XEP-0045 §10.2: occupants without membership leave a room that became members-only.
    const QList<MucOccupant> occupants = room->occupants().values(); // evict() changes the room
    for (const MucOccupant &occupant : occupants) {
        if (room->affiliation(occupant.realJid) == MucAffiliation::None)
            context.evict(room, occupant.nick, { MucStatus::MembersOnly });
    }
}
