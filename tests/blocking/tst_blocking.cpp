// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0191 blocking over real sockets: the list and its pushes, the errors, and the
// enforcement both ways (what a blocked JID sends to the account, what the account
// sends to it), kept across a restart.
#include "ServiceLimits.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "Vocabulary.h"

#include <QTemporaryDir>
#include <QTest>

namespace {
const QString Bob = QStringLiteral("bob@localhost");
const QString Lobby = QStringLiteral("lobby@conference.localhost");

QString blockIq(const QString &command, const QStringList &jids, const QString &type = QStringLiteral("set"))
{
    QString items;
    for (const QString &jid : jids)
        items += QStringLiteral("<item jid='%1'/>").arg(jid);
    return QStringLiteral("<iq type='%1' id='%3'><%2 xmlns='urn:xmpp:blocking'>%4</%2></iq>")
        .arg(type, command, QStringLiteral("%1"), items);
}

QStringList itemsOf(const QDomElement &command)
{
    QStringList jids;
    for (const QDomElement &item : Stanza::children(command, QStringLiteral("item"), Ns::Blocking))
        jids << item.attribute(QStringLiteral("jid"));
    return jids;
}

QStringList blocklist(TestClient *client)
{
    const QDomElement answer
        = client->requestXml(blockIq(QStringLiteral("blocklist"), {}, QStringLiteral("get")));
    if (Stanza::type(answer) != QLatin1String("result"))
        return { QStringLiteral("<no result>") };
    return itemsOf(Stanza::child(answer, QStringLiteral("blocklist"), Ns::Blocking));
}

TestClient::Predicate pushOf(const QString &command)
{
    return [command](const QDomElement &e) {
        return e.tagName() == QLatin1String("iq") && Stanza::type(e) == QLatin1String("set")
            && !Stanza::child(e, command, Ns::Blocking).isNull();
    };
}

bool hasBlockedCondition(const QDomElement &error)
{
    return !Stanza::child(Stanza::child(error, QStringLiteral("error"), Ns::Client),
                          QStringLiteral("blocked"), Ns::BlockingErrors)
                .isNull();
}
} // namespace

class tst_Blocking : public QObject
{
    Q_OBJECT

private slots:
    // Block and unblock answer the session and are pushed to the sessions that read the list.
    void listAndPushes()
    {
        TestServer server;
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *desk = server.connect(QStringLiteral("alice"), QStringLiteral("desk"));
        QCOMPARE(blocklist(laptop), QStringList());

        int since = laptop->mark();
        int phoneSince = phone->mark();
        QDomElement answer
            = phone->requestXml(blockIq(QStringLiteral("block"), { Bob, QStringLiteral("Carol@LOCALHOST") }));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QVERIFY(laptop->waitFor(pushOf(QStringLiteral("block")), 5000, since));
        const QDomElement push = laptop->receivedMatching(pushOf(QStringLiteral("block"))).last();
        QCOMPARE(itemsOf(Stanza::child(push, QStringLiteral("block"), Ns::Blocking)),
                 (QStringList { Bob, QStringLiteral("carol@localhost") }));
        // Sessions that never read the list get no push (§3.3).
        QVERIFY(phone->sync());
        QVERIFY(desk->sync());
        QCOMPARE(phone->count(pushOf(QStringLiteral("block"))), 0);
        QCOMPARE(desk->count(pushOf(QStringLiteral("block"))), 0);
        Q_UNUSED(phoneSince);

        QCOMPARE(blocklist(phone), (QStringList { Bob, QStringLiteral("carol@localhost") }));
        since = laptop->mark();
        int phoneMark = phone->mark();
        answer = phone->requestXml(blockIq(QStringLiteral("unblock"), { Bob }));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QVERIFY(laptop->waitFor(pushOf(QStringLiteral("unblock")), 5000, since));
        QVERIFY(phone->waitFor(pushOf(QStringLiteral("unblock")), 5000, phoneMark)); // it read the list now
        QCOMPARE(itemsOf(Stanza::child(laptop->receivedMatching(pushOf(QStringLiteral("unblock"))).last(),
                                       QStringLiteral("unblock"), Ns::Blocking)),
                 QStringList { Bob });
        QCOMPARE(blocklist(laptop), QStringList { QStringLiteral("carol@localhost") });

        // Unblock with no item: everyone (§3.5), pushed without items.
        since = laptop->mark();
        answer = laptop->requestXml(blockIq(QStringLiteral("unblock"), {}));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QVERIFY(laptop->waitFor(pushOf(QStringLiteral("unblock")), 5000, since));
        QCOMPARE(itemsOf(Stanza::child(laptop->receivedMatching(pushOf(QStringLiteral("unblock"))).last(),
                                       QStringLiteral("unblock"), Ns::Blocking)),
                 QStringList());
        QCOMPARE(blocklist(phone), QStringList());
    }

