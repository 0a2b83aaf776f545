// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Message carbons (XEP-0280) over real sockets: enabling per session, received and
// sent carbons, what is eligible, and MUC private messages in both join modes (a
// session that did not join a room gets nothing of it, §2 of the contract).
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "Vocabulary.h"

#include <QTest>

namespace {
const QString Lobby = QStringLiteral("lobby@conference.localhost");

bool enableCarbons(TestClient *client, bool enable = true)
{
    const QDomElement answer = client->requestXml(
        QStringLiteral("<iq type='set' id='%1'><%2 xmlns='urn:xmpp:carbons:2'/></iq>")
            .arg(QStringLiteral("%1"), enable ? QStringLiteral("enable") : QStringLiteral("disable")));
    return Stanza::type(answer) == QLatin1String("result");
}

// The message inside a carbon of this direction ("sent", "received"), or a null element.
QDomElement carbonInside(const QDomElement &stanza, const QString &direction)
{
    const QDomElement wrapper = Stanza::child(stanza, direction, Ns::Carbons);
    return Stanza::child(wrapper, QStringLiteral("forwarded"), Ns::Forward)
        .firstChildElement(QStringLiteral("message"));
}

QList<QDomElement> carbons(TestClient *client, const QString &direction, int since = 0)
{
    QList<QDomElement> found;
    for (const QDomElement &stanza : client->received().mid(since)) {
        if (stanza.tagName() == QLatin1String("message") && !carbonInside(stanza, direction).isNull())
            found << stanza;
    }
    return found;
}

TestClient::Predicate withBody(const QString &body)
{
    return [body](const QDomElement &e) {
        return e.tagName() == QLatin1String("message")
            && e.firstChildElement(QStringLiteral("body")).text() == body;
    };
}

// Messages (not carbons) with this body.
int plainWithBody(TestClient *client, const QString &body)
{
    return client->count(withBody(body));
}

QString stanzaIdBy(const QDomElement &message, const QString &by)
{
    for (const QDomElement &id : Stanza::children(message, QStringLiteral("stanza-id"), Ns::StanzaId)) {
        if (id.attribute(QStringLiteral("by")) == by)
            return id.attribute(QStringLiteral("id"));
    }
    return QString();
}

bool syncAll(const QList<TestClient *> &clients)
{
    for (TestClient *client : clients) {
        if (!client->sync())
            return false;
    }
    return true;
}
} // namespace

