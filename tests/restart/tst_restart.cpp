// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// §10 of the contract: the real minimix-server process is stopped in the middle of
// a message stream (SIGKILL, or SIGTERM for a clean stop) and started again on the
// same database. Nothing acknowledged is lost (acknowledged: the room reflected it
// to its sender), nothing is stored twice, and every membership is back.
#include "ArchiveContents.h"
#include "Database.h"
#include "MembershipStore.h"
#include "MessageArchive.h"
#include "ServerProcess.h"
#include "TestClient.h"
#include "TestEnvironment.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <csignal>
#include <memory>

namespace {
const QString ServerPath = QStringLiteral(MINIMIX_SERVER_PATH);
const QString Lobby = QStringLiteral("lobby@conference.localhost");

QStringList serverArguments(const QString &databasePath)
{
    QStringList arguments { QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
                            databasePath };
    for (const char *name : { "alice", "bob", "carol", "dave" })
        arguments << QStringLiteral("--account") << QStringLiteral("%1:secret").arg(QLatin1String(name));
    return arguments;
}

int sequenceOf(const QString &body)
{
    return body.mid(2).toInt(); // "m-<n>"
}
} // namespace

class tst_Restart : public QObject
{
    Q_OBJECT

private slots:
    void stopDuringTraffic_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGKILL") << int(SIGKILL);
        QTest::newRow("SIGTERM") << int(SIGTERM);
    }
    void stopDuringTraffic()
    {
        QFETCH(int, signal);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("minimix.db"));
        auto server = std::make_unique<ServerProcess>(ServerPath, serverArguments(path));
        const quint16 port = server->waitForListening();
        QVERIFY(port);

        TestClient alicePhone(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient aliceLaptop(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient bob(QStringLiteral("bob"), QStringLiteral("desktop"));
        TestClient carol(QStringLiteral("carol"), QStringLiteral("tablet"));
        for (TestClient *client : { &alicePhone, &aliceLaptop, &bob, &carol })
            QVERIFY(client->connectToServer(port));
        QVERIFY(alicePhone.join(Lobby, QStringLiteral("alice")));
        QVERIFY(aliceLaptop.join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob.join(Lobby, QStringLiteral("bob")));
        QVERIFY(carol.join(Lobby, QStringLiteral("carol")));
        // Carol's only session goes away: her account stays in the room (§5).
        carol.disconnectFromServer();
        QVERIFY(bob.sync());

        // Bob keeps up to 50 messages in flight; the server is stopped once 300 came back to him.
        int sent = 0;
        QTimer sender;
        sender.setInterval(0);
        connect(&sender, &QTimer::timeout, this, [&] {
            const int inFlight = sent - bob.count(TestClient::anyGroupchatFrom(Lobby));
            for (int i = inFlight; i < 50; ++i)
                bob.say(Lobby, QStringLiteral("m-%1").arg(sent++));
        });
        sender.start();
        QTRY_VERIFY_WITH_TIMEOUT(groupchatBodies(bob, Lobby).size() >= 300, 30000);
        QVERIFY(server->sendSignal(signal));
        QVERIFY(server->waitForFinished(10000));
        sender.stop();
        QVERIFY(sent > 300); // still sending when it stopped

        const QStringList acknowledged = groupchatBodies(bob, Lobby);
        const QStringList deliveredToAlice = groupchatBodies(alicePhone, Lobby);
        QVERIFY(acknowledged.size() >= 300);
        // The reflections came in the order sent, each once.
        for (int i = 0; i < acknowledged.size(); ++i)
            QCOMPARE(acknowledged.at(i), QStringLiteral("m-%1").arg(i));

        {
            Database database;
            QVERIFY2(database.open(path), qPrintable(database.errorString()));
            MessageArchive archive(&database);
            for (const QString &owner :
                 { Lobby, QStringLiteral("alice@localhost"), QStringLiteral("bob@localhost"),
                   QStringLiteral("carol@localhost") }) {
                const QStringList stored = owner == Lobby ? archivedBodies(archive, owner, ArchiveKind::Room)
                                                          : accountHistoryBodies(database, owner, Lobby);
                QVERIFY2(QSet<QString>(stored.cbegin(), stored.cend()).size() == stored.size(),
                         qPrintable(owner + QStringLiteral(": a message is stored twice")));
                // Everything acknowledged, in the order sent; possibly a few more that were
                // stored but not yet reflected when the server died.
                QVERIFY2(stored.size() >= acknowledged.size(),
                         qPrintable(QStringLiteral("%1: %2 stored, %3 acknowledged")
                                        .arg(owner)
                                        .arg(stored.size())
                                        .arg(acknowledged.size())));
                QCOMPARE(stored.mid(0, acknowledged.size()), acknowledged);
                for (int i = 1; i < stored.size(); ++i)
                    QCOMPARE(sequenceOf(stored.at(i)), sequenceOf(stored.at(i - 1)) + 1);
            }
            QVERIFY(accountHistoryBodies(database, QStringLiteral("alice@localhost"), Lobby)
                        .mid(0, deliveredToAlice.size())
                    == deliveredToAlice);
            QStringList members;
            for (const StoredMembership &membership : MembershipStore(&database).load())
                members << membership.account + QLatin1Char('/') + membership.nick;
            QCOMPARE(
                members,
                QStringList({ QStringLiteral("alice@localhost/alice"), QStringLiteral("bob@localhost/bob"),
                              QStringLiteral("carol@localhost/carol") }));
        }
        for (TestClient *client : { &alicePhone, &aliceLaptop, &bob })
            client->disconnectFromServer();

        // Restart on the same file: every account is back in the room, with no session.
        server = std::make_unique<ServerProcess>(ServerPath, serverArguments(path));
        const quint16 newPort = server->waitForListening();
        QVERIFY(newPort);
        TestClient dave(QStringLiteral("dave"), QStringLiteral("desktop"));
        QVERIFY(dave.connectToServer(newPort));
        QVERIFY(dave.join(Lobby, QStringLiteral("dave")));
        for (const char *nick : { "alice", "bob", "carol" }) {
            const QString occupant = Lobby + QLatin1Char('/') + QLatin1String(nick);
            QVERIFY2(dave.count(TestClient::presenceFrom(occupant)) == 1, qPrintable(occupant));
            const QDomElement presence = FIRST_OF(dave.receivedMatching(TestClient::presenceFrom(occupant)));
            QCOMPARE(presence.firstChildElement(QStringLiteral("show")).text(), QStringLiteral("xa"));
        }

        // Alice's phone comes back: a replay from the membership, history from her archive.
        TestClient phoneAgain(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(phoneAgain.connectToServer(newPort));
        const int daveMark = dave.mark();
        QVERIFY(phoneAgain.join(Lobby, QStringLiteral("alice"), QStringLiteral("<history maxstanzas='5'/>")));
        const QStringList history = groupchatBodies(phoneAgain, Lobby);
        QCOMPARE(history.size(), 5);
        QVERIFY(sequenceOf(history.last()) >= acknowledged.size() - 1);
        for (int i = 1; i < history.size(); ++i)
            QCOMPARE(sequenceOf(history.at(i)), sequenceOf(history.at(i - 1)) + 1);
        // The account did not leave and join again: others saw at most a presence update.
        QVERIFY(dave.sync());
        for (const QDomElement &presence :
             dave.receivedMatching(TestClient::presenceFrom(Lobby + QStringLiteral("/alice")))) {
            QVERIFY(presence.attribute(QStringLiteral("type")) != QLatin1String("unavailable"));
        }
        QVERIFY(dave.count(TestClient::presenceFrom(Lobby + QStringLiteral("/alice"))) <= 2);
        Q_UNUSED(daveMark)
    }
};

QTEST_GUILESS_MAIN(tst_Restart)
#include "tst_restart.moc"