    void errors_data()
    {
        QTest::addColumn<QString>("request");
        QTest::addColumn<QString>("condition");
        QTest::newRow("block without items")
            << blockIq(QStringLiteral("block"), {}) << QStringLiteral("bad-request");
        QTest::newRow("block an invalid JID")
            << blockIq(QStringLiteral("block"), { QStringLiteral("a b@localhost") })
            << QStringLiteral("jid-malformed");
        QTest::newRow("unblock an invalid JID")
            << blockIq(QStringLiteral("unblock"), { QStringLiteral("@localhost") })
            << QStringLiteral("jid-malformed");
        QTest::newRow("block as a get") << blockIq(QStringLiteral("block"), { Bob }, QStringLiteral("get"))
                                        << QStringLiteral("bad-request");
        QTest::newRow("blocklist as a set")
            << blockIq(QStringLiteral("blocklist"), {}) << QStringLiteral("bad-request");
        QTest::newRow("another account's list") << QStringLiteral(
            "<iq type='get' id='%1' to='bob@localhost'><blocklist xmlns='urn:xmpp:blocking'/></iq>")
                                                << QStringLiteral("forbidden");
    }
    void errors()
    {
        QFETCH(QString, request);
        QFETCH(QString, condition);
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const QDomElement answer = alice->requestXml(request);
        QCOMPARE(Stanza::type(answer), QStringLiteral("error"));
        QCOMPARE(errorCondition(answer), condition);
        QCOMPARE(blocklist(alice), QStringList());
    }

    // §3.3 and §3.4, for each item that matches bob's session (XEP-0016 §2.1 matching).
    void enforcement_data()
    {
        QTest::addColumn<QString>("item");
        QTest::addColumn<QString>("kind");
        const QStringList items { Bob, QStringLiteral("bob@localhost/desktop"),
                                  QStringLiteral("localhost/desktop") };
        for (const QString &item : items) {
            for (const char *kind :
                 { "message in", "presence in", "iq in", "message out", "iq out", "presence out" })
                QTest::addRow("%s, %s", kind, qPrintable(item)) << item << QString::fromLatin1(kind);
        }
    }
    void enforcement()
    {
        QFETCH(QString, item);
        QFETCH(QString, kind);
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = server.connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        for (int blocked = 1; blocked >= 0; --blocked) {
            const QDomElement changed = alice->requestXml(
                blockIq(blocked ? QStringLiteral("block") : QStringLiteral("unblock"), { item }));
            QCOMPARE(Stanza::type(changed), QStringLiteral("result"));
            const bool inbound = kind.endsWith(QLatin1String(" in"));
            TestClient *sender = inbound ? bob : alice;
            TestClient *receiver = inbound ? alice : bob;
            const QString to = inbound ? alice->jid() : bob->jid();
            const QString id = QStringLiteral("s%1").arg(blocked);
            QString xml;
            if (kind.startsWith(QLatin1String("message")))
                xml = QStringLiteral("<message type='chat' id='%1' to='%2'><body>hello</body></message>");
            else if (kind.startsWith(QLatin1String("presence")))
                xml = QStringLiteral("<presence id='%1' to='%2'><status>here</status></presence>");
            else
                xml = QStringLiteral(
                    "<iq type='get' id='%1' to='%2'><query xmlns='urn:example:probe'/></iq>");
            const int senderMark = sender->mark();
            const int receiverMark = receiver->mark();
            sender->sendXml(xml.arg(id, to));
            const auto arrived = [id](const QDomElement &e) {
                return e.attribute(QStringLiteral("id")) == id && Stanza::type(e) != QLatin1String("error");
            };
            if (!blocked) {
                // The control: unblocked, it gets through.
                QVERIFY2(receiver->waitFor(arrived, 5000, receiverMark), qPrintable(kind));
                continue;
            }
            const bool answered
                = kind.startsWith(QLatin1String("iq")) || kind == QLatin1String("message out");
            if (answered) {
                QVERIFY(sender->waitFor(TestClient::errorWithId(id), 5000, senderMark));
                const QDomElement error = sender->receivedMatching(TestClient::errorWithId(id)).last();
                if (inbound) {
                    QCOMPARE(errorCondition(error), QStringLiteral("service-unavailable"));
                    QVERIFY(!hasBlockedCondition(error)); // the sender learns nothing of the block
                } else {
                    QCOMPARE(errorCondition(error), QStringLiteral("not-acceptable"));
                    QVERIFY(hasBlockedCondition(error));
                }
            }
            QVERIFY(sender->sync());
            QVERIFY(receiver->sync());
            QCOMPARE(receiver->count([&](const QDomElement &e) { return arrived(e); }), 0);
            if (!answered)
                QCOMPARE(sender->count(TestClient::errorWithId(id)), 0);
        }
    }

