// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Private XML storage (XEP-0049) over real sockets: any element kept per account, and
// XEP-0048's storage:bookmarks as a view of the account's XEP-0402 bookmarks, both ways.
#include "AccountLevelJoining.h"
#include "Membership.h"
#include "MinimixServer.h"
#include "ServiceLimits.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QTest>

namespace {
const QString Lobby = QStringLiteral("lobby@conference.localhost");

QString privateIq(const QString &type, const QString &payload, const QString &to = QString())
{
    return QStringLiteral("<iq type='%1' id='%3'%2><query xmlns='jabber:iq:private'>%4</query></iq>")
        .arg(type, to.isEmpty() ? QString() : QStringLiteral(" to='%1'").arg(to), QStringLiteral("%1"),
             payload);
}

// The one element inside an answer's jabber:iq:private query.
QDomElement stored(const QDomElement &answer)
{
    return Stanza::child(answer, QStringLiteral("query"), Ns::PrivateStorage).firstChildElement();
}

QStringList bookmarkIds(TestClient *client)
{
    const QDomElement answer = client->requestXml(
        QStringLiteral("<iq type='get' id='%1'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                       "<items node='urn:xmpp:bookmarks:1'/></pubsub></iq>"));
    QStringList ids;
    const QDomElement items = Stanza::child(Stanza::child(answer, QStringLiteral("pubsub"), Ns::PubSub),
                                            QStringLiteral("items"), Ns::PubSub);
    for (const QDomElement &item : Stanza::children(items, QStringLiteral("item"), Ns::PubSub))
        ids << item.attribute(QStringLiteral("id"));
    return ids;
}
} // namespace

class tst_PrivateStorage : public QObject
{
    Q_OBJECT

private slots:
    // What a client keeps, another session of the account reads back; nothing stored
    // reads as the empty element.
    void keepsAnyElement()
    {
        TestServer server;
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        const QString delimiter = QStringLiteral("<roster xmlns='roster:delimiter'/>");
        QDomElement answer = laptop->requestXml(privateIq(QStringLiteral("get"), delimiter));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QCOMPARE(stored(answer).namespaceURI(), QStringLiteral("roster:delimiter"));
        QVERIFY(stored(answer).text().isEmpty());

        answer = phone->requestXml(
            privateIq(QStringLiteral("set"), QStringLiteral("<roster xmlns='roster:delimiter'>::</roster>")));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        answer = laptop->requestXml(privateIq(QStringLiteral("get"), delimiter));
        QCOMPARE(stored(answer).text(), QStringLiteral("::"));
        // Another account sees its own, empty.
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(stored(bob->requestXml(privateIq(QStringLiteral("get"), delimiter))).text().isEmpty());
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("request");
        QTest::addColumn<QString>("condition");
        QTest::newRow("another account's") << privateIq(
            QStringLiteral("get"), QStringLiteral("<x xmlns='my:ns'/>"), QStringLiteral("bob@localhost"))
                                           << QStringLiteral("forbidden");
        QTest::newRow("a jabber: namespace")
            << privateIq(QStringLiteral("set"), QStringLiteral("<query xmlns='jabber:iq:roster'/>"))
            << QStringLiteral("not-acceptable");
        QTest::newRow("two elements")
            << privateIq(QStringLiteral("get"), QStringLiteral("<a xmlns='a:a'/><b xmlns='b:b'/>"))
            << QStringLiteral("bad-request");
        QTest::newRow("no element") << privateIq(QStringLiteral("get"), QString())
                                    << QStringLiteral("bad-request");
    }
    void refusals()
    {
        QFETCH(QString, request);
        QFETCH(QString, condition);
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const QDomElement answer = alice->requestXml(request);
        QCOMPARE(Stanza::type(answer), QStringLiteral("error"));
        QCOMPARE(errorCondition(answer), condition);
    }

    // Bounded per account: each element's size, and how many an account keeps; a
    // refused element stores nothing, and replacing a kept one is always allowed.
    void bounds()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const QString big = QString(ServiceDefaults::MaxPrivateElementSize, QLatin1Char('x'));
        QDomElement answer = alice->requestXml(
            privateIq(QStringLiteral("set"), QStringLiteral("<big xmlns='my:big'>%1</big>").arg(big)));
        QCOMPARE(errorCondition(answer), QStringLiteral("not-acceptable"));
        answer = alice->requestXml(privateIq(QStringLiteral("get"), QStringLiteral("<big xmlns='my:big'/>")));
        QVERIFY(stored(answer).text().isEmpty());

        for (int i = 0; i < ServiceDefaults::MaxPrivateElementsPerAccount; ++i) {
            answer = alice->requestXml(
                privateIq(QStringLiteral("set"), QStringLiteral("<e xmlns='my:e%1'>%1</e>").arg(i)));
            QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        }
        answer = alice->requestXml(
            privateIq(QStringLiteral("set"), QStringLiteral("<e xmlns='my:one-more'>x</e>")));
        QCOMPARE(errorCondition(answer), QStringLiteral("resource-constraint"));
        answer = alice->requestXml(
            privateIq(QStringLiteral("set"), QStringLiteral("<e xmlns='my:e0'>replaced</e>")));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        answer = alice->requestXml(privateIq(QStringLiteral("get"), QStringLiteral("<e xmlns='my:e0'/>")));
        QCOMPARE(stored(answer).text(), QStringLiteral("replaced"));
    }

    // A storage:bookmarks list the bookmarks node cannot hold (too many rooms, or one
    // too large) is refused whole: the bookmarks stay as they were.
    void refusedLegacyListChangesNothing_data()
    {
        QTest::addColumn<int>("rooms");
        QTest::addColumn<int>("nameLength");
        QTest::newRow("one room more than the node holds") << 5 << 4;
        QTest::newRow("one bookmark too large") << 2 << ServiceDefaults::MaxBookmarkItemSize;
    }
    void refusedLegacyListChangesNothing()
    {
        QFETCH(int, rooms);
        QFETCH(int, nameLength);
        ServerOptions options;
        options.service.maxPepItemsPerNode = 4;
        options.service.maxMembershipsPerAccount = 4;
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QDomElement answer = alice->requestXml(privateIq(
            QStringLiteral("set"),
            QStringLiteral(
                "<storage xmlns='storage:bookmarks'><conference jid='%1' autojoin='false'/></storage>")
                .arg(Lobby)));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));

