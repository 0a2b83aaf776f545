// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Members-only rooms (XEP-0045 §9.3, §7.2.7): only members and above enter, an
// admin's or owner's invitation makes the invitee a member (a member's too when the room
// allows members to invite), and occupants without membership leave
// when the room becomes members-only (322) or their membership goes (321).
#pragma once

#include "MucFeature.h"

class MucMembersOnly : public MucFeature
{
public:
    MucRefusal checkJoin(const MucRoom &room, const QDomElement &presence) const override;
    bool admits(const MucRoom &room, MucAffiliation affiliation) const override;
    void invitationSent(MucContext &context, MucRoom *room, const QString &invitee, QDomElement x) override;
    QStringList discoFeatures(const MucRoomConfig &config) const override;
    void addConfigFields(const MucRoomConfig &config, QDomElement form) const override;
    FieldStatus applyConfigField(const QString &var, const QString &value,
                                 MucRoomConfig &next) const override;
    void configChanged(MucContext &context, MucRoom *room, const MucRoomConfig &before) override;
};
