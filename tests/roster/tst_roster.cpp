// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Rosters and presence subscriptions (RFC 6121) over real sockets: roster get, set and
// remove with pushes, roster versioning, the subscription handshake and the presence
// it lets through, pre-approval, requests kept for an offline contact, persistence
// across a restart, and the per-account limit.
#include "RawStream.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "Vocabulary.h"

#include <QTemporaryDir>
#include <QTest>
#include <QXmppClient.h>
#include <QXmppRosterManager.h>

namespace {
const QString Alice = QStringLiteral("alice@localhost");
const QString Bob = QStringLiteral("bob@localhost");
const QString Carol = QStringLiteral("carol@localhost");
const QString Dave = QStringLiteral("dave@localhost");

QDomElement rosterQuery(const QDomElement &iq)
{
    return Stanza::child(iq, QStringLiteral("query"), Ns::Roster);
}

// The roster as the server answers it: the answer's items by JID.
QHash<QString, QDomElement> items(const QDomElement &answer)
{
    QHash<QString, QDomElement> found;
    for (const QDomElement &item : Stanza::children(rosterQuery(answer), QStringLiteral("item"), Ns::Roster))
        found.insert(item.attribute(QStringLiteral("jid")), item);
    return found;
}

QDomElement getRoster(TestClient *client, const QString &ver = QString())
{
    const QString attribute = ver.isNull() ? QString() : QStringLiteral(" ver='%1'").arg(ver);
    return client->requestXml(
        QStringLiteral("<iq type='get' id='%1'><query xmlns='jabber:iq:roster'%2/></iq>")
            .arg(QStringLiteral("%1"), attribute));
}

QString subscriptionOf(TestClient *client, const QString &contact)
{
    const QHash<QString, QDomElement> roster = items(getRoster(client));
    return roster.contains(contact) ? roster.value(contact).attribute(QStringLiteral("subscription"))
                                    : QStringLiteral("(absent)");
}

QDomElement setItem(TestClient *client, const QString &itemXml)
{
    return client->requestXml(
        QStringLiteral("<iq type='set' id='%1'><query xmlns='jabber:iq:roster'>%2</query></iq>")
            .arg(QStringLiteral("%1"), itemXml));
}

// A roster push for this contact (any state), optionally with this subscription.
TestClient::Predicate pushFor(const QString &contact, const QString &subscription = QString())
{
    return [contact, subscription](const QDomElement &e) {
        if (e.tagName() != QLatin1String("iq") || Stanza::type(e) != QLatin1String("set"))
            return false;
        const QDomElement item = rosterQuery(e).firstChildElement(QStringLiteral("item"));
        return item.attribute(QStringLiteral("jid")) == contact
            && (subscription.isEmpty() || item.attribute(QStringLiteral("subscription")) == subscription);
    };
}

TestClient::Predicate presenceOfType(const QString &from, const QString &type)
{
    return TestClient::presenceFrom(from, type);
}

void send(TestClient *client, const QString &type, const QString &to)
{
    client->sendXml(QStringLiteral("<presence to='%1' type='%2'/>").arg(to, type));
}

// a and b subscribe to each other, each approving the other's request.
bool befriend(TestClient *a, TestClient *b)
{
    int since = b->mark();
    send(a, QStringLiteral("subscribe"), b->bareJid());
    if (!b->waitFor(presenceOfType(a->bareJid(), QStringLiteral("subscribe")), 5000, since))
        return false;
    since = a->mark();
    send(b, QStringLiteral("subscribed"), a->bareJid());
    if (!a->waitFor(presenceOfType(b->bareJid(), QStringLiteral("subscribed")), 5000, since))
        return false;
    since = a->mark();
    send(b, QStringLiteral("subscribe"), a->bareJid());
    if (!a->waitFor(presenceOfType(b->bareJid(), QStringLiteral("subscribe")), 5000, since))
        return false;
    since = b->mark();
    send(a, QStringLiteral("subscribed"), b->bareJid());
    return b->waitFor(presenceOfType(a->bareJid(), QStringLiteral("subscribed")), 5000, since) && a->sync()
        && b->sync();
}
} // namespace

