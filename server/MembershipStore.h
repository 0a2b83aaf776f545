// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Account-level memberships in SQLite (§10): which rooms each account occupies and
// with which nick, so a restarted server rejoins them all.
#pragma once

#include <QString>
#include <QVector>

class Database;

struct StoredMembership
{
    QString account;
    QString room;
    QString nick;
    QString password; // the room password the account joined with
    qint64 firstArchived = 0; // see Membership::firstArchived
};

class MembershipStore
{
public:
    explicit MembershipStore(Database *database);

    void save(const StoredMembership &membership);
    void remove(const QString &account, const QString &room);
    QVector<StoredMembership> load();

private:
    Database *const m_database;
};
