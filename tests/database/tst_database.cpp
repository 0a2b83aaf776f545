// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The SQLite schema: created at first open, upgraded in place from older versions,
// and never touched when it is newer than this program or not a database at all.
#include "AccountStore.h"
#include "Database.h"
#include "SaslServer.h"
#include "ScramClient.h"
#include "TestEnvironment.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QPasswordDigestor>
#include <QProcess>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <pwd.h>
#include <unistd.h>

namespace {
// Set in the child that runs the read-only-folder row as nobody (see badPaths).
const char AsNobody[] = "MINIMIX_TST_DATABASE_AS_NOBODY";

// Why another user cannot run 'program' (a folder above it not searchable by others,
// the program not readable and executable by others), or empty.
QString unreachableByOthers(const QString &program)
{
    const QFileInfo file(program);
    if (!file.permissions().testFlag(QFile::ReadOther) || !file.permissions().testFlag(QFile::ExeOther))
        return QStringLiteral("%1 is not readable and executable by others").arg(file.absoluteFilePath());
    for (QDir dir = file.absoluteDir();; dir.cdUp()) {
        if (!QFileInfo(dir.absolutePath()).permissions().testFlag(QFile::ExeOther))
            return QStringLiteral("folder %1 is not searchable by others").arg(dir.absolutePath());
        if (dir.isRoot())
            return QString();
    }
}

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList tables(Database &db)
{
    QStringList names;
    QSqlQuery query(db.connection());
    query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"));
    while (query.next())
        names << query.value(0).toString();
    return names;
}

// A database file as version 1 of the program (accounts only) left it.
void writeVersion1(const QString &path, const QString &account, const QString &password)
{
    const QString connectionName = QStringLiteral("version1-writer");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE accounts (name TEXT PRIMARY KEY, salt BLOB NOT NULL,"
                                          " hash BLOB NOT NULL, iterations INTEGER NOT NULL,"
                                          " created TEXT NOT NULL)")));
        const QByteArray salt("0123456789abcdef");
        query.prepare(QStringLiteral("INSERT INTO accounts VALUES (?, ?, ?, 4096, '2026-01-01T00:00:00Z')"));
        query.addBindValue(account);
        query.addBindValue(salt);
        query.addBindValue(QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password.toUtf8(),
                                                              salt, 4096, 32));
        QVERIFY(query.exec());
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = 1")));
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

QByteArray version2Hash(const QString &password, const QByteArray &salt)
{
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password.toUtf8(), salt, 4096, 32);
}

// A database file as version 2 of the program left it: its whole schema, and accounts
// with PBKDF2-SHA256 hashes (name -> hash).
void writeVersion2(const QString &path, const QHash<QString, QByteArray> &hashes, const QByteArray &salt)
{
    const QString connectionName = QStringLiteral("version2-writer");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QSqlQuery query(db);
        const QStringList schema {
            QStringLiteral("CREATE TABLE accounts (name TEXT PRIMARY KEY, salt BLOB NOT NULL,"
                           " hash BLOB NOT NULL, iterations INTEGER NOT NULL, created TEXT NOT NULL)"),
            QStringLiteral("CREATE TABLE rooms (jid TEXT PRIMARY KEY, config TEXT NOT NULL,"
                           " locked INTEGER NOT NULL DEFAULT 0, subject TEXT NOT NULL DEFAULT '',"
                           " subject_nick TEXT NOT NULL DEFAULT '')"),
            QStringLiteral("CREATE TABLE room_affiliations (room TEXT NOT NULL, jid TEXT NOT NULL,"
                           " affiliation TEXT NOT NULL, PRIMARY KEY (room, jid))"),
            QStringLiteral("CREATE TABLE memberships (account TEXT NOT NULL, room TEXT NOT NULL,"
                           " nick TEXT NOT NULL, password TEXT NOT NULL DEFAULT '',"
                           " first_archived INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (account, room))"),
            QStringLiteral("CREATE TABLE pep_nodes (owner TEXT NOT NULL, node TEXT NOT NULL,"
                           " access_model TEXT NOT NULL, persist_items INTEGER NOT NULL,"
                           " max_items INTEGER NOT NULL, PRIMARY KEY (owner, node))"),
            QStringLiteral("CREATE TABLE pep_items (owner TEXT NOT NULL, node TEXT NOT NULL,"
                           " item_id TEXT NOT NULL, payload TEXT NOT NULL, published INTEGER NOT NULL,"
                           " PRIMARY KEY (owner, node, item_id))"),
            QStringLiteral("CREATE TABLE messages (id INTEGER PRIMARY KEY, room TEXT NOT NULL,"
                           " stanza_id TEXT NOT NULL, stanza TEXT NOT NULL, UNIQUE (room, stanza_id))"),
            QStringLiteral("CREATE INDEX messages_by_stanza_id ON messages (stanza_id)"),
            QStringLiteral("CREATE TABLE archive (id INTEGER PRIMARY KEY, owner TEXT NOT NULL,"
                           " peer TEXT NOT NULL, message INTEGER NOT NULL REFERENCES messages (id),"
                           " stamp INTEGER NOT NULL, UNIQUE (owner, message))"),
            QStringLiteral("CREATE INDEX archive_by_owner ON archive (owner, id)"),
            QStringLiteral("CREATE INDEX archive_by_peer ON archive (owner, peer, id)"),
            QStringLiteral("CREATE INDEX archive_by_stamp ON archive (owner, stamp)"),
        };
        for (const QString &statement : schema)
            QVERIFY2(query.exec(statement), qPrintable(statement));
        for (auto it = hashes.constBegin(); it != hashes.constEnd(); ++it) {
            query.prepare(
                QStringLiteral("INSERT INTO accounts VALUES (?, ?, ?, 4096, '2026-03-01T00:00:00Z')"));
            query.addBindValue(it.key());
            query.addBindValue(salt);
            query.addBindValue(it.value());
            QVERIFY(query.exec());
        }
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = 2")));
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
}