    // A full-JID item blocks that resource only; other accounts are not affected.
    void matchingIsExact()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bobDesk = server.connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        TestClient *bobPhone = server.connect(QStringLiteral("bob"), QStringLiteral("phone"));
        TestClient *carol = server.connect(QStringLiteral("carol"));
        QCOMPARE(Stanza::type(alice->requestXml(blockIq(QStringLiteral("block"), { bobDesk->jid() }))),
                 QStringLiteral("result"));
        const int since = alice->mark();
        for (TestClient *sender : { bobDesk, bobPhone, carol })
            sender->sendXml(QStringLiteral("<message type='chat' to='%1'><body>from %2</body></message>")
                                .arg(alice->jid(), sender->jid()));
        QVERIFY(alice->waitFor(
            [&](const QDomElement &e) { return bodyOf(e) == QLatin1String("from ") + carol->jid(); }, 5000,
            since));
        QVERIFY(alice->waitFor(
            [&](const QDomElement &e) { return bodyOf(e) == QLatin1String("from ") + bobPhone->jid(); }, 5000,
            since));
        QVERIFY(bobDesk->sync());
        QVERIFY(alice->sync());
        QCOMPARE(alice->count([&](const QDomElement &e) {
            return bodyOf(e) == QLatin1String("from ") + bobDesk->jid();
        }),
                 0);
    }

    // A contact subscribed to the account's presence sees it go unavailable when blocked,
    // and available again when unblocked (§3.3, §3.5).
    void subscriberSeesUnavailable()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = server.connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        // bob subscribes to alice, alice approves.
        bob->sendXml(QStringLiteral("<presence type='subscribe' to='alice@localhost'/>"));
        QVERIFY(alice->waitFor(TestClient::presenceFrom(Bob, QStringLiteral("subscribe"))));
        int since = bob->mark();
        alice->sendXml(QStringLiteral("<presence type='subscribed' to='bob@localhost'/>"));
        QVERIFY(bob->waitFor(TestClient::presenceFrom(alice->jid()), 5000, since));

        since = bob->mark();
        QCOMPARE(Stanza::type(alice->requestXml(blockIq(QStringLiteral("block"), { Bob }))),
                 QStringLiteral("result"));
        QVERIFY(
            bob->waitFor(TestClient::presenceFrom(alice->jid(), QStringLiteral("unavailable")), 5000, since));
        // While blocked, alice's later presence (broadcast to subscribers, outside the
        // chain) does not reach bob, nor does a new session's.
        const int fromPhone = bob->count(TestClient::presenceFrom(alice->jid()));
        alice->sendXml(QStringLiteral("<presence><show>away</show></presence>"));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(alice->sync() && laptop->sync() && bob->sync());
        QCOMPARE(bob->count(TestClient::presenceFrom(alice->jid())), fromPhone);
        QCOMPARE(bob->count(TestClient::presenceFrom(laptop->jid())), 0);
        since = bob->mark();
        QCOMPARE(Stanza::type(alice->requestXml(blockIq(QStringLiteral("unblock"), {}))),
                 QStringLiteral("result"));
        QVERIFY(bob->waitFor(TestClient::presenceFrom(alice->jid()), 5000, since));
        // carol, not subscribed, learns nothing either way.
        TestClient *carol = server.connect(QStringLiteral("carol"));
        QCOMPARE(Stanza::type(alice->requestXml(
                     blockIq(QStringLiteral("block"), { QStringLiteral("carol@localhost") }))),
                 QStringLiteral("result"));
        QVERIFY(carol->sync());
        QCOMPARE(carol->count(TestClient::presenceFrom(alice->jid(), QStringLiteral("unavailable"))), 0);
    }

    // A list is bounded (MaxBlockedJidsPerAccount): a block past it is refused whole and
    // the list stays as it was.
    void listIsBounded()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QStringList jids;
        for (int i = 0; i < ServiceDefaults::MaxBlockedJidsPerAccount; ++i)
            jids << QStringLiteral("spam%1@example.org").arg(i);
        QCOMPARE(Stanza::type(alice->requestXml(blockIq(QStringLiteral("block"), jids))),
                 QStringLiteral("result"));
        const QDomElement answer
            = alice->requestXml(blockIq(QStringLiteral("block"), { QStringLiteral("one-more@example.org") }));
        QCOMPARE(errorCondition(answer), QStringLiteral("resource-constraint"));
        const QStringList kept = blocklist(alice);
        QCOMPARE(kept.size(), ServiceDefaults::MaxBlockedJidsPerAccount);
        QVERIFY(!kept.contains(QStringLiteral("one-more@example.org")));
    }

    // §8 with XEP-0191: a message of a blocked occupant never reached the account, so the
    // account's history of the room does not have it: a later session's replay leaves it
    // out, whether the occupant is still blocked or not any more.
    void blockedOccupantOutOfHistory_data()
    {
        QTest::addColumn<bool>("unblockFirst");
        QTest::newRow("still blocked") << false;
        QTest::newRow("unblocked before the replay") << true;
    }
    void blockedOccupantOutOfHistory()
    {
        QFETCH(bool, unblockFirst);
        TestServer server(JoinMode::AccountLevel);
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        bob->say(Lobby, QStringLiteral("before"));
        QVERIFY(phone->waitFor(TestClient::groupchat(Lobby, QStringLiteral("before"))));
        const QString occupant = Lobby + QStringLiteral("/bob");
        QCOMPARE(Stanza::type(phone->requestXml(blockIq(QStringLiteral("block"), { occupant }))),
                 QStringLiteral("result"));
        bob->say(Lobby, QStringLiteral("blocked"));
        QVERIFY(bob->waitFor(TestClient::groupchat(Lobby, QStringLiteral("blocked"))));
        phone->say(Lobby, QStringLiteral("after"));
        QVERIFY(phone->waitFor(TestClient::groupchat(Lobby, QStringLiteral("after"))));
        QCOMPARE(phone->count(TestClient::groupchat(Lobby, QStringLiteral("blocked"))), 0);
        if (unblockFirst)
            QCOMPARE(Stanza::type(phone->requestXml(blockIq(QStringLiteral("unblock"), { occupant }))),
                     QStringLiteral("result"));

        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice"), QStringLiteral("<history maxstanzas='10'/>")));
        QVERIFY(laptop->waitFor(TestClient::groupchat(Lobby, QStringLiteral("after"))));
        QVERIFY(laptop->sync());
        QCOMPARE(laptop->count(TestClient::groupchat(Lobby, QStringLiteral("before"))), 1);
        QCOMPARE(laptop->count(TestClient::groupchat(Lobby, QStringLiteral("blocked"))), 0);
    }

    void persistsAcrossRestart()
    {
        QTemporaryDir dir;
        ServerOptions options;
        options.databasePath = dir.filePath(QStringLiteral("minimix.db"));
        {
            TestServer server(JoinMode::AccountLevel, options);
            TestClient *alice = server.connect(QStringLiteral("alice"));
            QCOMPARE(Stanza::type(alice->requestXml(blockIq(QStringLiteral("block"), { Bob }))),
                     QStringLiteral("result"));
        }
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QCOMPARE(blocklist(alice), QStringList { Bob });
        TestClient *bob = server.connect(QStringLiteral("bob"));
        const int since = bob->mark();
        bob->sendXml(
            QStringLiteral("<iq type='get' id='after' to='%1'><query xmlns='urn:example:probe'/></iq>")
                .arg(alice->jid()));
        QVERIFY(bob->waitFor(TestClient::errorWithId(QStringLiteral("after")), 5000, since));
        QCOMPARE(
            errorCondition(bob->receivedMatching(TestClient::errorWithId(QStringLiteral("after"))).last()),
            QStringLiteral("service-unavailable"));
    }

    void advertised()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        for (const QString &to : { QStringLiteral("localhost"), QStringLiteral("alice@localhost") }) {
            const QDomElement info
                = alice->requestXml(QStringLiteral("<iq type='get' id='%1' to='%2'><query "
                                                   "xmlns='http://jabber.org/protocol/disco#info'/></iq>")
                                        .arg(QStringLiteral("%1"), to));
            QStringList features;
            for (const QDomElement &feature :
                 Stanza::children(Stanza::child(info, QStringLiteral("query"), Ns::DiscoInfo),
                                  QStringLiteral("feature"), Ns::DiscoInfo))
                features << feature.attribute(QStringLiteral("var"));
            QVERIFY2(features.contains(QStringLiteral("urn:xmpp:blocking")), qPrintable(to));
        }
    }
};

QTEST_GUILESS_MAIN(tst_Blocking)
#include "tst_blocking.moc"
