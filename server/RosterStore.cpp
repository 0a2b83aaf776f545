// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "RosterStore.h"

#include "Database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace {
const QString Columns
    = QStringLiteral("contact, name, groups, subscription, ask_out, pending_in, pre_approved,"
                     " in_roster");

RosterItem readItem(const QSqlQuery &query)
{
    RosterItem item;
    item.contact = query.value(0).toString();
    item.name = query.value(1).toString();
    const QJsonArray groups = QJsonDocument::fromJson(query.value(2).toString().toUtf8()).array();
    for (const QJsonValue &group : groups)
        item.groups << group.toString();
    item.subscription = query.value(3).toString();
    item.askOut = query.value(4).toBool();
    item.pendingIn = query.value(5).toBool();
    item.preApproved = query.value(6).toBool();
    item.inRoster = query.value(7).toBool();
    return item;
}

QString subscriptionOf(bool to, bool from)
{
    if (to && from)
        return QStringLiteral("both");
    if (to)
        return QStringLiteral("to");
    if (from)
        return QStringLiteral("from");
    return QStringLiteral("none");
}
} // namespace

void RosterItem::setTo(bool on)
{
    subscription = subscriptionOf(on, hasFrom());
}

void RosterItem::setFrom(bool on)
{
    subscription = subscriptionOf(hasTo(), on);
}

RosterStore::RosterStore(Database *database)
    : m_database(database)
{ }

qint64 RosterStore::version(const QString &owner)
{
    if (!m_database->isOpen())
        return 0;
    QSqlQuery query
        = m_database->prepared(QStringLiteral("SELECT version FROM roster_versions WHERE owner = ?"));
    query.addBindValue(owner);
    const qint64 version = query.exec() && query.next() ? query.value(0).toLongLong() : 0;
    query.finish();
    return version;
}

QList<RosterItem> RosterStore::items(const QString &owner)
{
    QList<RosterItem> items;
    if (!m_database->isOpen())
        return items;
    QSqlQuery query
        = m_database->prepared(QStringLiteral("SELECT ") + Columns
                               + QStringLiteral(" FROM roster_items WHERE owner = ? AND in_roster = 1"
                                                " ORDER BY contact"));
    query.addBindValue(owner);
    if (query.exec()) {
        while (query.next())
            items << readItem(query);
    }
    query.finish();
    return items;
}

RosterItem RosterStore::item(const QString &owner, const QString &contact)
{
    RosterItem item;
    item.contact = contact;
    if (!m_database->isOpen())
        return item;
    QSqlQuery query
        = m_database->prepared(QStringLiteral("SELECT ") + Columns
                               + QStringLiteral(" FROM roster_items WHERE owner = ? AND contact = ?"));
    query.addBindValue(owner);
    query.addBindValue(contact);
    if (query.exec() && query.next())
        item = readItem(query);
    query.finish();
    return item;
}

int RosterStore::count(const QString &owner)
{
    if (!m_database->isOpen())
        return 0;
    QSqlQuery query = m_database->prepared(
        QStringLiteral("SELECT count(*) FROM roster_items WHERE owner = ? AND in_roster = 1"));
    query.addBindValue(owner);
    const int count = query.exec() && query.next() ? query.value(0).toInt() : 0;
    query.finish();
    return count;
}

QStringList RosterStore::contacts(const QString &sql, const QString &owner)
{
    QStringList contacts;
    if (!m_database->isOpen())
        return contacts;
    QSqlQuery query = m_database->prepared(sql);
    query.addBindValue(owner);
    if (query.exec()) {
        while (query.next())
            contacts << query.value(0).toString();
    }
    query.finish();
    return contacts;
}

QStringList RosterStore::pendingRequests(const QString &owner)
{
    return contacts(QStringLiteral("SELECT contact FROM roster_items WHERE owner = ? AND pending_in = 1"),
                    owner);
}

QStringList RosterStore::subscribers(const QString &owner)
{
    return contacts(
        QStringLiteral(
            "SELECT contact FROM roster_items WHERE owner = ? AND subscription IN ('from', 'both')"),
        owner);
}

QStringList RosterStore::subscriptions(const QString &owner)
{
    return contacts(
        QStringLiteral("SELECT contact FROM roster_items WHERE owner = ? AND subscription IN ('to', 'both')"),
        owner);
}

qint64 RosterStore::bumpVersion(const QString &owner)
{
    const qint64 next = version(owner) + 1;
    QSqlQuery query = m_database->prepared(
        QStringLiteral("INSERT INTO roster_versions (owner, version) VALUES (?, ?)"
                       " ON CONFLICT(owner) DO UPDATE SET version = excluded.version"));
    query.addBindValue(owner);
    query.addBindValue(next);
    if (query.exec())
        return next;
    m_database->fail(QStringLiteral("cannot store a roster version: ") + query.lastError().text());
    return -1;
}

