// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Affiliations (XEP-0045 §9, §10): outcasts may not enter, and admins and owners
// read and change the affiliation lists (ban, membership, admin, owner). An item with
// a nick also reserves that nick for the user (XEP-0045 §7.10, as Prosody does). In a
// members-only room with public real JIDs, members may read the lists too (Prosody).
#pragma once

#include "MucFeature.h"

class MucAffiliations : public MucFeature
{
public:
    // One affiliation change; the actor is empty when the user changed it itself
    // (registration) and the room tells no actor.
    struct Change
    {
        QString jid; // bare
        MucAffiliation affiliation = MucAffiliation::None;
        QString actorJid;
        QString actorNick;
        QString reason;
    };
    // Applies and announces a change the way Prosody 0.12 does: the user's occupants get
    // their new presence (with the actor) or leave (301, 321); with none in the room, the
    // occupants who see real JIDs get a message with the item (XEP-0045 §9.3, §9.4).
    static void apply(MucContext &context, MucRoom *room, const Change &change);

    MucRefusal checkJoin(const MucRoom &room, const QDomElement &presence) const override;

    bool handlesAdminItem(const MucAdminRequest &request) const override;
    MucRefusal listAdminItems(const MucAdminRequest &request, QDomElement list) const override;
    MucRefusal checkAdminItem(const MucAdminRequest &request) const override;
    void applyAdminItem(MucContext &context, const MucAdminRequest &request) override;
};
