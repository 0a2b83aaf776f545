// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucAnonymity.h"

#include "Jid.h"
#include "MucForm.h"

bool MucAnonymity::showsRealJid(const MucRoom &room, const MucOccupant &about, const MucOccupant &recipient)
{
    return room.config().nonAnonymous || recipient.role == MucRole::Moderator
        || Jid::bare(recipient.realJid) == Jid::bare(about.realJid); // one's own sessions
}

QStringList MucAnonymity::discoFeatures(const MucRoomConfig &config) const
{
    return { config.nonAnonymous ? QStringLiteral("muc_nonanonymous") : QStringLiteral("muc_semianonymous") };
}

void MucAnonymity::addConfigFields(const MucRoomConfig &config, QDomElement form) const
{
    // The options of XEP-0045 §10.2's registry (clients index into them: Poezio fails without).
    const QDomElement field
        = MucForm::addField(form, QStringLiteral("muc#roomconfig_whois"), QStringLiteral("list-single"),
                            QStringLiteral("Who may see real JIDs"),
                            config.nonAnonymous ? QStringLiteral("anyone") : QStringLiteral("moderators"));
    MucForm::addOption(field, QStringLiteral("Moderators only"), QStringLiteral("moderators"));
    MucForm::addOption(field, QStringLiteral("Anyone"), QStringLiteral("anyone"));
}

MucFeature::FieldStatus MucAnonymity::applyConfigField(const QString &var, const QString &value,
                                                       MucRoomConfig &next) const
{
    if (var != QLatin1String("muc#roomconfig_whois"))
        return FieldStatus::Unknown;
    next.nonAnonymous = value == QLatin1String("anyone");
    return FieldStatus::Accepted;
}
