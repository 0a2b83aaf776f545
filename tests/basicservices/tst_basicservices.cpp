// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The IM basics QXmpp 1.4's server lacks: presence, roster, disco, ping, routing, errors.
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "XmlText.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTest>
#include <memory>

namespace { } // namespace

class tst_BasicServices : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

private slots:
    void init() { m_server = std::make_unique<TestServer>(); }
    void cleanup() { m_server.reset(); }

    // Every request gets an answer: a result where a service exists, an error otherwise.
    void iqAnswers_data()
    {
        QTest::addColumn<QString>("xml");
        QTest::addColumn<QString>("expectedType");
        QTest::addColumn<QString>("expectedCondition");
        QTest::newRow("roster get") << QStringLiteral(
            "<iq type='get' id='%1'><query xmlns='jabber:iq:roster'/></iq>")
                                    << QStringLiteral("result") << QString();
        // Rosters are kept now (RFC 6121; tests/roster covers them).
        QTest::newRow("roster set") << QStringLiteral(
            "<iq type='set' id='%1'><query xmlns='jabber:iq:roster'><item jid='bob@localhost'/></query></iq>")
                                    << QStringLiteral("result") << QString();
        QTest::newRow("ping server") << QStringLiteral(
            "<iq type='get' id='%1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>")
                                     << QStringLiteral("result") << QString();
        // Profanity pings with no 'to' (the account, RFC 6120 §10.3.3) and turns its
        // keep-alive off when that is refused.
        QTest::newRow("ping without to")
            << QStringLiteral("<iq type='get' id='%1'><ping xmlns='urn:xmpp:ping'/></iq>")
            << QStringLiteral("result") << QString();
        QTest::newRow("ping own account") << QStringLiteral(
            "<iq type='get' id='%1' to='alice@localhost'><ping xmlns='urn:xmpp:ping'/></iq>")
                                          << QStringLiteral("result") << QString();
        QTest::newRow("unknown iq to server")
            << QStringLiteral(
                   "<iq type='get' id='%1' to='localhost'><query xmlns='urn:example:nothing'/></iq>")
            << QStringLiteral("error") << QStringLiteral("service-unavailable");
        QTest::newRow("unknown iq without to")
            << QStringLiteral("<iq type='set' id='%1'><query xmlns='urn:example:nothing'/></iq>")
            << QStringLiteral("error") << QStringLiteral("service-unavailable");
        QTest::newRow("iq to another account's bare JID")
            << QStringLiteral(
                   "<iq type='get' id='%1' to='bob@localhost'><query xmlns='urn:example:nothing'/></iq>")
            << QStringLiteral("error") << QStringLiteral("service-unavailable");
        QTest::newRow("unknown iq to own bare JID")
            << QStringLiteral(
                   "<iq type='set' id='%1' to='alice@localhost'><query xmlns='urn:example:nothing'/></iq>")
            << QStringLiteral("error") << QStringLiteral("service-unavailable");
        // XEP-0016 is deprecated; blocking (XEP-0191) is what the server offers instead.
        QTest::newRow("privacy lists")
            << QStringLiteral("<iq type='get' id='%1'><query xmlns='jabber:iq:privacy'/></iq>")
            << QStringLiteral("error") << QStringLiteral("service-unavailable");
        QTest::newRow("privacy lists to the server") << QStringLiteral(
            "<iq type='set' id='%1' to='localhost'><query xmlns='jabber:iq:privacy'><active/></query></iq>")
                                                     << QStringLiteral("error")
                                                     << QStringLiteral("service-unavailable");
        QTest::newRow("last activity of the server")
            << QStringLiteral("<iq type='get' id='%1' to='localhost'><query xmlns='jabber:iq:last'/></iq>")
            << QStringLiteral("error") << QStringLiteral("service-unavailable");
        QTest::newRow("disco of a node of the server") << QStringLiteral(
            "<iq type='get' id='%1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info' "
            "node='http://example.org/caps#x'/></iq>") << QStringLiteral("error")
                                                       << QStringLiteral("item-not-found");
        QTest::newRow("software version")
            << QStringLiteral("<iq type='get' id='%1' to='localhost'><query xmlns='jabber:iq:version'/></iq>")
            << QStringLiteral("result") << QString();
        QTest::newRow("software version is a get")
            << QStringLiteral("<iq type='set' id='%1' to='localhost'><query xmlns='jabber:iq:version'/></iq>")
            << QStringLiteral("error") << QStringLiteral("service-unavailable");
        QTest::newRow("entity time") << QStringLiteral(
            "<iq type='get' id='%1' to='localhost'><time xmlns='urn:xmpp:time'/></iq>")
                                     << QStringLiteral("result") << QString();
        QTest::newRow("blocklist") << QStringLiteral(
            "<iq type='get' id='%1'><blocklist xmlns='urn:xmpp:blocking'/></iq>")
                                   << QStringLiteral("result") << QString();
        QTest::newRow("own vCard") << QStringLiteral(
            "<iq type='get' id='%1'><vCard xmlns='vcard-temp'/></iq>")
                                   << QStringLiteral("result") << QString();
        QTest::newRow("registration of a session") << QStringLiteral(
            "<iq type='get' id='%1' to='localhost'><query xmlns='jabber:iq:register'/></iq>")
                                                   << QStringLiteral("result") << QString();
        QTest::newRow("iq to an offline full JID")
            << QStringLiteral(
                   "<iq type='get' id='%1' to='bob@localhost/gone'><ping xmlns='urn:xmpp:ping'/></iq>")
            << QStringLiteral("error") << QStringLiteral("service-unavailable");
        QTest::newRow("iq to a remote domain")
            << QStringLiteral("<iq type='get' id='%1' to='example.org'><ping xmlns='urn:xmpp:ping'/></iq>")
            << QStringLiteral("error") << QStringLiteral("remote-server-not-found");
    }
    void iqAnswers()
    {
        QFETCH(QString, xml);
        QFETCH(QString, expectedType);
        QFETCH(QString, expectedCondition);
        TestClient *alice = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QDomElement answer = alice->requestXml(xml);
        QVERIFY(!answer.isNull());
        QCOMPARE(answer.attribute(QStringLiteral("type")), expectedType);
        QCOMPARE(errorCondition(answer), expectedCondition);
        // An answer to a request without 'to' has no 'from', never an empty one.
        QVERIFY2(!answer.hasAttribute(QStringLiteral("from"))
                     || !answer.attribute(QStringLiteral("from")).isEmpty(),
                 qPrintable(XmlText::fromElement(answer)));
    }

    void serverVersionAndTime()
    {
        TestClient *alice = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        QDomElement answer = alice->requestXml(
            QStringLiteral("<iq type='get' id='%1' to='localhost'><query xmlns='jabber:iq:version'/></iq>"));
        const QDomElement version = answer.firstChildElement(QStringLiteral("query"));
        QCOMPARE(version.firstChildElement(QStringLiteral("name")).text(), QStringLiteral("Minimix Lab"));
        QCOMPARE(version.firstChildElement(QStringLiteral("version")).text(),
                 QStringLiteral(MINIMIX_VERSION));
        answer = alice->requestXml(
            QStringLiteral("<iq type='get' id='%1' to='localhost'><time xmlns='urn:xmpp:time'/></iq>"));
        const QDomElement time = answer.firstChildElement(QStringLiteral("time"));
        QVERIFY(QRegularExpression(QStringLiteral("^[+-]\\d\\d:\\d\\d$"))
                    .match(time.firstChildElement(QStringLiteral("tzo")).text())
                    .hasMatch());
        const QDateTime utc
            = QDateTime::fromString(time.firstChildElement(QStringLiteral("utc")).text(), Qt::ISODateWithMs);
        QVERIFY(utc.isValid());
        QVERIFY(qAbs(utc.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    }

    // Exactly what the server and an account implement, no more (a client relies on each
    // feature it finds) and no less (Poezio looks for pubsub#publish on the account).
    void discoveryFeatures_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<QStringList>("identities");
        QTest::addColumn<QStringList>("features");
        QTest::newRow("server") << QStringLiteral("localhost") << QStringList { QStringLiteral("server/im") }
                                << QStringList {
                                       QStringLiteral("http://jabber.org/protocol/disco#info"),
                                       QStringLiteral("http://jabber.org/protocol/disco#items"),
                                       QStringLiteral("jabber:iq:private"),
                                       QStringLiteral("jabber:iq:register"),
                                       QStringLiteral("jabber:iq:roster"),
                                       QStringLiteral("jabber:iq:version"),
                                       QStringLiteral("msgoffline"), // XEP-0160 §4
                                       QStringLiteral("urn:xmpp:blocking"),
                                       QStringLiteral("urn:xmpp:carbons:2"),
                                       QStringLiteral("urn:xmpp:ping"),
                                       QStringLiteral("urn:xmpp:time"),
                                       QStringLiteral("vcard-temp"),
                                   };
        const QString pubsub = QStringLiteral("http://jabber.org/protocol/pubsub");
        QStringList account {
            QStringLiteral("http://jabber.org/protocol/disco#info"),
            QStringLiteral("http://jabber.org/protocol/disco#items"),
            pubsub,
            QStringLiteral("urn:xmpp:blocking"),
            QStringLiteral("urn:xmpp:bookmarks:1#compat"),
            QStringLiteral("urn:xmpp:bookmarks:1#compat-pep"),
            QStringLiteral("urn:xmpp:mam:2"),
            QStringLiteral("urn:xmpp:mam:2#extended"),
            QStringLiteral("vcard-temp"),
        };
        for (const char *feature :
             { "access-open", "access-presence", "access-whitelist", "auto-create", "auto-subscribe",
               "config-node", "config-node-max", "delete-nodes", "filtered-notifications", "item-ids",
               "last-published", "persistent-items", "presence-notifications", "presence-subscribe",
               "publish", "publish-options", "retract-items", "retrieve-items" })
            account << pubsub + QLatin1Char('#') + QLatin1String(feature);
        account.sort();
        QTest::newRow("own account") << QStringLiteral("alice@localhost")
                                     << QStringList { QStringLiteral("account/registered"),
                                                      QStringLiteral("pubsub/pep") }
                                     << account;
        // RFC 6120 §10.3.3: no 'to' asks the account itself.
        QTest::newRow("no to") << QString()
                               << QStringList { QStringLiteral("account/registered"),
                                                QStringLiteral("pubsub/pep") }
                               << account;
    }
    void discoveryFeatures()
    {
        QFETCH(QString, to);
        QFETCH(QStringList, identities);
        QFETCH(QStringList, features);
        TestClient *alice = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QString toAttribute = to.isEmpty() ? QString() : QStringLiteral(" to='%1'").arg(to);
        const QDomElement info = alice->requestXml(
            QStringLiteral("<iq type='get' id='%1'") + toAttribute
            + QStringLiteral("><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"));
        const QDomElement query = info.firstChildElement(QStringLiteral("query"));
        QStringList found;
        for (QDomElement f = query.firstChildElement(QStringLiteral("feature")); !f.isNull();
             f = f.nextSiblingElement(QStringLiteral("feature")))
            found << f.attribute(QStringLiteral("var"));
        QCOMPARE(found, features); // sorted, each once
        QStringList foundIdentities;
        for (QDomElement i = query.firstChildElement(QStringLiteral("identity")); !i.isNull();
             i = i.nextSiblingElement(QStringLiteral("identity")))
            foundIdentities << i.attribute(QStringLiteral("category")) + QLatin1Char('/')
                    + i.attribute(QStringLiteral("type"));
        QCOMPARE(foundIdentities, identities);
    }

    void rosterIsEmpty()
    {
        TestClient *alice = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QDomElement roster = alice->requestXml(
            QStringLiteral("<iq type='get' id='%1'><query xmlns='jabber:iq:roster'/></iq>"));
        const QDomElement query = roster.firstChildElement(QStringLiteral("query"));
        QCOMPARE(query.namespaceURI(), QStringLiteral("jabber:iq:roster"));
        QVERIFY(query.firstChildElement().isNull());
    }

    void serverDiscovery()
    {
        TestClient *alice = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QDomElement info
            = alice->requestXml(QStringLiteral("<iq type='get' id='%1' to='localhost'><query "
                                               "xmlns='http://jabber.org/protocol/disco#info'/></iq>"));
        const QDomElement query = info.firstChildElement(QStringLiteral("query"));
        QCOMPARE(query.firstChildElement(QStringLiteral("identity")).attribute(QStringLiteral("category")),
                 QStringLiteral("server"));
        QStringList features;
        for (QDomElement f = query.firstChildElement(QStringLiteral("feature")); !f.isNull();
             f = f.nextSiblingElement(QStringLiteral("feature")))
            features << f.attribute(QStringLiteral("var"));
        for (const char *feature :
             { "http://jabber.org/protocol/disco#info", "urn:xmpp:ping", "jabber:iq:roster" })
            QVERIFY2(features.contains(QLatin1String(feature)), feature);
        const QDomElement items
            = alice->requestXml(QStringLiteral("<iq type='get' id='%1' to='localhost'><query "
                                               "xmlns='http://jabber.org/protocol/disco#items'/></iq>"));
        QCOMPARE(items.firstChildElement(QStringLiteral("query"))
                     .firstChildElement(QStringLiteral("item"))
                     .attribute(QStringLiteral("jid")),
                 QStringLiteral("conference.localhost"));
    }

    void presenceReflectedToOwnSessions()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        const int since = phone->mark();
        laptop->sendXml(QStringLiteral("<presence><show>away</show></presence>"));
        QVERIFY(phone->waitFor(TestClient::presenceFrom(laptop->jid()), 5000, since));
        QCOMPARE(LAST_OF(phone->receivedMatching(TestClient::presenceFrom(laptop->jid())))
                     .firstChildElement(QStringLiteral("show"))
                     .text(),
                 QStringLiteral("away"));
        // Without a roster nobody else hears about it.
        QVERIFY(bob->sync());
        QCOMPARE(bob->count(TestClient::presenceFrom(laptop->jid())), 0);
        // A vanished session is unavailable to its siblings.
        laptop->disconnectFromServer();
        QVERIFY(phone->waitFor(TestClient::presenceFrom(laptop->jid(), QStringLiteral("unavailable"))));
    }

    void directedPresence()
    {
        TestClient *alice = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        alice->sendXml(QStringLiteral("<presence to='bob@localhost'><status>hi bob</status></presence>"));
        QVERIFY(bob->waitFor(TestClient::presenceFrom(alice->jid())));
        const QList<QDomElement> presences = bob->receivedMatching(TestClient::presenceFrom(alice->jid()));
        QCOMPARE(presences.size(), 1);
        QCOMPARE(presences.first().attribute(QStringLiteral("type")), QString()); // available
        QCOMPARE(presences.first().firstChildElement(QStringLiteral("status")).text(),
                 QStringLiteral("hi bob"));
    }

    void chatMessages_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<int>("desktopCopies");
        QTest::addColumn<int>("phoneCopies");
        QTest::newRow("to the bare JID: every available session")
            << QStringLiteral("bob@localhost") << 1 << 1;
        QTest::newRow("to a full JID: that session") << QStringLiteral("bob@localhost/desktop") << 1 << 0;
        QTest::newRow("to a gone resource: the account") << QStringLiteral("bob@localhost/gone") << 1 << 1;
    }
    void chatMessages()
    {
        QFETCH(QString, to);
        QFETCH(int, desktopCopies);
        QFETCH(int, phoneCopies);
        TestClient *alice = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *desktop = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        TestClient *phone = m_server->connect(QStringLiteral("bob"), QStringLiteral("phone"));
        alice->sendXml(QStringLiteral("<message type='chat' to='%1'><body>hey</body></message>").arg(to));
        const auto hey = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("message") && bodyOf(e) == QLatin1String("hey");
        };
        QVERIFY(desktop->waitFor(hey));
        QVERIFY(desktop->sync());
        QVERIFY(phone->sync());
        QCOMPARE(desktop->count(hey), desktopCopies);
        QCOMPARE(phone->count(hey), phoneCopies);
        QCOMPARE(FIRST_OF(desktop->receivedMatching(hey)).attribute(QStringLiteral("from")), alice->jid());
    }

    // RFC 6121 §8.5.2.1: an account without a session keeps the message for later
    // (XEP-0160; tests/offlinemessages covers the details); an account that does not
    // exist still bounces it.
    void messageToOfflineAccountIsKept()
    {
        TestClient *alice = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        alice->sendXml(QStringLiteral(
            "<message id='m1' type='chat' to='carol@localhost'><body>anyone?</body></message>"));
        alice->sendXml(QStringLiteral(
            "<message id='m2' type='chat' to='nobody@localhost'><body>anyone?</body></message>"));
        QVERIFY(alice->waitFor(TestClient::errorWithId(QStringLiteral("m2"))));
        QCOMPARE(
            errorCondition(FIRST_OF(alice->receivedMatching(TestClient::errorWithId(QStringLiteral("m2"))))),
            QStringLiteral("service-unavailable"));
        QCOMPARE(alice->count(TestClient::errorWithId(QStringLiteral("m1"))), 0);

        TestClient *carol = m_server->connect(QStringLiteral("carol"), QStringLiteral("tablet"));
        const auto kept = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("message")
                && e.attribute(QStringLiteral("id")) == QLatin1String("m1");
        };
        QVERIFY(carol->waitFor(kept));
        QCOMPARE(bodyOf(FIRST_OF(carol->receivedMatching(kept))), QStringLiteral("anyone?"));
    }
};

QTEST_GUILESS_MAIN(tst_BasicServices)
#include "tst_basicservices.moc"
