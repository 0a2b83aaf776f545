// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Presence broadcast (muc#roomconfig_presencebroadcast, as Prosody 0.12 has it): the
// occupants see the presence of occupants whose role the owner listed (by default every
// role); an occupant always sees its own. Listing "none" also shows a newcomer the
// affiliated users who are not in the room, as unavailable presences with their
// reserved nick (Prosody's "offline members").
#pragma once

#include "MucFeature.h"

#include <QList>

class MucPresenceBroadcast : public MucFeature
{
public:
    // Whether 'recipient' is sent this presence of 'about' ('type' empty or "unavailable").
    // A departure is shown when the role it had was, or when "none" is listed.
    static bool shows(const MucRoom &room, const MucOccupant &about, const MucOccupant &recipient,
                      const QString &type = QString());
    // The unavailable presences of the affiliated users (not outcasts) who are not in the
    // room, for 'recipient' (sent to its realJid): none unless "none" is listed. A user
    // without reserved nick is shown (from the room's JID) only to those who see real JIDs.
    static QList<QDomElement> absentMembers(const MucRoom &room, const MucOccupant &recipient);

    void addConfigFields(const MucRoomConfig &config, QDomElement form) const override;
    FieldStatus applyConfigValues(const QString &var, const QStringList &values,
                                  MucRoomConfig &next) const override;
    // Occupants whose role became shown are announced; those whose role became hidden
    // leave in the others' eyes (the occupant itself gets its presence again).
    void configChanged(MucContext &context, MucRoom *room, const MucRoomConfig &before) override;
};
