// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Accounts in SQLite: SCRAM keys (salted, derived), never the password nor anything
// a client could log in with.
#include "AccountStore.h"
#include "Database.h"
#include "SaslServer.h"
#include "ScramClient.h"
#include "TestClient.h"
#include "TestServer.h"

#include <QFile>
#include <QPasswordDigestor>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
QByteArray fileContents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

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

    void keysNotPasswordsAreStored()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("accounts.db"));
        const QString password = QStringLiteral("same-password-XYZZY");
        QList<QByteArray> saltedPasswords;
        {
            Database db;
            QVERIFY(db.open(path));
            AccountStore store(&db);
            QVERIFY(store.setAccount(QStringLiteral("alice"), password));
            QVERIFY(store.setAccount(QStringLiteral("bob"), password));
            QSqlQuery query(db.connection());
            QVERIFY(query.exec(QStringLiteral("SELECT hash FROM accounts")));
            while (query.next())
                QCOMPARE(query.value(0).toByteArray(), QByteArray()); // the v2 column stays empty
            QList<QByteArray> salts;
            for (const QString &name : { QStringLiteral("alice"), QStringLiteral("bob") }) {
                for (const ScramAlgorithm algorithm : { ScramAlgorithm::Sha256, ScramAlgorithm::Sha1 }) {
                    const std::optional<ScramCredentials> stored = store.scramCredentials(name, algorithm);
                    QVERIFY(stored);
                    QCOMPARE(stored->iterations, ScramIterations);
                    QVERIFY(stored->iterations >= 4096);
                    QCOMPARE(stored->salt.size(), 16);
                    const ScramCredentials expected
                        = deriveScramCredentials(algorithm, password, stored->salt, stored->iterations);
                    QCOMPARE(stored->storedKey, expected.storedKey);
                    QCOMPARE(stored->serverKey, expected.serverKey);
                    QCOMPARE(stored->storedKey.size(), algorithm == ScramAlgorithm::Sha1 ? 20 : 32);
                    salts << stored->salt;
                    const QCryptographicHash::Algorithm hash = scramHashAlgorithm(algorithm);
                    saltedPasswords << QPasswordDigestor::deriveKeyPbkdf2(
                        hash, password.toUtf8(), stored->salt, stored->iterations,
                        quint64(QCryptographicHash::hashLength(hash)));
                }
            }
            // Separate random salts: per account and per algorithm.
            QCOMPARE(QSet<QByteArray>(salts.begin(), salts.end()).size(), 4);
        }
        // Nowhere in the database file (nor its WAL) is the password in clear, nor the
        // SaltedPassword (the hash of schema version 2), which SCRAM would accept.
        for (const QString &file : QDir(dir.path()).entryList(QDir::Files)) {
            const QByteArray contents = fileContents(dir.filePath(file));
            QVERIFY2(!contents.contains(password.toUtf8()), qPrintable(file));
            for (const QByteArray &salted : saltedPasswords)
                QVERIFY2(!contents.contains(salted), qPrintable(file));
        }
    }

    void scramCredentials()
    {
        Database db;
        QVERIFY(db.open(QStringLiteral(":memory:")));
        AccountStore store(&db);
        QVERIFY(store.setAccount(QStringLiteral("alice"), QStringLiteral("pw")));
        QVERIFY(store.scramCredentials(QStringLiteral("alice"), ScramAlgorithm::Sha256));
        QVERIFY(store.scramCredentials(QStringLiteral("ALICE"), ScramAlgorithm::Sha1));
        QVERIFY(!store.scramCredentials(QStringLiteral("bob"), ScramAlgorithm::Sha256));
        QVERIFY(!store.scramCredentials(QStringLiteral(" alice "), ScramAlgorithm::Sha256));
        QVERIFY(!store.scramCredentials(QString(), ScramAlgorithm::Sha1));
        for (const QString &mechanism : SaslServer::mechanisms(false)) {
            QVERIFY(scramLogIn(&store, mechanism, QStringLiteral("alice"), QStringLiteral("pw")));
            QVERIFY(scramLogIn(&store, mechanism, QStringLiteral("ALICE"), QStringLiteral("pw")));
            QVERIFY(!scramLogIn(&store, mechanism, QStringLiteral("alice"), QStringLiteral("PW")));
            QVERIFY(!scramLogIn(&store, mechanism, QStringLiteral("bob"), QStringLiteral("pw")));
        }
    }

    // An account without SHA-1 keys (as upgraded from schema version 2) gets them at
    // its first successful PLAIN login.
    void sha1KeysAfterPlainLogin()
    {
        Database db;
        QVERIFY(db.open(QStringLiteral(":memory:")));
        AccountStore store(&db);
        QVERIFY(store.setAccount(QStringLiteral("alice"), QStringLiteral("pw")));
        QSqlQuery query(db.connection());
        QVERIFY(query.exec(
            QStringLiteral("UPDATE accounts SET scram_sha1_salt = NULL, scram_sha1_iterations = NULL,"
                           " scram_sha1_stored_key = NULL, scram_sha1_server_key = NULL")));
        QVERIFY(!store.scramCredentials(QStringLiteral("alice"), ScramAlgorithm::Sha1));
        QVERIFY(!scramLogIn(&store, QStringLiteral("SCRAM-SHA-1"), QStringLiteral("alice"),
                            QStringLiteral("pw")));
        QVERIFY(!store.checkPassword(QStringLiteral("alice"), QStringLiteral("wrong")));
        QVERIFY(!store.scramCredentials(QStringLiteral("alice"), ScramAlgorithm::Sha1));
        QVERIFY(store.checkPassword(QStringLiteral("alice"), QStringLiteral("pw")));
        const std::optional<ScramCredentials> sha1
            = store.scramCredentials(QStringLiteral("alice"), ScramAlgorithm::Sha1);
        QVERIFY(sha1);
        QCOMPARE(
            sha1->storedKey,
            deriveScramCredentials(ScramAlgorithm::Sha1, QStringLiteral("pw"), sha1->salt, sha1->iterations)
                .storedKey);
        QVERIFY(sha1->salt != store.scramCredentials(QStringLiteral("alice"), ScramAlgorithm::Sha256)->salt);
        QVERIFY(
            scramLogIn(&store, QStringLiteral("SCRAM-SHA-1"), QStringLiteral("alice"), QStringLiteral("pw")));
        // A later login leaves them alone.
        QVERIFY(store.checkPassword(QStringLiteral("alice"), QStringLiteral("pw")));
        QCOMPARE(store.scramCredentials(QStringLiteral("alice"), ScramAlgorithm::Sha1)->salt, sha1->salt);
    }

    // Names are JID nodes after nodeprep.
    void normalization_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("stored"); // null: refused
        QTest::newRow("ALICE") << QStringLiteral("ALICE") << QStringLiteral("alice");
        QTest::newRow("MALLORY") << QStringLiteral("MALLORY") << QStringLiteral("mallory");
        QTest::newRow("Straße") << QStringLiteral("Straße") << QStringLiteral("strasse");
        QTest::newRow("spaces around") << QStringLiteral(" alice ") << QString();
        QTest::newRow("tab") << QStringLiteral("alice\t") << QString();
        QTest::newRow("quote") << QStringLiteral("al'ice") << QString();
        QTest::newRow("colon") << QStringLiteral("al:ice") << QString();
    }
    void normalization()
    {
        QFETCH(QString, name);
        QFETCH(QString, stored);
        QCOMPARE(AccountStore::normalizedName(name), stored);
        QCOMPARE(AccountStore::isValidName(name), !stored.isNull());
        Database db;
        QVERIFY(db.open(QStringLiteral(":memory:")));
        AccountStore store(&db);
        QCOMPARE(store.setAccount(name, QStringLiteral("pw")), !stored.isNull());
        if (stored.isNull()) {
            QVERIFY(store.accounts().isEmpty());
            QVERIFY(store.errorString().contains(QLatin1String("invalid account name")));
            return;
        }
        QCOMPARE(store.accounts(), QStringList { stored });
        QVERIFY(store.contains(name));
        QVERIFY(store.checkPassword(stored, QStringLiteral("pw")));
        QVERIFY(store.checkPassword(name, QStringLiteral("pw")));
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
        QTest::newRow("name with spaces around") << QStringLiteral(" alice ") << QStringLiteral("pw");
        QTest::newRow("name with tab") << QStringLiteral("alice\t") << QStringLiteral("pw");
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

    // Over the wire: SASL PLAIN against the stored keys.
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
