// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// What a database file's archives hold, read directly, for tests that stop a server
// and look at what it left behind.
#pragma once

#include "MessageArchive.h"

#include <QStringList>

class Database;

// Every body in one owner's archive of that kind (a room's own archive, an account's
// personal archive), in archive order, walking all pages.
QStringList archivedBodies(MessageArchive &archive, const QString &owner, ArchiveKind kind);
// Every body of the account's history of the room as a replay reads it, oldest first:
// from its stored membership's first message on (none without a stored membership).
QStringList accountHistoryBodies(Database &database, const QString &account, const QString &room);
