// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// §8 of the contract: an account's personal archive (XEP-0313 at its bare JID) holds
// its one-to-one messages only, never its rooms' messages, which still serve the history
// replay of §1; a stanza-id is only on what was archived (<no-store/>, chat states), so
// every id a client sees is a valid RSM position.
#include "ArchiveContents.h"
#include "Database.h"
#include "MembershipStore.h"
#include "MessageArchive.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <array>

namespace {
const QString Alice = QStringLiteral("alice@localhost");
const QString Bob = QStringLiteral("bob@localhost");
const QString Lobby = QStringLiteral("lobby@conference.localhost");

// Makes a database file of the current schema at 'path', then runs 'statements' on it
// (taking it back to an older version); the error of the first that fails, or nothing.
QString makeOlderDatabase(const QString &path, const QStringList &statements)
{
    {
        Database current;
        if (!current.open(path))
            return current.errorString();
    }
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("rewinder"));
        db.setDatabaseName(path);
        if (!db.open())
            error = db.lastError().text();
        QSqlQuery query(db);
        for (const QString &statement : statements) {
            if (!error.isEmpty())
                break;
            if (!query.exec(statement))
                error = statement + QStringLiteral(": ") + query.lastError().text();
        }
        query.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("rewinder"));
    return error;
}

struct MamAnswer
{
    QString error;
    QStringList ids;
    QStringList bodies;
    QStringList types;
    int count = -1;
};

MamAnswer mam(TestClient *client, const QString &to, const QString &rsm = QString())
{
    const int since = client->mark();
    const QString toAttribute = to.isEmpty() ? QString() : QStringLiteral(" to='%1'").arg(to);
    const QDomElement iq = client->requestXml(
        QStringLiteral("<iq type='set' id='%1'") + toAttribute
        + QStringLiteral(
            "><query xmlns='urn:xmpp:mam:2' queryid='pq'><set xmlns='http://jabber.org/protocol/rsm'>")
        + rsm + QStringLiteral("</set></query></iq>"));
    MamAnswer answer;
    answer.error = Stanza::type(iq) == QLatin1String("error") ? errorCondition(iq) : QString();
    for (const QDomElement &message : client->received().mid(since)) {
        const QDomElement result = Stanza::child(message, QStringLiteral("result"), Ns::Mam);
        if (result.attribute(QStringLiteral("queryid")) != QLatin1String("pq"))
            continue;
        const QDomElement inner = Stanza::child(result, QStringLiteral("forwarded"), Ns::Forward)
                                      .firstChildElement(QStringLiteral("message"));
        answer.ids << result.attribute(QStringLiteral("id"));
        answer.bodies << inner.firstChildElement(QStringLiteral("body")).text();
        answer.types << Stanza::type(inner);
    }
    const QDomElement set
        = Stanza::child(Stanza::child(iq, QStringLiteral("fin"), Ns::Mam), QStringLiteral("set"), Ns::Rsm);
    if (!set.firstChildElement(QStringLiteral("count")).isNull())
        answer.count = set.firstChildElement(QStringLiteral("count")).text().toInt();
    return answer;
}

TestClient::Predicate withBody(const QString &body)
{
    return [body](const QDomElement &e) {
        return e.tagName() == QLatin1String("message")
            && e.firstChildElement(QStringLiteral("body")).text() == body;
    };
}

QString stanzaIdBy(const QDomElement &message, const QString &by)
{
    for (const QDomElement &id : Stanza::children(message, QStringLiteral("stanza-id"), Ns::StanzaId)) {
        if (id.attribute(QStringLiteral("by")) == by)
            return id.attribute(QStringLiteral("id"));
    }
    return QString();
}

bool hasAnyStanzaId(const QDomElement &message)
{
    return !Stanza::child(message, QStringLiteral("stanza-id"), Ns::StanzaId).isNull();
}

QDomElement firstWithBody(TestClient *client, const QString &body)
{
    const QList<QDomElement> found = client->receivedMatching(withBody(body));
    return found.isEmpty() ? QDomElement() : found.first();
}
} // namespace

