// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// §8 of docs/semantics.md and XEP-0313: each groupchat message a room sends an
// account is kept once in its history of the room, however many sessions got it (and
// when none did), but never shows in its personal archive; the account's sessions page
// through their one-to-one messages (with, start, end, RSM) and through the room's own
// archive.
#include "Database.h"
#include "MessageArchive.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString Alice = QStringLiteral("alice@localhost");
const QString Bob = QStringLiteral("bob@localhost");
const QString Carol = QStringLiteral("carol@localhost");
const QString Lobby = QStringLiteral("lobby@conference.localhost");
const QString Garden = QStringLiteral("garden@conference.localhost");
const QDateTime Base = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);

struct MamAnswer
{
    QDomElement iq;
    QStringList ids;
    QStringList bodies;
    QList<QDomElement> results; // the <message/> carrying each result
    QStringList stamps; // the <delay/> stamp of each result
    bool complete = false;
    int count = -1;
    int firstIndex = -1;
    QString first; // RSM <first/> and <last/>, empty when absent
    QString last;
    QString error; // the error condition, if the query failed
};

QString field(const QString &var, const QString &value)
{
    return QStringLiteral("<field var='%1'><value>%2</value></field>").arg(var, value);
}

// One MAM query: 'fields' are filter fields, 'rsm' the inside of <set/>.
MamAnswer mam(TestClient *client, const QString &to, const QString &fields, const QString &rsm)
{
    const int since = client->mark();
    const QString toAttribute = to.isEmpty() ? QString() : QStringLiteral(" to='") + to + QLatin1Char('\'');
    MamAnswer answer;
    answer.iq = client->requestXml(
        QStringLiteral("<iq type='set' id='%1'") + toAttribute
        + QStringLiteral("><query xmlns='urn:xmpp:mam:2' queryid='q7'><x xmlns='jabber:x:data' type='submit'>"
                         "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>")
        + fields + QStringLiteral("</x><set xmlns='http://jabber.org/protocol/rsm'>") + rsm
        + QStringLiteral("</set></query></iq>"));
    if (answer.iq.isNull())
        return answer;
    answer.error = errorCondition(answer.iq);
    const QList<QDomElement> received = client->received().mid(since);
    for (const QDomElement &message : received) {
        const QDomElement result = Stanza::child(message, QStringLiteral("result"), Ns::Mam);
        if (message.tagName() != QLatin1String("message")
            || result.attribute(QStringLiteral("queryid")) != QStringLiteral("q7"))
            continue;
        answer.results << message;
        answer.ids << result.attribute(QStringLiteral("id"));
        const QDomElement forwarded = Stanza::child(result, QStringLiteral("forwarded"), Ns::Forward);
        answer.bodies << forwarded.firstChildElement(QStringLiteral("message"))
                             .firstChildElement(QStringLiteral("body"))
                             .text();
        answer.stamps << Stanza::child(forwarded, QStringLiteral("delay"), Ns::Delay)
                             .attribute(QStringLiteral("stamp"));
    }
    const QDomElement fin = Stanza::child(answer.iq, QStringLiteral("fin"), Ns::Mam);
    answer.complete = fin.attribute(QStringLiteral("complete")) == QLatin1String("true");
    const QDomElement set = Stanza::child(fin, QStringLiteral("set"), Ns::Rsm);
    if (!set.firstChildElement(QStringLiteral("count")).isNull())
        answer.count = set.firstChildElement(QStringLiteral("count")).text().toInt();
    const QDomElement first = set.firstChildElement(QStringLiteral("first"));
    if (!first.isNull())
        answer.firstIndex = first.attribute(QStringLiteral("index")).toInt();
    answer.first = first.text();
    answer.last = set.firstChildElement(QStringLiteral("last")).text();
    return answer;
}

QString stampText(int seconds)
{
    return Base.addSecs(seconds).toString(Qt::ISODate);
}

