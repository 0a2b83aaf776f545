// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "OfflineStore.h"

#include "Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

OfflineStore::OfflineStore(Database *database)
    : m_database(database)
{ }

int OfflineStore::count(const QString &owner)
{
    if (!m_database->isOpen())
        return 0;
    QSqlQuery query
        = m_database->prepared(QStringLiteral("SELECT count(*) FROM offline_messages WHERE owner = ?"));
    query.addBindValue(owner);
    const int count = query.exec() && query.next() ? query.value(0).toInt() : 0;
    query.finish();
    return count;
}

QList<OfflineStore::Message> OfflineStore::messages(const QString &owner)
{
    QList<Message> messages;
    if (!m_database->isOpen())
        return messages;
    QSqlQuery query = m_database->prepared(
        QStringLiteral("SELECT id, stored, xml FROM offline_messages WHERE owner = ? ORDER BY id"));
    query.addBindValue(owner);
    if (query.exec()) {
        while (query.next()) {
            Message message;
            message.id = query.value(0).toLongLong();
            // Written with its 'Z' (store()), so read back as UTC.
            message.stored = QDateTime::fromString(query.value(1).toString(), Qt::ISODateWithMs);
            message.xml = query.value(2).toString();
            messages << message;
        }
    }
    query.finish();
    return messages;
}

bool OfflineStore::store(const QString &owner, const QString &xml, const QDateTime &stored)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    QSqlQuery query = m_database->prepared(
        QStringLiteral("INSERT INTO offline_messages (owner, stored, xml) VALUES (?, ?, ?)"));
    query.addBindValue(owner);
    query.addBindValue(stored.toUTC().toString(Qt::ISODateWithMs));
    query.addBindValue(xml);
    if (query.exec())
        return true;
    m_database->fail(QStringLiteral("cannot store an offline message: ") + query.lastError().text());
    return false;
}

bool OfflineStore::remove(const QString &owner, qint64 upToId)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    QSqlQuery query
        = m_database->prepared(QStringLiteral("DELETE FROM offline_messages WHERE owner = ? AND id <= ?"));
    query.addBindValue(owner);
    query.addBindValue(upToId);
    if (query.exec())
        return true;
    m_database->fail(QStringLiteral("cannot remove delivered offline messages: ") + query.lastError().text());
    return false;
}