QStringList accountColumns(const QSqlDatabase &db)
{
    QStringList names;
    QSqlQuery query(db);
    query.exec(QStringLiteral("PRAGMA table_info(accounts)"));
    while (query.next())
        names << query.value(1).toString();
    return names;
}

} // namespace

class tst_Database : public QObject
{
    Q_OBJECT

private slots:
    void createsCurrentSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new.db"));
        Database db;
        QVERIFY2(db.open(path), qPrintable(db.errorString()));
        QCOMPARE(Database::storedSchemaVersion(path), Database::schemaVersion());
        const QStringList expected { QStringLiteral("accounts"),
                                     QStringLiteral("archive"),
                                     QStringLiteral("blocklist"),
                                     QStringLiteral("history_withheld"),
                                     QStringLiteral("memberships"),
                                     QStringLiteral("messages"),
                                     QStringLiteral("offline_messages"),
                                     QStringLiteral("pep_items"),
                                     QStringLiteral("pep_nodes"),
                                     QStringLiteral("private_storage"),
                                     QStringLiteral("room_affiliations"),
                                     QStringLiteral("rooms"),
                                     QStringLiteral("roster_items"),
                                     QStringLiteral("roster_versions"),
                                     QStringLiteral("vcards") };
        QCOMPARE(tables(db), expected);
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode")) && query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("wal"));
        // The queries of the archive are served by indexes.
        QVERIFY(query.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT id FROM archive WHERE owner = 'a'"
                                          " AND peer = 'r' AND id > 5 ORDER BY id LIMIT 10"))
                && query.next());
        QVERIFY2(query.value(3).toString().contains(QLatin1String("INDEX")),
                 qPrintable(query.value(3).toString()));
        // Version 10: the XEP-0313 indexes are partial, one per kind, so that an account's
        // history of a room (kind 2, an entry per recipient account) costs no entry in them;
        // a page of a room's archive is still read in index order.
        QStringList partial;
        QVERIFY(query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index'"
                                          " AND tbl_name = 'archive' AND sql LIKE '%WHERE kind = _'"
                                          " ORDER BY name")));
        while (query.next())
            partial << query.value(0).toString();
        QCOMPARE(partial,
                 QStringList(
                     { QStringLiteral("personal_archive_by_id"), QStringLiteral("personal_archive_by_stamp"),
                       QStringLiteral("room_archive_by_id"), QStringLiteral("room_archive_by_stamp") }));
        QVERIFY(query.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT a.id FROM archive a WHERE a.owner = 'r'"
                                          " AND a.kind = 0 AND a.id > 5 ORDER BY a.id LIMIT 10")));
        QStringList plan;
        while (query.next())
            plan << query.value(3).toString();
        QVERIFY2(plan.size() == 1 && plan.first().contains(QLatin1String("room_archive_by_id")),
                 qPrintable(plan.join(QLatin1String("; "))));
        // Version 3: SCRAM keys (salt and iterations are SCRAM-SHA-256's).
        const QStringList columns { QStringLiteral("name"),
                                    QStringLiteral("salt"),
                                    QStringLiteral("hash"),
                                    QStringLiteral("iterations"),
                                    QStringLiteral("created"),
                                    QStringLiteral("scram_sha256_stored_key"),
                                    QStringLiteral("scram_sha256_server_key"),
                                    QStringLiteral("scram_sha1_salt"),
                                    QStringLiteral("scram_sha1_iterations"),
                                    QStringLiteral("scram_sha1_stored_key"),
                                    QStringLiteral("scram_sha1_server_key") };
        QCOMPARE(accountColumns(db.connection()), columns);
    }

    void reopeningKeepsData()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("kept.db"));
        {
            Database db;
            QVERIFY(db.open(path));
            AccountStore accounts(&db);
            QVERIFY(accounts.setAccount(QStringLiteral("alice"), QStringLiteral("pw")));
        }
        Database db;
        QVERIFY2(db.open(path), qPrintable(db.errorString()));
        QVERIFY(AccountStore(&db).checkPassword(QStringLiteral("alice"), QStringLiteral("pw")));
    }

    void upgradesVersion1InPlace()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v1.db"));
        writeVersion1(path, QStringLiteral("alice"), QStringLiteral("old-password"));
        QCOMPARE(Database::storedSchemaVersion(path), 1);

        Database db;
        QVERIFY2(db.open(path), qPrintable(db.errorString()));
        QCOMPARE(Database::storedSchemaVersion(path), Database::schemaVersion());
        QVERIFY(tables(db).contains(QStringLiteral("archive")));
        QVERIFY(tables(db).contains(QStringLiteral("memberships")));
        // The account of the older version still logs in with its password.
        AccountStore accounts(&db);
        QVERIFY(scramLogIn(&accounts, QStringLiteral("SCRAM-SHA-256"), QStringLiteral("alice"),
                           QStringLiteral("old-password")));
        QVERIFY(accounts.checkPassword(QStringLiteral("alice"), QStringLiteral("old-password")));
        QVERIFY(!accounts.checkPassword(QStringLiteral("alice"), QStringLiteral("wrong")));
    }

    // Version 2 kept PBKDF2-SHA256 hashes: they become SCRAM-SHA-256 keys and are
    // erased; the accounts log in as before, and get SHA-1 keys at a PLAIN login.
    void upgradesVersion2InPlace()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v2.db"));
        const QByteArray salt("fedcba9876543210");
        const QByteArray aliceHash = version2Hash(QStringLiteral("alice-password"), salt);
        const QByteArray bobHash = version2Hash(QStringLiteral("bob-password"), salt);
        writeVersion2(path, { { QStringLiteral("alice"), aliceHash }, { QStringLiteral("bob"), bobHash } },
                      salt);
        QCOMPARE(Database::storedSchemaVersion(path), 2);
        QVERIFY(contents(path).contains(aliceHash));

        {
            Database db;
            QVERIFY2(db.open(path), qPrintable(db.errorString()));
            QCOMPARE(Database::storedSchemaVersion(path), Database::schemaVersion());
            QSqlQuery query(db.connection());
            QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM accounts WHERE hash = X''"))
                    && query.next());
            QCOMPARE(query.value(0).toInt(), 2);

            AccountStore accounts(&db);
            const std::optional<ScramCredentials> alice
                = accounts.scramCredentials(QStringLiteral("alice"), ScramAlgorithm::Sha256);
            QVERIFY(alice);
            QCOMPARE(alice->salt, salt);
            QCOMPARE(alice->iterations, 4096);
            const ScramCredentials expected = deriveScramCredentials(
                ScramAlgorithm::Sha256, QStringLiteral("alice-password"), salt, 4096);
            QCOMPARE(alice->storedKey, expected.storedKey);
            QCOMPARE(alice->serverKey, expected.serverKey);
            // No SHA-1 keys: they need the password.
            QVERIFY(!accounts.scramCredentials(QStringLiteral("alice"), ScramAlgorithm::Sha1));
            QVERIFY(!scramLogIn(&accounts, QStringLiteral("SCRAM-SHA-1"), QStringLiteral("alice"),
                                QStringLiteral("alice-password")));

            QVERIFY(scramLogIn(&accounts, QStringLiteral("SCRAM-SHA-256"), QStringLiteral("alice"),
                               QStringLiteral("alice-password")));
            QVERIFY(!scramLogIn(&accounts, QStringLiteral("SCRAM-SHA-256"), QStringLiteral("alice"),
                                QStringLiteral("bob-password")));
            QVERIFY(!accounts.checkPassword(QStringLiteral("alice"), QStringLiteral("bob-password")));
            QVERIFY(accounts.checkPassword(QStringLiteral("alice"), QStringLiteral("alice-password")));
            // The PLAIN login made the SHA-1 keys.
            QVERIFY(accounts.scramCredentials(QStringLiteral("alice"), ScramAlgorithm::Sha1));
            QVERIFY(scramLogIn(&accounts, QStringLiteral("SCRAM-SHA-1"), QStringLiteral("alice"),
                               QStringLiteral("alice-password")));
            QVERIFY(!accounts.scramCredentials(QStringLiteral("bob"), ScramAlgorithm::Sha1));
            QVERIFY(scramLogIn(&accounts, QStringLiteral("SCRAM-SHA-256"), QStringLiteral("bob"),
                               QStringLiteral("bob-password")));
        }
        // The hashes, which SCRAM would accept as they are, are gone from every file.
        for (const QString &file : QDir(dir.path()).entryList(QDir::Files)) {
            const QByteArray bytes = contents(dir.filePath(file));
            QVERIFY2(!bytes.contains(aliceHash), qPrintable(file));
            QVERIFY2(!bytes.contains(bobHash), qPrintable(file));
        }
        // Reopening changes nothing more.
        Database db;
        QVERIFY2(db.open(path), qPrintable(db.errorString()));
        AccountStore accounts(&db);
        QVERIFY(accounts.checkPassword(QStringLiteral("bob"), QStringLiteral("bob-password")));
    }

    // A hash that cannot be a SaltedPassword stops the upgrade: nothing converted, the
    // file stays at version 2 and the error names the account.
    void failedUpgradeIsRolledBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("broken.db"));
        const QByteArray salt("fedcba9876543210");
        const QByteArray aliceHash = version2Hash(QStringLiteral("alice-password"), salt);
        writeVersion2(
            path,
            { { QStringLiteral("alice"), aliceHash }, { QStringLiteral("broken"), QByteArray(10, 'x') } },
            salt);
        {
            Database db;
            QVERIFY(!db.open(path));
            QVERIFY2(db.errorString().contains(QLatin1String("schema upgrade to version 3 failed")),
                     qPrintable(db.errorString()));
            QVERIFY2(db.errorString().contains(QLatin1String("'broken'")), qPrintable(db.errorString()));
            QVERIFY(!db.isOpen());
        }
        QCOMPARE(Database::storedSchemaVersion(path), 2);
        const QString connectionName = QStringLiteral("broken-reader");
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QVERIFY(!accountColumns(db).contains(QStringLiteral("scram_sha256_stored_key")));
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("SELECT hash FROM accounts WHERE name = 'alice'"))
                    && query.next());
            QCOMPARE(query.value(0).toByteArray(), aliceHash);
        }
        QSqlDatabase::removeDatabase(connectionName);
    }

    // Refused files: a clear error, and not one byte changed.
    void refusesWithoutTouching_data()
    {
        QTest::addColumn<QByteArray>("kind");
        QTest::addColumn<QString>("message");
        QTest::newRow("newer schema") << QByteArray("newer") << QStringLiteral("is newer than this program");
        QTest::newRow("not a database")
            << QByteArray("garbage") << QStringLiteral("not a usable SQLite database");
        QTest::newRow("truncated database")
            << QByteArray("truncated") << QStringLiteral("not a usable SQLite database");
    }
    void refusesWithoutTouching()
    {
        QFETCH(QByteArray, kind);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("refused.db"));
        if (kind == "newer") {
            {
                Database db;
                QVERIFY(db.open(path));
                QSqlQuery query(db.connection());
                QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = 99")));
                QVERIFY(query.exec(QStringLiteral("PRAGMA journal_mode = DELETE")));
            }
        } else {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            if (kind == "garbage")
                file.write(QByteArray(8192, 'x'));
            else
                file.write(QByteArray("SQLite format 3\0", 16) + QByteArray(84, '\xff'));
        }
        const QByteArray before = contents(path);
        const QStringList filesBefore = QDir(dir.path()).entryList(QDir::Files);

        Database db;
        QVERIFY(!db.open(path));
        QVERIFY2(db.errorString().contains(message), qPrintable(db.errorString()));
        QVERIFY2(db.errorString().contains(path), qPrintable(db.errorString()));
        QVERIFY(!db.isOpen());
        QCOMPARE(contents(path), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), filesBefore);
    }

    void badPaths_data()
    {
        QTest::addColumn<QString>("relativePath");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing folder")
            << QStringLiteral("no/such/folder/x.db") << QStringLiteral("does not exist");
        QTest::newRow("a folder") << QStringLiteral(".") << QStringLiteral("not a regular file");
        QTest::newRow("read-only folder") << QStringLiteral("locked/x.db") << QStringLiteral("not writable");
    }
    void badPaths()
    {
        QFETCH(QString, relativePath);
        QFETCH(QString, message);
        if (relativePath.startsWith(QLatin1String("locked")) && ::geteuid() == 0) {
            // Root writes in any folder whatever its permissions (and CI runs as root).
            QVERIFY2(qEnvironmentVariableIsEmpty(AsNobody), "setpriv left the child running as root");
            runReadOnlyFolderRowAsNobody();
            return;
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("locked")));
        QVERIFY(QFile::setPermissions(dir.filePath(QStringLiteral("locked")),
                                      QFile::ReadOwner | QFile::ExeOwner));
        Database db;
        QVERIFY(!db.open(dir.filePath(relativePath)));
        QVERIFY2(db.errorString().startsWith(QStringLiteral("cannot open database ")),
                 qPrintable(db.errorString()));
        QVERIFY2(db.errorString().contains(message), qPrintable(db.errorString()));
    }