// An archive file with 'count' one-to-one messages in alice's personal archive: "m<i>"
// with stanza-id "id-<i>", one second apart; every third with carol, the others with bob.
void fillArchive(const QString &path, int count)
{
    Database database;
    QVERIFY2(database.open(path), qPrintable(database.errorString()));
    MessageArchive archive(&database);
    database.beginWrite();
    for (int i = 0; i < count; ++i) {
        const QString peer = i % 3 == 2 ? Carol : Bob;
        const QString xml
            = QStringLiteral("<message xmlns='jabber:client' type='chat' from='%1/desk' to='%2'>"
                             "<body>m%3</body><stanza-id xmlns='urn:xmpp:sid:0' by='%2' id='id-%3'/>"
                             "</message>")
                  .arg(peer, Alice)
                  .arg(i);
        QVERIFY(archive.storePersonal(Alice, peer, XmlText::toElement(xml), Base.addSecs(i)) > 0);
    }
    QVERIFY(database.commit());
}

QStringList range(int from, int to) // "m<from>" … "m<to - 1>"
{
    QStringList bodies;
    for (int i = from; i < to; ++i)
        bodies << QStringLiteral("m%1").arg(i);
    return bodies;
}
} // namespace

class tst_ArchiveService : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("big.db"));
        fillArchive(m_path, 10000);
    }

    // §8: one copy per account in its history of the room, whatever the number of joined
    // sessions, and also with none; none in its personal archive.
    void storedOncePerAccount_data()
    {
        QTest::addColumn<bool>("classic");
        QTest::addColumn<int>("joinedSessions");
        QTest::addColumn<QString>("away"); // how the other sessions stop listening: leave, drop, logout
        QTest::addColumn<int>("expected");
        const QString leave = QStringLiteral("leave");
        const QString drop = QStringLiteral("drop");
        const QString logout = QStringLiteral("logout");
        QTest::newRow("account-level, 3 sessions joined") << false << 3 << leave << 5;
        QTest::newRow("account-level, 1 session joined, 2 left") << false << 1 << leave << 5;
        QTest::newRow("account-level, 1 session joined, 2 dropped") << false << 1 << drop << 5;
        QTest::newRow("account-level, all 3 dropped") << false << 0 << drop << 5;
        QTest::newRow("account-level, all 3 logged out") << false << 0 << logout << 5;
        QTest::newRow("classic: sessions are occupants, the account keeps nothing")
            << true << 3 << leave << 0;
    }
    void storedOncePerAccount()
    {
        QFETCH(bool, classic);
        QFETCH(int, joinedSessions);
        QFETCH(QString, away);
        QFETCH(int, expected);
        ServerOptions options;
        options.databasePath = m_dir.filePath(QStringLiteral("once-%1.db").arg(m_nextFile++));
        TestServer server(classic ? JoinMode::Classic : JoinMode::AccountLevel, options);
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QList<TestClient *> alice;
        QStringList nicks; // classic sessions are occupants of their own, each with its nick
        for (const char *resource : { "phone", "laptop", "web" }) {
            alice << server.connect(QStringLiteral("alice"), QLatin1String(resource));
            nicks << (classic ? QStringLiteral("alice-") + QLatin1String(resource) : QStringLiteral("alice"));
            QVERIFY(alice.last()->join(Lobby, nicks.last()));
        }
        for (int i = joinedSessions; i < alice.size(); ++i) {
            if (away == QLatin1String("leave"))
                QVERIFY(alice.at(i)->leave(Lobby, nicks.at(i)));
            else if (away == QLatin1String("drop"))
                server.server()->dropSession(alice.at(i)->jid());
            else
                alice.at(i)->disconnectFromServer();
        }
        // bob and the alice sessions still connected; the server has seen the others go.
        const int online = 1 + (away == QLatin1String("leave") ? alice.size() : joinedSessions);
        QTRY_COMPARE(server.server()->sessions().size(), online);
        const int since = bob->mark();
        for (int i = 0; i < 5; ++i)
            bob->say(Lobby, QStringLiteral("hello %1").arg(i));
        QVERIFY(bob->waitFor(TestClient::groupchat(Lobby, QStringLiteral("hello 4")), 5000, since));
        QStringList stanzaIds;
        for (const QDomElement &echo : bob->received().mid(since)) {
            const QDomElement id = Stanza::child(echo, QStringLiteral("stanza-id"), Ns::StanzaId);
            if (echo.tagName() == QLatin1String("message") && !id.isNull())
                stanzaIds << id.attribute(QStringLiteral("id"));
        }
        QCOMPARE(stanzaIds.size(), 5);

        // The account's history of the room, as replays read it (the server has committed it):
        // the room's archive from the membership's first message on, less what it was not sent.
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("reader"));
            db.setDatabaseName(options.databasePath);
            QVERIFY(db.open());
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral(
                "SELECT m.stanza_id FROM memberships ms JOIN archive a ON a.owner = ms.room"
                " AND a.kind = 0 AND a.id >= ms.first_archived JOIN messages m ON m.id = a.message"
                " WHERE ms.account = 'alice@localhost' AND ms.room = 'lobby@conference.localhost'"
                " AND NOT EXISTS (SELECT 1 FROM history_withheld w WHERE w.room = ms.room"
                " AND w.account = ms.account AND w.message = a.message) ORDER BY a.id")));
            QStringList history;
            while (query.next())
                history << query.value(0).toString();
            query.finish();
            db.close();
            QCOMPARE(history, expected ? stanzaIds : QStringList());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("reader"));

        // §8: the personal archive is a XEP-0313 user archive: no room message in it.
        TestClient *reader = server.connect(QStringLiteral("alice"), QStringLiteral("reader"));
        const MamAnswer answer = mam(reader, QString(), QString(), QString());
        QCOMPARE(answer.error, QString());
        QCOMPARE(answer.count, 0);
        QVERIFY(answer.results.isEmpty());
        QVERIFY(answer.complete);
        // The history still serves a join of the account's (§1): the replay has each once.
        if (!classic) {
            const int replayed = reader->mark();
            QVERIFY(
                reader->join(Lobby, QStringLiteral("alice"), QStringLiteral("<history maxstanzas='20'/>")));
            QVERIFY(reader->waitFor(TestClient::groupchat(Lobby, QStringLiteral("hello 4")), 5000, replayed));
            QVERIFY(reader->sync());
            QStringList replayIds;
            for (const QDomElement &message : reader->received().mid(replayed)) {
                const QDomElement id = Stanza::child(message, QStringLiteral("stanza-id"), Ns::StanzaId);
                if (Stanza::type(message) == QLatin1String("groupchat") && !id.isNull())
                    replayIds << id.attribute(QStringLiteral("id"));
            }
            QCOMPARE(replayIds, stanzaIds);
        }
        // The room's own archive has each message once, in both modes.
        const MamAnswer room = mam(reader, Lobby, QString(), QString());
        QCOMPARE(room.ids, stanzaIds);
        for (const QDomElement &result : room.results)
            QCOMPARE(result.attribute(QStringLiteral("from")), Lobby);
    }

    // Walking the whole 10,000-message archive page by page, forward and backward.
    void walkAllPages_data()
    {
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<bool>("backward");
        QTest::newRow("forward, 250 a page") << 250 << false;
        QTest::newRow("forward, 999 a page") << 999 << false;
        QTest::newRow("backward from the last page, 1000 a page") << 1000 << true;
        QTest::newRow("backward, 333 a page") << 333 << true;
    }
    void walkAllPages()
    {
        QFETCH(int, pageSize);
        QFETCH(bool, backward);
        ServerOptions options;
        options.databasePath = m_path;
        options.service.maxArchivePageSize = 1000; // these rows page across a cap of 1000
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QStringList all;
        QString cursor;
        int pages = 0;
        while (true) {
            const QString max = QStringLiteral("<max>%1</max>").arg(pageSize);
            const QString rsm = backward
                ? max + QStringLiteral("<before>%1</before>").arg(cursor)
                : max + (cursor.isEmpty() ? QString() : QStringLiteral("<after>%1</after>").arg(cursor));
            const MamAnswer page = mam(alice, QString(), QString(), rsm);
            QCOMPARE(page.error, QString());
            QCOMPARE(page.count, 10000);
            ++pages;
            QVERIFY(page.bodies.size() <= pageSize);
            QCOMPARE(page.first, page.ids.value(0));
            QCOMPARE(page.last, page.ids.value(page.ids.size() - 1));
            if (!page.bodies.isEmpty()) {
                const int first = page.bodies.first().mid(1).toInt();
                QCOMPARE(page.firstIndex, first);
                QCOMPARE(page.bodies, range(first, first + page.bodies.size()));
            }
            all = backward ? page.bodies + all : all + page.bodies;
            if (page.complete)
                break;
            QCOMPARE(page.bodies.size(), pageSize);
            cursor = backward ? FIRST_OF(page.ids) : LAST_OF(page.ids);
        }
        QCOMPARE(all, range(0, 10000));
        QCOMPARE(pages, (10000 + pageSize - 1) / pageSize);
    }

    void boundaries_data()
    {
        QTest::addColumn<QString>("rsm");
        QTest::addColumn<QString>("error");
        QTest::addColumn<QStringList>("bodies");
        QTest::addColumn<bool>("complete");
        QTest::addColumn<int>("firstIndex");
        QTest::newRow("no RSM: the default page of 100")
            << QString() << QString() << range(0, 100) << false << 0;
        QTest::newRow("max 0: only the count")
            << QStringLiteral("<max>0</max>") << QString() << QStringList() << false << -1;
        QTest::newRow("max above the cap: 1000")
            << QStringLiteral("<max>5000</max>") << QString() << range(0, 1000) << false << 0;
        QTest::newRow("after the next-to-last")
            << QStringLiteral("<max>10</max><after>id-9998</after>") << QString()
            << QStringList { QStringLiteral("m9999") } << true << 9999;
        QTest::newRow("after the last: empty and complete")
            << QStringLiteral("<max>10</max><after>id-9999</after>") << QString() << QStringList() << true
            << -1;
        QTest::newRow("before the first: empty and complete")
            << QStringLiteral("<max>10</max><before>id-0</before>") << QString() << QStringList() << true
            << -1;
        QTest::newRow("before the third")
            << QStringLiteral("<max>10</max><before>id-2</before>") << QString() << range(0, 2) << true << 0;
        QTest::newRow("the last page")
            << QStringLiteral("<max>3</max><before/>") << QString() << range(9997, 10000) << false << 9997;
        QTest::newRow("the last page, default size")
            << QStringLiteral("<before/>") << QString() << range(9900, 10000) << false << 9900;
        QTest::newRow("before the last, a full page")
            << QStringLiteral("<max>1000</max><before>id-9999</before>") << QString() << range(8999, 9999)
            << false << 8999;
        QTest::newRow("before the 500th, fewer than max")
            << QStringLiteral("<max>1000</max><before>id-500</before>") << QString() << range(0, 500) << true
            << 0;
        QTest::newRow("unknown id") << QStringLiteral("<max>10</max><after>no-such-id</after>")
                                    << QStringLiteral("item-not-found") << QStringList() << false << -1;
        QTest::newRow("max not a number") << QStringLiteral("<max>many</max>")
                                          << QStringLiteral("bad-request") << QStringList() << false << -1;
        QTest::newRow("max negative") << QStringLiteral("<max>-1</max>") << QStringLiteral("bad-request")
                                      << QStringList() << false << -1;
    }
    void boundaries()
    {
        QFETCH(QString, rsm);
        QFETCH(QString, error);
        QFETCH(QStringList, bodies);
        QFETCH(bool, complete);
        QFETCH(int, firstIndex);
        ServerOptions options;
        options.databasePath = m_path;
        options.service.maxArchivePageSize = 1000; // these rows page across a cap of 1000
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const MamAnswer page = mam(alice, Alice, QString(), rsm);
        QCOMPARE(page.error, error);
        QCOMPARE(page.bodies, bodies);
        if (error.isEmpty()) {
            QCOMPARE(page.complete, complete);
            QCOMPARE(page.count, 10000);
            QCOMPARE(page.firstIndex, firstIndex);
            // An empty page has neither <first/> nor <last/>.
            QCOMPARE(page.first, page.ids.value(0));
            QCOMPARE(page.last, page.ids.value(page.ids.size() - 1));
        }
    }

    void filters_data()
    {
        QTest::addColumn<QString>("fields");
        QTest::addColumn<QString>("error");
        QTest::addColumn<int>("count");
        QTest::addColumn<QStringList>("firstBodies"); // the first three of the page
        QTest::newRow("with carol") << field(QStringLiteral("with"), Carol) << QString() << 3333
                                    << QStringList { QStringLiteral("m2"), QStringLiteral("m5"),
                                                     QStringLiteral("m8") };
        QTest::newRow("with bob") << field(QStringLiteral("with"), Bob) << QString() << 6667
                                  << QStringList { QStringLiteral("m0"), QStringLiteral("m1"),
                                                   QStringLiteral("m3") };
        QTest::newRow("start is inclusive")
            << field(QStringLiteral("start"), stampText(9990)) << QString() << 10
            << QStringList { QStringLiteral("m9990"), QStringLiteral("m9991"), QStringLiteral("m9992") };
        QTest::newRow("end is inclusive")
            << field(QStringLiteral("end"), stampText(2)) << QString() << 3
            << QStringList { QStringLiteral("m0"), QStringLiteral("m1"), QStringLiteral("m2") };
        QTest::newRow("start and end and with")
            << field(QStringLiteral("start"), stampText(100)) + field(QStringLiteral("end"), stampText(109))
                + field(QStringLiteral("with"), Carol)
            << QString() << 3
            << QStringList { QStringLiteral("m101"), QStringLiteral("m104"), QStringLiteral("m107") };
        QTest::newRow("nothing in range")
            << field(QStringLiteral("start"), stampText(20000)) << QString() << 0 << QStringList();
        QTest::newRow("with a contact's full JID: compared bare")
            << field(QStringLiteral("with"), Carol + QStringLiteral("/phone")) << QString() << 3333
            << QStringList { QStringLiteral("m2"), QStringLiteral("m5"), QStringLiteral("m8") };
        QTest::newRow("start with a zone offset")
            << field(QStringLiteral("start"),
                     Base.addSecs(9990).toOffsetFromUtc(2 * 3600).toString(Qt::ISODate))
            << QString() << 10
            << QStringList { QStringLiteral("m9990"), QStringLiteral("m9991"), QStringLiteral("m9992") };
        QTest::newRow("end with milliseconds")
            << field(QStringLiteral("end"), Base.addMSecs(1999).toString(Qt::ISODateWithMs)) << QString() << 2
            << QStringList { QStringLiteral("m0"), QStringLiteral("m1") };
        QTest::newRow("a date that is not one") << field(QStringLiteral("start"), QStringLiteral("yesterday"))
                                                << QStringLiteral("bad-request") << -1 << QStringList();
        QTest::newRow("a time without a zone")
            << field(QStringLiteral("end"), QStringLiteral("2026-01-01T12:00:00"))
            << QStringLiteral("bad-request") << -1 << QStringList();
        QTest::newRow("a date without a time") << field(QStringLiteral("start"), QStringLiteral("2026-01-01"))
                                               << QStringLiteral("bad-request") << -1 << QStringList();
        QTest::newRow("a month 13") << field(QStringLiteral("start"), QStringLiteral("2026-13-01T12:00:00Z"))
                                    << QStringLiteral("bad-request") << -1 << QStringList();
        QTest::newRow("another FORM_TYPE")
            << QStringLiteral("<field var='FORM_TYPE'><value>urn:xmpp:mam:1</value></field>")
            << QStringLiteral("bad-request") << -1 << QStringList();
        QTest::newRow("an unknown field") << field(QStringLiteral("fulltext"), QStringLiteral("m1"))
                                          << QStringLiteral("feature-not-implemented") << -1 << QStringList();
    }
    void filters()
    {
        QFETCH(QString, fields);
        QFETCH(QString, error);
        QFETCH(int, count);
        QFETCH(QStringList, firstBodies);
        ServerOptions options;
        options.databasePath = m_path;
        options.service.maxArchivePageSize = 1000; // these rows page across a cap of 1000
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const MamAnswer page = mam(alice, QString(), fields, QStringLiteral("<max>100</max>"));
        QCOMPARE(page.error, error);
        QCOMPARE(page.count, count);
        QCOMPARE(page.bodies.mid(0, 3), firstBodies);
    }

    // Who may read which archive, in both join modes.
    void access_data()
    {
        QTest::addColumn<bool>("classic");
        QTest::addColumn<QString>("reader");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("error");
        const QString bob = QStringLiteral("bob");
        const QString carol = QStringLiteral("carol");
        const QString forbidden = QStringLiteral("forbidden");
        for (const bool classic : { false, true }) {
            const QString mode = classic ? QStringLiteral("classic: ") : QStringLiteral("account-level: ");
            auto row = [&](const char *name) -> QTestData & {
                return QTest::newRow(qPrintable(mode + QLatin1String(name)));
            };
            row("the room, from a joined session") << classic << bob << Lobby << QString();
            row("the room, from an account that never joined") << classic << carol << Lobby << QString();
            row("an open room, banned") << classic << QStringLiteral("dave") << Lobby << forbidden;
            row("a members-only room, not a member")
                << classic << QStringLiteral("alice") << Garden << forbidden;
            row("a members-only room, a member that never joined") << classic << carol << Garden << QString();
            row("a members-only room, its owner") << classic << bob << Garden << QString();
            row("a room that does not exist")
                << classic << carol << QStringLiteral("nowhere@conference.localhost")
                << QStringLiteral("item-not-found");
            row("another account's archive")
                << classic << carol << QStringLiteral("bob@localhost") << forbidden;
            row("its own archive, by bare JID")
                << classic << carol << QStringLiteral("carol@localhost") << QString();
        }
    }
    void access()
    {
        QFETCH(bool, classic);
        QFETCH(QString, reader);
        QFETCH(QString, to);
        QFETCH(QString, error);
        TestServer server(classic ? JoinMode::Classic : JoinMode::AccountLevel);
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        bob->say(Lobby, QStringLiteral("in the lobby"));
        QVERIFY(bob->join(Garden, QStringLiteral("bob")));
        auto adminSet = [&](const QString &room, const QString &payload) {
            const QDomElement answer = bob->request(QStringLiteral("set"), room, payload);
            return answer.attribute(QStringLiteral("type")) == QLatin1String("result");
        };
        QVERIFY(adminSet(
            Garden,
            QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' "
                           "type='submit'><field var='muc#roomconfig_membersonly'><value>1</value>"
                           "</field></x></query>")));
        QVERIFY(adminSet(Garden,
                         QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'><item "
                                        "affiliation='member' jid='carol@localhost'/></query>")));
        QVERIFY(adminSet(Lobby,
                         QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'><item "
                                        "affiliation='outcast' jid='dave@localhost'/></query>")));
        bob->say(Garden, QStringLiteral("in the garden"));
        QVERIFY(bob->waitFor(TestClient::groupchat(Garden, QStringLiteral("in the garden"))));
        TestClient *client = reader == QLatin1String("bob") ? bob : server.connect(reader);
        const MamAnswer answer = mam(client, to, QString(), QString());
        QCOMPARE(answer.error, error);
        if (!error.isEmpty()) {
            QVERIFY(answer.results.isEmpty());
        } else if (to.contains(QLatin1String("conference"))) {
            QCOMPARE(answer.bodies,
                     QStringList { to == Lobby ? QStringLiteral("in the lobby")
                                               : QStringLiteral("in the garden") });
            QCOMPARE(answer.count, 1);
            QVERIFY(answer.complete);
            QCOMPARE(answer.results.size(), 1);
            QCOMPARE(Stanza::from(answer.results.first()), to);
            QCOMPARE(Stanza::to(answer.results.first()), client->jid());
        } else {
            QCOMPARE(answer.count, 0); // carol's own archive: room messages are not in it
            QVERIFY(answer.complete);
        }
    }

    // start/end/with on real traffic. Stamps are whole seconds, so the bounds are the client's
    // clock read around each message (same machine, millisecond bounds are exact): the archive
    // stamps a message after it was sent and before it is delivered.
    void filtersOnLiveTraffic_data()
    {
        QTest::addColumn<QString>("with"); // empty: no 'with' field
        QTest::addColumn<int>("startAt"); // start = just before this message was sent, -1: no start
        QTest::addColumn<int>("endAt"); // end = just after this message was delivered, -1: no end
        QTest::addColumn<QList<int>>("expected"); // the messages returned, by number
        QTest::newRow("everything") << QString() << -1 << -1 << QList<int> { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
        QTest::newRow("with bob") << Bob << -1 << -1 << QList<int> { 0, 2, 4, 6, 8 };
        QTest::newRow("with carol, as a full JID")
            << Carol + QStringLiteral("/desktop") << -1 << -1 << QList<int> { 1, 3, 5, 7, 9 };
        QTest::newRow("start at the 5th: inclusive")
            << QString() << 4 << -1 << QList<int> { 4, 5, 6, 7, 8, 9 };
        QTest::newRow("end at the 5th: inclusive") << QString() << -1 << 4 << QList<int> { 0, 1, 2, 3, 4 };
        QTest::newRow("start and end at the 5th") << QString() << 4 << 4 << QList<int> { 4 };
        QTest::newRow("with carol, from the 3rd to the 8th") << Carol << 2 << 7 << QList<int> { 3, 5, 7 };
        QTest::newRow("start after end") << QString() << 7 << 2 << QList<int>();
    }
    void filtersOnLiveTraffic()
    {
        QFETCH(QString, with);
        QFETCH(int, startAt);
        QFETCH(int, endAt);
        QFETCH(QList<int>, expected);
        TestServer server;
        TestClient *bob = server.connect(QStringLiteral("bob"));
        TestClient *carol = server.connect(QStringLiteral("carol"));
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QList<QDateTime> before;
        QList<QDateTime> after;
        for (int i = 0; i < 10; ++i) {
            const QString body = QStringLiteral("live %1").arg(i);
            before << QDateTime::currentDateTimeUtc();
            (i % 2 ? carol : bob)
                ->sendXml(QStringLiteral("<message type='chat' to='%1'><body>%2</body></message>")
                              .arg(Alice, body));
            QVERIFY(alice->waitFor([body](const QDomElement &e) {
                return e.firstChildElement(QStringLiteral("body")).text() == body;
            }));
            after << QDateTime::currentDateTimeUtc();
            // The next message's bounds start in a later millisecond.
            while (QDateTime::currentDateTimeUtc() <= after.last())
                QCoreApplication::processEvents();
        }
        const MamAnswer all = mam(alice, QString(), QString(), QString());
        QCOMPARE(all.count, 10);
        for (int i = 0; i < 10; ++i)
            QCOMPARE(all.bodies.at(i), QStringLiteral("live %1").arg(i));

        QString fields;
        if (!with.isEmpty())
            fields += field(QStringLiteral("with"), with);
        if (startAt >= 0)
            fields += field(QStringLiteral("start"), before.at(startAt).toString(Qt::ISODateWithMs));
        if (endAt >= 0)
            fields += field(QStringLiteral("end"), after.at(endAt).toString(Qt::ISODateWithMs));
        const MamAnswer filtered = mam(alice, QString(), fields, QString());
        QCOMPARE(filtered.error, QString());
        QStringList bodies;
        QStringList ids;
        for (const int i : expected) {
            bodies << QStringLiteral("live %1").arg(i);
            ids << all.ids.at(i);
        }
        QCOMPARE(filtered.bodies, bodies);
        QCOMPARE(filtered.ids, ids);
        QCOMPARE(filtered.count, expected.size());
        QVERIFY(filtered.complete);
    }

    // Stamps are whole seconds (XEP-0082 without fraction, as Prosody's): messages of one second
    // share a stamp, and that stamp given back as start or end finds them all.
    void stampsAreWholeSecondsAndBoundTheirSecond_data()
    {
        QTest::addColumn<QString>("bound");
        QTest::newRow("start") << QStringLiteral("start");
        QTest::newRow("end") << QStringLiteral("end");
    }
    void stampsAreWholeSecondsAndBoundTheirSecond()
    {
        QFETCH(QString, bound);
        TestServer server;
        TestClient *bob = server.connect(QStringLiteral("bob"));
        TestClient *alice = server.connect(QStringLiteral("alice"));
        // Start early in a second so that both messages are stored within it.
        while (QDateTime::currentDateTimeUtc().time().msec() > 300)
            QCoreApplication::processEvents();
        const QDateTime started = QDateTime::currentDateTimeUtc();
        for (const QString &body : { QStringLiteral("one"), QStringLiteral("two") }) {
            bob->sendXml(
                QStringLiteral("<message type='chat' to='%1'><body>%2</body></message>").arg(Alice, body));
            QVERIFY(alice->waitFor([body](const QDomElement &e) {
                return e.firstChildElement(QStringLiteral("body")).text() == body;
            }));
        }
        if (QDateTime::currentDateTimeUtc().toSecsSinceEpoch() != started.toSecsSinceEpoch())
            QSKIP("the machine took longer than 700 ms for two messages");
        const MamAnswer all = mam(alice, QString(), QString(), QString());
        QCOMPARE(all.count, 2);
        const QString second = started.toString(Qt::ISODate);
        QCOMPARE(all.stamps, QStringList({ second, second }));
        const MamAnswer bounded = mam(alice, QString(), field(bound, second), QString());
        QCOMPARE(bounded.bodies, QStringList({ QStringLiteral("one"), QStringLiteral("two") }));
    }

    // IQ answers carrying a MAM query are not requests: the archive does not answer them.
    void answersAreNotAnswered()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QVERIFY(alice->join(Lobby, QStringLiteral("alice")));
        const int since = alice->mark();
        alice->sendXml(QStringLiteral("<iq type='result' id='r1' to='alice@localhost'>"
                                      "<fin xmlns='urn:xmpp:mam:2'/><query xmlns='urn:xmpp:mam:2'/></iq>"));
        alice->sendXml(QStringLiteral("<iq type='error' id='r2' to='%1'><query xmlns='urn:xmpp:mam:2'/>"
                                      "<error type='cancel'><item-not-found "
                                      "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>")
                           .arg(Lobby));
        QVERIFY(alice->sync());
        for (const QDomElement &element : alice->received().mid(since)) {
            const QString id = element.attribute(QStringLiteral("id"));
            QVERIFY2(element.tagName() != QLatin1String("iq")
                         || (id != QLatin1String("r1") && id != QLatin1String("r2"))
                         || Stanza::from(element) == alice->jid(),
                     qPrintable(XmlText::fromElement(element)));
            QVERIFY(Stanza::child(element, QStringLiteral("result"), Ns::Mam).isNull());
        }
    }

    void advertised()
    {
        TestServer server;
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        for (const QString &to : { QStringLiteral("bob@localhost"), Lobby }) {
            const QDomElement info
                = bob->request(QStringLiteral("get"), to,
                               QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#info'/>"));
            QVERIFY2(XmlText::fromElement(info).contains(QLatin1String("var=\"urn:xmpp:mam:2\"")),
                     qPrintable(XmlText::fromElement(info)));
        }
        // The form of filters.
        const QDomElement form = bob->request(QStringLiteral("get"), QString(),
                                              QStringLiteral("<query xmlns='urn:xmpp:mam:2'/>"));
        const QString xml = XmlText::fromElement(form);
        for (const char *var : { "FORM_TYPE", "with", "start", "end" })
            QVERIFY2(xml.contains(QStringLiteral("var=\"%1\"").arg(QLatin1String(var))), qPrintable(xml));
    }

private:
    QTemporaryDir m_dir;
    QString m_path;
    int m_nextFile = 0;
};

QTEST_GUILESS_MAIN(tst_ArchiveService)
#include "tst_archiveservice.moc"