class tst_Carbons : public QObject
{
    Q_OBJECT

private slots:
    void advertised()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const QDomElement answer
            = alice->requestXml(QStringLiteral("<iq type='get' id='%1' to='localhost'><query "
                                               "xmlns='http://jabber.org/protocol/disco#info'/></iq>"));
        QStringList features;
        for (const QDomElement &feature :
             Stanza::children(Stanza::child(answer, QStringLiteral("query"), Ns::DiscoInfo),
                              QStringLiteral("feature"), Ns::DiscoInfo))
            features << feature.attribute(QStringLiteral("var"));
        QVERIFY2(features.contains(QStringLiteral("urn:xmpp:carbons:2")),
                 qPrintable(features.join(QLatin1Char(' '))));
    }

    void enableAndDisable_data()
    {
        QTest::addColumn<QString>("request");
        QTest::addColumn<QString>("expected"); // type, or error condition
        QTest::newRow("enable, no to")
            << QStringLiteral("<iq type='set' id='%1'><enable xmlns='urn:xmpp:carbons:2'/></iq>")
            << QStringLiteral("result");
        QTest::newRow("enable, to the bare JID") << QStringLiteral(
            "<iq type='set' id='%1' to='alice@localhost'><enable xmlns='urn:xmpp:carbons:2'/></iq>")
                                                 << QStringLiteral("result");
        QTest::newRow("disable") << QStringLiteral(
            "<iq type='set' id='%1'><disable xmlns='urn:xmpp:carbons:2'/></iq>")
                                 << QStringLiteral("result");
        QTest::newRow("get") << QStringLiteral(
            "<iq type='get' id='%1'><enable xmlns='urn:xmpp:carbons:2'/></iq>")
                             << QStringLiteral("bad-request");
    }
    void enableAndDisable()
    {
        QFETCH(QString, request);
        QFETCH(QString, expected);
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const QDomElement answer = alice->requestXml(request);
        QCOMPARE(Stanza::type(answer) == QLatin1String("error") ? errorCondition(answer)
                                                                : Stanza::type(answer),
                 expected);
    }

    // Three sessions each side: the sender (or the addressed one), one with carbons, one without.
    void receivedAndSent()
    {
        TestServer server;
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *web = server.connect(QStringLiteral("alice"), QStringLiteral("web"));
        TestClient *desk = server.connect(QStringLiteral("bob"), QStringLiteral("desk"));
        TestClient *tablet = server.connect(QStringLiteral("bob"), QStringLiteral("tablet"));
        TestClient *pad = server.connect(QStringLiteral("bob"), QStringLiteral("pad"));
        QVERIFY(enableCarbons(phone));
        QVERIFY(enableCarbons(laptop));
        QVERIFY(enableCarbons(desk));
        QVERIFY(enableCarbons(tablet));
        QVERIFY(enableCarbons(web));
        QVERIFY(enableCarbons(web, false)); // disabled again: web and pad get nothing
        const QList<TestClient *> all { phone, laptop, web, desk, tablet, pad };

        phone->sendXml(QStringLiteral(
            "<message type='chat' to='bob@localhost/desk' id='m1'><body>hi bob</body></message>"));
        QVERIFY(desk->waitFor(withBody(QStringLiteral("hi bob"))));
        QTRY_COMPARE(carbons(tablet, QStringLiteral("received")).size(), 1);
        QTRY_COMPARE(carbons(laptop, QStringLiteral("sent")).size(), 1);
        QVERIFY(syncAll(all));

        const QDomElement delivered = desk->receivedMatching(withBody(QStringLiteral("hi bob"))).first();
        const QString bobsId = stanzaIdBy(delivered, QStringLiteral("bob@localhost"));
        QVERIFY(!bobsId.isEmpty());
        QVERIFY(stanzaIdBy(delivered, QStringLiteral("alice@localhost")).isEmpty());

        const QDomElement received = carbons(tablet, QStringLiteral("received")).first();
        QCOMPARE(Stanza::from(received), QStringLiteral("bob@localhost"));
        QCOMPARE(Stanza::to(received), tablet->jid());
        const QDomElement receivedInside = carbonInside(received, QStringLiteral("received"));
        QCOMPARE(Stanza::from(receivedInside), phone->jid());
        QCOMPARE(Stanza::to(receivedInside), desk->jid());
        QCOMPARE(stanzaIdBy(receivedInside, QStringLiteral("bob@localhost")), bobsId);

        const QDomElement sent = carbons(laptop, QStringLiteral("sent")).first();
        QCOMPARE(Stanza::from(sent), QStringLiteral("alice@localhost"));
        const QDomElement sentInside = carbonInside(sent, QStringLiteral("sent"));
        QCOMPARE(Stanza::from(sentInside), phone->jid());
        QCOMPARE(Stanza::to(sentInside), desk->jid());
        QVERIFY(!stanzaIdBy(sentInside, QStringLiteral("alice@localhost")).isEmpty());

        // Nothing more anywhere: no carbon to the sender, to the addressed session, or to
        // the sessions without carbons; the message itself only at desk.
        for (TestClient *client : all) {
            const int expectedCarbons = client == tablet || client == laptop ? 1 : 0;
            QCOMPARE(carbons(client, QStringLiteral("sent")).size()
                         + carbons(client, QStringLiteral("received")).size(),
                     expectedCarbons);
            QCOMPARE(plainWithBody(client, QStringLiteral("hi bob")), client == desk ? 1 : 0);
        }

        // To the bare JID every available session gets it: no received carbons needed.
        for (TestClient *client : all)
            client->clearReceived();
        phone->sendXml(
            QStringLiteral("<message type='chat' to='bob@localhost'><body>to all</body></message>"));
        for (TestClient *client : { desk, tablet, pad })
            QVERIFY(client->waitFor(withBody(QStringLiteral("to all"))));
        QTRY_COMPARE(carbons(laptop, QStringLiteral("sent")).size(), 1);
        QVERIFY(syncAll(all));
        for (TestClient *client : { desk, tablet, pad })
            QCOMPARE(carbons(client, QStringLiteral("received")).size(), 0);
    }

    void eligibility_data()
    {
        QTest::addColumn<QString>("message"); // to bob/desk, from alice/phone; %1: a body marker
        QTest::addColumn<bool>("copied");
        QTest::newRow("chat") << QStringLiteral(
            "<message type='chat' to='bob@localhost/desk'><body>%1</body></message>")
                              << true;
        QTest::newRow("normal with body")
            << QStringLiteral("<message to='bob@localhost/desk'><body>%1</body></message>") << true;
        QTest::newRow("normal without body")
            << QStringLiteral("<message to='bob@localhost/desk'><thread>%1</thread></message>") << false;
        QTest::newRow("headline") << QStringLiteral(
            "<message type='headline' to='bob@localhost/desk'><body>%1</body></message>")
                                  << false;
        QTest::newRow("groupchat") << QStringLiteral(
            "<message type='groupchat' to='bob@localhost/desk'><body>%1</body></message>")
                                   << false;
        QTest::newRow("private hint")
            << QStringLiteral("<message type='chat' to='bob@localhost/desk'><body>%1</body>"
                              "<private xmlns='urn:xmpp:carbons:2'/></message>")
            << false;
        QTest::newRow("no-copy hint")
            << QStringLiteral("<message type='chat' to='bob@localhost/desk'><body>%1</body>"
                              "<no-copy xmlns='urn:xmpp:hints'/></message>")
            << false;
        QTest::newRow("chat state only")
            << QStringLiteral("<message type='chat' to='bob@localhost/desk'><thread>%1</thread>"
                              "<composing xmlns='http://jabber.org/protocol/chatstates'/></message>")
            << true;
    }
    void eligibility()
    {
        QFETCH(QString, message);
        QFETCH(bool, copied);
        TestServer server;
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *desk = server.connect(QStringLiteral("bob"), QStringLiteral("desk"));
        TestClient *tablet = server.connect(QStringLiteral("bob"), QStringLiteral("tablet"));
        for (TestClient *client : { phone, laptop, desk, tablet })
            QVERIFY(enableCarbons(client));
        phone->sendXml(message.arg(QStringLiteral("marker")));
        // An eligible chat afterwards: once its carbons arrive, the first one's would have.
        phone->sendXml(
            QStringLiteral("<message type='chat' to='bob@localhost/desk'><body>after</body></message>"));
        QTRY_COMPARE(carbons(tablet, QStringLiteral("received")).size(), copied ? 2 : 1);
        QTRY_COMPARE(carbons(laptop, QStringLiteral("sent")).size(), copied ? 2 : 1);
        QVERIFY(syncAll({ phone, laptop, desk, tablet }));
        QCOMPARE(carbons(tablet, QStringLiteral("received")).size(), copied ? 2 : 1);
        QCOMPARE(carbons(laptop, QStringLiteral("sent")).size(), copied ? 2 : 1);
        // The hint is the sender's server's business.
        for (const QDomElement &e : desk->received())
            QVERIFY(Stanza::child(e, QStringLiteral("private"), Ns::Carbons).isNull());
    }

    // MUC private messages. Account-level joining: the room forks a PM to the joined
    // sessions, each gets one copy and no carbon; a session that did not join gets nothing.
    // A PM one joined session sends reaches the other joined sessions as a sent carbon.
    // Classic: XEP-0280's rule, no carbons of PMs at all.
    void mucPrivateMessages_data()
    {
        QTest::addColumn<bool>("classic");
        QTest::addColumn<QString>("mucUserX"); // in the PM alice sends
        QTest::newRow("account-level, PM without muc#user x") << false << QString();
        QTest::newRow("account-level, PM with muc#user x")
            << false << QStringLiteral("<x xmlns='http://jabber.org/protocol/muc#user'/>");
        QTest::newRow("classic, PM without muc#user x") << true << QString();
        QTest::newRow("classic, PM with muc#user x")
            << true << QStringLiteral("<x xmlns='http://jabber.org/protocol/muc#user'/>");
    }
    void mucPrivateMessages()
    {
        QFETCH(bool, classic);
        QFETCH(QString, mucUserX);
        TestServer server(classic ? JoinMode::Classic : JoinMode::AccountLevel);
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *web = server.connect(QStringLiteral("alice"), QStringLiteral("web")); // never joins
        const QString phoneNick = classic ? QStringLiteral("alice-phone") : QStringLiteral("alice");
        QVERIFY(phone->join(Lobby, phoneNick));
        QVERIFY(laptop->join(Lobby, classic ? QStringLiteral("alice-laptop") : QStringLiteral("alice")));
        for (TestClient *client : { phone, laptop, web, bob })
            QVERIFY(enableCarbons(client));
        const QList<TestClient *> all { phone, laptop, web, bob };
        for (TestClient *client : all)
            client->clearReceived();

        // Received: bob to alice's occupant.
        bob->sendXml(QStringLiteral("<message type='chat' to='%1/%2'><body>psst</body></message>")
                         .arg(Lobby, phoneNick));
        QVERIFY(phone->waitFor(withBody(QStringLiteral("psst"))));
        if (!classic)
            QVERIFY(laptop->waitFor(withBody(QStringLiteral("psst"))));
        QVERIFY(syncAll(all));
        QCOMPARE(plainWithBody(phone, QStringLiteral("psst")), 1);
        QCOMPARE(plainWithBody(laptop, QStringLiteral("psst")), classic ? 0 : 1);
        QCOMPARE(plainWithBody(web, QStringLiteral("psst")), 0);
        for (TestClient *client : all) {
            QCOMPARE(carbons(client, QStringLiteral("received")).size(), 0);
            QCOMPARE(carbons(client, QStringLiteral("sent")).size(), 0);
        }
        // Not archived: no id of the account's archive on it.
        for (const QDomElement &e : phone->receivedMatching(withBody(QStringLiteral("psst"))))
            QVERIFY(stanzaIdBy(e, QStringLiteral("alice@localhost")).isEmpty());

        // Sent: alice's phone to bob's occupant.
        for (TestClient *client : all)
            client->clearReceived();
        phone->sendXml(QStringLiteral("<message type='chat' to='%1/bob'><body>back</body>%2</message>")
                           .arg(Lobby, mucUserX));
        QVERIFY(bob->waitFor(withBody(QStringLiteral("back"))));
        if (!classic)
            QTRY_COMPARE(carbons(laptop, QStringLiteral("sent")).size(), 1);
        QVERIFY(syncAll(all));
        QCOMPARE(plainWithBody(bob, QStringLiteral("back")), 1);
        QCOMPARE(carbons(laptop, QStringLiteral("sent")).size(), classic ? 0 : 1);
        QCOMPARE(carbons(web, QStringLiteral("sent")).size(), 0);
        QCOMPARE(carbons(phone, QStringLiteral("sent")).size(), 0);
        QCOMPARE(carbons(bob, QStringLiteral("received")).size(), 0);
        QCOMPARE(plainWithBody(web, QStringLiteral("back")), 0);
        if (!classic) {
            const QDomElement inside
                = carbonInside(carbons(laptop, QStringLiteral("sent")).first(), QStringLiteral("sent"));
            QCOMPARE(Stanza::to(inside), Lobby + QStringLiteral("/bob"));
            QCOMPARE(inside.firstChildElement(QStringLiteral("body")).text(), QStringLiteral("back"));
        }
    }
};

QTEST_GUILESS_MAIN(tst_Carbons)
#include "tst_carbons.moc"
