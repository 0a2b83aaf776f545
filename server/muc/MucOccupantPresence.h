// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The presence of one occupant as another occupant sees it (XEP-0045 §7.2.3): what
// the occupant said about itself, its muc#user item (affiliation, role, real JID
// when the recipient may see it), status codes and its occupant-id.
#pragma once

#include "MucRoom.h"

class MucOccupantPresence
{
public:
    // 'type' is empty (available) or "unavailable".
    static QDomElement build(const MucRoom &room, const MucOccupant &about, const MucOccupant &recipient,
                             const QString &type, const QList<int> &statusCodes);
};