qint64 RosterStore::save(const QString &owner, const RosterItem &item, bool visible)
{
    if (!m_database->isOpen())
        return 0;
    m_database->beginWrite();
    const qint64 version = visible ? bumpVersion(owner) : this->version(owner);
    if (version < 0)
        return -1;
    if (!item.pendingIn && m_requestTable && !forgetRequest(owner, item.contact))
        return -1;
    if (item.isEmpty()) {
        QSqlQuery query = m_database->prepared(
            QStringLiteral("DELETE FROM roster_items WHERE owner = ? AND contact = ?"));
        query.addBindValue(owner);
        query.addBindValue(item.contact);
        if (query.exec())
            return version;
        m_database->fail(QStringLiteral("cannot remove a roster item: ") + query.lastError().text());
        return -1;
    }
    QSqlQuery query = m_database->prepared(QStringLiteral(
        "INSERT INTO roster_items (owner, contact, name, groups, subscription, ask_out, pending_in,"
        " pre_approved, in_roster, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(owner, contact) DO UPDATE SET name = excluded.name,"
        " groups = excluded.groups, subscription = excluded.subscription,"
        " ask_out = excluded.ask_out, pending_in = excluded.pending_in,"
        " pre_approved = excluded.pre_approved, in_roster = excluded.in_roster,"
        " version = excluded.version"));
    query.addBindValue(owner);
    query.addBindValue(item.contact);
    query.addBindValue(Database::text(item.name));
    query.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(item.groups)).toJson(QJsonDocument::Compact)));
    query.addBindValue(item.subscription);
    query.addBindValue(item.askOut ? 1 : 0);
    query.addBindValue(item.pendingIn ? 1 : 0);
    query.addBindValue(item.preApproved ? 1 : 0);
    query.addBindValue(item.inRoster ? 1 : 0);
    query.addBindValue(version);
    if (query.exec())
        return version;
    m_database->fail(QStringLiteral("cannot store a roster item: ") + query.lastError().text());
    return -1;
}

qint64 RosterStore::remove(const QString &owner, const QString &contact)
{
    RosterItem gone;
    gone.contact = contact;
    return save(owner, gone, true);
}

bool RosterStore::ensureRequestTable()
{
    QSqlQuery query = m_database->prepared(QStringLiteral("CREATE TABLE IF NOT EXISTS subscription_requests ("
                                                          " owner TEXT NOT NULL,"
                                                          " contact TEXT NOT NULL,"
                                                          " stanza TEXT NOT NULL,"
                                                          " PRIMARY KEY (owner, contact))"));
    if (!query.exec()) {
        m_database->fail(QStringLiteral("cannot create the subscription request table: ")
                         + query.lastError().text());
        return false;
    }
    m_requestTable = true;
    return true;
}

bool RosterStore::forgetRequest(const QString &owner, const QString &contact)
{
    // Created again if a rolled-back batch took it away.
    if (!ensureRequestTable())
        return false;
    QSqlQuery query = m_database->prepared(
        QStringLiteral("DELETE FROM subscription_requests WHERE owner = ? AND contact = ?"));
    query.addBindValue(owner);
    query.addBindValue(contact);
    if (query.exec())
        return true;
    m_database->fail(QStringLiteral("cannot forget a subscription request: ") + query.lastError().text());
    return false;
}

QString RosterStore::request(const QString &owner, const QString &contact)
{
    if (!m_database->isOpen())
        return QString();
    if (!m_requestTable) {
        // Never prepare against a table that is not there: a failed statement stays cached.
        QSqlQuery exists = m_database->prepared(QStringLiteral(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'subscription_requests'"));
        m_requestTable = exists.exec() && exists.next();
        exists.finish();
        if (!m_requestTable)
            return QString();
    }
    // Only while the request waits: a row left by an answer nobody forgot is not shown.
    QSqlQuery query = m_database->prepared(
        QStringLiteral("SELECT r.stanza FROM subscription_requests r JOIN roster_items i"
                       " ON i.owner = r.owner AND i.contact = r.contact"
                       " WHERE r.owner = ? AND r.contact = ? AND i.pending_in = 1"));
    query.addBindValue(owner);
    query.addBindValue(contact);
    QString xml;
    if (query.exec() && query.next())
        xml = query.value(0).toString();
    query.finish();
    return xml;
}

bool RosterStore::saveRequest(const QString &owner, const QString &contact, const QString &xml)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    if (!ensureRequestTable())
        return false;
    QSqlQuery query = m_database->prepared(
        QStringLiteral("INSERT INTO subscription_requests (owner, contact, stanza) VALUES (?, ?, ?)"
                       " ON CONFLICT(owner, contact) DO UPDATE SET stanza = excluded.stanza"));
    query.addBindValue(owner);
    query.addBindValue(contact);
    query.addBindValue(xml);
    if (query.exec())
        return true;
    m_database->fail(QStringLiteral("cannot store a subscription request: ") + query.lastError().text());
    return false;
}