class tst_PersonalArchive : public QObject
{
    Q_OBJECT

private slots:
    // The account's MAM at its bare JID: its one-to-one messages both ways, no groupchat,
    // with the ids its sessions saw, each usable as RSM <after/>.
    void oneToOneOnly_data()
    {
        QTest::addColumn<bool>("classic");
        QTest::newRow("account-level") << false;
        QTest::newRow("classic") << true;
    }
    void oneToOneOnly()
    {
        QFETCH(bool, classic);
        TestServer server(classic ? JoinMode::Classic : JoinMode::AccountLevel);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(alice->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        bob->say(Lobby, QStringLiteral("in the room"));
        QVERIFY(alice->waitFor(TestClient::groupchat(Lobby, QStringLiteral("in the room"))));

        bob->sendXml(QStringLiteral("<message type='chat' to='alice@localhost'><body>one</body></message>"));
        QVERIFY(alice->waitFor(withBody(QStringLiteral("one"))));
        alice->sendXml(QStringLiteral("<message to='bob@localhost'><body>two</body></message>"));
        QVERIFY(bob->waitFor(withBody(QStringLiteral("two"))));
        // Neither stored nor stamped: a chat state alone, and a <no-store/> message.
        alice->sendXml(
            QStringLiteral("<message type='chat' to='bob@localhost'><active "
                           "xmlns='http://jabber.org/protocol/chatstates'/><thread>t</thread></message>"));
        alice->sendXml(QStringLiteral("<message type='chat' to='bob@localhost'><body>three</body>"
                                      "<no-store xmlns='urn:xmpp:hints'/></message>"));
        QVERIFY(bob->waitFor(withBody(QStringLiteral("three"))));
        QVERIFY(!hasAnyStanzaId(firstWithBody(bob, QStringLiteral("three"))));
        for (const QDomElement &e : bob->received()) {
            if (!Stanza::child(e, QStringLiteral("active"),
                               QStringLiteral("http://jabber.org/protocol/chatstates"))
                     .isNull())
                QVERIFY(!hasAnyStanzaId(e));
        }

        const QString oneId = stanzaIdBy(firstWithBody(alice, QStringLiteral("one")), Alice);
        QVERIFY(!oneId.isEmpty());
        const MamAnswer mine = mam(alice, QString());
        QCOMPARE(mine.error, QString());
        QCOMPARE(mine.bodies, QStringList({ QStringLiteral("one"), QStringLiteral("two") }));
        QCOMPARE(mine.count, 2);
        QVERIFY(!mine.types.contains(QStringLiteral("groupchat")));
        QCOMPARE(mine.ids.first(), oneId);
        const MamAnswer after = mam(alice, Alice, QStringLiteral("<after>%1</after>").arg(oneId));
        QCOMPARE(after.error, QString());
        QCOMPARE(after.bodies, QStringList({ QStringLiteral("two") }));

        // bob's archive has its own ids, the one on what it received among them.
        const QString twoId = stanzaIdBy(firstWithBody(bob, QStringLiteral("two")), Bob);
        const MamAnswer bobs = mam(bob, QString());
        QCOMPARE(bobs.bodies, QStringList({ QStringLiteral("one"), QStringLiteral("two") }));
        QCOMPARE(bobs.ids.last(), twoId);
        QCOMPARE(mam(bob, Bob, QStringLiteral("<after>%1</after>").arg(twoId)).error, QString());
        // An id of the other's archive is not a position in this one.
        QCOMPARE(mam(bob, Bob, QStringLiteral("<after>%1</after>").arg(oneId)).error,
                 QStringLiteral("item-not-found"));

        // The room keeps its own archive, queried at the room.
        const MamAnswer room = mam(alice, Lobby);
        QCOMPARE(room.bodies, QStringList({ QStringLiteral("in the room") }));
    }

    // §1: the account's history of the room still serves a later session's join.
    void roomHistoryReplay()
    {
        TestServer server;
        TestClient *bob = server.connect(QStringLiteral("bob"));
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        for (int i = 0; i < 3; ++i)
            bob->say(Lobby, QStringLiteral("h%1").arg(i));
        QVERIFY(phone->waitFor(TestClient::groupchat(Lobby, QStringLiteral("h2"))));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice"), QStringLiteral("<history maxstanzas='10'/>")));
        QVERIFY(laptop->waitFor(TestClient::groupchat(Lobby, QStringLiteral("h2"))));
        const QDomElement replayed
            = laptop->receivedMatching(TestClient::groupchat(Lobby, QStringLiteral("h0"))).first();
        QVERIFY(!Stanza::child(replayed, QStringLiteral("delay"), Ns::Delay).isNull());
        QCOMPARE(mam(laptop, QString()).count, 0);
    }

    // A <no-store/> groupchat message and a chat state in a room: no stanza-id, in no archive.
    void noStoreInRoom_data()
    {
        QTest::addColumn<bool>("classic");
        QTest::newRow("account-level") << false;
        QTest::newRow("classic") << true;
    }
    void noStoreInRoom()
    {
        QFETCH(bool, classic);
        TestServer server(classic ? JoinMode::Classic : JoinMode::AccountLevel);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(alice->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        bob->sendXml(
            QStringLiteral("<message type='groupchat' to='%1'><composing "
                           "xmlns='http://jabber.org/protocol/chatstates'/><no-store xmlns='urn:xmpp:hints'/>"
                           "</message>")
                .arg(Lobby));
        bob->sendXml(QStringLiteral("<message type='groupchat' to='%1'><body>forget me</body>"
                                    "<no-store xmlns='urn:xmpp:hints'/></message>")
                         .arg(Lobby));
        bob->say(Lobby, QStringLiteral("keep me"));
        QVERIFY(alice->waitFor(TestClient::groupchat(Lobby, QStringLiteral("keep me"))));
        int checked = 0;
        for (const QDomElement &e : alice->received()) {
            if (Stanza::type(e) != QLatin1String("groupchat")
                || Stanza::from(e) != Lobby + QStringLiteral("/bob"))
                continue;
            const bool kept = e.firstChildElement(QStringLiteral("body")).text() == QLatin1String("keep me");
            QCOMPARE(hasAnyStanzaId(e), kept);
            ++checked;
        }
        QCOMPARE(checked, 3);
        QCOMPARE(mam(alice, Lobby).bodies, QStringList({ QStringLiteral("keep me") }));
        QCOMPARE(mam(alice, QString()).count, 0);
        // A later session's replay has only what was kept.
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(laptop->join(Lobby, classic ? QStringLiteral("alice2") : QStringLiteral("alice"),
                             QStringLiteral("<history maxstanzas='10'/>")));
        QVERIFY(laptop->waitFor(TestClient::groupchat(Lobby, QStringLiteral("keep me"))));
        QVERIFY(laptop->sync());
        QCOMPARE(laptop->count(TestClient::groupchat(Lobby, QStringLiteral("forget me"))), 0);
    }

    // A version-6 file: its archive rows were all room history; after the upgrade they
    // still serve replays and none is in the personal archive.
    void upgradedVersion6()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("v6.db"));
        // Back to version 6: without what versions 7 to 11 added, history as v6 kept it.
        QStringList statements;
        for (const char *sql :
             { "DROP INDEX room_archive_by_id", "DROP INDEX room_archive_by_stamp",
               "DROP INDEX personal_archive_by_id", "DROP INDEX personal_archive_by_stamp",
               "CREATE INDEX archive_by_owner ON archive (owner, id)",
               "CREATE INDEX archive_by_stamp ON archive (owner, stamp)",
               "CREATE INDEX messages_by_stanza_id ON messages (stanza_id)",
               "ALTER TABLE archive DROP COLUMN kind", "DROP TABLE blocklist", "DROP TABLE vcards",
               "DROP TABLE offline_messages", "DROP TABLE history_withheld",
               "INSERT INTO messages (id, room, stanza_id, stanza) VALUES (1, "
               "'lobby@conference.localhost', 'old-1', '<message xmlns=\"jabber:client\" "
               "type=\"groupchat\" "
               "from=\"lobby@conference.localhost/bob\"><body>old</body><stanza-id "
               "xmlns=\"urn:xmpp:sid:0\" "
               "by=\"lobby@conference.localhost\" id=\"old-1\"/></message>')",
               "INSERT INTO archive (id, owner, peer, message, stamp) VALUES (1, 'alice@localhost', "
               "'lobby@conference.localhost', 1, 1767268800000)",
               "INSERT INTO archive (id, owner, peer, message, stamp) VALUES (2, "
               "'lobby@conference.localhost', 'lobby@conference.localhost', 1, 1767268800000)",
               "PRAGMA user_version = 6" })
            statements << QLatin1String(sql);
        const QString error = makeOlderDatabase(path, statements);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        Database database;
        QVERIFY2(database.open(path), qPrintable(database.errorString()));
        MessageArchive archive(&database);
        QCOMPARE(archive.accountHistory(Alice, Lobby, 10).size(), 1);
        ArchiveQuery personal;
        personal.kind = ArchiveKind::Personal;
        personal.owner = Alice;
        QCOMPARE(archive.query(personal).count, 0);
        ArchiveQuery room;
        room.owner = Lobby;
        QCOMPARE(archive.query(room).count, 1);
        // At the room's own JID too, with its old id as a position.
        room.afterId = QStringLiteral("old-1");
        QVERIFY(!archive.query(room).unknownId);
        personal.afterId = QStringLiteral("old-1");
        QVERIFY(archive.query(personal).unknownId);
    }

