// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// PEP nodes and items in SQLite (§9, §10): the account's bookmarks and whatever
// else its clients publish on their own bare JID.
#pragma once

#include <QString>
#include <QStringList>
#include <QVector>

class Database;

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

class PepStore
{
public:
    explicit PepStore(Database *database);

    // False when the owner has no such node.
    bool node(const QString &owner, const QString &node, PepNodeConfig *config = nullptr);
    void createNode(const QString &owner, const QString &node, const PepNodeConfig &config);
    // The node and all its items.
    void deleteNode(const QString &owner, const QString &node);

    // Adds or replaces the item as the newest, then drops the oldest beyond maxItems (-1: none).
    void publish(const QString &owner, const QString &node, const QString &itemId, const QString &payload,
                 int maxItems);
    // False when there was no such item.
    bool retract(const QString &owner, const QString &node, const QString &itemId);

    // The node's items, oldest first; only 'ids' when given; only the newest 'newest' when >= 0.
    QVector<PepItem> items(const QString &owner, const QString &node, const QStringList &ids = {},
                           int newest = -1);
    // The items of this node of every account, by owner, oldest first (bookmarks at start).
    QVector<PepItem> itemsOfEveryOwner(const QString &node);

private:
    Database *const m_database;
};