class tst_Roster : public QObject
{
    Q_OBJECT

private slots:
    // Add, update and remove a contact; every change is pushed to the other interested session.
    void setUpdateRemoveWithPushes()
    {
        TestServer server;
        TestClient *desktop = server.connect(QStringLiteral("alice"), QStringLiteral("desktop"));
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        int since = phone->mark();
        QDomElement answer = setItem(
            desktop, QStringLiteral("<item jid='bob@localhost' name='Bob'><group>Friends</group></item>"));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QVERIFY(phone->waitFor(pushFor(Bob, QStringLiteral("none")), 5000, since));
        const QDomElement push = LAST_OF(phone->receivedMatching(pushFor(Bob)));
        QVERIFY(!rosterQuery(push).attribute(QStringLiteral("ver")).isEmpty());
        const QDomElement pushed = rosterQuery(push).firstChildElement(QStringLiteral("item"));
        QCOMPARE(pushed.attribute(QStringLiteral("name")), QStringLiteral("Bob"));
        QCOMPARE(pushed.firstChildElement(QStringLiteral("group")).text(), QStringLiteral("Friends"));

        QHash<QString, QDomElement> roster = items(getRoster(phone));
        QCOMPARE(roster.size(), 1);
        QCOMPARE(roster.value(Bob).attribute(QStringLiteral("name")), QStringLiteral("Bob"));

        // An update replaces name and groups; a subscription value other than "remove" is ignored.
        since = phone->mark();
        answer = setItem(desktop,
                         QStringLiteral("<item jid='bob@localhost' name='Robert' subscription='both'>"
                                        "<group>Work</group><group>Chess</group></item>"));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QVERIFY(phone->waitFor(pushFor(Bob), 5000, since));
        roster = items(getRoster(desktop));
        QCOMPARE(roster.value(Bob).attribute(QStringLiteral("name")), QStringLiteral("Robert"));
        QCOMPARE(roster.value(Bob).attribute(QStringLiteral("subscription")), QStringLiteral("none"));
        QCOMPARE(Stanza::children(roster.value(Bob), QStringLiteral("group"), Ns::Roster).size(), 2);

        since = phone->mark();
        answer = setItem(desktop, QStringLiteral("<item jid='bob@localhost' subscription='remove'/>"));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QVERIFY(phone->waitFor(pushFor(Bob, QStringLiteral("remove")), 5000, since));
        QVERIFY(items(getRoster(phone)).isEmpty());
    }

    // Sessions that never asked for the roster get no pushes (RFC 6121 §2.2: interested resources).
    void pushesOnlyToInterestedSessions()
    {
        TestServer server;
        TestClient *desktop = server.connect(QStringLiteral("alice"), QStringLiteral("desktop"));
        TestClient quiet(QStringLiteral("alice"), QStringLiteral("quiet"));
        quiet.client()->removeExtension(quiet.client()->findExtension<QXmppRosterManager>());
        QVERIFY(quiet.connectToServer(server.port()));
        QCOMPARE(Stanza::type(setItem(desktop, QStringLiteral("<item jid='carol@localhost'/>"))),
                 QStringLiteral("result"));
        QVERIFY(quiet.sync());
        QCOMPARE(quiet.count(pushFor(Carol)), 0);
        // Asking once makes it interested.
        getRoster(&quiet);
        const int since = quiet.mark();
        QCOMPARE(Stanza::type(setItem(desktop, QStringLiteral("<item jid='dave@localhost'/>"))),
                 QStringLiteral("result"));
        QVERIFY(quiet.waitFor(pushFor(Dave), 5000, since));
    }

    // RFC 6121 §2.6: the same version gets an empty result, another one the whole roster.
    // Versions count as Prosody's do (scripts written against it expect them): a roster
    // never changed reads "1" and its first change is "1" too, so "1" is never taken as
    // current (the whole roster comes again, which §2.6.3 allows).
    void versioning()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QDomElement answer = getRoster(alice, QStringLiteral(""));
        const QString first = rosterQuery(answer).attribute(QStringLiteral("ver"));
        QCOMPARE(first, QStringLiteral("1"));
        answer = getRoster(alice, first);
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QCOMPARE(rosterQuery(answer).attribute(QStringLiteral("ver")), first);
        QCOMPARE(items(answer).size(), 0);

