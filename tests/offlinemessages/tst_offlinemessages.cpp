// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Offline messages (RFC 6121 §8.5.2, XEP-0160) over real sockets: what is kept for an
// account that no session of non-negative priority can take, what is not, how and to
// whom it is delivered later, the per-account bound, and that it outlives a restart.
#include "MinimixServer.h"
#include "ServiceLimits.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "Vocabulary.h"

#include <QDateTime>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

Q_DECLARE_METATYPE(JoinMode)

namespace {
TestClient::Predicate messageWithId(const QString &id)
{
    return [id](const QDomElement &e) {
        return e.tagName() == QLatin1String("message") && e.attribute(QStringLiteral("id")) == id
            && e.attribute(QStringLiteral("type")) != QLatin1String("error");
    };
}

TestClient::Predicate messageWithBody(const QString &body)
{
    return
        [body](const QDomElement &e) { return e.tagName() == QLatin1String("message") && bodyOf(e) == body; };
}

QString chat(const QString &id, const QString &to, const QString &body)
{
    return QStringLiteral("<message id='%1' type='chat' to='%2'><body>%3</body></message>").arg(id, to, body);
}

QDomElement delayOf(const QDomElement &message)
{
    return Stanza::child(message, QStringLiteral("delay"), Ns::Delay);
}

// Connects a session that sets its priority before anything is sent to it.
TestClient *connectWithPriority(TestServer &server, const QString &user, const QString &resource,
                                int priority)
{
    TestClient *client = server.connect(user, resource);
    client->sendXml(QStringLiteral("<presence><priority>%1</priority></presence>").arg(priority));
    client->sync();
    return client;
}
} // namespace

