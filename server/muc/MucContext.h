// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// What a room feature may do beyond changing the room's state: send stanzas, store
// the room, remove or re-announce occupants. MucService implements it.
#pragma once

#include "MucRoom.h"

#include <functional>

class MucContext
{
public:
    using Decoration = std::function<void(QDomElement &x)>;

    virtual ~MucContext() = default;

    virtual void send(const QDomElement &stanza) = 0;
    // Each session of 'recipient' gets 'stanza' (addressed to it).
    virtual void deliver(QDomElement stanza, const MucOccupant &recipient) = 0;
    // Stores the room's configuration, lock and subject (not its affiliations).
    virtual void save(const MucRoom *room) = 0;
    // Changes one affiliation and stores only that one (None removes it).
    virtual void setAffiliation(MucRoom *room, const QString &bareJid, MucAffiliation affiliation) = 0;
    // Sends the occupant's unavailable presence to everyone (with 110 for itself),
    // decorated by 'decorate' (actor, reason, destroy), then removes it.
    virtual void evict(MucRoom *room, const QString &nick, const QList<int> &statusCodes,
                       const Decoration &decorate = nullptr)
        = 0;
    // After an affiliation or role change: the new presence of that occupant to everyone,
    // decorated by 'decorate' (actor, reason).
    virtual void broadcastPresence(MucRoom *room, const QString &nick, const Decoration &decorate = nullptr)
        = 0;
    // Whether every feature lets an occupant with this affiliation stay in the room.
    virtual bool admits(const MucRoom &room, MucAffiliation affiliation) const = 0;
};
