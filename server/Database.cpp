// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "Database.h"

#include "ScramCredentials.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>
#include <utility>

namespace {
QAtomicInteger<quint64> connectionCounter;

// Each entry upgrades the schema by one version; never edit a released entry.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> steps = {
        // version 1: accounts
        { QStringLiteral("CREATE TABLE accounts ("
                         " name TEXT PRIMARY KEY,"
                         " salt BLOB NOT NULL,"
                         " hash BLOB NOT NULL,"
                         " iterations INTEGER NOT NULL,"
                         " created TEXT NOT NULL)") },
        // version 2: rooms, memberships, PEP (bookmarks) and the message archive
        {
            QStringLiteral("CREATE TABLE rooms ("
                           " jid TEXT PRIMARY KEY,"
                           " config TEXT NOT NULL," // JSON object, see RoomStore
                           " locked INTEGER NOT NULL DEFAULT 0,"
                           " subject TEXT NOT NULL DEFAULT '',"
                           " subject_nick TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE TABLE room_affiliations ("
                           " room TEXT NOT NULL,"
                           " jid TEXT NOT NULL,"
                           " affiliation TEXT NOT NULL,"
                           " PRIMARY KEY (room, jid))"),
            QStringLiteral("CREATE TABLE memberships ("
                           " account TEXT NOT NULL,"
                           " room TEXT NOT NULL,"
                           " nick TEXT NOT NULL,"
                           " password TEXT NOT NULL DEFAULT '',"
                           " first_archived INTEGER NOT NULL DEFAULT 0,"
                           " PRIMARY KEY (account, room))"),
            QStringLiteral("CREATE TABLE pep_nodes ("
                           " owner TEXT NOT NULL,"
                           " node TEXT NOT NULL,"
                           " access_model TEXT NOT NULL,"
                           " persist_items INTEGER NOT NULL,"
                           " max_items INTEGER NOT NULL," // -1: no limit
                           " PRIMARY KEY (owner, node))"),
            QStringLiteral("CREATE TABLE pep_items ("
                           " owner TEXT NOT NULL,"
                           " node TEXT NOT NULL,"
                           " item_id TEXT NOT NULL,"
                           " payload TEXT NOT NULL,"
                           " published INTEGER NOT NULL," // order of publication
                           " PRIMARY KEY (owner, node, item_id))"),
            // One row per message a room broadcast; archives refer to it.
            QStringLiteral("CREATE TABLE messages ("
                           " id INTEGER PRIMARY KEY,"
                           " room TEXT NOT NULL,"
                           " stanza_id TEXT NOT NULL,"
                           " stanza TEXT NOT NULL,"
                           " UNIQUE (room, stanza_id))"),
            QStringLiteral("CREATE INDEX messages_by_stanza_id ON messages (stanza_id)"),
            // Archives: a room's own (owner = room) and each account's (owner = account).
            QStringLiteral("CREATE TABLE archive ("
                           " id INTEGER PRIMARY KEY," // the archive's order
                           " owner TEXT NOT NULL,"
                           " peer TEXT NOT NULL,"
                           " message INTEGER NOT NULL REFERENCES messages (id),"
                           " stamp INTEGER NOT NULL," // ms since the epoch, UTC
                           " UNIQUE (owner, message))"),
            QStringLiteral("CREATE INDEX archive_by_owner ON archive (owner, id)"),
            QStringLiteral("CREATE INDEX archive_by_peer ON archive (owner, peer, id)"),
            QStringLiteral("CREATE INDEX archive_by_stamp ON archive (owner, stamp)"),
        },
        // version 3: SCRAM keys instead of the PBKDF2 hash. salt and iterations are
        // now SCRAM-SHA-256's; hash stays empty (upgradeAccountsToScram() empties it).
        {
            QStringLiteral("ALTER TABLE accounts ADD COLUMN scram_sha256_stored_key BLOB"),
            QStringLiteral("ALTER TABLE accounts ADD COLUMN scram_sha256_server_key BLOB"),
            QStringLiteral("ALTER TABLE accounts ADD COLUMN scram_sha1_salt BLOB"),
            QStringLiteral("ALTER TABLE accounts ADD COLUMN scram_sha1_iterations INTEGER"),
            QStringLiteral("ALTER TABLE accounts ADD COLUMN scram_sha1_stored_key BLOB"),
            QStringLiteral("ALTER TABLE accounts ADD COLUMN scram_sha1_server_key BLOB"),
        },
        // version 4: a PEP node's newest item without reading them all (each publish).
        {
            QStringLiteral("CREATE INDEX pep_items_by_published ON pep_items (owner, node, published)"),
        },
        // version 5: private XML storage (XEP-0049)
        {
            QStringLiteral("CREATE TABLE private_storage ("
                           " owner TEXT NOT NULL,"
                           " namespace TEXT NOT NULL,"
                           " name TEXT NOT NULL,"
                           " xml TEXT NOT NULL,"
                           " PRIMARY KEY (owner, namespace, name))"),
        },
        // version 6: rosters and presence subscriptions (RFC 6121), with roster versions
        {
            // One row per contact an account has, or that asked it for a subscription
            // (in_roster 0: only the pending request is remembered, RFC 6121 §3.1.3).
            QStringLiteral("CREATE TABLE roster_items ("
                           " owner TEXT NOT NULL,"
                           " contact TEXT NOT NULL,"
                           " name TEXT NOT NULL DEFAULT '',"
                           " groups TEXT NOT NULL DEFAULT '[]'," // JSON array of group names
                           " subscription TEXT NOT NULL DEFAULT 'none'," // none, to, from, both
                           " ask_out INTEGER NOT NULL DEFAULT 0," // we asked the contact
                           " pending_in INTEGER NOT NULL DEFAULT 0," // the contact asked us
                           " pre_approved INTEGER NOT NULL DEFAULT 0,"
                           " in_roster INTEGER NOT NULL DEFAULT 1,"
                           " version INTEGER NOT NULL DEFAULT 0," // roster version of the last change
                           " PRIMARY KEY (owner, contact))"),
            // The roster's version counter, and what a removal left behind (for versioned pushes).
            QStringLiteral("CREATE TABLE roster_versions ("
                           " owner TEXT PRIMARY KEY,"
                           " version INTEGER NOT NULL)"),
        },
        // version 7: a personal archive of one-to-one messages beside the room history (§8)
        {
            // kind 0: a room's message (a room's archive, or an account's history of a
            // room); kind 1: a one-to-one message in an account's personal archive.
            QStringLiteral("ALTER TABLE archive ADD COLUMN kind INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("CREATE INDEX archive_by_kind ON archive (owner, kind, id)"),
        },
        // version 8: blocking (XEP-0191) and vCards (XEP-0054)
        {
            QStringLiteral("CREATE TABLE blocklist ("
                           " owner TEXT NOT NULL,"
                           " jid TEXT NOT NULL,"
                           " PRIMARY KEY (owner, jid))"),
            QStringLiteral("CREATE TABLE vcards ("
                           " owner TEXT PRIMARY KEY,"
                           " xml TEXT NOT NULL,"
                           " photo_hash TEXT NOT NULL DEFAULT '')"), // XEP-0153: SHA-1 of the photo, hex
        },
        // version 9: offline messages (RFC 6121 §8.5.2, XEP-0160), delivered in id order
        {
            QStringLiteral("CREATE TABLE offline_messages ("
                           " id INTEGER PRIMARY KEY," // the rowid: max + 1, so arrival order
                           " owner TEXT NOT NULL," // the recipient's bare JID
                           " stored TEXT NOT NULL," // when, UTC, ISO 8601 with milliseconds
                           " xml TEXT NOT NULL)"),
            QStringLiteral("CREATE INDEX offline_by_owner ON offline_messages (owner, id)"),
        },
        // version 10: cheaper archive writes. An account's history of a room (an entry per
        // recipient account of every room message) becomes kind 2 and stays out of the
        // XEP-0313 indexes, which become partial, one per kind; indexes no query needs go.
        {
            QStringLiteral("UPDATE archive SET kind = 2 WHERE kind = 0 AND owner <> peer"),
            QStringLiteral("DROP INDEX archive_by_owner"), // archive's UNIQUE (owner, message) serves
            QStringLiteral("DROP INDEX archive_by_kind"),
            QStringLiteral("DROP INDEX archive_by_stamp"),
            QStringLiteral("DROP INDEX messages_by_stanza_id"), // ids are looked up with their room
            QStringLiteral("CREATE INDEX room_archive_by_id ON archive (owner, kind, id) WHERE kind = 0"),
            QStringLiteral(
                "CREATE INDEX room_archive_by_stamp ON archive (owner, kind, stamp) WHERE kind = 0"),
            QStringLiteral("CREATE INDEX personal_archive_by_id ON archive (owner, kind, id) WHERE kind = 1"),
            QStringLiteral(
                "CREATE INDEX personal_archive_by_stamp ON archive (owner, kind, stamp) WHERE kind = 1"),
        },
        // version 11: an account's history of a room is the room's archive from the first
        // message its membership received on (memberships.first_archived becomes a sequence
        // of the room's archive), less the messages it was not sent; the copies go.
        {
            QStringLiteral("CREATE TABLE history_withheld ("
                           " room TEXT NOT NULL,"
                           " account TEXT NOT NULL,"
                           " message INTEGER NOT NULL REFERENCES messages (id),"
                           " PRIMARY KEY (room, account, message)) WITHOUT ROWID"),
            // The room's entry of the oldest copy the membership holds.
            QStringLiteral("UPDATE memberships SET first_archived = coalesce((SELECT min(r.id) FROM archive h"
                           " JOIN archive r ON r.owner = h.peer AND r.message = h.message AND r.kind = 0"
                           " WHERE h.kind = 2 AND h.owner = memberships.account AND h.peer = memberships.room"
                           " AND h.id >= memberships.first_archived), first_archived)"),
            // What the room archived since then but the account has no copy of (it blocked
            // the sender, or the message was a subject).
            QStringLiteral("INSERT INTO history_withheld (room, account, message)"
                           " SELECT m.room, m.account, r.message FROM memberships m"
                           " JOIN archive r ON r.owner = m.room AND r.kind = 0 AND r.id >= m.first_archived"
                           " WHERE NOT EXISTS (SELECT 1 FROM archive h"
                           " WHERE h.owner = m.account AND h.message = r.message AND h.kind = 2)"),
            QStringLiteral("DELETE FROM archive WHERE kind = 2"),
        },
    };
    return steps;
}

