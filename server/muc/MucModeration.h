// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Roles and moderated rooms (XEP-0045 §8, §9.1): the role an affiliation gives,
// visitors without voice in a moderated room, and moderators' muc#admin role
// items (kick, voice, moderator).
#pragma once

#include "MucFeature.h"

class MucModeration : public MucFeature
{
public:
    // The role an occupant with this affiliation gets when it enters.
    static MucRole defaultRole(const MucRoom &room, MucAffiliation affiliation);

    MucRefusal checkGroupchat(const MucRoom &room, const MucOccupant &sender) const override;
    QStringList discoFeatures(const MucRoomConfig &config) const override;
    void addConfigFields(const MucRoomConfig &config, QDomElement form) const override;
    FieldStatus applyConfigField(const QString &var, const QString &value,
                                 MucRoomConfig &next) const override;

    bool handlesAdminItem(const MucAdminRequest &request) const override;
    MucRefusal listAdminItems(const MucAdminRequest &request, QDomElement list) const override;
    MucRefusal checkAdminItem(const MucAdminRequest &request) const override;
    void applyAdminItem(MucContext &context, const MucAdminRequest &request) override;
};
