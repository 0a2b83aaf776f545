// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucModeration.h"

#include "MucContext.h"
#include "MucForm.h"
#include "Vocabulary.h"

MucRole MucModeration::defaultRole(const MucRoom &room, MucAffiliation affiliation)
{
    switch (affiliation) {
    case MucAffiliation::Owner:
    case MucAffiliation::Admin:
        return MucRole::Moderator;
    case MucAffiliation::Member:
        return MucRole::Participant;
    case MucAffiliation::None:
        return room.config().moderated ? MucRole::Visitor : MucRole::Participant;
    case MucAffiliation::Outcast:
        return MucRole::None;
    }
    return MucRole::None;
}

MucRefusal MucModeration::checkGroupchat(const MucRoom &room, const MucOccupant &sender) const
{
    if (room.config().moderated && sender.role == MucRole::Visitor)
        return { Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                 QStringLiteral("visitors may not speak in a moderated room") };
    return {};
}

QStringList MucModeration::discoFeatures(const MucRoomConfig &config) const
{
    return { config.moderated ? QStringLiteral("muc_moderated") : QStringLiteral("muc_unmoderated") };
}

void MucModeration::addConfigFields(const MucRoomConfig &config, QDomElement form) const
{
    MucForm::addField(form, QStringLiteral("muc#roomconfig_moderatedroom"), QStringLiteral("boolean"),
                      QStringLiteral("Moderated"), MucForm::boolText(config.moderated));
}

MucFeature::FieldStatus MucModeration::applyConfigField(const QString &var, const QString &value,
                                                        MucRoomConfig &next) const
{
    if (var != QLatin1String("muc#roomconfig_moderatedroom"))
        return FieldStatus::Unknown;
    bool ok = true;
    next.moderated = MucForm::parseBool(value, &ok);
    return ok ? FieldStatus::Accepted : FieldStatus::Invalid;
}

bool MucModeration::handlesAdminItem(const MucAdminRequest &request) const
{
    // A list request without an affiliation is a role list; a change with a role is a role change.
    if (request.kind == MucAdminRequest::Kind::List)
        return !request.item.hasAttribute(QStringLiteral("affiliation"));
    return request.item.hasAttribute(QStringLiteral("role"));
}

MucRefusal MucModeration::listAdminItems(const MucAdminRequest &request, QDomElement list) const
{
    if (request.actorRole != MucRole::Moderator)
        return { Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                 QStringLiteral("only moderators may read role lists") };
    const QString roleWanted = request.item.attribute(QStringLiteral("role"));
    bool known = false;
    roleFromName(roleWanted, &known);
    if (!known)
        return { Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                 QStringLiteral("unknown role '%1'").arg(roleWanted) };
    for (const MucOccupant &occupant : request.room->occupants()) {
        if (roleName(occupant.role) != roleWanted)
            continue;
        QDomElement item = Stanza::addChild(list, QStringLiteral("item"));
        item.setAttribute(QStringLiteral("nick"), occupant.nick);
        item.setAttribute(QStringLiteral("role"), roleWanted);
        item.setAttribute(QStringLiteral("jid"), occupant.realJid);
        item.setAttribute(QStringLiteral("affiliation"),
                          affiliationName(request.room->affiliation(occupant.realJid)));
    }
    return {};
}

MucRefusal MucModeration::checkAdminItem(const MucAdminRequest &request) const
{
    const QString nick = request.item.attribute(QStringLiteral("nick"));
    const MucOccupant *target = request.room->occupant(nick);
    if (!target)
        return { Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                 QStringLiteral("no occupant with that nickname") };
    bool known = false;
    const QString roleWanted = request.item.attribute(QStringLiteral("role"));
    const MucRole role = roleFromName(roleWanted, &known);
    // A misspelt role must never read as "none", which kicks (XEP-0045 §9: bad-request).
    if (!known)
        return { Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                 QStringLiteral("unknown role '%1'").arg(roleWanted) };
    const MucAffiliation targetAffiliation = request.room->affiliation(target->realJid);
    // Granting moderator is for admins; other changes for moderators over those not above them.
    const bool allowed = role == MucRole::Moderator ? request.actorAffiliation >= MucAffiliation::Admin
                                                    : request.actorRole == MucRole::Moderator
            && (targetAffiliation < MucAffiliation::Admin || request.actorAffiliation > targetAffiliation);
    if (!allowed)
        return { Stanza::ErrorType::Cancel, QStringLiteral("not-allowed"),
                 QStringLiteral("you may not change the role of %1").arg(nick) };
    return {};
}

void MucModeration::applyAdminItem(MucContext &context, const MucAdminRequest &request)
{
    const QString nick = request.item.attribute(QStringLiteral("nick"));
    MucOccupant *target = request.room->occupant(nick);
    if (!target)
        return; // an earlier item of the same request removed it
    const MucRole role = roleFromName(request.item.attribute(QStringLiteral("role")));
    if (role == MucRole::None) {
        context.evict(request.room, nick, { MucStatus::Kicked }, request.removalNotice());
        return;
    }
    target->role = role;
    context.broadcastPresence(request.room, nick);
}
