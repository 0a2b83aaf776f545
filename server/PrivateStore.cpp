// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "PrivateStore.h"

#include "Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

PrivateStore::PrivateStore(Database *database)
    : m_database(database)
{ }

QString PrivateStore::element(const QString &owner, const QString &ns, const QString &name)
{
    if (!m_database->isOpen())
        return QString();
    QSqlQuery query = m_database->prepared(
        QStringLiteral("SELECT xml FROM private_storage WHERE owner = ? AND namespace = ? AND name = ?"));
    query.addBindValue(owner);
    query.addBindValue(ns);
    query.addBindValue(name);
    const QString xml = query.exec() && query.next() ? query.value(0).toString() : QString();
    query.finish();
    return xml;
}

int PrivateStore::count(const QString &owner)
{
    if (!m_database->isOpen())
        return 0;
    QSqlQuery query
        = m_database->prepared(QStringLiteral("SELECT count(*) FROM private_storage WHERE owner = ?"));
    query.addBindValue(owner);
    const int count = query.exec() && query.next() ? query.value(0).toInt() : 0;
    query.finish();
    return count;
}

bool PrivateStore::store(const QString &owner, const QString &ns, const QString &name, const QString &xml)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    QSqlQuery query = m_database->prepared(
        QStringLiteral("INSERT INTO private_storage (owner, namespace, name, xml) VALUES (?, ?, ?, ?)"
                       " ON CONFLICT(owner, namespace, name) DO UPDATE SET xml = excluded.xml"));
    query.addBindValue(owner);
    query.addBindValue(ns);
    query.addBindValue(name);
    query.addBindValue(xml);
    if (query.exec())
        return true;
    m_database->fail(QStringLiteral("cannot store private XML: ") + query.lastError().text());
    return false;
}
