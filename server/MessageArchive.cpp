// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MessageArchive.h"

#include "Database.h"
#include "Stanza.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>
#include <QVariant>
#include <algorithm>

namespace {
qint64 toMs(const QDateTime &stamp)
{
    return stamp.toUTC().toMSecsSinceEpoch();
}

QDateTime fromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

// The filters of a query as SQL, with their values in the same order.
struct Filter
{
    QString sql;
    QVariantList values;
};

// Filters on the kind as a literal: the indexes for XEP-0313 queries are partial, one per
// kind (an account's history of a room has none: only replays read it), and SQLite uses a
// partial index only when the query names its condition word for word.
Filter filterOf(const ArchiveQuery &query)
{
    Filter filter { QStringLiteral("a.owner = ? AND a.kind = %1").arg(int(query.kind)), { query.owner } };
    if (!query.with.isEmpty()) {
        filter.sql += QStringLiteral(" AND a.peer = ?");
        filter.values << query.with;
    }
    if (query.start.isValid()) {
        filter.sql += QStringLiteral(" AND a.stamp >= ?");
        filter.values << toMs(query.start);
    }
    if (query.end.isValid()) {
        filter.sql += QStringLiteral(" AND a.stamp <= ?");
        filter.values << toMs(query.end);
    }
    return filter;
}

void bindAll(QSqlQuery &query, const QVariantList &values)
{
    for (int i = 0; i < values.size(); ++i)
        query.bindValue(i, values.at(i));
}
} // namespace

MessageArchive::MessageArchive(Database *database)
    : m_database(database)
{ }

QString MessageArchive::roomStanzaId(const QDomElement &message, const QString &room)
{
    for (const QDomElement &id : Stanza::children(message, QStringLiteral("stanza-id"), Ns::StanzaId)) {
        if (id.attribute(QStringLiteral("by")) == room)
            return id.attribute(QStringLiteral("id"));
    }
    return QString();
}

bool MessageArchive::isArchivable(const QDomElement &message)
{
    if (!Stanza::child(message, QStringLiteral("no-store"), Ns::Hints).isNull()
        || !Stanza::child(message, QStringLiteral("no-permanent-store"), Ns::Hints).isNull())
        return false;
    return !Stanza::child(message, QStringLiteral("store"), Ns::Hints).isNull()
        || !message.firstChildElement(QStringLiteral("body")).isNull();
}

qint64 MessageArchive::nextSequence()
{
    if (m_nextSequence == 0) {
        QSqlQuery query = m_database->prepared(QStringLiteral("SELECT coalesce(max(id), 0) FROM archive"));
        m_nextSequence = query.exec() && query.next() ? query.value(0).toLongLong() + 1 : 1;
        query.finish();
        QSqlQuery messages
            = m_database->prepared(QStringLiteral("SELECT coalesce(max(id), 0) FROM messages"));
        m_nextMessageId = messages.exec() && messages.next() ? messages.value(0).toLongLong() + 1 : 1;
        messages.finish();
    }
    return m_nextSequence;
}

qint64 MessageArchive::storeRoom(const QString &room, const QString &stanzaId, const QString &xml,
                                 const QDateTime &stamp)
{
    return insertEntry(ArchiveKind::Room, room, room, room, stanzaId, xml, stamp);
}

qint64 MessageArchive::roomSequence(const QString &room, const QString &stanzaId)
{
    if (!m_database->isOpen())
        return 0;
    QSqlQuery query = m_database->prepared(
        QStringLiteral("SELECT a.id FROM messages m JOIN archive a ON a.owner = m.room AND a.message = m.id"
                       " WHERE m.room = ? AND m.stanza_id = ? AND a.kind = 0"));
    query.addBindValue(room);
    query.addBindValue(stanzaId);
    const qint64 sequence = query.exec() && query.next() ? query.value(0).toLongLong() : 0;
    query.finish();
    return sequence;
}

bool MessageArchive::withhold(const QString &account, const QString &room, const QDomElement &message)
{
    const QString stanzaId = roomStanzaId(message, room);
    if (stanzaId.isEmpty() || !m_database->isOpen())
        return true; // the room did not archive it
    m_database->beginWrite();
    QSqlQuery insert = m_database->prepared(
        QStringLiteral("INSERT OR IGNORE INTO history_withheld (account, room, message)"
                       " SELECT ?, room, id FROM messages WHERE room = ? AND stanza_id = ?"));
    insert.addBindValue(account);
    insert.addBindValue(room);
    insert.addBindValue(stanzaId);
    if (insert.exec())
        return true;
    m_database->fail(QStringLiteral("cannot leave a message out of a history: ") + insert.lastError().text());
    return false;
}

