// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// PEP nodes and items in SQLite (§9, §10): the account's bookmarks and whatever
// else its clients publish on their own bare JID.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

class Database;
class QSqlQuery;

struct PepNodeConfig
{
    QString accessModel = QStringLiteral("presence"); // XEP-0163 default
    bool persistItems = true;
    int maxItems = 1; // -1: no limit ("max")
};

struct PepItem
{
    QString owner; // bare JID
    QString node;
    QString id;
    QString payload; // the item's payload element as XML text
};

// Every write returns false when it could not be made; the batch it belongs to is then
// marked failed (Database::fail()), so that Database::commit() rolls it back whole.
class PepStore
{
public:
    explicit PepStore(Database *database);

    // False when the owner has no such node.
    bool node(const QString &owner, const QString &node, PepNodeConfig *config = nullptr);
    // How many nodes the owner has.
    int nodeCount(const QString &owner);
    bool createNode(const QString &owner, const QString &node, const PepNodeConfig &config);
    // The node and all its items.
    bool deleteNode(const QString &owner, const QString &node);

    // Adds or replaces the item as the newest, then drops the oldest beyond maxItems (-1: none).
    bool publish(const QString &owner, const QString &node, const QString &itemId, const QString &payload,
                 int maxItems);
    // Removes the item, if there is one.
    bool retract(const QString &owner, const QString &node, const QString &itemId);

    // How many items the node holds, and whether it holds this one.
    int itemCount(const QString &owner, const QString &node);
    bool hasItem(const QString &owner, const QString &node, const QString &itemId);
    // The node's items, oldest first; only 'ids' when given; only the newest 'newest' when >= 0;
    // only payloads of at most 'maxPayloadSize' characters when >= 0 (others are left out).
    QVector<PepItem> items(const QString &owner, const QString &node, const QStringList &ids = {},
                           int newest = -1, int maxPayloadSize = -1);
    // The items of this node of every account, by owner, oldest first (bookmarks at start).
    QVector<PepItem> itemsOfEveryOwner(const QString &node);

private:
    // Runs a write; on failure marks the batch failed and returns false.
    bool execWrite(QSqlQuery &query, const char *what);

    Database *const m_database;
};
