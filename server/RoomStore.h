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
class QSqlQuery;

class RoomStore
{
public:
    explicit RoomStore(Database *database);

    // Every write returns false when it could not be made; the batch it belongs to is then
    // marked failed (Database::fail()), so Database::commit() rolls it back whole.

    // The whole room: its settings and every affiliation (a new room, or a rewrite after
    // writes were rolled back).
    bool save(const MucRoom &room);
    // Configuration, lock and subject only: the affiliations are written one by one.
    bool saveSettings(const MucRoom &room);
    // One affiliation; None deletes it. Costs the same however many the room has.
    bool setAffiliation(const QString &roomJid, const QString &bareJid, MucAffiliation affiliation);
    bool remove(const QString &roomJid);
    // Every stored room, without history (the archive has it).
    QVector<std::shared_ptr<MucRoom>> load();

private:
    bool execWrite(QSqlQuery &query, const char *what, const QString &roomJid);

    Database *const m_database;
};
