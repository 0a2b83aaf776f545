// Accounts in SQLite: salted PBKDF2 hashes, never clear text.
#include "AccountStore.h"
#include "Database.h"
#include "TestClient.h"
#include "TestServer.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

class tst_AccountStore : public QObject
{
    Q_OBJECT

private slots:
    void createAndCheck_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("loginName");
        QTest::addColumn<QString>("attempt");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("right password") << QStringLiteral("alice") << QStringLiteral("s3cret")
                                        << QStringLiteral("alice") << QStringLiteral("s3cret") << true;
        QTest::newRow("wrong password") << QStringLiteral("alice") << QStringLiteral("s3cret")
                                        << QStringLiteral("alice") << QStringLiteral("S3cret") << false;
        QTest::newRow("empty attempt") << QStringLiteral("alice") << QStringLiteral("s3cret")
                                       << QStringLiteral("alice") << QString() << false;
        QTest::newRow("unknown account") << QStringLiteral("alice") << QStringLiteral("s3cret")
                                         << QStringLiteral("mallory") << QStringLiteral("s3cret") << false;
        QTest::newRow("names are case-insensitive")
            << QStringLiteral("Alice") << QStringLiteral("pw") << QStringLiteral("ALICE")
            << QStringLiteral("pw") << true;
        QTest::newRow("unicode password") << QStringLiteral("bob") << QStringLiteral("pässwörd✓")
                                          << QStringLiteral("bob") << QStringLiteral("pässwörd✓") << true;
    }
    void createAndCheck()
    {
        QFETCH(QString, name);
        QFETCH(QString, password);
        QFETCH(QString, loginName);
        QFETCH(QString, attempt);
        QFETCH(bool, accepted);
        Database db;
        QVERIFY2(db.open(QStringLiteral(":memory:")), qPrintable(db.errorString()));
        AccountStore store(&db);
        QVERIFY(store.setAccount(name, password));
        QCOMPARE(store.checkPassword(loginName, attempt), accepted);
    }

    void passwordsAreSaltedHashes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("accounts.db"));
        {
            Database db;
            QVERIFY(db.open(path));
            AccountStore store(&db);
            QVERIFY(store.setAccount(QStringLiteral("alice"), QStringLiteral("same-password-XYZZY")));
            QVERIFY(store.setAccount(QStringLiteral("bob"), QStringLiteral("same-password-XYZZY")));
            QSqlQuery query(db.connection());
            QVERIFY(query.exec(QStringLiteral("SELECT salt, hash FROM accounts ORDER BY name")));
            QVERIFY(query.next());
            const QByteArray saltA = query.value(0).toByteArray();
            const QByteArray hashA = query.value(1).toByteArray();
            QVERIFY(query.next());
            QVERIFY(saltA != query.value(0).toByteArray());
            QVERIFY(hashA != query.value(1).toByteArray()); // same password, different salt, different hash
            QCOMPARE(hashA.size(), 32);
        }
        // Nowhere in the database file (nor its WAL) is the password in clear.
        for (const QString &file : QDir(dir.path()).entryList(QDir::Files)) {
            QFile f(dir.filePath(file));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains("same-password-XYZZY"), qPrintable(file));
        }
    }

    void changeAndRemove()
    {
        Database db;
        QVERIFY(db.open(QStringLiteral(":memory:")));
        AccountStore store(&db);
        QVERIFY(store.setAccount(QStringLiteral("alice"), QStringLiteral("old")));
        QVERIFY(store.setAccount(QStringLiteral("alice"), QStringLiteral("new")));
        QVERIFY(!store.checkPassword(QStringLiteral("alice"), QStringLiteral("old")));
        QVERIFY(store.checkPassword(QStringLiteral("alice"), QStringLiteral("new")));
        QCOMPARE(store.accounts(), QStringList { QStringLiteral("alice") });
        QVERIFY(store.removeAccount(QStringLiteral("alice")));
        QVERIFY(!store.contains(QStringLiteral("alice")));
        QVERIFY(!store.checkPassword(QStringLiteral("alice"), QStringLiteral("new")));
        QVERIFY(!store.removeAccount(QStringLiteral("alice")));
    }

    void invalidAccounts_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("password");
        QTest::newRow("empty name") << QString() << QStringLiteral("pw");
        QTest::newRow("name with @") << QStringLiteral("a@b") << QStringLiteral("pw");
        QTest::newRow("name with /") << QStringLiteral("a/b") << QStringLiteral("pw");
        QTest::newRow("name with space") << QStringLiteral("a b") << QStringLiteral("pw");
        QTest::newRow("empty password") << QStringLiteral("alice") << QString();
    }
    void invalidAccounts()
    {
        QFETCH(QString, name);
        QFETCH(QString, password);
        Database db;
        QVERIFY(db.open(QStringLiteral(":memory:")));
        AccountStore store(&db);
        QVERIFY(!store.setAccount(name, password));
        QVERIFY(!store.errorString().isEmpty());
        QVERIFY(store.accounts().isEmpty());
    }

    void newerSchemaIsNotTouched()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("future.db"));
        {
            Database db;
            QVERIFY(db.open(path));
            QSqlQuery query(db.connection());
            QVERIFY(
                query.exec(QStringLiteral("PRAGMA user_version = %1").arg(Database::schemaVersion() + 1)));
        }
        Database db;
        QVERIFY(!db.open(path));
        QVERIFY(db.errorString().contains(QStringLiteral("newer")));
    }

    void notADatabaseIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("garbage.db"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        Database db;
        QVERIFY(!db.open(path));
        QVERIFY(!db.errorString().isEmpty());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray(4096, 'x')); // left as it was
    }

    // Over the wire: SASL PLAIN against the hashes.
    void loginOverTheWire()
    {
        TestServer server;
        TestClient good(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(good.connectToServer(server.port(), QStringLiteral("secret")));
        TestClient bad(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(!bad.connectToServer(server.port(), QStringLiteral("wrong")));
        TestClient unknown(QStringLiteral("mallory"), QStringLiteral("x"));
        QVERIFY(!unknown.connectToServer(server.port(), QStringLiteral("secret")));
        QVERIFY(good.sync()); // the good session is unaffected
        QCOMPARE(server.server()->sessions(), QStringList { QStringLiteral("alice@localhost/phone") });
    }
};

QTEST_GUILESS_MAIN(tst_AccountStore)
#include "tst_accountstore.moc"
