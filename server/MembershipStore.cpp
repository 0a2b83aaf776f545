// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MembershipStore.h"

#include "Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

MembershipStore::MembershipStore(Database *database)
    : m_database(database)
{ }

bool MembershipStore::save(const StoredMembership &membership, Commit commit)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    QSqlQuery query = m_database->prepared(QStringLiteral(
        "INSERT INTO memberships (account, room, nick, password, first_archived)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(account, room) DO UPDATE SET nick = excluded.nick,"
        " password = excluded.password, first_archived = excluded.first_archived"));
    query.addBindValue(membership.account);
    query.addBindValue(membership.room);
    query.addBindValue(Database::text(membership.nick));
    query.addBindValue(Database::text(membership.password));
    query.addBindValue(membership.firstArchived);
    if (!query.exec()) {
        m_database->fail(QStringLiteral("cannot save a membership: ") + query.lastError().text());
        return false;
    }
    return commit == Commit::WithBatch || m_database->commitNow();
}

bool MembershipStore::remove(const QString &account, const QString &room)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    QSqlQuery query
        = m_database->prepared(QStringLiteral("DELETE FROM memberships WHERE account = ? AND room = ?"));
    query.addBindValue(account);
    query.addBindValue(room);
    if (query.exec())
        return true;
    m_database->fail(QStringLiteral("cannot remove a membership: ") + query.lastError().text());
    return false;
}

bool MembershipStore::replaceAll(const QVector<StoredMembership> &memberships)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    QSqlQuery clear = m_database->prepared(QStringLiteral("DELETE FROM memberships"));
    if (!clear.exec()) {
        m_database->fail(QStringLiteral("cannot rewrite the memberships: ") + clear.lastError().text());
        return false;
    }
    for (const StoredMembership &membership : memberships) {
        if (!save(membership))
            return false;
    }
    return true;
}

QVector<StoredMembership> MembershipStore::load()
{
    QVector<StoredMembership> all;
    if (!m_database->isOpen())
        return all;
    QSqlQuery query(m_database->connection());
    query.exec(QStringLiteral("SELECT account, room, nick, password, first_archived FROM memberships"
                              " ORDER BY account, room"));
    while (query.next()) {
        all.append(StoredMembership { query.value(0).toString(), query.value(1).toString(),
                                      query.value(2).toString(), query.value(3).toString(),
                                      query.value(4).toLongLong() });
    }
    return all;
}
