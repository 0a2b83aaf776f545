// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Why a room refuses a request (a join, a message, an admin item): the stanza error
// to answer with. A null refusal means the request may go on.
#pragma once

#include "Stanza.h"

struct MucRefusal
{
    Stanza::ErrorType type = Stanza::ErrorType::Cancel;
    QString condition; // empty: not refused
    QString text;

    bool isNull() const { return condition.isEmpty(); }
};
