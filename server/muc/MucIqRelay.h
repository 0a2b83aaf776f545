// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// IQs between occupants (XEP-0045 §7.7): a request to room/nick goes to that
// occupant's real JID under an id of the room's, and its answer comes back to the
// requester under the requester's id. Real JIDs stay hidden both ways. The room's id
// is an unguessable nonce, and an answer counts only when it comes from the occupant
// asked, addressed to the requester: nobody else can answer in its name.
#pragma once

#include <QDomElement>
#include <QHash>

class MucRoom;

class MucIqRelay
{
public:
    // The request as the target occupant receives it.
    QDomElement relay(const MucRoom &room, const QString &senderNick, const QDomElement &iq);
    // The answer as the requester receives it, or a null element for an id the room never
    // gave or an answer from anyone but the target occupant (the request stays open).
    QDomElement answer(const QDomElement &iq);

private:
    struct Relayed
    {
        QString requester; // real JID that asked
        QString id; // its id
        QString room;
        QString targetNick;
        QString target; // the target occupant's real JID: bare (account-level) or full
        QString requesterNick; // the answer goes to room/requesterNick
    };
    QHash<QString, Relayed> m_relayed; // by the id the target sees
};
