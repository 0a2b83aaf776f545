// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "PepStore.h"

#include "Database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

// Every SELECT is read to the end and finished before returning: statements are cached
// and shared, and PEP handling can re-enter the store (a publish that makes the account
// join a room, whose join publishes a bookmark).

PepStore::PepStore(Database *database)
    : m_database(database)
{ }

bool PepStore::node(const QString &owner, const QString &node, PepNodeConfig *config)
{
    if (!m_database->isOpen())
        return false;
    QSqlQuery query = m_database->prepared(QStringLiteral(
        "SELECT access_model, persist_items, max_items FROM pep_nodes WHERE owner = ? AND node = ?"));
    query.addBindValue(owner);
    query.addBindValue(node);
    const bool found = query.exec() && query.next();
    if (found && config) {
        config->accessModel = query.value(0).toString();
        config->persistItems = query.value(1).toBool();
        config->maxItems = query.value(2).toInt();
    }
    query.finish();
    return found;
}

int PepStore::nodeCount(const QString &owner)
{
    if (!m_database->isOpen())
        return 0;
    QSqlQuery query = m_database->prepared(QStringLiteral("SELECT count(*) FROM pep_nodes WHERE owner = ?"));
    query.addBindValue(owner);
    const int count = query.exec() && query.next() ? query.value(0).toInt() : 0;
    query.finish();
    return count;
}

bool PepStore::execWrite(QSqlQuery &query, const char *what)
{
    if (query.exec())
        return true;
    // Said once by whoever reports the failed commit, not once per statement.
    m_database->fail(QStringLiteral("PEP: cannot %1: %2").arg(QLatin1String(what), query.lastError().text()));
    query.finish();
    return false;
}

bool PepStore::createNode(const QString &owner, const QString &node, const PepNodeConfig &config)
{
    if (!m_database->isOpen())
        return false;
    m_database->beginWrite();
    QSqlQuery query = m_database->prepared(
        QStringLiteral("INSERT INTO pep_nodes (owner, node, access_model, persist_items, max_items)"
                       " VALUES (?, ?, ?, ?, ?) ON CONFLICT(owner, node) DO UPDATE SET"
                       " access_model = excluded.access_model, persist_items = excluded.persist_items,"
                       " max_items = excluded.max_items"));
    query.addBindValue(owner);
    query.addBindValue(node);
    query.addBindValue(config.accessModel);
    query.addBindValue(config.persistItems ? 1 : 0);
    query.addBindValue(config.maxItems);
    return execWrite(query, "create a node");
}

bool PepStore::deleteNode(const QString &owner, const QString &node)
{
    if (!m_database->isOpen())
        return false;
    m_database->beginWrite();
    for (const QString &sql : { QStringLiteral("DELETE FROM pep_items WHERE owner = ? AND node = ?"),
                                QStringLiteral("DELETE FROM pep_nodes WHERE owner = ? AND node = ?") }) {
        QSqlQuery query = m_database->prepared(sql);
        query.addBindValue(owner);
        query.addBindValue(node);
        if (!execWrite(query, "delete a node"))
            return false;
    }
    return true;
}

bool PepStore::publish(const QString &owner, const QString &node, const QString &itemId,
                       const QString &payload, int maxItems)
{
    if (!m_database->isOpen())
        return false;
    m_database->beginWrite();
    QSqlQuery next = m_database->prepared(
        QStringLiteral("SELECT coalesce(max(published), 0) + 1 FROM pep_items WHERE owner = ? AND node = ?"));
    next.addBindValue(owner);
    next.addBindValue(node);
    if (!execWrite(next, "number an item") || !next.next()) {
        m_database->fail(QStringLiteral("PEP: cannot number an item"));
        return false;
    }
    const qint64 published = next.value(0).toLongLong();
    next.finish();

    QSqlQuery insert = m_database->prepared(QStringLiteral(
        "INSERT INTO pep_items (owner, node, item_id, payload, published) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(owner, node, item_id) DO UPDATE SET payload = excluded.payload,"
        " published = excluded.published"));
    insert.addBindValue(owner);
    insert.addBindValue(node);
    insert.addBindValue(itemId);
    insert.addBindValue(Database::text(payload));
    insert.addBindValue(published);
    if (!execWrite(insert, "publish an item"))
        return false;

    if (maxItems < 0)
        return true;
    QSqlQuery trim = m_database->prepared(
        QStringLiteral("DELETE FROM pep_items WHERE owner = ? AND node = ? AND published NOT IN"
                       " (SELECT published FROM pep_items WHERE owner = ? AND node = ?"
                       " ORDER BY published DESC LIMIT ?)"));
    trim.addBindValue(owner);
    trim.addBindValue(node);
    trim.addBindValue(owner);
    trim.addBindValue(node);
    trim.addBindValue(maxItems);
    return execWrite(trim, "drop the oldest items");
}

