// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Password-protected rooms (XEP-0045 §7.2.6): everyone but owners gives the
// password to enter, and invitations carry it.
#pragma once

#include "MucFeature.h"

class MucPassword : public MucFeature
{
public:
    // A room with a password is protected, whether or not muc#roomconfig_passwordprotectedroom
    // was set (Prosody knows only the secret; clients such as scripts set just that).
    static bool isProtected(const MucRoomConfig &config);

    MucRefusal checkJoin(const MucRoom &room, const QDomElement &presence) const override;
    void invitationSent(MucContext &context, MucRoom *room, const QString &invitee, QDomElement x) override;
    QStringList discoFeatures(const MucRoomConfig &config) const override;
    void addConfigFields(const MucRoomConfig &config, QDomElement form) const override;
    FieldStatus applyConfigField(const QString &var, const QString &value,
                                 MucRoomConfig &next) const override;
    QString checkConfig(const MucRoomConfig &next) const override;
};
