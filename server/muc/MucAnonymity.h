// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Semi-anonymous and non-anonymous rooms (XEP-0045 §7.2.4, status 100): who sees
// an occupant's real JID.
#pragma once

#include "MucFeature.h"

class MucAnonymity : public MucFeature
{
public:
    // Whether 'recipient' is shown the real JID of 'about'.
    static bool showsRealJid(const MucRoom &room, const MucOccupant &about, const MucOccupant &recipient);

    QStringList discoFeatures(const MucRoomConfig &config) const override;
    void addConfigFields(const MucRoomConfig &config, QDomElement form) const override;
    FieldStatus applyConfigField(const QString &var, const QString &value,
                                 MucRoomConfig &next) const override;
};
