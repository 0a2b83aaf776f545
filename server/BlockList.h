// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Each account's blocked JIDs (XEP-0191) in the blocklist table, with a cache per
// account: every stanza to or from an account is checked against its list, so the
// list is read from the database once, not per stanza. forget() drops the cache
// when a batch is rolled back.
#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QStringList>

class Database;

class BlockList
{
public:
    explicit BlockList(Database *database);

    // The account's blocked JIDs, sorted.
    QStringList blocked(const QString &owner);
    // True when the JID matches an item of the account's list (XEP-0191 §4 / XEP-0016 §2.1:
    // the full JID, the bare JID, domain/resource, or the domain).
    bool isBlocked(const QString &owner, const QString &jid);
    // Whether either side blocked the other: presence between them goes nowhere (for the
    // presence broadcasts that are delivered without passing through the chain).
    bool separates(const QString &account, const QString &contact);
    // Whether one item matches the JID, by the same rules.
    static bool matches(const QString &item, const QString &jid);
    // False, and the batch fails, when it cannot be stored.
    bool add(const QString &owner, const QStringList &jids);
    bool remove(const QString &owner, const QStringList &jids);
    bool removeAll(const QString &owner);
    // Stored state may differ from the cache (a rolled-back batch): read it again.
    void forget() { m_cache.clear(); }

private:
    const QSet<QString> &list(const QString &owner);

    Database *const m_database;
    QHash<QString, QSet<QString>> m_cache;
};