        QString list;
        for (int i = 0; i < rooms; ++i) {
            list += QStringLiteral(
                        "<conference jid='room%1@conference.localhost' autojoin='false' name='%2'/>")
                        .arg(i)
                        .arg(QString(i == rooms - 1 ? nameLength : 4, QLatin1Char('n')));
        }
        answer = alice->requestXml(
            privateIq(QStringLiteral("set"),
                      QStringLiteral("<storage xmlns='storage:bookmarks'>%1</storage>").arg(list)));
        QCOMPARE(errorCondition(answer), QStringLiteral("resource-constraint"));
        QCOMPARE(bookmarkIds(alice), QStringList { Lobby });
    }

    // XEP-0402 §5.3: a client of private-storage bookmarks and one of PEP bookmarks see the
    // same list, and a change from either side reaches the other.
    void legacyBookmarksAreThePepBookmarks()
    {
        TestServer server;
        TestClient *pepClient = server.connect(QStringLiteral("alice"), QStringLiteral("dino"));
        TestClient *legacyClient = server.connect(QStringLiteral("alice"), QStringLiteral("psi"));
        QDomElement answer = pepClient->requestXml(QStringLiteral(
            "<iq type='set' id='%1'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
            "<publish node='urn:xmpp:bookmarks:1'><item id='lobby@conference.localhost'>"
            "<conference xmlns='urn:xmpp:bookmarks:1' name='The lobby' "
            "autojoin='false'><nick>al</nick></conference>"
            "</item></publish><publish-options><x xmlns='jabber:x:data' type='submit'>"
            "<field var='FORM_TYPE' "
            "type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
            "<field var='pubsub#persist_items'><value>true</value></field>"
            "<field var='pubsub#max_items'><value>max</value></field>"
            "<field var='pubsub#access_model'><value>whitelist</value></field>"
            "</x></publish-options></pubsub></iq>"));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));

        answer = legacyClient->requestXml(
            privateIq(QStringLiteral("get"), QStringLiteral("<storage xmlns='storage:bookmarks'/>")));
        const QDomElement conference = stored(answer).firstChildElement(QStringLiteral("conference"));
        QCOMPARE(conference.attribute(QStringLiteral("jid")), Lobby);
        QCOMPARE(conference.attribute(QStringLiteral("name")), QStringLiteral("The lobby"));
        QCOMPARE(conference.attribute(QStringLiteral("autojoin")), QStringLiteral("false"));
        QCOMPARE(conference.firstChildElement(QStringLiteral("nick")).text(), QStringLiteral("al"));

        // The old way replaces the list: the lobby goes, a new room comes with autojoin,
        // and the server joins the account there (§9).
        const QString other = QStringLiteral("other@conference.localhost");
        answer = legacyClient->requestXml(privateIq(
            QStringLiteral("set"),
            QStringLiteral(
                "<storage xmlns='storage:bookmarks'><conference jid='%1' autojoin='true' name='Other'>"
                "<nick>alice</nick></conference></storage>")
                .arg(other)));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QCOMPARE(bookmarkIds(pepClient), QStringList { other });
        QTRY_VERIFY(
            server.server()->accountLevelJoining()->membership(QStringLiteral("alice@localhost"), other));
        // The PEP client was told of both changes.
        QVERIFY(pepClient->waitFor([](const QDomElement &e) {
            return XmlText::fromElement(e).contains(QLatin1String("<retract"))
                && XmlText::fromElement(e).contains(QLatin1String("lobby@conference.localhost"));
        }));
    }

    void discoAdvertisesIt()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const QString serverInfo = XmlText::fromElement(
            alice->request(QStringLiteral("get"), QStringLiteral("localhost"),
                           QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#info'/>")));
        QVERIFY2(serverInfo.contains(QLatin1String("var=\"jabber:iq:private\"")), qPrintable(serverInfo));
        const QString accountInfo = XmlText::fromElement(
            alice->request(QStringLiteral("get"), QStringLiteral("alice@localhost"),
                           QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#info'/>")));
        QVERIFY2(accountInfo.contains(QLatin1String("urn:xmpp:bookmarks:1#compat\"")),
                 qPrintable(accountInfo));
        QVERIFY2(accountInfo.contains(QLatin1String("urn:xmpp:bookmarks:1#compat-pep\"")),
                 qPrintable(accountInfo));
    }
};

QTEST_GUILESS_MAIN(tst_PrivateStorage)
#include "tst_privatestorage.moc"
