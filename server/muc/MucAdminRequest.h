// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One <item/> of a muc#admin query, with who asks, as the features see it.
#pragma once

#include "MucRoom.h"

#include <functional>

struct MucAdminRequest
{
    enum class Kind { List, Change }; // an IQ get reads a list, a set changes items

    Kind kind = Kind::Change;
    MucRoom *room = nullptr;
    QDomElement item;
    QString actorJid; // the real JID that asked
    QString actorNick; // empty when the actor is not an occupant
    MucAffiliation actorAffiliation = MucAffiliation::None;
    MucRole actorRole = MucRole::None;

    // Adds the actor and the item's reason to a removal's muc#user <item/>.
    std::function<void(QDomElement &x)> removalNotice() const;
};

// Adds <actor/> and <reason/> to the muc#user <item/> of an occupant presence, as
// Prosody does: the actor's JID only for recipients who see real JIDs, and never to
// the occupant the change is about; nothing for an empty actor and reason.
std::function<void(QDomElement &x)> mucActorNotice(const QString &actorNick, const QString &actorJid,
                                                   const QString &reason);
