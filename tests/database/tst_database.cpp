// The SQLite schema: created at first open, upgraded in place from older versions,
// and never touched when it is newer than this program or not a database at all.
#include "AccountStore.h"
#include "Database.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QPasswordDigestor>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <unistd.h>

namespace {
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
        const QStringList expected { QStringLiteral("accounts"),          QStringLiteral("archive"),
                                     QStringLiteral("memberships"),       QStringLiteral("messages"),
                                     QStringLiteral("pep_items"),         QStringLiteral("pep_nodes"),
                                     QStringLiteral("room_affiliations"), QStringLiteral("rooms") };
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
        QVERIFY(accounts.checkPassword(QStringLiteral("alice"), QStringLiteral("old-password")));
        QVERIFY(!accounts.checkPassword(QStringLiteral("alice"), QStringLiteral("wrong")));
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
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("locked")));
        QFile::setPermissions(dir.filePath(QStringLiteral("locked")), QFile::ReadOwner | QFile::ExeOwner);
        if (relativePath.startsWith(QLatin1String("locked")) && ::geteuid() == 0)
            QSKIP("root may write anywhere");
        Database db;
        QVERIFY(!db.open(dir.filePath(relativePath)));
        QVERIFY2(db.errorString().startsWith(QStringLiteral("cannot open database ")),
                 qPrintable(db.errorString()));
        QVERIFY2(db.errorString().contains(message), qPrintable(db.errorString()));
    }
};

QTEST_GUILESS_MAIN(tst_Database)
#include "tst_database.moc"
