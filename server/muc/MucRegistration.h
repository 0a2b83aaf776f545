// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Registration with a room (XEP-0045 §7.10, jabber:iq:register at the room's JID), as
// Prosody 0.12 offers it: a member (or above) registers a nick, which reserves it (others
// joining with it get a conflict); <remove/> drops the reservation and a membership. The reserved nick is
// also read by disco#info at the node x-roomuser-item (§7.12). Users without affiliation may not register.
#pragma once

#include "MucFeature.h"

class MucRegistration : public MucFeature
{
public:
    // Answers a jabber:iq:register get or set addressed to the room.
    void handle(MucContext &context, MucRoom *room, const QDomElement &iq) const;
    // The disco#info answer at node x-roomuser-item: the asker's reserved nick, if any.
    static QDomElement reservedNickInfo(const MucRoom &room, const QDomElement &iq);
    static bool isReservedNickQuery(const QDomElement &iq);

    MucRefusal checkJoin(const MucRoom &room, const QDomElement &presence) const override;
    QStringList discoFeatures(const MucRoomConfig &config) const override;
};
