// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "BlockList.h"

#include "Database.h"
#include "Jid.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>

namespace {
constexpr int MaxCachedAccounts = 10000;
} // namespace

BlockList::BlockList(Database *database)
    : m_database(database)
{ }

const QSet<QString> &BlockList::list(const QString &owner)
{
    auto it = m_cache.find(owner);
    if (it != m_cache.end())
        return *it;
    QSet<QString> jids;
    if (m_database->isOpen()) {
        QSqlQuery query = m_database->prepared(QStringLiteral("SELECT jid FROM blocklist WHERE owner = ?"));
        query.addBindValue(owner);
        if (query.exec()) {
            while (query.next())
                jids.insert(query.value(0).toString());
        }
        query.finish();
    }
    // Stanzas to any name of the domain land here, existing account or not: the cache is
    // dropped rather than grown without bound.
    if (m_cache.size() >= MaxCachedAccounts)
        m_cache.clear();
    return *m_cache.insert(owner, jids);
}

QStringList BlockList::blocked(const QString &owner)
{
    const QSet<QString> &jids = list(owner);
    QStringList sorted(jids.cbegin(), jids.cend());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

bool BlockList::isBlocked(const QString &owner, const QString &jid)
{
    const QSet<QString> &jids = list(owner);
    if (jids.isEmpty() || jid.isEmpty())
        return false;
    const QString domain = Jid::domain(jid);
    const QString resource = Jid::resource(jid);
    return jids.contains(jid) || jids.contains(Jid::bare(jid)) || jids.contains(domain)
        || (!resource.isEmpty() && jids.contains(domain + QLatin1Char('/') + resource));
}

bool BlockList::matches(const QString &item, const QString &jid)
{
    const QString domain = Jid::domain(jid);
    const QString resource = Jid::resource(jid);
    return item == jid || item == Jid::bare(jid) || item == domain
        || (!resource.isEmpty() && item == domain + QLatin1Char('/') + resource);
}

bool BlockList::separates(const QString &account, const QString &contact)
{
    return isBlocked(Jid::bare(account), contact) || isBlocked(Jid::bare(contact), account);
}

bool BlockList::add(const QString &owner, const QStringList &jids)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    list(owner); // loaded into the cache
    QSet<QString> &cached = m_cache[owner];
    for (const QString &jid : jids) {
        QSqlQuery query = m_database->prepared(
            QStringLiteral("INSERT INTO blocklist (owner, jid) VALUES (?, ?) ON CONFLICT DO NOTHING"));
        query.addBindValue(owner);
        query.addBindValue(jid);
        if (!query.exec()) {
            m_database->fail(QStringLiteral("cannot store a blocked JID: ") + query.lastError().text());
            m_cache.remove(owner);
            return false;
        }
        cached.insert(jid);
    }
    return true;
}

bool BlockList::remove(const QString &owner, const QStringList &jids)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    list(owner); // loaded into the cache
    QSet<QString> &cached = m_cache[owner];
    for (const QString &jid : jids) {
        QSqlQuery query
            = m_database->prepared(QStringLiteral("DELETE FROM blocklist WHERE owner = ? AND jid = ?"));
        query.addBindValue(owner);
        query.addBindValue(jid);
        if (!query.exec()) {
            m_database->fail(QStringLiteral("cannot unblock a JID: ") + query.lastError().text());
            m_cache.remove(owner);
            return false;
        }
        cached.remove(jid);
    }
    return true;
}

bool BlockList::removeAll(const QString &owner)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    QSqlQuery query = m_database->prepared(QStringLiteral("DELETE FROM blocklist WHERE owner = ?"));
    query.addBindValue(owner);
    if (!query.exec()) {
        m_database->fail(QStringLiteral("cannot empty a blocklist: ") + query.lastError().text());
        m_cache.remove(owner);
        return false;
    }
    m_cache.insert(owner, {});
    return true;
}