qint64 MessageArchive::storePersonal(const QString &owner, const QString &peer, const QDomElement &message,
                                     const QDateTime &stamp)
{
    // When it was said is the archive's stamp, not a sender's <delay/>.
    QDomElement stored = message;
    if (!Stanza::child(message, QStringLiteral("delay"), Ns::Delay).isNull()) {
        stored = Stanza::copy(message);
        Stanza::removeChildren(stored, QStringLiteral("delay"), Ns::Delay);
    }
    return insertEntry(ArchiveKind::Personal, owner, owner, peer, roomStanzaId(message, owner),
                       XmlText::fromElement(stored), stamp);
}

qint64 MessageArchive::insertEntry(ArchiveKind kind, const QString &owner, const QString &archiveJid,
                                   const QString &peer, const QString &stanzaId, const QString &xml,
                                   const QDateTime &stamp)
{
    if (!m_database->isOpen())
        return 0;
    nextSequence();
    // Every caller stamped a new id (the room's, or the owner archive's): no earlier row has
    // it, so the message is inserted without looking. One without an id gets one of its own.
    const QString id = stanzaId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : stanzaId;
    m_database->beginWrite();
    QSqlQuery insertMessage = m_database->prepared(
        QStringLiteral("INSERT INTO messages (id, room, stanza_id, stanza) VALUES (?, ?, ?, ?)"));
    insertMessage.addBindValue(m_nextMessageId);
    insertMessage.addBindValue(archiveJid);
    insertMessage.addBindValue(id);
    insertMessage.addBindValue(xml);
    if (!insertMessage.exec()) {
        m_database->fail(QStringLiteral("cannot store a message: ") + insertMessage.lastError().text());
        return 0;
    }
    QSqlQuery insert = m_database->prepared(QStringLiteral(
        "INSERT INTO archive (id, owner, peer, message, stamp, kind) VALUES (?, ?, ?, ?, ?, ?)"));
    insert.addBindValue(m_nextSequence);
    insert.addBindValue(owner);
    insert.addBindValue(peer);
    insert.addBindValue(m_nextMessageId);
    insert.addBindValue(toMs(stamp));
    insert.addBindValue(int(kind));
    if (!insert.exec()) {
        m_database->fail(QStringLiteral("cannot archive a message: ") + insert.lastError().text());
        return 0;
    }
    ++m_nextMessageId;
    return m_nextSequence++;
}

QVector<HistoryEntry> MessageArchive::roomHistory(const QString &room, int limit)
{
    return latestOfRoom(room, QString(), limit, 0);
}

QVector<HistoryEntry> MessageArchive::accountHistory(const QString &account, const QString &room, int limit,
                                                     qint64 fromSequence)
{
    return latestOfRoom(room, account, limit, fromSequence);
}

QVector<HistoryEntry> MessageArchive::latestOfRoom(const QString &room, const QString &account, int limit,
                                                   qint64 fromSequence)
{
    QVector<HistoryEntry> entries;
    if (!m_database->isOpen() || limit <= 0)
        return entries;
    // kind = 0 as a literal: the partial index room_archive_by_id serves it.
    QSqlQuery query = m_database->prepared(QStringLiteral(
        "SELECT a.stamp, m.stanza FROM archive a JOIN messages m ON m.id = a.message"
        " WHERE a.owner = ? AND a.kind = 0 AND a.id >= ? AND NOT EXISTS (SELECT 1 FROM history_withheld w"
        " WHERE w.account = ? AND w.room = a.owner AND w.message = a.message) ORDER BY a.id DESC LIMIT ?"));
    query.addBindValue(room);
    query.addBindValue(fromSequence);
    query.addBindValue(account);
    query.addBindValue(limit);
    if (!query.exec())
        return entries;
    while (query.next()) {
        entries.prepend(HistoryEntry { query.value(1).toString(), fromMs(query.value(0).toLongLong()) });
    }
    query.finish();
    return entries;
}

