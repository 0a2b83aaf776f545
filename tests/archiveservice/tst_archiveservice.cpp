// §8 of ../shared/semantics.md and XEP-0313: each groupchat message a room sends an
// account is archived once, however many sessions got it (and when none did), and
// the account's sessions page through it (with, start, end, RSM) and through the
// room's own archive.
#include "Database.h"
#include "MessageArchive.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestServer.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString Alice = QStringLiteral("alice@localhost");
const QString Lobby = QStringLiteral("lobby@conference.localhost");
const QString Garden = QStringLiteral("garden@conference.localhost");
const QDateTime Base = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);

struct MamAnswer
{
    QDomElement iq;
    QStringList ids;
    QStringList bodies;
    QList<QDomElement> results; // the <message/> carrying each result
    bool complete = false;
    int count = -1;
    int firstIndex = -1;
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
    }
    const QDomElement fin = Stanza::child(answer.iq, QStringLiteral("fin"), Ns::Mam);
    answer.complete = fin.attribute(QStringLiteral("complete")) == QLatin1String("true");
    const QDomElement set = Stanza::child(fin, QStringLiteral("set"), Ns::Rsm);
    if (!set.firstChildElement(QStringLiteral("count")).isNull())
        answer.count = set.firstChildElement(QStringLiteral("count")).text().toInt();
    if (!set.firstChildElement(QStringLiteral("first")).isNull())
        answer.firstIndex
            = set.firstChildElement(QStringLiteral("first")).attribute(QStringLiteral("index")).toInt();
    return answer;
}

QString stampText(int seconds)
{
    return Base.addSecs(seconds).toString(Qt::ISODate);
}

