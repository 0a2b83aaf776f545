// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucPresenceBroadcast.h"

#include "Jid.h"
#include "MucContext.h"
#include "MucForm.h"
#include "MucOccupantPresence.h"
#include "Stanza.h"
#include "Vocabulary.h"

#include <QSet>
#include <algorithm>

namespace {
const QString Field = QStringLiteral("muc#roomconfig_presencebroadcast");
const QList<MucRole> AllRoles { MucRole::None, MucRole::Visitor, MucRole::Participant, MucRole::Moderator };

bool sameUser(const MucOccupant &a, const MucOccupant &b)
{
    return a.nick == b.nick || Jid::bare(a.realJid) == Jid::bare(b.realJid);
}
} // namespace

bool MucPresenceBroadcast::shows(const MucRoom &room, const MucOccupant &about, const MucOccupant &recipient,
                                 const QString &type)
{
    const MucRoomConfig &config = room.config();
    return sameUser(about, recipient) || config.broadcastsPresenceOf(about.role)
        || (type == QLatin1String("unavailable") && config.broadcastsPresenceOf(MucRole::None));
}

QList<QDomElement> MucPresenceBroadcast::absentMembers(const MucRoom &room, const MucOccupant &recipient)
{
    QList<QDomElement> presences;
    if (!room.config().broadcastsPresenceOf(MucRole::None))
        return presences;
    QSet<QString> present { Jid::bare(recipient.realJid) };
    for (const MucOccupant &occupant : room.occupants())
        present.insert(Jid::bare(occupant.realJid));
    const bool seesJids = room.config().nonAnonymous || recipient.role == MucRole::Moderator;
    // Prosody lists outcasts too; a ban list is for admins (XEP-0045 §9.2), so not here.
    for (MucAffiliation affiliation :
         { MucAffiliation::Owner, MucAffiliation::Admin, MucAffiliation::Member }) {
        for (const QString &jid : room.affiliated(affiliation)) {
            const QString nick = room.reservedNick(jid);
            if (present.contains(jid) || (nick.isEmpty() && !seesJids))
                continue;
            QDomElement presence = Stanza::create(QStringLiteral("presence"),
                                                  nick.isEmpty() ? room.jid() : Jid::full(room.jid(), nick),
                                                  recipient.realJid, QStringLiteral("unavailable"));
            QDomElement item = Stanza::addChild(Stanza::addChild(presence, QStringLiteral("x"), Ns::MucUser),
                                                QStringLiteral("item"));
            item.setAttribute(QStringLiteral("affiliation"), affiliationName(affiliation));
            item.setAttribute(QStringLiteral("role"), roleName(MucRole::None));
            if (!nick.isEmpty())
                item.setAttribute(QStringLiteral("nick"), nick);
            if (seesJids)
                item.setAttribute(QStringLiteral("jid"), jid);
            presences << presence;
        }
    }
    return presences;
}

void MucPresenceBroadcast::addConfigFields(const MucRoomConfig &config, QDomElement form) const
{
    QStringList values;
    for (MucRole role : AllRoles) {
        if (config.broadcastsPresenceOf(role))
            values << roleName(role);
    }
    QDomElement field
        = MucForm::addField(form, Field, QStringLiteral("list-multi"),
                            QStringLiteral("Only show participants with roles"), values.value(0));
    if (values.isEmpty())
        field.removeChild(field.firstChildElement(QStringLiteral("value")));
    for (int i = 1; i < values.size(); ++i)
        Stanza::addTextChild(field, QStringLiteral("value"), values.at(i));
    MucForm::addOption(field, QStringLiteral("Members not in the room"), roleName(MucRole::None));
    MucForm::addOption(field, QStringLiteral("Visitors"), roleName(MucRole::Visitor));
    MucForm::addOption(field, QStringLiteral("Participants"), roleName(MucRole::Participant));
    MucForm::addOption(field, QStringLiteral("Moderators"), roleName(MucRole::Moderator));
}

MucFeature::FieldStatus MucPresenceBroadcast::applyConfigValues(const QString &var, const QStringList &values,
                                                                MucRoomConfig &next) const
{
    if (var != Field)
        return FieldStatus::Unknown;
    QVector<MucRole> roles;
    for (const QString &value : values) {
        if (value.isEmpty())
            continue; // what an empty list-multi may come back as
        bool ok = false;
        const MucRole role = roleFromName(value, &ok);
        if (!ok)
            return FieldStatus::Invalid;
        if (!roles.contains(role))
            roles << role;
    }
    std::sort(roles.begin(), roles.end());
    next.presenceBroadcast = roles;
    return FieldStatus::Accepted;
}

void MucPresenceBroadcast::configChanged(MucContext &context, MucRoom *room, const MucRoomConfig &before)
{
    const MucRoomConfig &after = room->config();
    if (before.presenceBroadcast == after.presenceBroadcast)
        return;
    const QList<MucOccupant> occupants = room->occupants().values();
    for (const MucOccupant &occupant : occupants) {
        const bool wasShown = before.broadcastsPresenceOf(occupant.role);
        const bool isShown = after.broadcastsPresenceOf(occupant.role);
        if (isShown && !wasShown) {
            context.broadcastPresence(room, occupant.nick);
        } else if (wasShown && !isShown) {
            for (const MucOccupant &recipient : occupants) {
                if (sameUser(occupant, recipient))
                    continue;
                QDomElement gone = MucOccupantPresence::build(*room, occupant, recipient,
                                                              QStringLiteral("unavailable"), {});
                // Prosody keeps the role in the item: the occupant did not leave.
                for (QDomElement item : Stanza::children(gone.firstChildElement(QStringLiteral("x")),
                                                         QStringLiteral("item"), Ns::MucUser))
                    item.setAttribute(QStringLiteral("role"), roleName(occupant.role));
                context.deliver(gone, recipient);
            }
            context.deliver(
                MucOccupantPresence::build(*room, occupant, occupant, QString(), { MucStatus::SelfPresence }),
                occupant);
        }
    }
}