    // A version-10 file kept a copy of each room message per account. After the upgrade the
    // account's history is the room's archive from the membership's first copy on, less
    // what the account has no copy of, and the copies are gone.
    void upgradedVersion10()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("v10.db"));
        QStringList sql { QStringLiteral("DROP TABLE history_withheld") };
        // m1 came before alice joined; m2 was history at her join (her copy 3), m3 was
        // from an occupant she blocked (no copy), m4 live (her copy 6).
        for (int m = 1; m <= 4; ++m)
            sql << QStringLiteral("INSERT INTO messages (id, room, stanza_id, stanza) VALUES (%1, '%2',"
                                  " 'id-%1', '<message xmlns=\"jabber:client\" type=\"groupchat\""
                                  " from=\"%2/bob\"><body>m%1</body></message>')")
                       .arg(m)
                       .arg(Lobby);
        const QList<std::array<int, 3>> rows { { 1, 0, 1 }, { 2, 0, 2 }, { 3, 2, 2 },
                                               { 4, 0, 3 }, { 5, 0, 4 }, { 6, 2, 4 } };
        for (const auto &row : rows) // id, kind, message
            sql << QStringLiteral("INSERT INTO archive (id, owner, peer, message, stamp, kind)"
                                  " VALUES (%1, '%2', '%3', %4, 1767268800000, %5)")
                       .arg(row[0])
                       .arg(row[1] == 2 ? Alice : Lobby, Lobby)
                       .arg(row[2])
                       .arg(row[1]);
        sql << QStringLiteral("INSERT INTO memberships (account, room, nick, first_archived)"
                              " VALUES ('%1', '%2', 'alice', 3)")
                   .arg(Alice, Lobby)
            << QStringLiteral("PRAGMA user_version = 10");
        const QString error = makeOlderDatabase(path, sql);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        Database database;
        QVERIFY2(database.open(path), qPrintable(database.errorString()));
        const QVector<StoredMembership> memberships = MembershipStore(&database).load();
        QCOMPARE(memberships.size(), 1);
        QCOMPARE(memberships.first().firstArchived, 2); // the room's entry of m2
        QCOMPARE(accountHistoryBodies(database, Alice, Lobby),
                 QStringList({ QStringLiteral("m2"), QStringLiteral("m4") }));
        QSqlQuery copies = database.prepared(QStringLiteral("SELECT count(*) FROM archive WHERE kind = 2"));
        QVERIFY(copies.exec() && copies.next());
        QCOMPARE(copies.value(0).toInt(), 0);
        copies.finish();
        // The room's own archive is unchanged.
        MessageArchive archive(&database);
        QCOMPARE(archive.roomHistory(Lobby, 10).size(), 4);
    }

    // XEP-0313 §6.1 preferences: stored per account, JIDs normalised (JIDprep) and shown so.
    void preferences_data()
    {
        QTest::addColumn<QString>("prefs"); // what the set carries inside <prefs/>
        QTest::addColumn<QString>("error"); // empty: a result echoing 'expected'
        QTest::addColumn<QString>("expected"); // default|always jids|never jids
        QTest::newRow("normalised")
            << QStringLiteral("default='roster'><always><jid>JULIET@Montague.LIT</jid></always>"
                              "<never><jid>MONTAGUE@MONTAGUE.LIT/Balcony</jid></never>")
            << QString() << QStringLiteral("roster|juliet@montague.lit|montague@montague.lit/Balcony");
        QTest::newRow("duplicates kept once")
            << QStringLiteral("default='never'><always><jid>a@b</jid><jid>A@B</jid></always><never/>")
            << QString() << QStringLiteral("never|a@b|");
        QTest::newRow("empty lists") << QStringLiteral("default='always'><always/><never/>") << QString()
                                     << QStringLiteral("always||");
        QTest::newRow("unknown default") << QStringLiteral("default='sometimes'><always/><never/>")
                                         << QStringLiteral("bad-request") << QString();
        QTest::newRow("bad jid") << QStringLiteral("default='always'><always><jid>@@</jid></always><never/>")
                                 << QStringLiteral("jid-malformed") << QString();
    }
    void preferences()
    {
        QFETCH(QString, prefs);
        QFETCH(QString, error);
        QFETCH(QString, expected);
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const auto shown = [](const QDomElement &iq) {
            const QDomElement answer = Stanza::child(iq, QStringLiteral("prefs"), Ns::Mam);
            QStringList parts { answer.attribute(QStringLiteral("default")) };
            for (const QString &list : { QStringLiteral("always"), QStringLiteral("never") }) {
                QStringList jids;
                for (const QDomElement &jid :
                     Stanza::children(Stanza::child(answer, list, Ns::Mam), QStringLiteral("jid"), Ns::Mam))
                    jids << jid.text();
                parts << jids.join(QLatin1Char(','));
            }
            return parts.join(QLatin1Char('|'));
        };
        const QDomElement before = alice->requestXml(
            QStringLiteral("<iq type='get' id='%1'><prefs xmlns='urn:xmpp:mam:2'/></iq>"));
        QCOMPARE(Stanza::type(before), QStringLiteral("result"));
        QCOMPARE(shown(before), QStringLiteral("always||")); // nothing set: everything archived
        const QDomElement set
            = alice->requestXml(QStringLiteral("<iq type='set' id='%1'><prefs xmlns='urn:xmpp:mam:2' ")
                                + prefs + QStringLiteral("</prefs></iq>"));
        if (!error.isEmpty()) {
            QCOMPARE(errorCondition(set), error);
            return;
        }
        QCOMPARE(Stanza::type(set), QStringLiteral("result"));
        QCOMPARE(shown(set), expected);
        const QDomElement after = alice->requestXml(
            QStringLiteral("<iq type='get' id='%1'><prefs xmlns='urn:xmpp:mam:2'/></iq>"));
        QCOMPARE(shown(after), expected);
    }

    // The preferences decide what each end's archive keeps: never wins, then always, then
    // the default (roster: contacts only).
    void preferencesApplied_data()
    {
        QTest::addColumn<QString>("alicePrefs");
        QTest::addColumn<bool>("aliceKeeps");
        QTest::addColumn<bool>("bobKeeps");
        QTest::newRow("default never")
            << QStringLiteral("default='never'><always/><never/>") << false << true;
        QTest::newRow("never bob") << QStringLiteral(
            "default='always'><always/><never><jid>BOB@localhost</jid></never>")
                                   << false << true;
        QTest::newRow("never by default, always bob")
            << QStringLiteral("default='never'><always><jid>bob@localhost</jid></always><never/>") << true
            << true;
        QTest::newRow("roster, bob not in it")
            << QStringLiteral("default='roster'><always/><never/>") << false << true;
    }
    void preferencesApplied()
    {
        QFETCH(QString, alicePrefs);
        QFETCH(bool, aliceKeeps);
        QFETCH(bool, bobKeeps);
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QCOMPARE(Stanza::type(
                     alice->requestXml(QStringLiteral("<iq type='set' id='%1'><prefs xmlns='urn:xmpp:mam:2' ")
                                       + alicePrefs + QStringLiteral("</prefs></iq>"))),
                 QStringLiteral("result"));
        alice->sendXml(QStringLiteral("<message type='chat' to='bob@localhost'><body>pref</body></message>"));
        QVERIFY(bob->waitFor(withBody(QStringLiteral("pref"))));
        QCOMPARE(mam(alice, QString()).bodies.contains(QStringLiteral("pref")), aliceKeeps);
        QCOMPARE(mam(bob, QString()).bodies.contains(QStringLiteral("pref")), bobKeeps);
    }

    // XEP-0313 extended: <metadata/> names the first and last entry; <flip-page/> turns a
    // page's results newest first. A message that reached nobody is still in the
    // sender's archive (its outgoing messages).
    void metadataAndFlipPage()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const QString metadataXml
            = QStringLiteral("<iq type='get' id='%1'><metadata xmlns='urn:xmpp:mam:2'/></iq>");
        QDomElement metadata
            = Stanza::child(alice->requestXml(metadataXml), QStringLiteral("metadata"), Ns::Mam);
        QVERIFY(!metadata.isNull());
        QVERIFY(metadata.firstChildElement().isNull()); // an empty archive

        for (const QString &body : { QStringLiteral("first"), QStringLiteral("second") }) {
            const int since = alice->mark();
            alice->sendXml(
                QStringLiteral("<message type='chat' id='m-%1' to='nobody@localhost'><body>%1</body>"
                               "</message>")
                    .arg(body));
            const QString id = QStringLiteral("m-") + body;
            QVERIFY(alice->waitFor(TestClient::errorWithId(id), 5000, since));
            QCOMPARE(errorCondition(LAST_OF(alice->receivedMatching(TestClient::errorWithId(id)))),
                     QStringLiteral("service-unavailable"));
        }
        const MamAnswer all = mam(alice, QString());
        QCOMPARE(all.bodies, (QStringList { QStringLiteral("first"), QStringLiteral("second") }));

        metadata = Stanza::child(alice->requestXml(metadataXml), QStringLiteral("metadata"), Ns::Mam);
        const QDomElement start = Stanza::child(metadata, QStringLiteral("start"), Ns::Mam);
        const QDomElement end = Stanza::child(metadata, QStringLiteral("end"), Ns::Mam);
        QCOMPARE(start.attribute(QStringLiteral("id")), all.ids.first());
        QCOMPARE(end.attribute(QStringLiteral("id")), all.ids.last());
        QVERIFY(
            QDateTime::fromString(start.attribute(QStringLiteral("timestamp")), Qt::ISODateWithMs).isValid());
        QVERIFY(
            QDateTime::fromString(end.attribute(QStringLiteral("timestamp")), Qt::ISODateWithMs).isValid());

        const int since = alice->mark();
        const QDomElement fin = alice->requestXml(
            QStringLiteral("<iq type='set' id='%1'><query xmlns='urn:xmpp:mam:2' queryid='flip'>"
                           "<flip-page/></query></iq>"));
        QCOMPARE(Stanza::type(fin), QStringLiteral("result"));
        QStringList flipped;
        for (const QDomElement &message : alice->received().mid(since)) {
            const QDomElement result = Stanza::child(message, QStringLiteral("result"), Ns::Mam);
            if (result.attribute(QStringLiteral("queryid")) == QLatin1String("flip"))
                flipped << result.attribute(QStringLiteral("id"));
        }
        QCOMPARE(flipped, (QStringList { all.ids.last(), all.ids.first() }));
    }
};

QTEST_GUILESS_MAIN(tst_PersonalArchive)
#include "tst_personalarchive.moc"