bool PepStore::retract(const QString &owner, const QString &node, const QString &itemId)
{
    if (!m_database->isOpen())
        return false;
    m_database->beginWrite();
    QSqlQuery query = m_database->prepared(
        QStringLiteral("DELETE FROM pep_items WHERE owner = ? AND node = ? AND item_id = ?"));
    query.addBindValue(owner);
    query.addBindValue(node);
    query.addBindValue(itemId);
    return execWrite(query, "retract an item");
}

int PepStore::itemCount(const QString &owner, const QString &node)
{
    if (!m_database->isOpen())
        return 0;
    QSqlQuery query
        = m_database->prepared(QStringLiteral("SELECT count(*) FROM pep_items WHERE owner = ? AND node = ?"));
    query.addBindValue(owner);
    query.addBindValue(node);
    const int count = query.exec() && query.next() ? query.value(0).toInt() : 0;
    query.finish();
    return count;
}

bool PepStore::hasItem(const QString &owner, const QString &node, const QString &itemId)
{
    if (!m_database->isOpen())
        return false;
    QSqlQuery query = m_database->prepared(
        QStringLiteral("SELECT 1 FROM pep_items WHERE owner = ? AND node = ? AND item_id = ?"));
    query.addBindValue(owner);
    query.addBindValue(node);
    query.addBindValue(itemId);
    const bool found = query.exec() && query.next();
    query.finish();
    return found;
}

QVector<PepItem> PepStore::items(const QString &owner, const QString &node, const QStringList &ids,
                                 int newest, int maxPayloadSize)
{
    QVector<PepItem> found;
    if (!m_database->isOpen())
        return found;
    if (ids.size() == 1) {
        // One item by id (a bookmark at each join): a key lookup, whatever the node holds.
        QSqlQuery one = m_database->prepared(
            QStringLiteral("SELECT payload FROM pep_items WHERE owner = ? AND node = ? AND item_id = ?"
                           " AND (? < 0 OR length(payload) <= ?)"));
        one.addBindValue(owner);
        one.addBindValue(node);
        one.addBindValue(ids.first());
        one.addBindValue(maxPayloadSize);
        one.addBindValue(maxPayloadSize);
        if (one.exec() && one.next() && newest != 0)
            found.append(PepItem { owner, node, ids.first(), one.value(0).toString() });
        one.finish();
        return found;
    }
    // length() counts characters, as the size limit does.
    QSqlQuery query = m_database->prepared(
        QStringLiteral("SELECT item_id, payload FROM pep_items WHERE owner = ? AND node = ?"
                       " AND (? < 0 OR length(payload) <= ?) ORDER BY published DESC LIMIT ?"));
    query.addBindValue(owner);
    query.addBindValue(node);
    query.addBindValue(maxPayloadSize);
    query.addBindValue(maxPayloadSize);
    query.addBindValue(ids.isEmpty() ? newest : -1); // SQLite: a negative LIMIT is none
    if (!query.exec())
        return found;
    while ((newest < 0 || found.size() < newest) && query.next()) {
        const QString id = query.value(0).toString();
        if (ids.isEmpty() || ids.contains(id))
            found.prepend(PepItem { owner, node, id, query.value(1).toString() });
    }
    query.finish();
    return found;
}

QVector<PepItem> PepStore::itemsOfEveryOwner(const QString &node)
{
    QVector<PepItem> found;
    if (!m_database->isOpen())
        return found;
    QSqlQuery query = m_database->prepared(QStringLiteral(
        "SELECT owner, item_id, payload FROM pep_items WHERE node = ? ORDER BY owner, published"));
    query.addBindValue(node);
    if (!query.exec())
        return found;
    while (query.next())
        found.append(PepItem { query.value(0).toString(), node, query.value(1).toString(),
                               query.value(2).toString() });
    query.finish();
    return found;
}
