// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Room nicknames: the resourceprep'd form the room knows an occupant by, and the
// strict validation Prosody requires of a new nick (no code point unassigned in
// Unicode 3.2), so that two spellings of one nick never become two occupants.
#pragma once

#include "MucRefusal.h"

class MucNickname
{
public:
    // The nick after resourceprep (RFC 6122), or a null string when it cannot be prepared.
    static QString prepare(const QString &nick);
    // Why 'prepared' (the result of prepare()) may not be a nick in a room, or a null refusal.
    static MucRefusal check(const QString &prepared);
};
