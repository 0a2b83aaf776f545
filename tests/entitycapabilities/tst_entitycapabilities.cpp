// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0115 entity capabilities driving XEP-0163 PEP: the server asks a session with
// new caps what it is (as the account's bare JID), remembers only verified answers,
// notifies contacts whose caps say '+notify' and who may read the node, and sends the
// last item when it learns such an interest.
#include "EntityCapabilities.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestServer.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QTest>
#include <QXmppClient.h>
#include <QXmppClientExtension.h>
#include <QXmppDiscoveryManager.h>
#include <QXmppPresence.h>
#include <memory>

namespace {
const QString Alice = QStringLiteral("alice@localhost");
const QString Bob = QStringLiteral("bob@localhost");
const QString Node = QStringLiteral("urn:example:mood");

// Makes a real client advertise more features, so its caps ver and its own disco#info
// answer (QXmpp's) say '+notify' for them.
class ExtraFeatures : public QXmppClientExtension
{
public:
    explicit ExtraFeatures(const QStringList &features)
        : m_features(features)
    { }
    QStringList discoveryFeatures() const override { return m_features; }
    bool handleStanza(const QDomElement &) override { return false; }

private:
    QStringList m_features;
};

// Announces '<node>+notify' in a new available presence (with new caps).
void wantNotifications(TestClient *client, const QString &node)
{
    client->client()->addExtension(new ExtraFeatures({ node + QStringLiteral("+notify") }));
    client->client()->setClientPresence(QXmppPresence(QXmppPresence::Available));
}

TestClient::Predicate capsQuery(const QString &from, const QString &node = QString())
{
    return [from, node](const QDomElement &e) {
        const QDomElement query = Stanza::child(e, QStringLiteral("query"), Ns::DiscoInfo);
        return e.tagName() == QLatin1String("iq")
            && e.attribute(QStringLiteral("type")) == QLatin1String("get")
            && e.attribute(QStringLiteral("id")) == QLatin1String("disco")
            && e.attribute(QStringLiteral("from")) == from && !query.isNull()
            && (node.isEmpty() || query.attribute(QStringLiteral("node")) == node);
    };
}

TestClient::Predicate itemEvent(const QString &owner, const QString &node, const QString &id)
{
    return [owner, node, id](const QDomElement &e) {
        const QDomElement items = Stanza::child(Stanza::child(e, QStringLiteral("event"), Ns::PubSubEvent),
                                                QStringLiteral("items"), Ns::PubSubEvent);
        const QDomElement item = Stanza::child(items, QStringLiteral("item"), Ns::PubSubEvent);
        return e.tagName() == QLatin1String("message") && e.attribute(QStringLiteral("from")) == owner
            && items.attribute(QStringLiteral("node")) == node && item.attribute(QStringLiteral("id")) == id;
    };
}

QDomElement publish(TestClient *client, const QString &node, const QString &id, const QString &accessModel)
{
    const QString options = accessModel.isEmpty()
        ? QString()
        : QStringLiteral("<publish-options><x xmlns='jabber:x:data' type='submit'>"
                         "<field var='FORM_TYPE'><value>%1</value></field>"
                         "<field var='pubsub#access_model'><value>%2</value></field></x></publish-options>")
              .arg(Ns::PubSubPublishOptions, accessModel);
    return client->requestXml(
        QStringLiteral("<iq type='set' id='%1'><pubsub xmlns='%2'><publish node='%3'><item id='%4'>"
                       "<mood xmlns='urn:example:mood'><happy/></mood></item></publish>%5</pubsub></iq>")
            .arg(QStringLiteral("%1"), Ns::PubSub, node, id, options));
}

void sendPresence(TestClient *from, const QString &type, const QString &to)
{
    from->sendXml(QStringLiteral("<presence type='%1' to='%2'/>").arg(type, to));
}

// a subscribes to b's presence, b approves.
bool subscribe(TestClient *a, TestClient *b)
{
    const int since = a->mark();
    sendPresence(a, QStringLiteral("subscribe"), b->bareJid());
    if (!b->sync())
        return false;
    sendPresence(b, QStringLiteral("subscribed"), a->bareJid());
    return a->waitFor(
        [b](const QDomElement &e) {
            return e.tagName() == QLatin1String("presence")
                && e.attribute(QStringLiteral("type")) == QLatin1String("subscribed")
                && e.attribute(QStringLiteral("from")) == b->bareJid();
        },
        5000, since);
}
} // namespace