// An archive file with 'count' messages for alice: "m<i>" with stanza-id "id-<i>",
// one second apart; every third in the garden, the others in the lobby.
void fillArchive(const QString &path, int count)
{
    Database database;
    QVERIFY2(database.open(path), qPrintable(database.errorString()));
    MessageArchive archive(&database);
    database.beginWrite();
    for (int i = 0; i < count; ++i) {
        const QString room = i % 3 == 2 ? Garden : Lobby;
        const QString xml
            = QStringLiteral("<message xmlns='jabber:client' type='groupchat' from='%1/bob'>"
                             "<body>m%2</body><stanza-id xmlns='urn:xmpp:sid:0' by='%1' id='id-%2'/>"
                             "</message>")
                  .arg(room)
                  .arg(i);
        QVERIFY(archive.store(Alice, room, XmlText::toElement(xml), Base.addSecs(i)) > 0);
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

    // §8: one copy per account, whatever the number of joined sessions.
    void storedOncePerAccount_data()
    {
        QTest::addColumn<bool>("classic");
        QTest::addColumn<int>("joinedSessions");
        QTest::addColumn<int>("expected");
        QTest::newRow("account-level, 3 sessions joined") << false << 3 << 5;
        QTest::newRow("account-level, 1 session joined") << false << 1 << 5;
        QTest::newRow("account-level, no session joined any more") << false << 0 << 5;
        QTest::newRow("classic: sessions are occupants, the account keeps nothing") << true << 3 << 0;
    }
    void storedOncePerAccount()
    {
        QFETCH(bool, classic);
        QFETCH(int, joinedSessions);
        QFETCH(int, expected);
        TestServer server(classic ? JoinMode::Classic : JoinMode::AccountLevel);
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QList<TestClient *> alice;
        QStringList nicks; // classic sessions are occupants of their own, each with its nick
        for (const char *resource : { "phone", "laptop", "web" }) {
            alice << server.connect(QStringLiteral("alice"), QLatin1String(resource));
            nicks << (classic ? QStringLiteral("alice-") + QLatin1String(resource) : QStringLiteral("alice"));
            QVERIFY(alice.last()->join(Lobby, nicks.last()));
        }
        if (joinedSessions == 0) {
            for (TestClient *session : alice)
                server.server()->dropSession(session->jid());
            QVERIFY(bob->sync());
        } else {
            for (int i = joinedSessions; i < alice.size(); ++i)
                QVERIFY(alice.at(i)->leave(Lobby, nicks.at(i)));
        }
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

        TestClient *reader = server.connect(QStringLiteral("alice"), QStringLiteral("reader"));
        const MamAnswer answer = mam(reader, QString(), QString(), QString());
        QCOMPARE(answer.error, QString());
        QCOMPARE(answer.count, expected);
        QCOMPARE(answer.ids, expected ? stanzaIds : QStringList());
        QCOMPARE(answer.bodies.size(), expected);
        QVERIFY(answer.complete);
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
            if (!page.bodies.isEmpty()) {
                const int first = page.bodies.first().mid(1).toInt();
                QCOMPARE(page.firstIndex, first);
                QCOMPARE(page.bodies, range(first, first + page.bodies.size()));
            }
            all = backward ? page.bodies + all : all + page.bodies;
            if (page.complete)
                break;
            QCOMPARE(page.bodies.size(), pageSize);
            cursor = backward ? page.ids.first() : page.ids.last();
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
        QTest::newRow("unknown id") << QStringLiteral("<max>10</max><after>no-such-id</after>")
                                    << QStringLiteral("item-not-found") << QStringList() << false << -1;
        QTest::newRow("max not a number") << QStringLiteral("<max>many</max>")
                                          << QStringLiteral("bad-request") << QStringList() << false << -1;
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
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const MamAnswer page = mam(alice, Alice, QString(), rsm);
        QCOMPARE(page.error, error);
        QCOMPARE(page.bodies, bodies);
        if (error.isEmpty()) {
            QCOMPARE(page.complete, complete);
            QCOMPARE(page.count, 10000);
            QCOMPARE(page.firstIndex, firstIndex);
        }
    }

    void filters_data()
    {
        QTest::addColumn<QString>("fields");
        QTest::addColumn<QString>("error");
        QTest::addColumn<int>("count");
        QTest::addColumn<QStringList>("firstBodies"); // the first three of the page
        QTest::newRow("with the garden")
            << field(QStringLiteral("with"), Garden) << QString() << 3333
            << QStringList { QStringLiteral("m2"), QStringLiteral("m5"), QStringLiteral("m8") };
        QTest::newRow("with the lobby")
            << field(QStringLiteral("with"), Lobby) << QString() << 6667
            << QStringList { QStringLiteral("m0"), QStringLiteral("m1"), QStringLiteral("m3") };
        QTest::newRow("start is inclusive")
            << field(QStringLiteral("start"), stampText(9990)) << QString() << 10
            << QStringList { QStringLiteral("m9990"), QStringLiteral("m9991"), QStringLiteral("m9992") };
        QTest::newRow("end is inclusive")
            << field(QStringLiteral("end"), stampText(2)) << QString() << 3
            << QStringList { QStringLiteral("m0"), QStringLiteral("m1"), QStringLiteral("m2") };
        QTest::newRow("start and end and with")
            << field(QStringLiteral("start"), stampText(100)) + field(QStringLiteral("end"), stampText(109))
                + field(QStringLiteral("with"), Garden)
            << QString() << 3
            << QStringList { QStringLiteral("m101"), QStringLiteral("m104"), QStringLiteral("m107") };
        QTest::newRow("nothing in range")
            << field(QStringLiteral("start"), stampText(20000)) << QString() << 0 << QStringList();
        QTest::newRow("a date that is not one") << field(QStringLiteral("start"), QStringLiteral("yesterday"))
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
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const MamAnswer page = mam(alice, QString(), fields, QStringLiteral("<max>100</max>"));
        QCOMPARE(page.error, error);
        QCOMPARE(page.count, count);
        QCOMPARE(page.bodies.mid(0, 3), firstBodies);
    }

    // Who may read which archive.
    void access_data()
    {
        QTest::addColumn<QString>("reader");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("error");
        QTest::newRow("the room, from a joined session") << QStringLiteral("bob") << Lobby << QString();
        QTest::newRow("the room, from an account that never joined")
            << QStringLiteral("carol") << Lobby << QString();
        QTest::newRow("a members-only room, not a member")
            << QStringLiteral("carol") << Garden << QStringLiteral("forbidden");
        QTest::newRow("a members-only room, its owner") << QStringLiteral("bob") << Garden << QString();
        QTest::newRow("a room that does not exist")
            << QStringLiteral("carol") << QStringLiteral("nowhere@conference.localhost")
            << QStringLiteral("item-not-found");
        QTest::newRow("another account's archive")
            << QStringLiteral("carol") << QStringLiteral("bob@localhost") << QStringLiteral("forbidden");
        QTest::newRow("its own archive, by bare JID")
            << QStringLiteral("carol") << QStringLiteral("carol@localhost") << QString();
    }
    void access()
    {
        QFETCH(QString, reader);
        QFETCH(QString, to);
        QFETCH(QString, error);
        TestServer server;
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        bob->say(Lobby, QStringLiteral("in the lobby"));
        QVERIFY(bob->join(Garden, QStringLiteral("bob")));
        const QDomElement configured = bob->requestXml(
            QStringLiteral("<iq type='set' id='%1' to='") + Garden
            + QStringLiteral("'><query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' "
                             "type='submit'><field var='muc#roomconfig_membersonly'><value>1</value></field>"
                             "</x></query></iq>"));
        QCOMPARE(configured.attribute(QStringLiteral("type")), QStringLiteral("result"));
        bob->say(Garden, QStringLiteral("in the garden"));
        QVERIFY(bob->sync());
        TestClient *client = reader == QLatin1String("bob") ? bob : server.connect(reader);
        const MamAnswer answer = mam(client, to, QString(), QString());
        QCOMPARE(answer.error, error);
        if (error.isEmpty() && to.contains(QLatin1String("conference"))) {
            QCOMPARE(answer.bodies.size(), 1);
            QCOMPARE(answer.results.first().attribute(QStringLiteral("to")), client->jid());
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
};

QTEST_GUILESS_MAIN(tst_ArchiveService)
#include "tst_archiveservice.moc"