ArchivePage MessageArchive::query(const ArchiveQuery &request)
{
    ArchivePage page;
    if (!m_database->isOpen())
        return page;
    const Filter filter = filterOf(request);

    auto sequenceOf = [&](const QString &id) -> qint64 {
        // Two unique-index lookups: the ids of an archive are its owner's own (messages.room
        // is the owner).
        QSqlQuery query = m_database->prepared(
            QStringLiteral("SELECT a.id FROM messages m JOIN archive a ON a.owner = ? AND a.message = m.id"
                           " WHERE m.room = ? AND m.stanza_id = ? AND a.kind = ?"));
        query.addBindValue(request.owner);
        query.addBindValue(request.owner);
        query.addBindValue(id);
        query.addBindValue(int(request.kind));
        const qint64 sequence = query.exec() && query.next() ? query.value(0).toLongLong() : 0;
        query.finish();
        return sequence;
    };
    auto countWhere = [&](const QString &extra, const QVariantList &values) {
        QSqlQuery query = m_database->prepared(QStringLiteral("SELECT count(*) FROM archive a WHERE ")
                                               + filter.sql + extra);
        bindAll(query, filter.values + values);
        const int count = query.exec() && query.next() ? query.value(0).toInt() : 0;
        query.finish();
        return count;
    };

    qint64 after = 0;
    qint64 before = 0;
    if (!request.afterId.isEmpty() && !(after = sequenceOf(request.afterId))) {
        page.unknownId = true;
        return page;
    }
    if (!request.beforeId.isEmpty() && !(before = sequenceOf(request.beforeId))) {
        page.unknownId = true;
        return page;
    }
    page.count = countWhere(QString(), {});
    const int max = qMax(0, request.max);
    // Paging backwards (before an id, or the last page) reads newest first.
    const bool backwards = before != 0 || (request.lastPage && after == 0);
    // The page's entries are chosen on the indexes alone and only they are joined to their
    // messages: with a time filter SQLite sorts the matching rows, and sorting whole stanzas
    // would read every message in the range.
    QString pageSql = QStringLiteral("SELECT a.id FROM archive a WHERE ") + filter.sql;
    QVariantList values = filter.values;
    if (after) {
        pageSql += QStringLiteral(" AND a.id > ?");
        values << after;
    }
    if (before) {
        pageSql += QStringLiteral(" AND a.id < ?");
        values << before;
    }
    const QString order
        = backwards ? QStringLiteral(" ORDER BY a.id DESC") : QStringLiteral(" ORDER BY a.id");
    pageSql += order + QStringLiteral(" LIMIT ?");
    values << max + 1; // one more than asked tells whether the page is the last one
    const QString sql = QStringLiteral("SELECT a.id, a.peer, a.stamp, m.stanza, m.stanza_id FROM (") + pageSql
        + QStringLiteral(") p JOIN archive a ON a.id = p.id JOIN messages m ON m.id = a.message") + order;
    QSqlQuery query = m_database->prepared(sql);
    bindAll(query, values);
    if (!query.exec()) {
        qWarning("MessageArchive: query failed: %s", qPrintable(query.lastError().text()));
        return page;
    }
    QVector<qint64> sequences;
    bool more = false;
    while (query.next()) {
        if (page.messages.size() == max) {
            more = true;
            break;
        }
        ArchivedMessage message { query.value(4).toString(), query.value(1).toString(),
                                  fromMs(query.value(2).toLongLong()),
                                  XmlText::toElement(query.value(3).toString()) };
        page.messages.append(message);
        sequences.append(query.value(0).toLongLong());
    }
    page.complete = !more;
    query.finish();
    if (backwards) {
        std::reverse(page.messages.begin(), page.messages.end());
        std::reverse(sequences.begin(), sequences.end());
    }
    page.firstIndex = sequences.isEmpty()
        ? (backwards ? 0 : page.count)
        : countWhere(QStringLiteral(" AND a.id < ?"), { sequences.first() });
    return page;
}

bool MessageArchive::removeOwner(const QString &owner)
{
    if (!m_database->isOpen())
        return true;
    m_database->beginWrite();
    for (const QString &sql : { QStringLiteral("DELETE FROM archive WHERE owner = ?"),
                                QStringLiteral("DELETE FROM history_withheld WHERE room = ?") }) {
        QSqlQuery query = m_database->prepared(sql);
        query.addBindValue(owner);
        if (!query.exec()) {
            m_database->fail(QStringLiteral("cannot remove an archive: ") + query.lastError().text());
            return false;
        }
    }
    return true;
}

void MessageArchive::forgetCachedState()
{
    m_nextSequence = 0;
    m_nextMessageId = 0;
}