// Version 3's conversion SQL cannot do: the v2 hash is PBKDF2-HMAC-SHA-256(password,
// salt, iterations, 32 bytes), that is SCRAM-SHA-256's SaltedPassword, from which the
// StoredKey and ServerKey follow. The SHA-1 keys need the password: AccountStore
// makes them at the next password change or PLAIN login.
bool upgradeAccountsToScram(QSqlQuery &query, QString *error)
{
    struct Row
    {
        QString name;
        QByteArray salt;
        QByteArray hash;
        int iterations;
    };
    QList<Row> rows;
    if (!query.exec(
            QStringLiteral("SELECT name, salt, hash, iterations FROM accounts WHERE length(hash) > 0"))) {
        *error = query.lastError().text();
        return false;
    }
    while (query.next())
        rows.append({ query.value(0).toString(), query.value(1).toByteArray(), query.value(2).toByteArray(),
                      query.value(3).toInt() });
    query.finish();
    // The hash would let anyone who reads the file log in with SCRAM: have SQLite
    // overwrite the space it frees instead of leaving the old bytes in the file (the
    // default of Debian's SQLite, not of every build).
    const int secureDelete
        = query.exec(QStringLiteral("PRAGMA secure_delete")) && query.next() ? query.value(0).toInt() : 0;
    query.finish();
    if (!query.exec(QStringLiteral("PRAGMA secure_delete = 1"))) {
        *error = query.lastError().text();
        return false;
    }
    for (const Row &row : rows) {
        if (row.hash.size() != QCryptographicHash::hashLength(QCryptographicHash::Sha256)) {
            *error = QStringLiteral("account '%1' has a password hash of %2 bytes, not 32")
                         .arg(row.name)
                         .arg(row.hash.size());
            return false;
        }
        const ScramCredentials keys
            = scramCredentialsFromSaltedPassword(ScramAlgorithm::Sha256, row.hash, row.salt, row.iterations);
        query.prepare(
            QStringLiteral("UPDATE accounts SET scram_sha256_stored_key = ?, scram_sha256_server_key = ?,"
                           " hash = X'' WHERE name = ?"));
        query.addBindValue(keys.storedKey);
        query.addBindValue(keys.serverKey);
        query.addBindValue(row.name);
        if (!query.exec()) {
            *error = query.lastError().text();
            return false;
        }
    }
    query.exec(QStringLiteral("PRAGMA secure_delete = %1").arg(secureDelete));
    return true;
}

