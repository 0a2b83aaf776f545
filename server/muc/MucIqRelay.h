// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// IQs between occupants (XEP-0045 §7.7): a request to room/nick goes to that
// occupant's real JID under an id of the room's, and its answer comes back to the
// requester under the requester's id. Real JIDs stay hidden both ways.
#pragma once

#include <QDomElement>
#include <QHash>

class MucRoom;

class MucIqRelay
{
public:
    // The request as the target occupant receives it.
    QDomElement relay(const MucRoom &room, const QString &senderNick, const QDomElement &iq);
    // The answer as the requester receives it, or a null element for an id the room never gave.
    QDomElement answer(const QDomElement &iq);

private:
    struct Relayed
    {
        QString requester; // real JID that asked
        QString id; // its id
        QString room;
        QString targetNick;
    };
    QHash<QString, Relayed> m_relayed; // by the id the target sees
    quint64 m_nextId = 1;
};
