// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// §10 of the contract, when the storage fails under a running server: a message whose
// writes cannot be committed is not reflected and not forked (its sender gets an
// error instead), a change of state the storage cannot take is refused before it is
// made, the server says so once per change of state and recovers by itself when the
// storage takes writes again. After a restart every message that was reflected to its
// sender is in the archives, once, in order, and nothing else is.
#include "ArchiveContents.h"
#include "Database.h"
#include "Jid.h"
#include "MembershipStore.h"
#include "MessageArchive.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "XmlText.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <memory>

Q_DECLARE_METATYPE(JoinMode)

namespace {
const QString Lobby = QStringLiteral("lobby@conference.localhost");

// A tmpfs of its own under a temporary folder, unmounted when it goes.
class SmallFileSystem
{
public:
    explicit SmallFileSystem(const QString &path)
        : m_path(path)
    { }
    ~SmallFileSystem()
    {
        if (m_mounted)
            run(QStringLiteral("umount"), { QStringLiteral("-l"), m_path });
    }
    bool mount(const QString &size)
    {
        QDir().mkpath(m_path);
        m_mounted = run(QStringLiteral("mount"),
                        { QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                          QStringLiteral("size=") + size, QStringLiteral("tmpfs"), m_path });
        return m_mounted;
    }
    // "size=64m", "ro", "rw"
    bool remount(const QString &options)
    {
        return run(QStringLiteral("mount"),
                   { QStringLiteral("-o"), QStringLiteral("remount,") + options, m_path });
    }
    QString filePath(const QString &name) const { return m_path + QLatin1Char('/') + name; }
    QString error() const { return m_error; }

    // Writes a file until the file system is full.
    bool fill(const QString &name)
    {
        QFile file(filePath(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
            return false;
        const QByteArray chunk(64 * 1024, 'x');
        while (file.write(chunk) == chunk.size()) { }
        // The last pages too: tmpfs accounts in pages.
        while (file.write(chunk.left(512)) == 512) { }
        return true;
    }

private:
    bool run(const QString &program, const QStringList &arguments)
    {
        QProcess process;
        process.start(program, arguments);
        if (!process.waitForFinished(10000) || process.exitStatus() != QProcess::NormalExit
            || process.exitCode() != 0) {
            m_error = QStringLiteral("%1 %2: %3")
                          .arg(program, arguments.join(QLatin1Char(' ')),
                               QString::fromLocal8Bit(process.readAllStandardError()).trimmed());
            return false;
        }
        return true;
    }

    const QString m_path;
    bool m_mounted = false;
    QString m_error;
};

TestClient::Predicate errorFromRoom()
{
    return [](const QDomElement &stanza) {
        return stanza.tagName() == QLatin1String("message")
            && stanza.attribute(QStringLiteral("type")) == QLatin1String("error")
            && Jid::bare(stanza.attribute(QStringLiteral("from"))) == Lobby;
    };
}

// A statement the server runs fails while the trigger exists (a failing statement,
// injected from a second connection to the same file).
class InjectedFault
{
public:
    InjectedFault(const QString &path, const QString &table, const QString &operation)
        : m_name(QStringLiteral("fault-%1").arg(quintptr(this)))
    {
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
            db.setDatabaseName(path);
            db.open();
        }
        exec(QStringLiteral("CREATE TRIGGER injected_fault BEFORE %1 ON %2 BEGIN"
                            " SELECT RAISE(ABORT, 'injected fault'); END")
                 .arg(operation, table));
    }
    ~InjectedFault() { QSqlDatabase::removeDatabase(m_name); }
    bool exec(const QString &sql)
    {
        QSqlQuery query(QSqlDatabase::database(m_name));
        if (query.exec(sql))
            return true;
        qWarning("InjectedFault: %s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return false;
    }
    bool remove() { return exec(QStringLiteral("DROP TRIGGER injected_fault")); }

private:
    const QString m_name;
};
} // namespace

class tst_StorageFaults : public QObject
{
    Q_OBJECT

private slots:
    // The file system under the database fills up (or turns read-only) while bob talks,
    // then takes writes again; finally the server restarts on a larger one.
    // Group commit: the messages a session sent in one go are committed together, not
    // each in a transaction of its own, and still each reflected once and archived.
    void messagesOfOneTurnShareCommits_data()
    {
        QTest::addColumn<JoinMode>("mode");
        QTest::newRow("account-level") << JoinMode::AccountLevel;
        QTest::newRow("classic") << JoinMode::Classic;
    }

