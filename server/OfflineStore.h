// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Offline messages (RFC 6121 §8.5.2, XEP-0160) in SQLite: what came for an account while
// none of its sessions could take it, as XML text with when it came, in arrival order.
#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

class Database;

class OfflineStore
{
public:
    struct Message
    {
        qint64 id = 0;
        QDateTime stored; // UTC
        QString xml;
    };

    explicit OfflineStore(Database *database);

    // How many messages wait for the owner.
    int count(const QString &owner);
    // The owner's messages, oldest first.
    QList<Message> messages(const QString &owner);
    // Adds one. False, and the batch fails, when it cannot be stored.
    bool store(const QString &owner, const QString &xml, const QDateTime &stored);
    // Removes the owner's messages up to this id (those delivered). False, and the batch
    // fails, when they cannot be removed.
    bool remove(const QString &owner, qint64 upToId);

private:
    Database *const m_database;
};
