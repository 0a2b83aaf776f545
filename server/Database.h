// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The server's SQLite database: one connection per server instance, a versioned
// schema created or upgraded at open.
//
// Writes are grouped: the first write opens a transaction and commit() closes it.
// The server commits when it has finished handling a stanza, before anything it
// wrote to a socket can leave the process, so what a client saw acknowledged is
// on disk (WAL, synchronous=NORMAL: it survives a killed process, not a power cut).
#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

class Database
{
public:
    Database();
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens or creates the file (":memory:" for a throwaway database). A file with a
    // newer schema or that is not a database is refused and left untouched.
    bool open(const QString &path);
    void close();
    bool isOpen() const;
    QString path() const { return m_path; }
    QString errorString() const { return m_error; }
    QSqlDatabase connection() const;

    // A prepared statement, cached by its text.
    QSqlQuery prepared(const QString &sql);
    // Call before a write: opens the batch transaction if none is open.
    void beginWrite();
    // A write of the open batch failed (a statement's error, say): the batch can no longer
    // be committed whole, so commit() will roll it back. Stores call this for every
    // statement that fails; the first reason is kept.
    void fail(const QString &what);
    // Commits the open batch, if any. When a write failed or the commit itself fails (a
    // full disk, a read-only file), everything since beginWrite() is rolled back, false
    // is returned and batchError() says why.
    bool commit();
    // Commits the batch at once, before the caller changes what it holds in memory; on
    // failure the batch stays failed, so the stanza's own commit() reports it too.
    bool commitNow();
    bool inTransaction() const { return m_inTransaction; }
    // A harmless write into the open batch, to learn at the next commit() whether the
    // storage takes writes again.
    void probeWrite();
    QString batchError() const { return m_batchError; }

    // A string for a NOT NULL text column: a null QString would bind as SQL NULL.
    static QString text(const QString &value) { return value.isNull() ? QStringLiteral("") : value; }

    static int schemaVersion();
    // The version of the schema stored in a database file, -1 if it cannot be read.
    static int storedSchemaVersion(const QString &path);

private:
    bool migrate();

    QString m_connectionName;
    QString m_path;
    QString m_error;
    bool m_inTransaction = false;
    QString m_failedWrite; // why the open batch cannot commit, empty while it can
    QString m_batchError; // why the last commit() failed
    QHash<QString, QSqlQuery> m_statements;
};