    void messagesOfOneTurnShareCommits()
    {
        QFETCH(JoinMode, mode);
        QTemporaryDir dir;
        ServerOptions options;
        options.databasePath = dir.filePath(QStringLiteral("minimix.db"));
        options.tls = TlsPolicy::Off;
        options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
        TestServer server(mode, options);
        TestClient alice(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(alice.connectToServer(server.port()));
        QVERIFY(alice.join(Lobby, QStringLiteral("alice")));
        QVERIFY(alice.sync());

        constexpr int Messages = 40;
        const quint64 before = server.server()->counters().value(QStringLiteral("storage.commits"));
        for (int i = 0; i < Messages; ++i) // written to the socket together, at the next turn
            alice.say(Lobby, QStringLiteral("m-%1").arg(i));
        QVERIFY(alice.waitFor(TestClient::groupchat(Lobby, QStringLiteral("m-%1").arg(Messages - 1))));
        QVERIFY(alice.sync());
        const quint64 commits = server.server()->counters().value(QStringLiteral("storage.commits")) - before;
        QVERIFY2(commits >= 1 && commits < Messages / 2,
                 qPrintable(QStringLiteral("%1 commits for %2 messages").arg(commits).arg(Messages)));
        QStringList expected;
        for (int i = 0; i < Messages; ++i)
            expected << QStringLiteral("m-%1").arg(i);
        QCOMPARE(groupchatBodies(alice, Lobby), expected);
        server.server()->stop();
        Database database;
        QVERIFY2(database.open(options.databasePath), qPrintable(database.errorString()));
        MessageArchive archive(&database);
        QCOMPARE(archivedBodies(archive, Lobby, ArchiveKind::Room), expected);
    }

    void diskFills()
    {
        QTemporaryDir dir;
        SmallFileSystem disk(dir.filePath(QStringLiteral("disk")));
        if (!disk.mount(QStringLiteral("8m")))
            MINIMIX_SKIP(
                qPrintable(QStringLiteral("cannot mount a small tmpfs (root only): ") + disk.error()));
        ServerOptions options;
        options.databasePath = disk.filePath(QStringLiteral("minimix.db"));
        options.tls = TlsPolicy::Off;
        options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
        auto server = std::make_unique<TestServer>(JoinMode::AccountLevel, options);
        QSignalSpy storage(server->server(), &MinimixServer::storageStateChanged);

        auto alicePhone = std::make_unique<TestClient>(QStringLiteral("alice"), QStringLiteral("phone"));
        auto aliceLaptop = std::make_unique<TestClient>(QStringLiteral("alice"), QStringLiteral("laptop"));
        auto bob = std::make_unique<TestClient>(QStringLiteral("bob"), QStringLiteral("desktop"));
        for (TestClient *client : { alicePhone.get(), aliceLaptop.get(), bob.get() })
            QVERIFY(client->connectToServer(server->port()));
        QVERIFY(alicePhone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(aliceLaptop->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));

        // Bob keeps up to 20 messages unanswered (reflected or refused).
        int sent = 0;
        const auto answered
            = [&] { return bob->count(TestClient::anyGroupchatFrom(Lobby)) + bob->count(errorFromRoom()); };
        QTimer sender;
        sender.setInterval(0);
        connect(&sender, &QTimer::timeout, this, [&] {
            for (int i = sent - answered(); i < 20; ++i)
                bob->say(Lobby, QStringLiteral("m-%1").arg(sent++));
        });
        sender.start();
        QTRY_VERIFY_WITH_TIMEOUT(groupchatBodies(*bob, Lobby).size() >= 50, 20000);

        // The storage fails: messages are refused, each with an error, none reflected.
        QVERIFY(disk.fill(QStringLiteral("filler")));
        QTRY_VERIFY_WITH_TIMEOUT(bob->count(errorFromRoom()) >= 30, 30000);
        QVERIFY(storage.count() >= 1);
        QCOMPARE(storage.at(0).at(0).toBool(), false);
        const QDomElement error = FIRST_OF(bob->receivedMatching(errorFromRoom()));
        QCOMPARE(errorCondition(error), QStringLiteral("resource-constraint"));
        QCOMPARE(error.firstChildElement(QStringLiteral("error")).attribute(QStringLiteral("type")),
                 QStringLiteral("wait"));
        QVERIFY(!error.firstChildElement(QStringLiteral("error"))
                     .firstChildElement(QStringLiteral("text"))
                     .text()
                     .isEmpty());
        // A change of state is refused before it is made: carol does not get in.
        auto carol = std::make_unique<TestClient>(QStringLiteral("carol"), QStringLiteral("tablet"));
        QVERIFY(carol->connectToServer(server->port()));
        QVERIFY(!carol->join(Lobby, QStringLiteral("carol")));
        QCOMPARE(errorCondition(LAST_OF(carol->receivedMatching(
                     TestClient::presenceFrom(Lobby + QStringLiteral("/carol"), QStringLiteral("error"))))),
                 QStringLiteral("resource-constraint"));

        // Room again: the server finds out by itself and takes messages again.
        QVERIFY(QFile::remove(disk.filePath(QStringLiteral("filler"))));
        const int reflectedBefore = groupchatBodies(*bob, Lobby).size();
        QTRY_VERIFY_WITH_TIMEOUT(groupchatBodies(*bob, Lobby).size() >= reflectedBefore + 50, 30000);
        // Once per change of state: failing and recovering alternate (a nearly full disk
        // may take a few more writes in between), and the last word is "healthy".
        for (int i = 0; i < storage.count(); ++i)
            QCOMPARE(storage.at(i).at(0).toBool(), i % 2 == 1);
        QCOMPARE(LAST_OF(storage).at(0).toBool(), true);
        sender.stop();
        QTRY_COMPARE_WITH_TIMEOUT(answered(), sent, 10000);
        const int carolMark = carol->mark();
        const bool carolJoined = carol->join(Lobby, QStringLiteral("carol"));
        QStringList carolGot;
        for (const QDomElement &stanza : carol->received().mid(carolMark))
            carolGot << XmlText::fromElement(stanza);
        QVERIFY2(carolJoined, qPrintable(carolGot.join(QLatin1Char('\n'))));

        // What was refused was refused everywhere: alice got exactly what bob saw reflected.
        const QStringList reflected = groupchatBodies(*bob, Lobby);
        QVERIFY(alicePhone->sync() && aliceLaptop->sync());
        QCOMPARE(groupchatBodies(*alicePhone, Lobby), reflected);
        QCOMPARE(groupchatBodies(*aliceLaptop, Lobby), reflected);
        QCOMPARE(reflected.size() + bob->count(errorFromRoom()), sent);

        // A restart (on a larger disk, with the filler back): the archives hold exactly
        // what was reflected, once, in order.
        for (auto *client : { &alicePhone, &aliceLaptop, &bob, &carol })
            client->reset();
        server.reset();
        QVERIFY2(disk.remount(QStringLiteral("size=64m")), qPrintable(disk.error()));
        {
            Database database;
            QVERIFY2(database.open(options.databasePath), qPrintable(database.errorString()));
            MessageArchive archive(&database);
            QCOMPARE(archivedBodies(archive, Lobby, ArchiveKind::Room), reflected);
            QCOMPARE(accountHistoryBodies(database, QStringLiteral("alice@localhost"), Lobby), reflected);
            QCOMPARE(accountHistoryBodies(database, QStringLiteral("bob@localhost"), Lobby), reflected);
            QStringList members;
            for (const StoredMembership &membership : MembershipStore(&database).load())
                members << membership.account;
            QCOMPARE(members,
                     QStringList({ QStringLiteral("alice@localhost"), QStringLiteral("bob@localhost"),
                                   QStringLiteral("carol@localhost") }));
        }
        server = std::make_unique<TestServer>(JoinMode::AccountLevel, options);
        TestClient dave(QStringLiteral("dave"), QStringLiteral("desktop"));
        QVERIFY(dave.connectToServer(server->port()));
        QVERIFY(dave.join(Lobby, QStringLiteral("dave")));
    }

    // The file system under the database is read-only when the server starts: a clear
    // error, no server, and the file untouched (also when its schema needs upgrading).
    void readOnlyFileSystemAtStart()
    {
        QTemporaryDir dir;
        SmallFileSystem disk(dir.filePath(QStringLiteral("disk")));
        if (!disk.mount(QStringLiteral("8m")))
            MINIMIX_SKIP(
                qPrintable(QStringLiteral("cannot mount a small tmpfs (root only): ") + disk.error()));
        const QString path = disk.filePath(QStringLiteral("minimix.db"));
        {
            Database database;
            QVERIFY2(database.open(path), qPrintable(database.errorString()));
            // An older schema, so that opening means upgrading.
            QSqlQuery(database.connection()).exec(QStringLiteral("PRAGMA user_version = 2"));
        }
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray before = file.readAll();
        file.close();
        QVERIFY2(disk.remount(QStringLiteral("ro")), qPrintable(disk.error()));

        ServerOptions options;
        options.databasePath = path;
        options.tls = TlsPolicy::Off;
        MinimixServer server(options);
        QVERIFY(!server.start());
        QVERIFY2(server.errorString().contains(path), qPrintable(server.errorString()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), before);
    }

    // A statement fails (a trigger raises, injected from a second connection): the
    // stanza that needed it is refused whole, and the next one goes through.
    void failingStatement_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QString>("operation");
        QTest::addColumn<QString>("what"); // what carol tries
        QTest::newRow("room archive")
            << QStringLiteral("archive") << QStringLiteral("INSERT") << QStringLiteral("say");
        QTest::newRow("messages") << QStringLiteral("messages") << QStringLiteral("INSERT")
                                  << QStringLiteral("say");
        QTest::newRow("memberships") << QStringLiteral("memberships") << QStringLiteral("INSERT")
                                     << QStringLiteral("join");
        QTest::newRow("PEP items") << QStringLiteral("pep_items") << QStringLiteral("INSERT")
                                   << QStringLiteral("publish");
        // Classic mode: carol's own presence creates the room.
        QTest::newRow("rooms (classic)")
            << QStringLiteral("rooms") << QStringLiteral("INSERT") << QStringLiteral("create");
        QTest::newRow("rooms (account-level)")
            << QStringLiteral("rooms") << QStringLiteral("INSERT") << QStringLiteral("create account-level");
    }
    void failingStatement()
    {
        QFETCH(QString, table);
        QFETCH(QString, operation);
        QFETCH(QString, what);
        QTemporaryDir dir;
        ServerOptions options;
        options.databasePath = dir.filePath(QStringLiteral("minimix.db"));
        options.tls = TlsPolicy::Off;
        options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
        TestServer server(what == QLatin1String("create") ? JoinMode::Classic : JoinMode::AccountLevel,
                          options);
        QSignalSpy storage(server.server(), &MinimixServer::storageStateChanged);
        TestClient *alice = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *aliceLaptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *carol = server.connect(QStringLiteral("carol"), QStringLiteral("tablet"));
        QVERIFY(alice->join(Lobby, QStringLiteral("alice")));
        // Classic mode: one nick per session.
        QVERIFY(aliceLaptop->join(Lobby,
                                  what == QLatin1String("create") ? QStringLiteral("alice-laptop")
                                                                  : QStringLiteral("alice")));
        if (what != QLatin1String("join"))
            QVERIFY(carol->join(Lobby, QStringLiteral("carol")));
        QVERIFY(alice->sync());
        const int aliceMark = alice->mark();
        const int laptopMark = aliceLaptop->mark();

        const QString publish = QStringLiteral(
            "<iq type='set' id='%1'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
            "<publish node='urn:xmpp:bookmarks:1'><item id='%2'><conference xmlns='urn:xmpp:bookmarks:1' "
            "autojoin='false' name='x'/></item></publish></pubsub></iq>");
        // Carol's attempt, under the fault and after it.
        const auto attempt = [&](const QString &id) -> QDomElement {
            const int mark = carol->mark();
            if (what == QLatin1String("say")) {
                carol->say(Lobby, id);
                const TestClient::Predicate answer = [&](const QDomElement &e) {
                    return e.tagName() == QLatin1String("message") && bodyOf(e) == id;
                };
                if (!carol->waitFor(answer, 5000, mark))
                    return QDomElement();
                return FIRST_OF(carol->receivedMatching(answer));
            }
            if (what == QLatin1String("join") || what.startsWith(QLatin1String("create"))) {
                // A new room of carol's own, or the lobby alice made.
                const QString room
                    = what == QLatin1String("join") ? Lobby : QStringLiteral("carols@conference.localhost");
                carol->join(room, QStringLiteral("carol"));
                QDomElement answer;
                for (const QDomElement &stanza : carol->received().mid(mark)) {
                    if (stanza.tagName() == QLatin1String("presence")
                        && Stanza::from(stanza) == room + QStringLiteral("/carol"))
                        answer = stanza;
                }
                return answer;
            }
            return carol->requestXml(
                publish.arg(QStringLiteral("%1"),
                            QStringLiteral("room-") + id + QStringLiteral("@conference.localhost")));
        };

        {
            InjectedFault fault(options.databasePath, table, operation);
            const QDomElement refused = attempt(QStringLiteral("first"));
            QVERIFY(!refused.isNull());
            QCOMPARE(refused.attribute(QStringLiteral("type")), QStringLiteral("error"));
            QCOMPARE(errorCondition(refused), QStringLiteral("internal-server-error"));
            QTRY_COMPARE(storage.count(), 1);
            QCOMPARE(storage.at(0).at(0).toBool(), false);
            // Once the server's write lock is released (QTRY evaluates more than once).
            bool removed = false;
            QTRY_VERIFY(removed || (removed = fault.remove()));
        }
        // Nothing the refused stanza caused reached anyone.
        QVERIFY(alice->sync() && aliceLaptop->sync());
        for (const auto &[session, mark] :
             { std::pair(alice, aliceMark), std::pair(aliceLaptop, laptopMark) }) {
            for (const QDomElement &stanza : session->received().mid(mark)) {
                const QString xml = XmlText::fromElement(stanza);
                QVERIFY2(!xml.contains(QLatin1String("first")) && !xml.contains(QLatin1String("carol")),
                         qPrintable(xml));
            }
        }

        // The fault is gone: the same attempt goes through, and the server says it recovered.
        const QDomElement taken = attempt(QStringLiteral("second"));
        QVERIFY(!taken.isNull());
        QVERIFY2(taken.attribute(QStringLiteral("type")) != QLatin1String("error"),
                 qPrintable(XmlText::fromElement(taken)));
        QTRY_COMPARE(storage.count(), 2);
        QCOMPARE(storage.at(1).at(0).toBool(), true);
        if (what == QLatin1String("say")) {
            QVERIFY(alice->waitFor(TestClient::groupchat(Lobby, QStringLiteral("second"))));
            QCOMPARE(alice->count(TestClient::groupchat(Lobby, QStringLiteral("first"))), 0);
        }
        if (what == QLatin1String("join"))
            QVERIFY(alice->waitFor(TestClient::presenceFrom(Lobby + QStringLiteral("/carol"))));
        if (what.startsWith(QLatin1String("create"))) // a new room, as if the first attempt never was
            QVERIFY2(mucStatusCodes(taken).contains(201), qPrintable(XmlText::fromElement(taken)));
    }
};

QTEST_GUILESS_MAIN(tst_StorageFaults)
#include "tst_storagefaults.moc"