class tst_EntityCapabilities : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

private slots:
    void init() { m_server = std::make_unique<TestServer>(JoinMode::AccountLevel); }
    void cleanup() { m_server.reset(); }

    // XEP-0115 §5.2 and §5.3: the verification string's hash.
    void verificationHash_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("ver");
        QTest::newRow("simple (§5.2)")
            << QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#info'>"
                              "<identity category='client' name='Exodus 0.9.1' type='pc'/>"
                              "<feature var='http://jabber.org/protocol/muc'/>"
                              "<feature var='http://jabber.org/protocol/disco#info'/>"
                              "<feature var='http://jabber.org/protocol/disco#items'/>"
                              "<feature var='http://jabber.org/protocol/caps'/></query>")
            << QStringLiteral("QgayPKawpkPSDYmwT/WM94uAlu0=");
        QTest::newRow("complex, with a form and languages (§5.3)") << QStringLiteral(
            "<query xmlns='http://jabber.org/protocol/disco#info'>"
            "<identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>"
            "<identity xml:lang='el' category='client' name='&#x3A8; 0.11' type='pc'/>"
            "<feature var='http://jabber.org/protocol/caps'/>"
            "<feature var='http://jabber.org/protocol/disco#info'/>"
            "<feature var='http://jabber.org/protocol/disco#items'/>"
            "<feature var='http://jabber.org/protocol/muc'/>"
            "<x xmlns='jabber:x:data' type='result'>"
            "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>"
            "<field var='ip_version'><value>ipv4</value><value>ipv6</value></field>"
            "<field var='os'><value>Mac</value></field>"
            "<field var='os_version'><value>10.5.1</value></field>"
            "<field var='software'><value>Psi</value></field>"
            "<field var='software_version'><value>0.11</value></field></x></query>")
                                                                   << QStringLiteral(
                                                                          "q07IKJEyjvHSyhy//CH0CxmKi8w=");
        QTest::newRow("Verse with tune and mood")
            << QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#info'>"
                              "<identity type='pc' name='Verse' category='client'/>"
                              "<feature var='http://jabber.org/protocol/tune+notify'/>"
                              "<feature var='http://jabber.org/protocol/disco#info'/>"
                              "<feature var='http://jabber.org/protocol/disco#items'/>"
                              "<feature var='http://jabber.org/protocol/caps'/>"
                              "<feature var='http://jabber.org/protocol/mood+notify'/></query>")
            << QStringLiteral("IfQwbaaDB4LEP5tkGArEaB/3Y+s=");
    }
    void verificationHash()
    {
        QFETCH(QString, query);
        QFETCH(QString, ver);
        const QDomElement element = XmlText::toElement(query);
        QVERIFY(!element.isNull());
        QCOMPARE(EntityCapabilities::verificationHash(element), ver);
    }

    // New caps are asked about, once per ver, as the account (before its presence comes back).
    void sessionIsAsked()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const auto raw = [](const QString &ver) {
            return QStringLiteral("<presence><c xmlns='%1' hash='sha-1' node='urn:example:client' ver='%2'/>"
                                  "</presence>")
                .arg(Ns::Caps, ver);
        };
        int since = phone->mark();
        phone->sendXml(raw(QStringLiteral("unverified=")));
        QVERIFY(
            phone->waitFor(capsQuery(Alice, QStringLiteral("urn:example:client#unverified=")), 5000, since));
        const QList<QDomElement> after = phone->received().mid(since);
        const auto isQuery = capsQuery(Alice);
        const int queryAt = int(std::find_if(after.cbegin(), after.cend(), isQuery) - after.cbegin());
        QVERIFY(phone->waitFor(TestClient::presenceFrom(phone->jid()), 5000, since));
        const auto ownPresence = TestClient::presenceFrom(phone->jid());
        const QList<QDomElement> all = phone->received().mid(since);
        QVERIFY(queryAt < int(std::find_if(all.cbegin(), all.cend(), ownPresence) - all.cbegin()));

        // The same ver again: nothing new to learn.
        since = phone->mark();
        phone->sendXml(raw(QStringLiteral("unverified=")));
        QVERIFY(phone->sync());
        const QList<QDomElement> again = phone->received().mid(since);
        QCOMPARE(std::count_if(again.cbegin(), again.cend(), isQuery), 0);
    }

    // Only an answer that hashes to its ver is remembered for other sessions.
    void onlyVerifiedAnswersAreShared_data()
    {
        QTest::addColumn<bool>("truthful");
        QTest::newRow("answer matches its ver: the next session is not asked") << true;
        QTest::newRow("answer does not match: the next session is asked too") << false;
    }
    void onlyVerifiedAnswersAreShared()
    {
        QFETCH(bool, truthful);
        const QString features = QStringLiteral("<identity category='client' type='pc' name='Verse'/>"
                                                "<feature var='http://jabber.org/protocol/disco#info'/>"
                                                "<feature var='http://jabber.org/protocol/caps'/>");
        // Its true ver, or one it cannot have.
        const QString ver = truthful ? EntityCapabilities::verificationHash(XmlText::toElement(
                                QStringLiteral("<query xmlns='%1'>%2</query>").arg(Ns::DiscoInfo, features)))
                                     : QStringLiteral("forged/ver/AAAAAAAAAAAAAAAAAAA=");
        const QString presence
            = QStringLiteral(
                  "<presence><c xmlns='%1' hash='sha-1' node='urn:example:c' ver='%2'/></presence>")
                  .arg(Ns::Caps, ver);
        const QString node = QStringLiteral("urn:example:c#") + ver;
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        // The QXmpp clients answer their own queries; these are only about the raw caps.
        phone->client()->removeExtension(phone->client()->findExtension<QXmppDiscoveryManager>());
        int since = phone->mark();
        phone->sendXml(presence);
        QVERIFY(phone->waitFor(capsQuery(Alice, node), 5000, since));
        phone->sendXml(
            QStringLiteral("<iq type='result' id='disco' to='%1'><query xmlns='%2' node='%3'>%4</query></iq>")
                .arg(Alice, Ns::DiscoInfo, node, features));
        QVERIFY(phone->sync());
        since = laptop->mark();
        laptop->sendXml(presence);
        QVERIFY(laptop->sync());
        QCOMPARE(laptop->count(capsQuery(Alice, node)), truthful ? 0 : 1);
    }

    // XEP-0163 §6.2: a session that starts wanting a node gets its last item, once;
    // not from a whitelist node (private storage, send_last_published_item 'never').
    void lastItemWhenInterestIsLearned_data()
    {
        QTest::addColumn<QString>("accessModel");
        QTest::addColumn<int>("expected");
        QTest::newRow("presence (default)") << QString() << 1;
        QTest::newRow("open") << QStringLiteral("open") << 1;
        QTest::newRow("whitelist") << QStringLiteral("whitelist") << 0;
    }
    void lastItemWhenInterestIsLearned()
    {
        QFETCH(QString, accessModel);
        QFETCH(int, expected);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(Stanza::type(publish(phone, Node, QStringLiteral("current"), accessModel))
                == QLatin1String("result"));
        QVERIFY(phone->sync());
        const int since = phone->mark();
        wantNotifications(phone, Node);
        QVERIFY(phone->waitFor(capsQuery(Alice), 5000, since));
        QVERIFY(phone->sync());
        QVERIFY(phone->sync()); // its answer is in, and what it caused
        const QList<QDomElement> events = phone->received().mid(since);
        const int got = int(
            std::count_if(events.cbegin(), events.cend(), itemEvent(Alice, Node, QStringLiteral("current"))));
        QCOMPARE(got, expected);
        if (expected) {
            const QDomElement event = *std::find_if(events.cbegin(), events.cend(),
                                                    itemEvent(Alice, Node, QStringLiteral("current")));
            const QDomElement item
                = Stanza::child(Stanza::child(Stanza::child(event, QStringLiteral("event"), Ns::PubSubEvent),
                                              QStringLiteral("items"), Ns::PubSubEvent),
                                QStringLiteral("item"), Ns::PubSubEvent);
            QCOMPARE(item.attribute(QStringLiteral("publisher")), Alice);
            QCOMPARE(event.attribute(QStringLiteral("to")), phone->jid());
        }
    }

    // XEP-0163 §4.3: a contact's session with '+notify' hears of the account's items when it
    // may read them; nobody else does.
    void contactsNotified_data()
    {
        QTest::addColumn<QString>("accessModel");
        QTest::addColumn<bool>("bobSubscribed"); // bob sees alice's presence and she his
        QTest::addColumn<bool>("bobWants"); // bob's caps say +notify
        QTest::addColumn<bool>("notified");
        QTest::newRow("presence, subscribed, wants") << QString() << true << true << true;
        QTest::newRow("presence, subscribed, does not want") << QString() << true << false << false;
        QTest::newRow("presence, not subscribed") << QString() << false << true << false;
        QTest::newRow("open, not subscribed (no presence: never learned)")
            << QStringLiteral("open") << false << true << false;
        QTest::newRow("open, subscribed, wants") << QStringLiteral("open") << true << true << true;
        QTest::newRow("whitelist, subscribed, wants") << QStringLiteral("whitelist") << true << true << false;
    }
    void contactsNotified()
    {
        QFETCH(QString, accessModel);
        QFETCH(bool, bobSubscribed);
        QFETCH(bool, bobWants);
        QFETCH(bool, notified);
        TestClient *alice = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        if (bobSubscribed) {
            QVERIFY(subscribe(alice, bob));
            QVERIFY(subscribe(bob, alice));
        }
        const int since = bob->mark();
        if (bobWants)
            wantNotifications(bob, Node);
        else
            bob->client()->setClientPresence(QXmppPresence(QXmppPresence::Available));
        QVERIFY(bob->sync());
        QVERIFY(alice->sync());
        QVERIFY(bob->sync());
        // Alice's service asked bob itself, as alice, when his presence reached her.
        QCOMPARE(bob->count(capsQuery(Alice)) > 0, bobSubscribed && bobWants);
        QCOMPARE(Stanza::type(publish(alice, Node, QStringLiteral("current"), accessModel)),
                 QStringLiteral("result"));
        QVERIFY(alice->sync());
        QVERIFY(bob->sync());
        const QList<QDomElement> got = bob->received().mid(since);
        QCOMPARE(std::count_if(got.cbegin(), got.cend(), itemEvent(Alice, Node, QStringLiteral("current")))
                     > 0,
                 notified);
        // Never to a session of someone else than the one who wants it.
        TestClient *carol = m_server->connect(QStringLiteral("carol"), QStringLiteral("desktop"));
        wantNotifications(carol, Node);
        QVERIFY(carol->sync());
        QVERIFY(Stanza::type(publish(alice, Node, QStringLiteral("next"), accessModel))
                == QLatin1String("result"));
        QVERIFY(carol->sync());
        QCOMPARE(carol->count(itemEvent(Alice, Node, QStringLiteral("next"))), 0);
    }
};

QTEST_GUILESS_MAIN(tst_EntityCapabilities)
#include "tst_entitycapabilities.moc"