class tst_OfflineMessages : public QObject
{
    Q_OBJECT

private slots:
    // XEP-0160 §3: chat and normal messages are kept (no type is normal), groupchat,
    // headline and error messages are not; neither is what has nothing to read later
    // (only a chat state) nor what asks not to be stored (XEP-0334 <no-store/>).
    void keptByKind_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("payload");
        QTest::addColumn<bool>("kept");
        const QString body = QStringLiteral("<body>for later</body>");
        QTest::newRow("chat") << QStringLiteral("chat") << body << true;
        QTest::newRow("normal") << QStringLiteral("normal") << body << true;
        QTest::newRow("no type") << QString() << body << true;
        QTest::newRow("receipt only")
            << QStringLiteral("chat") << QStringLiteral("<received xmlns='urn:xmpp:receipts' id='x1'/>")
            << true;
        QTest::newRow("store hint, no body")
            << QStringLiteral("chat")
            << QStringLiteral(
                   "<store xmlns='urn:xmpp:hints'/><gone xmlns='http://jabber.org/protocol/chatstates'/>")
            << true;
        QTest::newRow("chat state only")
            << QStringLiteral("chat")
            << QStringLiteral("<composing xmlns='http://jabber.org/protocol/chatstates'/>") << false;
        QTest::newRow("no-store hint")
            << QStringLiteral("chat") << body + QStringLiteral("<no-store xmlns='urn:xmpp:hints'/>") << false;
        QTest::newRow("headline") << QStringLiteral("headline") << body << false;
        QTest::newRow("groupchat") << QStringLiteral("groupchat") << body << false;
        QTest::newRow("error") << QStringLiteral("error") << body << false;
    }
    void keptByKind()
    {
        QFETCH(QString, type);
        QFETCH(QString, payload);
        QFETCH(bool, kept);
        TestServer server(JoinMode::Classic);
        TestClient *alice = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QString typeAttribute = type.isEmpty() ? QString() : QStringLiteral(" type='%1'").arg(type);
        alice->sendXml(QStringLiteral("<message id='k1' to='carol@localhost'%1>%2</message>")
                           .arg(typeAttribute, payload));
        QVERIFY(alice->sync());

        TestClient *carol = server.connect(QStringLiteral("carol"), QStringLiteral("tablet"));
        QVERIFY(carol->sync());
        const auto delivered = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("message")
                && e.attribute(QStringLiteral("id")) == QLatin1String("k1");
        };
        QCOMPARE(carol->count(delivered), kept ? 1 : 0);
        if (kept) {
            // What is kept is no failure for its sender.
            QCOMPARE(alice->count(TestClient::errorWithId(QStringLiteral("k1"))), 0);
            const QDomElement message = FIRST_OF(carol->receivedMatching(delivered));
            QCOMPARE(message.attribute(QStringLiteral("from")), alice->jid());
            QCOMPARE(delayOf(message).attribute(QStringLiteral("from")), QStringLiteral("localhost"));
        }
    }

    // Kept in order, whether sent to the bare JID or to a resource that is gone (RFC 6121
    // §8.5.3.2.1), and given to the first session that sends presence, after its own
    // presence, each with when it came (XEP-0203, from the server) and the stanza-id of the
    // recipient's archive, which has them as delivered. Then they are gone from the store.
    // The same in both modes: offline storage is one-to-one business.
    void deliveredInOrderOnPresence_data()
    {
        QTest::addColumn<JoinMode>("mode");
        QTest::newRow("classic") << JoinMode::Classic;
        QTest::newRow("account-level") << JoinMode::AccountLevel;
    }
    void deliveredInOrderOnPresence()
    {
        QFETCH(JoinMode, mode);
        TestServer server(mode);
        TestClient *alice = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
        alice->sendXml(
            chat(QStringLiteral("o1"), QStringLiteral("carol@localhost"), QStringLiteral("first")));
        alice->sendXml(
            chat(QStringLiteral("o2"), QStringLiteral("carol@localhost/gone"), QStringLiteral("second")));
        alice->sendXml(QStringLiteral("<message id='o3' to='carol@localhost'><body>third</body></message>"));
        QVERIFY(alice->sync());
        const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1);
        QCOMPARE(alice->count([](const QDomElement &e) {
            return e.attribute(QStringLiteral("type")) == QLatin1String("error");
        }),
                 0);

        TestClient *carol = server.connect(QStringLiteral("carol"), QStringLiteral("tablet"));
        QVERIFY(carol->waitFor(messageWithId(QStringLiteral("o3"))));
        QStringList bodies;
        int firstMessage = -1;
        int ownPresence = -1;
        for (int i = 0; i < carol->received().size(); ++i) {
            const QDomElement e = carol->received().at(i);
            if (ownPresence < 0 && TestClient::presenceFrom(carol->jid())(e))
                ownPresence = i;
            if (e.tagName() != QLatin1String("message") || bodyOf(e).isEmpty())
                continue;
            if (firstMessage < 0)
                firstMessage = i;
            bodies << bodyOf(e);
            QCOMPARE(e.attribute(QStringLiteral("from")), alice->jid());
            const QDomElement delay = delayOf(e);
            QCOMPARE(delay.attribute(QStringLiteral("from")), QStringLiteral("localhost"));
            const QString stamp = delay.attribute(QStringLiteral("stamp"));
            QVERIFY2(stamp.endsWith(QLatin1Char('Z')), qPrintable(stamp)); // XEP-0082: UTC
            const QDateTime when = QDateTime::fromString(stamp, Qt::ISODateWithMs);
            QVERIFY2(when >= before && when <= after, qPrintable(stamp));
            const QDomElement stanzaId = Stanza::child(e, QStringLiteral("stanza-id"), Ns::StanzaId);
            QCOMPARE(stanzaId.attribute(QStringLiteral("by")), carol->bareJid());
        }
        QCOMPARE(
            bodies,
            (QStringList { QStringLiteral("first"), QStringLiteral("second"), QStringLiteral("third") }));
        QVERIFY(ownPresence >= 0);
        QVERIFY(ownPresence < firstMessage);

        // Carol's archive has them, as for any delivered chat.
        const QDomElement fin = carol->requestXml(
            QStringLiteral("<iq type='set' id='%1'><query xmlns='urn:xmpp:mam:2' queryid='q'/></iq>"));
        QCOMPARE(fin.attribute(QStringLiteral("type")), QStringLiteral("result"));
        QCOMPARE(carol->count([](const QDomElement &e) {
            return !Stanza::child(e, QStringLiteral("result"), QStringLiteral("urn:xmpp:mam:2")).isNull();
        }),
                 3);

        // Taken: the next session gets none of them again.
        TestClient *laptop = server.connect(QStringLiteral("carol"), QStringLiteral("laptop"));
        QVERIFY(laptop->sync());
        QCOMPARE(laptop->count(messageWithBody(QStringLiteral("first"))), 0);
        QCOMPARE(carol->count(messageWithBody(QStringLiteral("first"))), 1);
    }

    // RFC 6121 §8.5.2.1.1: a session of negative priority gets no bare-JID message and
    // does not take the stored ones; a message to its full JID still reaches it. The
    // stored ones go to the session that then sends non-negative presence, whether a new
    // one or this one raising its priority.
    void negativePriorityDoesNotTake_data()
    {
        QTest::addColumn<bool>("raiseSamesession");
        QTest::newRow("new session") << false;
        QTest::newRow("raised priority") << true;
    }
    void negativePriorityDoesNotTake()
    {
        QFETCH(bool, raiseSamesession);
        TestServer server(JoinMode::Classic);
        TestClient *alice = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *hidden
            = connectWithPriority(server, QStringLiteral("carol"), QStringLiteral("hidden"), -1);
        alice->sendXml(
            chat(QStringLiteral("n1"), QStringLiteral("carol@localhost"), QStringLiteral("to the account")));
        alice->sendXml(chat(QStringLiteral("n2"), hidden->jid(), QStringLiteral("to the session")));
        QVERIFY(hidden->waitFor(messageWithId(QStringLiteral("n2"))));
        QVERIFY(alice->sync());
        QVERIFY(hidden->sync());
        QCOMPARE(hidden->count(messageWithId(QStringLiteral("n1"))), 0);
        QCOMPARE(alice->count(TestClient::errorWithId(QStringLiteral("n1"))), 0);

        TestClient *taker = hidden;
        if (raiseSamesession) {
            hidden->sendXml(QStringLiteral("<presence><priority>1</priority></presence>"));
        } else {
            taker = server.connect(QStringLiteral("carol"), QStringLiteral("visible"));
        }
        QVERIFY(taker->waitFor(messageWithId(QStringLiteral("n1"))));
        QVERIFY(!delayOf(FIRST_OF(taker->receivedMatching(messageWithId(QStringLiteral("n1"))))).isNull());
        if (taker != hidden) {
            QVERIFY(hidden->sync());
            QCOMPARE(hidden->count(messageWithId(QStringLiteral("n1"))), 0);
        }
        // From now on the account is reachable: delivered at once, not stored.
        alice->sendXml(chat(QStringLiteral("n3"), QStringLiteral("carol@localhost"), QStringLiteral("now")));
        QVERIFY(taker->waitFor(messageWithId(QStringLiteral("n3"))));
        QVERIFY(delayOf(FIRST_OF(taker->receivedMatching(messageWithId(QStringLiteral("n3"))))).isNull());
    }

    // XEP-0160 §2: past the per-account bound the sender gets service-unavailable; what was
    // kept is delivered, and the store takes messages again once emptied.
    void boundPerAccount()
    {
        ServerOptions options;
        options.service.maxOfflineMessagesPerAccount = 3;
        TestServer server(JoinMode::Classic, options);
        TestClient *alice = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        for (int i = 1; i <= 4; ++i)
            alice->sendXml(chat(QStringLiteral("b%1").arg(i), QStringLiteral("carol@localhost"),
                                QStringLiteral("b-%1").arg(i)));
        QVERIFY(alice->waitFor(TestClient::errorWithId(QStringLiteral("b4"))));
        const QDomElement error
            = FIRST_OF(alice->receivedMatching(TestClient::errorWithId(QStringLiteral("b4"))));
        QCOMPARE(errorCondition(error), QStringLiteral("service-unavailable"));
        QCOMPARE(error.firstChildElement(QStringLiteral("error")).attribute(QStringLiteral("type")),
                 QStringLiteral("cancel"));
        for (int i = 1; i <= 3; ++i)
            QCOMPARE(alice->count(TestClient::errorWithId(QStringLiteral("b%1").arg(i))), 0);

        TestClient *carol = server.connect(QStringLiteral("carol"), QStringLiteral("tablet"));
        QVERIFY(carol->waitFor(messageWithId(QStringLiteral("b3"))));
        QVERIFY(carol->sync());
        QCOMPARE(carol->count(messageWithId(QStringLiteral("b4"))), 0);
        carol->disconnectFromServer();
        QVERIFY(alice->sync());
        alice->sendXml(chat(QStringLiteral("b5"), QStringLiteral("carol@localhost"), QStringLiteral("b-5")));
        QVERIFY(alice->sync());
        QCOMPARE(alice->count(TestClient::errorWithId(QStringLiteral("b5"))), 0);
    }

    // RFC 6121 §8.5.2.2.1 / §8.5.3.2.2: no account, nothing kept: service-unavailable. An
    // account that exists keeps it, at its bare JID or at a resource that is gone.
    void bouncesOnlyForUnknownAccounts_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<bool>("bounces");
        QTest::newRow("unknown, bare") << QStringLiteral("nobody@localhost") << true;
        QTest::newRow("unknown, full") << QStringLiteral("nobody@localhost/somewhere") << true;
        QTest::newRow("known, bare") << QStringLiteral("carol@localhost") << false;
        QTest::newRow("known, gone resource") << QStringLiteral("carol@localhost/somewhere") << false;
    }
    void bouncesOnlyForUnknownAccounts()
    {
        QFETCH(QString, to);
        QFETCH(bool, bounces);
        TestServer server(JoinMode::Classic);
        TestClient *alice = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        alice->sendXml(chat(QStringLiteral("u1"), to, QStringLiteral("hello?")));
        QVERIFY(alice->sync());
        QCOMPARE(alice->count(TestClient::errorWithId(QStringLiteral("u1"))), bounces ? 1 : 0);
        if (bounces)
            QCOMPARE(errorCondition(
                         FIRST_OF(alice->receivedMatching(TestClient::errorWithId(QStringLiteral("u1"))))),
                     QStringLiteral("service-unavailable"));
    }

    // The store is in the database: a stop and a start on the same file keep it.
    void survivesRestart()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ServerOptions options;
        options.databasePath = dir.filePath(QStringLiteral("minimix.db"));
        auto server = std::make_unique<TestServer>(JoinMode::Classic, options);
        TestClient *alice = server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        alice->sendXml(chat(QStringLiteral("r1"), QStringLiteral("carol@localhost"), QStringLiteral("kept")));
        QVERIFY(alice->sync());
        server.reset();

        server = std::make_unique<TestServer>(JoinMode::Classic, options);
        TestClient *carol = server->connect(QStringLiteral("carol"), QStringLiteral("tablet"));
        QVERIFY(carol->waitFor(messageWithId(QStringLiteral("r1"))));
        QCOMPARE(bodyOf(FIRST_OF(carol->receivedMatching(messageWithId(QStringLiteral("r1"))))),
                 QStringLiteral("kept"));
    }
};

QTEST_GUILESS_MAIN(tst_OfflineMessages)
#include "tst_offlinemessages.moc"