        int since = alice->mark();
        setItem(alice, QStringLiteral("<item jid='bob@localhost'/>"));
        QVERIFY(alice->waitFor(pushFor(Bob), 5000, since));
        // The first change is "1" as well: still sent whole, now with bob.
        answer = getRoster(alice, first);
        QCOMPARE(items(answer).size(), 1);
        since = alice->mark();
        setItem(alice, QStringLiteral("<item jid='carol@localhost'/>"));
        QVERIFY(alice->waitFor(pushFor(Carol), 5000, since));
        const QString pushed
            = rosterQuery(LAST_OF(alice->receivedMatching(pushFor(Carol)))).attribute(QStringLiteral("ver"));
        QCOMPARE(pushed, QStringLiteral("2"));
        answer = getRoster(alice, first);
        QCOMPARE(rosterQuery(answer).attribute(QStringLiteral("ver")), pushed);
        QCOMPARE(items(answer).size(), 2);
        answer = getRoster(alice, pushed);
        QVERIFY(rosterQuery(answer).isNull());
        // Without ver the whole roster comes, with its version.
        answer = getRoster(alice);
        QCOMPARE(rosterQuery(answer).attribute(QStringLiteral("ver")), pushed);
    }

    // RFC 6121 §2.3.3: what a roster set may not do.
    void setErrors_data()
    {
        QTest::addColumn<QString>("xml");
        QTest::addColumn<QString>("condition");
        const auto set = [](const QString &items, const QString &to = QString()) {
            return QStringLiteral("<iq type='set' id='%1'%2><query xmlns='jabber:iq:roster'>%3</query></iq>")
                .arg(QStringLiteral("%1"), to.isEmpty() ? QString() : QStringLiteral(" to='%1'").arg(to),
                     items);
        };
        QTest::newRow("two items") << set(
            QStringLiteral("<item jid='bob@localhost'/><item jid='carol@localhost'/>"))
                                   << QStringLiteral("bad-request");
        QTest::newRow("no item") << set(QString()) << QStringLiteral("bad-request");
        QTest::newRow("full jid") << set(QStringLiteral("<item jid='bob@localhost/desktop'/>"))
                                  << QStringLiteral("bad-request");
        QTest::newRow("invalid jid") << set(QStringLiteral("<item jid='b&lt;ob@localhost'/>"))
                                     << QStringLiteral("bad-request");
        QTest::newRow("no jid") << set(QStringLiteral("<item name='x'/>")) << QStringLiteral("bad-request");
        QTest::newRow("empty group") << set(QStringLiteral("<item jid='bob@localhost'><group/></item>"))
                                     << QStringLiteral("not-acceptable");
        QTest::newRow("duplicate group")
            << set(QStringLiteral("<item jid='bob@localhost'><group>A</group><group>A</group></item>"))
            << QStringLiteral("bad-request");
        QTest::newRow("name too long") << set(
            QStringLiteral("<item jid='bob@localhost' name='%1'/>").arg(QString(2000, QLatin1Char('n'))))
                                       << QStringLiteral("not-acceptable");
        QTest::newRow("oneself") << set(QStringLiteral("<item jid='alice@localhost'/>"))
                                 << QStringLiteral("not-allowed");
        QTest::newRow("remove unknown")
            << set(QStringLiteral("<item jid='carol@localhost' subscription='remove'/>"))
            << QStringLiteral("item-not-found");
        QTest::newRow("another account's roster (set)")
            << set(QStringLiteral("<item jid='carol@localhost'/>"), Bob) << QStringLiteral("forbidden");
        QTest::newRow("another account's roster (get)") << QStringLiteral(
            "<iq type='get' id='%1' to='bob@localhost'><query xmlns='jabber:iq:roster'/></iq>")
                                                        << QStringLiteral("forbidden");
    }
    void setErrors()
    {
        QFETCH(QString, xml);
        QFETCH(QString, condition);
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const QDomElement answer = alice->requestXml(xml);
        QCOMPARE(Stanza::type(answer), QStringLiteral("error"));
        QCOMPARE(errorCondition(answer), condition);
        // Nothing was stored.
        QVERIFY(items(getRoster(alice)).isEmpty());
    }

    // The whole handshake both ways, then presence flows both ways and ends with the session.
    void subscriptionHandshake_data()
    {
        QTest::addColumn<bool>("cleanLogout");
        QTest::newRow("unavailable sent") << true;
        QTest::newRow("connection lost") << false;
    }
    void subscriptionHandshake()
    {
        QFETCH(bool, cleanLogout);
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        const QString aliceFull = alice->jid();
        const QString bobFull = bob->jid();

        int aliceSince = alice->mark();
        int bobSince = bob->mark();
        alice->sendXml(QStringLiteral("<presence to='bob@localhost/desktop' type='subscribe'>"
                                      "<status>hi, it's alice</status></presence>"));
        // Outbound: alice's roster shows the pending request.
        QVERIFY(alice->waitFor(pushFor(Bob, QStringLiteral("none")), 5000, aliceSince));
        QCOMPARE(rosterQuery(LAST_OF(alice->receivedMatching(pushFor(Bob))))
                     .firstChildElement(QStringLiteral("item"))
                     .attribute(QStringLiteral("ask")),
                 QStringLiteral("subscribe"));
        // Inbound: bob is asked, from alice's bare JID, with her status text; his roster is unchanged.
        QVERIFY(bob->waitFor(presenceOfType(Alice, QStringLiteral("subscribe")), 5000, bobSince));
        QCOMPARE(LAST_OF(bob->receivedMatching(presenceOfType(Alice, QStringLiteral("subscribe"))))
                     .firstChildElement(QStringLiteral("status"))
                     .text(),
                 QStringLiteral("hi, it's alice"));
        QCOMPARE(subscriptionOf(bob, Alice), QStringLiteral("(absent)"));

        aliceSince = alice->mark();
        bobSince = bob->mark();
        send(bob, QStringLiteral("subscribed"), Alice);
        QVERIFY(bob->waitFor(pushFor(Alice, QStringLiteral("from")), 5000, bobSince));
        QVERIFY(alice->waitFor(pushFor(Bob, QStringLiteral("to")), 5000, aliceSince));
        QVERIFY(alice->waitFor(presenceOfType(Bob, QStringLiteral("subscribed")), 5000, aliceSince));
        // Alice now sees bob's presence; bob does not see alice's yet.
        QVERIFY(alice->waitFor(presenceOfType(bobFull, QString()), 5000, aliceSince));

        aliceSince = alice->mark();
        bobSince = bob->mark();
        send(bob, QStringLiteral("subscribe"), Alice);
        QVERIFY(alice->waitFor(presenceOfType(Bob, QStringLiteral("subscribe")), 5000, aliceSince));
        send(alice, QStringLiteral("subscribed"), Bob);
        QVERIFY(bob->waitFor(presenceOfType(Alice, QStringLiteral("subscribed")), 5000, bobSince));
        QVERIFY(bob->waitFor(presenceOfType(aliceFull, QString()), 5000, bobSince));
        QVERIFY(bob->waitFor(pushFor(Alice, QStringLiteral("both")), 5000, bobSince));
        QVERIFY(alice->waitFor(pushFor(Bob, QStringLiteral("both")), 5000, aliceSince));
        QCOMPARE(subscriptionOf(alice, Bob), QStringLiteral("both"));
        QCOMPARE(subscriptionOf(bob, Alice), QStringLiteral("both"));

        // A presence change reaches the contact; a new session is told the contacts' presence.
        bobSince = bob->mark();
        alice->sendXml(QStringLiteral("<presence><show>away</show></presence>"));
        QVERIFY(bob->waitFor(presenceOfType(aliceFull, QString()), 5000, bobSince));
        QCOMPARE(LAST_OF(bob->receivedMatching(presenceOfType(aliceFull, QString())))
                     .firstChildElement(QStringLiteral("show"))
                     .text(),
                 QStringLiteral("away"));
        TestClient *bobPhone = server.connect(QStringLiteral("bob"), QStringLiteral("phone"));
        QVERIFY(bobPhone->waitFor(presenceOfType(aliceFull, QString())));
        QVERIFY(alice->waitFor(presenceOfType(bobPhone->jid(), QString())));

        aliceSince = alice->mark();
        if (cleanLogout)
            bob->disconnectFromServer();
        else
            server.server()->dropSession(bobFull);
        QVERIFY(alice->waitFor(presenceOfType(bobFull, QStringLiteral("unavailable")), 5000, aliceSince));
        QVERIFY(alice->sync());
        QCOMPARE(alice->count([&](const QDomElement &e) {
            return presenceOfType(bobFull, QStringLiteral("unavailable"))(e);
        }),
                 1);
    }

    // A probe is answered for a subscriber only (RFC 6121 §4.3.2).
    void probes()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        TestClient *carol = server.connect(QStringLiteral("carol"));
        QVERIFY(befriend(alice, bob));
        int since = bob->mark();
        send(bob, QStringLiteral("probe"), Alice);
        QVERIFY(bob->waitFor(presenceOfType(alice->jid(), QString()), 5000, since));
        since = carol->mark();
        send(carol, QStringLiteral("probe"), Alice);
        QVERIFY(carol->sync());
        QCOMPARE(carol->count(TestClient::anythingFrom(Alice)), 0);
        // Nobody online: unavailable from the bare JID.
        alice->disconnectFromServer();
        since = bob->mark();
        send(bob, QStringLiteral("probe"), Alice);
        QVERIFY(bob->waitFor(presenceOfType(Alice, QStringLiteral("unavailable")), 5000, since));
    }

    // RFC 6121 §3.4: approved before being asked, the request is answered at once.
    void preApproval()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        int bobSince = bob->mark();
        send(bob, QStringLiteral("subscribed"), Alice);
        QVERIFY(bob->waitFor(pushFor(Alice, QStringLiteral("none")), 5000, bobSince));
        QCOMPARE(rosterQuery(LAST_OF(bob->receivedMatching(pushFor(Alice))))
                     .firstChildElement(QStringLiteral("item"))
                     .attribute(QStringLiteral("approved")),
                 QStringLiteral("true"));
        QVERIFY(alice->sync());
        QCOMPARE(alice->count(TestClient::anythingFrom(Bob)), 0); // a pre-approval is not routed

        const int aliceSince = alice->mark();
        bobSince = bob->mark();
        send(alice, QStringLiteral("subscribe"), Bob);
        QVERIFY(alice->waitFor(presenceOfType(Bob, QStringLiteral("subscribed")), 5000, aliceSince));
        QVERIFY(alice->waitFor(presenceOfType(bob->jid(), QString()), 5000, aliceSince));
        QVERIFY(bob->waitFor(pushFor(Alice, QStringLiteral("from")), 5000, bobSince));
        QVERIFY(bob->sync());
        QCOMPARE(bob->count(presenceOfType(Alice, QStringLiteral("subscribe"))), 0);
        QCOMPARE(subscriptionOf(alice, Bob), QStringLiteral("to"));
        QCOMPARE(items(getRoster(bob)).value(Alice).attribute(QStringLiteral("approved")), QString());
    }

    // RFC 6121 §3.1.3: a request for a contact with no session waits for its next login.
    void pendingRequestDeliveredAtLogin()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        send(alice, QStringLiteral("subscribe"), Bob);
        QVERIFY(alice->waitFor(pushFor(Bob)));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(bob->waitFor(presenceOfType(Alice, QStringLiteral("subscribe"))));
        // Refusing it ends the request on both sides.
        const int since = alice->mark();
        send(bob, QStringLiteral("unsubscribed"), Alice);
        QVERIFY(alice->waitFor(presenceOfType(Bob, QStringLiteral("unsubscribed")), 5000, since));
        QVERIFY(alice->waitFor(pushFor(Bob, QStringLiteral("none")), 5000, since));
        QVERIFY(!items(getRoster(alice)).value(Bob).hasAttribute(QStringLiteral("ask")));
        TestClient *bobPhone = server.connect(QStringLiteral("bob"), QStringLiteral("phone"));
        QVERIFY(bobPhone->sync());
        QCOMPARE(bobPhone->count(presenceOfType(Alice, QStringLiteral("subscribe"))), 0);
    }

    // RFC 6121 §3.1.3: the whole request is kept, a XEP-0379 token with it, and delivered
    // as it was sent at each later login until it is answered.
    void pendingRequestKeptWhole()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        alice->sendXml(QStringLiteral("<presence to='bob@localhost' type='subscribe'>"
                                      "<preauth xmlns='urn:xmpp:pars:0' token='t0k3n'/></presence>"));
        QVERIFY(alice->waitFor(pushFor(Bob)));
        for (const QString &resource : { QStringLiteral("desktop"), QStringLiteral("phone") }) {
            TestClient *bob = server.connect(QStringLiteral("bob"), resource);
            QVERIFY(bob->waitFor(presenceOfType(Alice, QStringLiteral("subscribe"))));
            const QDomElement request
                = LAST_OF(bob->receivedMatching(presenceOfType(Alice, QStringLiteral("subscribe"))));
            QCOMPARE(Stanza::child(request, QStringLiteral("preauth"), QStringLiteral("urn:xmpp:pars:0"))
                         .attribute(QStringLiteral("token")),
                     QStringLiteral("t0k3n"));
            bob->disconnectFromServer();
        }
        // Answered: forgotten, the next login gets nothing.
        TestClient *bob = server.connect(QStringLiteral("bob"), QStringLiteral("tablet"));
        QVERIFY(bob->waitFor(presenceOfType(Alice, QStringLiteral("subscribe"))));
        send(bob, QStringLiteral("subscribed"), Alice);
        QVERIFY(alice->waitFor(presenceOfType(Bob, QStringLiteral("subscribed"))));
        TestClient *bobPhone = server.connect(QStringLiteral("bob"), QStringLiteral("phone2"));
        QVERIFY(bobPhone->sync());
        QCOMPARE(bobPhone->count(presenceOfType(Alice, QStringLiteral("subscribe"))), 0);
    }

    // As Prosody does: what is sent to the account reaches its sessions addressed to the bare
    // JID; a request not approved yet is answered with the contact's unavailable presence
    // (a probe's answer, §4.3.2); removing a contact sends it unavailable from each session.
    void addressedToBareJid()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        const auto last = [](TestClient *client, const QString &from, const QString &type) {
            return LAST_OF(client->receivedMatching(presenceOfType(from, type)));
        };
        int aliceSince = alice->mark();
        int bobSince = bob->mark();
        send(alice, QStringLiteral("subscribe"), Bob);
        QVERIFY(alice->waitFor(presenceOfType(Bob, QStringLiteral("unavailable")), 5000, aliceSince));
        QCOMPARE(Stanza::to(last(alice, Bob, QStringLiteral("unavailable"))), Alice);
        QVERIFY(bob->waitFor(presenceOfType(Alice, QStringLiteral("subscribe")), 5000, bobSince));
        QCOMPARE(Stanza::to(last(bob, Alice, QStringLiteral("subscribe"))), Bob);

        aliceSince = alice->mark();
        send(bob, QStringLiteral("subscribed"), Alice);
        QVERIFY(alice->waitFor(presenceOfType(bob->jid(), QString()), 5000, aliceSince));
        QCOMPARE(Stanza::to(last(alice, bob->jid(), QString())), Alice);

        // The other way: once alice approves, each sees the other's presence at once.
        aliceSince = alice->mark();
        bobSince = bob->mark();
        send(bob, QStringLiteral("subscribe"), Alice);
        QVERIFY(alice->waitFor(presenceOfType(Bob, QStringLiteral("subscribe")), 5000, aliceSince));
        aliceSince = alice->mark();
        send(alice, QStringLiteral("subscribed"), Bob);
        QVERIFY(bob->waitFor(presenceOfType(alice->jid(), QString()), 5000, bobSince));
        QCOMPARE(Stanza::to(last(bob, alice->jid(), QString())), Bob);
        QVERIFY(alice->waitFor(presenceOfType(bob->jid(), QString()), 5000, aliceSince));

        aliceSince = alice->mark();
        QCOMPARE(
            Stanza::type(setItem(bob, QStringLiteral("<item jid='alice@localhost' subscription='remove'/>"))),
            QStringLiteral("result"));
        QVERIFY(alice->waitFor(presenceOfType(bob->jid(), QStringLiteral("unavailable")), 5000, aliceSince));
        QCOMPARE(Stanza::to(last(alice, bob->jid(), QStringLiteral("unavailable"))), Alice);
    }

    // Unsubscribe and unsubscribed end one direction; removing the contact ends both (§2.5.3).
    void unsubscribeAndRemove()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(befriend(alice, bob));

        int aliceSince = alice->mark();
        int bobSince = bob->mark();
        send(alice, QStringLiteral("unsubscribe"), Bob);
        QVERIFY(alice->waitFor(pushFor(Bob, QStringLiteral("from")), 5000, aliceSince));
        QVERIFY(bob->waitFor(presenceOfType(Alice, QStringLiteral("unsubscribe")), 5000, bobSince));
        QVERIFY(bob->waitFor(pushFor(Alice, QStringLiteral("to")), 5000, bobSince));
        // Alice no longer sees bob.
        QVERIFY(alice->waitFor(presenceOfType(bob->jid(), QStringLiteral("unavailable")), 5000, aliceSince));
        aliceSince = alice->mark();
        bob->sendXml(QStringLiteral("<presence><show>dnd</show></presence>"));
        QVERIFY(bob->sync());
        QVERIFY(alice->sync());
        for (int i = aliceSince; i < alice->received().size(); ++i)
            QVERIFY(!TestClient::presenceFrom(bob->jid())(alice->received().at(i)));

        // Bob removes alice: his 'to' ends (alice gets unsubscribe), his roster forgets her.
        aliceSince = alice->mark();
        bobSince = bob->mark();
        QCOMPARE(
            Stanza::type(setItem(bob, QStringLiteral("<item jid='alice@localhost' subscription='remove'/>"))),
            QStringLiteral("result"));
        QVERIFY(bob->waitFor(pushFor(Alice, QStringLiteral("remove")), 5000, bobSince));
        QVERIFY(alice->waitFor(presenceOfType(Bob, QStringLiteral("unsubscribe")), 5000, aliceSince));
        QVERIFY(alice->waitFor(pushFor(Bob, QStringLiteral("none")), 5000, aliceSince));
        QVERIFY(bob->waitFor(presenceOfType(alice->jid(), QStringLiteral("unavailable")), 5000, bobSince));
        QCOMPARE(subscriptionOf(alice, Bob), QStringLiteral("none"));
        QCOMPARE(subscriptionOf(bob, Alice), QStringLiteral("(absent)"));
    }

    // Removing a contact with a subscription both ways tells the contact both.
    void removeCancelsBothWays()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(befriend(alice, bob));
        const int bobSince = bob->mark();
        QCOMPARE(
            Stanza::type(setItem(alice, QStringLiteral("<item jid='bob@localhost' subscription='remove'/>"))),
            QStringLiteral("result"));
        QVERIFY(bob->waitFor(presenceOfType(Alice, QStringLiteral("unsubscribe")), 5000, bobSince));
        QVERIFY(bob->waitFor(presenceOfType(Alice, QStringLiteral("unsubscribed")), 5000, bobSince));
        QVERIFY(bob->waitFor(presenceOfType(alice->jid(), QStringLiteral("unavailable")), 5000, bobSince));
        QCOMPARE(subscriptionOf(bob, Alice), QStringLiteral("none"));
        QCOMPARE(subscriptionOf(alice, Bob), QStringLiteral("(absent)"));
    }

    // No server-to-server: a contact elsewhere cannot be asked.
    void remoteContact()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const int since = alice->mark();
        send(alice, QStringLiteral("subscribe"), QStringLiteral("romeo@example.net"));
        const TestClient::Predicate refused = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("presence") && Stanza::type(e) == QLatin1String("error")
                && errorCondition(e) == QLatin1String("remote-server-not-found");
        };
        QVERIFY(alice->waitFor(refused, 5000, since));
        QVERIFY(items(getRoster(alice)).isEmpty());
    }

    // RFC 6121 §8.5.1: asking an account that does not exist is refused on its behalf.
    void noSuchAccount()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const QString nobody = QStringLiteral("nobody@localhost");
        const int since = alice->mark();
        send(alice, QStringLiteral("subscribe"), nobody);
        QVERIFY(alice->waitFor(presenceOfType(nobody, QStringLiteral("unsubscribed")), 5000, since));
        QVERIFY(alice->waitFor(pushFor(nobody, QStringLiteral("none")), 5000, since));
        QVERIFY(!items(getRoster(alice)).value(nobody).hasAttribute(QStringLiteral("ask")));
    }

    // Rosters, subscriptions, versions and pending requests are in the database.
    void survivesRestart()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ServerOptions options;
        options.databasePath = dir.filePath(QStringLiteral("minimix.sqlite"));
        QString version;
        {
            TestServer server(JoinMode::AccountLevel, options);
            TestClient *alice = server.connect(QStringLiteral("alice"));
            TestClient *bob = server.connect(QStringLiteral("bob"));
            QVERIFY(befriend(alice, bob));
            setItem(alice,
                    QStringLiteral("<item jid='carol@localhost' name='Carol'><group>G</group></item>"));
            alice->sendXml(QStringLiteral(
                "<presence to='dave@localhost' type='subscribe'><status>kept</status></presence>"));
            QVERIFY(alice->waitFor(pushFor(Dave)));
            version = rosterQuery(getRoster(alice)).attribute(QStringLiteral("ver"));
        }
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *bob = server.connect(QStringLiteral("bob"));
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QVERIFY(rosterQuery(getRoster(alice, version)).isNull());
        const QHash<QString, QDomElement> roster = items(getRoster(alice));
        QCOMPARE(roster.value(Bob).attribute(QStringLiteral("subscription")), QStringLiteral("both"));
        QCOMPARE(roster.value(Carol).attribute(QStringLiteral("name")), QStringLiteral("Carol"));
        QCOMPARE(roster.value(Dave).attribute(QStringLiteral("ask")), QStringLiteral("subscribe"));
        // Presence flows again at login, and dave is asked at his.
        QVERIFY(alice->waitFor(presenceOfType(bob->jid(), QString())));
        QVERIFY(bob->waitFor(presenceOfType(alice->jid(), QString())));
        TestClient *dave = server.connect(QStringLiteral("dave"));
        QVERIFY(dave->waitFor(presenceOfType(Alice, QStringLiteral("subscribe"))));
        // The whole request, as alice sent it (§3.1.3).
        QCOMPARE(LAST_OF(dave->receivedMatching(presenceOfType(Alice, QStringLiteral("subscribe"))))
                     .firstChildElement(QStringLiteral("status"))
                     .text(),
                 QStringLiteral("kept"));
    }

    // ServiceLimits::maxRosterItemsPerAccount bounds a roster, by roster set and by subscribing.
    void limit()
    {
        ServerOptions options;
        options.service.maxRosterItemsPerAccount = 2;
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QCOMPARE(Stanza::type(setItem(alice, QStringLiteral("<item jid='bob@localhost'/>"))),
                 QStringLiteral("result"));
        QCOMPARE(Stanza::type(setItem(alice, QStringLiteral("<item jid='carol@localhost'/>"))),
                 QStringLiteral("result"));
        const QDomElement refused = setItem(alice, QStringLiteral("<item jid='dave@localhost'/>"));
        QCOMPARE(Stanza::type(refused), QStringLiteral("error"));
        QCOMPARE(errorCondition(refused), QStringLiteral("resource-constraint"));
        // Updating a contact it has is still fine.
        QCOMPARE(Stanza::type(setItem(alice, QStringLiteral("<item jid='bob@localhost' name='B'/>"))),
                 QStringLiteral("result"));
        const int since = alice->mark();
        send(alice, QStringLiteral("subscribe"), Dave);
        const TestClient::Predicate error = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("presence") && Stanza::type(e) == QLatin1String("error")
                && errorCondition(e) == QLatin1String("resource-constraint");
        };
        QVERIFY(alice->waitFor(error, 5000, since));
        QCOMPARE(items(getRoster(alice)).size(), 2);
    }

    // RFC 6121 §2.6.1 and §3.4: clients learn both from the stream features after login.
    void streamFeatures()
    {
        ServerOptions options;
        options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
        TestServer server(JoinMode::AccountLevel, options);
        RawStream raw(server.port());
        QVERIFY(raw.authenticate("alice"));
        QVERIFY(raw.received().contains("<ver xmlns='urn:xmpp:features:rosterver'/>"));
        QVERIFY(raw.received().contains("<sub xmlns='urn:xmpp:features:pre-approval'/>"));
    }

    // Room presence is not taken for roster presence: a join still works with contacts around.
    void roomJoinUnaffected()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(befriend(alice, bob));
        QVERIFY(alice->join(QStringLiteral("lobby@conference.localhost"), QStringLiteral("alice")));
        QVERIFY(bob->join(QStringLiteral("lobby@conference.localhost"), QStringLiteral("bob")));
        QVERIFY(alice->waitFor(TestClient::presenceFrom(QStringLiteral("lobby@conference.localhost/bob"))));
    }
};

QTEST_GUILESS_MAIN(tst_Roster)
#include "tst_roster.moc"