// Work a version needs after its statements, in the same transaction.
using Conversion = bool (*)(QSqlQuery &query, QString *error);
Conversion conversion(int version)
{
    switch (version) {
    case 3:
        return upgradeAccountsToScram;
    default:
        return nullptr;
    }
}
} // namespace

Database::Database()
    : m_connectionName(QStringLiteral("minimix-%1").arg(++connectionCounter))
{ }

Database::~Database()
{
    close();
}

int Database::schemaVersion()
{
    return migrations().size();
}

bool Database::open(const QString &path)
{
    close();
    m_path = path;
    m_error.clear();
    if (path != QLatin1String(":memory:")) {
        // SQLite would create a missing file anywhere it may; say clearly why it cannot.
        const QFileInfo file(path);
        if (file.exists() && !file.isFile()) {
            m_error = QStringLiteral("cannot open database %1: not a regular file").arg(path);
            return false;
        }
        if (!file.exists() && !QFileInfo(file.absolutePath()).isDir()) {
            m_error = QStringLiteral("cannot open database %1: folder %2 does not exist")
                          .arg(path, file.absolutePath());
            return false;
        }
        if (file.exists() && (!file.isReadable() || !file.isWritable())) {
            m_error = QStringLiteral("cannot open database %1: permission denied").arg(path);
            return false;
        }
        if (!file.exists() && !QFileInfo(file.absolutePath()).isWritable()) {
            m_error = QStringLiteral("cannot open database %1: folder %2 is not writable")
                          .arg(path, file.absolutePath());
            return false;
        }
    }
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(path);
        if (!db.open()) {
            m_error = QStringLiteral("cannot open database %1: %2").arg(path, db.lastError().text());
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName);
            return false;
        }
    }
    if (!migrate()) {
        close();
        return false;
    }
    return true;
}

