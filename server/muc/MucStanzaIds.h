// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The ids a room stamps on each groupchat message it broadcasts: its stanza-id
// (XEP-0359, the archive and RSM position) and the sender's occupant-id (XEP-0421).
// Registered before MucHistory, so what is kept and archived carries them; only what
// MucHistory archives (MessageArchive::isArchivable) gets a stanza-id.
#pragma once

#include "MucFeature.h"

class MucStanzaIds : public MucFeature
{
public:
    void messageBroadcast(MucRoom *room, QDomElement message, const MucOccupant &sender) override;
};