private:
    // Runs the row "read-only folder" again, alone, in a child process of this test as
    // the unprivileged user nobody (setpriv drops root and its capabilities): there the
    // folder (0500, the child's own) really is one the server may not write. Without
    // setpriv, a user nobody or a build tree nobody can reach: a visible skip, and
    // under CI a failure.
    void runReadOnlyFolderRowAsNobody()
    {
        const QString setpriv = QStandardPaths::findExecutable(QStringLiteral("setpriv"));
        const passwd *nobody = ::getpwnam("nobody");
        const QString program = QCoreApplication::applicationFilePath();
        QString unavailable;
        if (setpriv.isEmpty())
            unavailable = QStringLiteral("no setpriv (Debian: util-linux)");
        else if (!nobody)
            unavailable = QStringLiteral("no user nobody");
        else
            unavailable = unreachableByOthers(program);
        if (!unavailable.isEmpty()) {
            const QByteArray why
                = "as root, a read-only folder needs running as nobody: " + unavailable.toUtf8();
            if (TestEnvironment::inCi())
                QFAIL(why.constData());
            MINIMIX_SKIP(why.constData());
        }
        QProcess child;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QString::fromLatin1(AsNobody), QStringLiteral("1"));
        environment.insert(QStringLiteral("TMPDIR"), QStringLiteral("/tmp")); // writable by nobody
        child.setProcessEnvironment(environment);
        child.setWorkingDirectory(QStringLiteral("/"));
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(setpriv,
                    { QStringLiteral("--reuid=%1").arg(nobody->pw_uid),
                      QStringLiteral("--regid=%1").arg(nobody->pw_gid), QStringLiteral("--clear-groups"),
                      QStringLiteral("--"), program, QStringLiteral("badPaths:read-only folder") });
        QVERIFY2(child.waitForFinished(60000), qPrintable(child.errorString()));
        const QString output = QString::fromLocal8Bit(child.readAll());
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0, qPrintable(output));
        QVERIFY2(output.contains(QLatin1String("PASS   : tst_Database::badPaths(read-only folder)")),
                 qPrintable(output));
        qInfo("read-only folder: passed as nobody (uid %u)", unsigned(nobody->pw_uid));
    }
};

MINIMIX_TEST_MAIN_WITH(QCoreApplication, tst_Database)
#include "tst_database.moc"
