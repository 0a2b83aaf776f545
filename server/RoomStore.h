// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Rooms in SQLite (§10): configuration, lock, subject and affiliations, so a
// restarted server has the same rooms. Occupants are not stored: accounts come
// back through their memberships, sessions reconnect by themselves.
#pragma once

#include "MucRoom.h"

#include <QVector>
#include <memory>

class Database;

class RoomStore
{
public:
    explicit RoomStore(Database *database);

    void save(const MucRoom &room);
    void remove(const QString &roomJid);
    // Every stored room, without history (the archive has it).
    QVector<std::shared_ptr<MucRoom>> load();

private:
    Database *const m_database;
};
