// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "VCardStore.h"

#include "Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

VCardStore::VCardStore(Database *database)
    : m_database(database)
{ }

QString VCardStore::vCard(const QString &owner)
{
    if (!m_database->isOpen())
        return QString();
    QSqlQuery query = m_database->prepared(QStringLiteral("SELECT xml FROM vcards WHERE owner = ?"));
    query.addBindValue(owner);
    const QString xml = query.exec() && query.next() ? query.value(0).toString() : QString();
    query.finish();
    return xml;
}

QString VCardStore::photoHash(const QString &owner)
{
    if (!m_database->isOpen())
        return QString();
    QSqlQuery query = m_database->prepared(QStringLiteral("SELECT photo_hash FROM vcards WHERE owner = ?"));
    query.addBindValue(owner);
    const QString hash = query.exec() && query.next() ? query.value(0).toString() : QString();
    query.finish();
    return hash;
}

bool VCardStore::store(const QString &owner, const QString &xml, const QString &photoHash)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    QSqlQuery query = m_database->prepared(QStringLiteral(
        "INSERT INTO vcards (owner, xml, photo_hash) VALUES (?, ?, ?)"
        " ON CONFLICT(owner) DO UPDATE SET xml = excluded.xml, photo_hash = excluded.photo_hash"));
    query.addBindValue(owner);
    query.addBindValue(Database::text(xml));
    query.addBindValue(Database::text(photoHash));
    if (query.exec())
        return true;
    m_database->fail(QStringLiteral("cannot store a vCard: ") + query.lastError().text());
    return false;
}