void Database::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    commit();
    m_statements.clear();
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool Database::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName)
        && QSqlDatabase::database(m_connectionName, false).isOpen();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

QSqlQuery Database::prepared(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery query(connection());
        if (!query.prepare(sql))
            qWarning("Database: cannot prepare %s: %s", qPrintable(sql),
                     qPrintable(query.lastError().text()));
        it = m_statements.insert(sql, query);
    }
    return it.value();
}

void Database::beginWrite()
{
    if (m_inTransaction || !isOpen())
        return;
    m_inTransaction = connection().transaction();
    if (!m_inTransaction)
        fail(QStringLiteral("cannot begin a transaction: ") + connection().lastError().text());
}

void Database::probeWrite()
{
    beginWrite();
    QSqlQuery query(connection());
    if (!query.exec(QStringLiteral("PRAGMA user_version = %1").arg(schemaVersion())))
        fail(query.lastError().text());
}

bool Database::commitNow()
{
    if (commit())
        return true;
    fail(m_batchError);
    return false;
}

void Database::fail(const QString &what)
{
    if (m_failedWrite.isEmpty())
        m_failedWrite = what.isEmpty() ? QStringLiteral("a write failed") : what;
}

bool Database::commit()
{
    const QString failedWrite = std::exchange(m_failedWrite, QString());
    if (!m_inTransaction) {
        if (failedWrite.isEmpty())
            return true;
        m_batchError = failedWrite; // e.g. beginWrite() could not even open the transaction
        return false;
    }
    m_inTransaction = false;
    QSqlDatabase db = connection();
    if (failedWrite.isEmpty() && db.commit())
        return true;
    m_batchError = failedWrite.isEmpty() ? db.lastError().text() : failedWrite;
    // Callers report the failure (once per change of state, not once per batch).
    db.rollback();
    return false;
}

int Database::storedSchemaVersion(const QString &path)
{
    Database probe;
    if (!QFileInfo::exists(path))
        return -1;
    int version = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), probe.m_connectionName);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("PRAGMA user_version")) && query.next())
                version = query.value(0).toInt();
        }
    }
    return version;
}

bool Database::migrate()
{
    QSqlDatabase db = connection();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        m_error
            = QStringLiteral("%1 is not a usable SQLite database: %2").arg(m_path, query.lastError().text());
        return false;
    }
    const int version = query.value(0).toInt();
    // A file that is not a database fails here rather than at the first read.
    if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_master")) || !query.next()) {
        m_error
            = QStringLiteral("%1 is not a usable SQLite database: %2").arg(m_path, query.lastError().text());
        return false;
    }
    if (version > schemaVersion()) {
        m_error
            = QStringLiteral("database %1: schema version %2 is newer than this program's %3; not touched")
                  .arg(m_path)
                  .arg(version)
                  .arg(schemaVersion());
        return false;
    }
    query.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    query.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    query.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    for (int step = version; step < schemaVersion(); ++step) {
        QString error;
        bool upgraded = db.transaction();
        if (!upgraded)
            error = db.lastError().text();
        for (const QString &statement : migrations().at(step)) {
            if (!query.exec(statement)) {
                error = query.lastError().text();
                upgraded = false;
                break;
            }
        }
        if (upgraded && conversion(step + 1))
            upgraded = conversion(step + 1)(query, &error);
        if (upgraded && !query.exec(QStringLiteral("PRAGMA user_version = %1").arg(step + 1))) {
            error = query.lastError().text();
            upgraded = false;
        }
        if (upgraded && !db.commit()) {
            error = db.lastError().text();
            upgraded = false;
        }
        if (!upgraded) {
            m_error = QStringLiteral("database %1: schema upgrade to version %2 failed: %3")
                          .arg(m_path)
                          .arg(step + 1)
                          .arg(error);
            db.rollback();
            return false;
        }
    }
    return true;
}
