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

    // Each write joins the database's open batch; false (and the batch fails) if it cannot.
    // With Commit::Now the batch is committed before save() returns: a new membership is
    // on disk before the server acts on it, so a full disk cannot leave it in memory only.
    enum class Commit { WithBatch, Now };
    bool save(const StoredMembership &membership, Commit commit = Commit::WithBatch);
    bool remove(const QString &account, const QString &room);
    // Makes the table exactly these memberships (after writes were rolled back).
    bool replaceAll(const QVector<StoredMembership> &memberships);
    QVector<StoredMembership> load();

private:
    Database *const m_database;
};
