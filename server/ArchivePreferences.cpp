// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ArchivePreferences.h"

#include "Database.h"
#include "RosterStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace {
QString toJson(const QStringList &list)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(list)).toJson(QJsonDocument::Compact));
}

QStringList fromJson(const QString &json)
{
    QStringList list;
    for (const QJsonValue &value : QJsonDocument::fromJson(json.toUtf8()).array())
        list << value.toString();
    return list;
}
} // namespace

ArchivePreferences::ArchivePreferences(Database *database, RosterStore *rosters)
    : m_database(database)
    , m_rosters(rosters)
{ }

bool ArchivePreferences::tableExists()
{
    if (m_table || !m_database->isOpen())
        return m_table;
    // Never prepare against a table that is not there: a failed statement stays cached.
    QSqlQuery query = m_database->prepared(
        QStringLiteral("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'archive_prefs'"));
    m_table = query.exec() && query.next();
    query.finish();
    return m_table;
}

ArchivePrefs ArchivePreferences::prefs(const QString &owner)
{
    ArchivePrefs prefs;
    if (!tableExists())
        return prefs;
    QSqlQuery query = m_database->prepared(
        QStringLiteral("SELECT default_mode, always_jids, never_jids FROM archive_prefs WHERE owner = ?"));
    query.addBindValue(owner);
    if (query.exec() && query.next()) {
        prefs.defaultMode = query.value(0).toString();
        prefs.always = fromJson(query.value(1).toString());
        prefs.never = fromJson(query.value(2).toString());
    }
    query.finish();
    return prefs;
}

bool ArchivePreferences::save(const QString &owner, const ArchivePrefs &prefs)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    // Created again if a rolled-back batch took it away.
    QSqlQuery create = m_database->prepared(QStringLiteral("CREATE TABLE IF NOT EXISTS archive_prefs ("
                                                           " owner TEXT PRIMARY KEY,"
                                                           " default_mode TEXT NOT NULL,"
                                                           " always_jids TEXT NOT NULL," // JSON arrays
                                                           " never_jids TEXT NOT NULL)"));
    if (!create.exec()) {
        m_database->fail(QStringLiteral("cannot create the archive preference table: ")
                         + create.lastError().text());
        return false;
    }
    m_table = true;
    QSqlQuery query = m_database->prepared(
        QStringLiteral("INSERT INTO archive_prefs (owner, default_mode, always_jids, never_jids)"
                       " VALUES (?, ?, ?, ?) ON CONFLICT(owner) DO UPDATE SET"
                       " default_mode = excluded.default_mode, always_jids = excluded.always_jids,"
                       " never_jids = excluded.never_jids"));
    query.addBindValue(owner);
    query.addBindValue(prefs.defaultMode);
    query.addBindValue(toJson(prefs.always));
    query.addBindValue(toJson(prefs.never));
    if (query.exec())
        return true;
    m_database->fail(QStringLiteral("cannot store archive preferences: ") + query.lastError().text());
    return false;
}

bool ArchivePreferences::archives(const QString &owner, const QString &peer)
{
    const ArchivePrefs prefs = this->prefs(owner);
    if (prefs.never.contains(peer))
        return false;
    if (prefs.always.contains(peer))
        return true;
    if (prefs.defaultMode == QLatin1String("never"))
        return false;
    if (prefs.defaultMode == QLatin1String("roster"))
        return m_rosters && m_rosters->item(owner, peer).inRoster;
    return true;
}
