// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The contract of docs/semantics.md, rule by rule, with real sessions.
#include "AccountLevelJoining.h"
#include "Jid.h"
#include "MucService.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QTest>
#include <QXmppClient.h>
#include <memory>

namespace {
const QString Lobby = QStringLiteral("lobby@conference.localhost");

bool hasDelay(const QDomElement &e)
{
    return !e.firstChildElement(QStringLiteral("delay")).isNull();
}

QString describe(const QDomElement &e)
{
    if (e.tagName() == QLatin1String("presence"))
        return QStringLiteral("presence:%1:%2")
            .arg(e.attribute(QStringLiteral("from")), e.attribute(QStringLiteral("type")));
    if (e.tagName() == QLatin1String("message")) {
        if (!e.firstChildElement(QStringLiteral("subject")).isNull()
            && e.firstChildElement(QStringLiteral("body")).isNull())
            return QStringLiteral("subject");
        return QStringLiteral("message:%1%2")
            .arg(bodyOf(e), hasDelay(e) ? QStringLiteral(":delayed") : QString());
    }
    return e.tagName();
}
} // namespace

class tst_AccountLevelJoining : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

private slots:
    void init() { m_server = std::make_unique<TestServer>(JoinMode::AccountLevel); }
    void cleanup() { m_server.reset(); }

    // §1 + §2: one account-level join, every joined session gets each room stanza once.
    void fanOut_data()
    {
        QTest::addColumn<int>("joinedSessions");
        QTest::newRow("one of three sessions joined") << 1;
        QTest::newRow("two of three sessions joined") << 2;
        QTest::newRow("all three sessions joined") << 3;
    }
    void fanOut()
    {
        QFETCH(int, joinedSessions);
        const QList<TestClient *> alice
            = { m_server->connect(QStringLiteral("alice"), QStringLiteral("phone")),
                m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop")),
                m_server->connect(QStringLiteral("alice"), QStringLiteral("web")) };
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        for (int i = 0; i < joinedSessions; ++i)
            QVERIFY(alice[i]->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));

        bob->say(Lobby, QStringLiteral("hello"));
        QVERIFY(bob->waitFor(TestClient::groupchat(Lobby, QStringLiteral("hello"))));
        for (TestClient *client : alice)
            QVERIFY(client->sync());
        for (int i = 0; i < alice.size(); ++i) {
            const int expected = i < joinedSessions ? 1 : 0;
            QCOMPARE(alice[i]->count(TestClient::groupchat(Lobby, QStringLiteral("hello"))), expected);
            if (i >= joinedSessions) // §2: sessions that did not join get nothing of the room
                QCOMPARE(alice[i]->count(TestClient::anythingFrom(Lobby)), 0);
        }
        // One room stanza to the account, one fork with exactly the joined sessions.
        const auto forks = m_server->events(TraceEvent::Direction::Fork, Lobby);
        int helloForks = 0;
        for (const TraceEvent &fork : forks) {
            if (fork.kind == TraceEvent::Kind::GroupChat
                && fork.account == QLatin1String("alice@localhost")) {
                ++helloForks;
                QCOMPARE(fork.targets.size(), joinedSessions);
            }
        }
        QCOMPARE(helloForks, 1);
    }

    // §2 as a server without the lab runs it (no tracing): one serialisation per room
    // message for all accounts, each session's JID spliced into its copy's 'to', escaped
    // where a resource needs it.
    void forkSplicesEachSessionJid_data()
    {
        QTest::addColumn<QStringList>("resources");
        QTest::newRow("plain") << QStringList { QStringLiteral("phone"), QStringLiteral("laptop") };
        QTest::newRow("characters XML escapes")
            << QStringList { QStringLiteral("a&b \"quoted\" <tag>"), QStringLiteral("l\u00e4ptop 'x'") };
    }
    void forkSplicesEachSessionJid()
    {
        QFETCH(QStringList, resources);
        m_server->server()->setTracing(false);
        QList<TestClient *> sessions;
        for (const QString &resource : resources)
            sessions << m_server->connect(QStringLiteral("alice"), resource);
        sessions << m_server->connect(QStringLiteral("carol"), resources.first());
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        for (TestClient *session : sessions)
            QVERIFY(session->join(Lobby, Jid::node(session->bareJid())));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        bob->say(Lobby, QStringLiteral("hello"));
        for (TestClient *session : sessions) {
            QVERIFY2(session->waitFor(TestClient::groupchat(Lobby, QStringLiteral("hello"))),
                     qPrintable(session->jid()));
            QVERIFY(session->sync());
            const QList<QDomElement> copies
                = session->receivedMatching(TestClient::groupchat(Lobby, QStringLiteral("hello")));
            QCOMPARE(copies.size(), 1);
            QCOMPARE(Stanza::to(copies.first()), session->jid());
        }
    }

    // The room sees the account once, however many sessions join.
    void singleOccupant()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->sync());
        QCOMPARE(bob->count(TestClient::presenceFrom(Lobby + QStringLiteral("/alice"))), 1);
        // The room never sees a resource: the JID it reports for alice (bob, the room's
        // creator, is a moderator and is shown real JIDs) is her bare JID.
        const QList<QDomElement> aliceSeen
            = bob->receivedMatching(TestClient::presenceFrom(Lobby + QStringLiteral("/alice")));
        QCOMPARE(aliceSeen.size(), 1);
        const QDomElement item = Stanza::child(aliceSeen.first(), QStringLiteral("x"), Ns::MucUser)
                                     .firstChildElement(QStringLiteral("item"));
        QVERIFY(!item.isNull());
        QCOMPARE(item.attribute(QStringLiteral("jid")), QStringLiteral("alice@localhost"));
        int joinsSeenByRoom = 0;
        for (const TraceEvent &e : m_server->events(TraceEvent::Direction::AccountToRoom, Lobby)) {
            if (e.kind == TraceEvent::Kind::Presence && e.account == QLatin1String("alice@localhost"))
                ++joinsSeenByRoom;
        }
        QCOMPARE(joinsSeenByRoom, 0 + 1);
    }

    // §1 joined: the late session gets others' presence, own presence (110), history, subject, in order.
    void lateJoinReplayOrder_data()
    {
        QTest::addColumn<QString>("historyRequest");
        QTest::addColumn<QStringList>("expected");
        const QString bob = QStringLiteral("presence:") + Lobby + QStringLiteral("/bob:");
        const QString self = QStringLiteral("presence:") + Lobby + QStringLiteral("/alice:");
        QTest::newRow("default history")
            << QString()
            << QStringList { bob, self, QStringLiteral("message:one:delayed"),
                             QStringLiteral("message:two:delayed"), QStringLiteral("subject") };
        QTest::newRow("maxstanzas=1")
            << QStringLiteral("<history maxstanzas='1'/>")
            << QStringList { bob, self, QStringLiteral("message:two:delayed"), QStringLiteral("subject") };
        QTest::newRow("maxstanzas=0") << QStringLiteral("<history maxstanzas='0'/>")
                                      << QStringList { bob, self, QStringLiteral("subject") };
        QTest::newRow("maxchars=0") << QStringLiteral("<history maxchars='0'/>")
                                    << QStringList { bob, self, QStringLiteral("subject") };
        QTest::newRow("seconds=3600")
            << QStringLiteral("<history seconds='3600'/>")
            << QStringList { bob, self, QStringLiteral("message:one:delayed"),
                             QStringLiteral("message:two:delayed"), QStringLiteral("subject") };
        QTest::newRow("since the future") << QStringLiteral("<history since='2999-01-01T00:00:00Z'/>")
                                          << QStringList { bob, self, QStringLiteral("subject") };
    }
    void lateJoinReplayOrder()
    {
        QFETCH(QString, historyRequest);
        QFETCH(QStringList, expected);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        bob->say(Lobby, QStringLiteral("one"));
        bob->say(Lobby, QStringLiteral("two"));
        QVERIFY(phone->waitFor(TestClient::groupchat(Lobby, QStringLiteral("two"))));
        const int roomStanzasBefore = m_server->events(TraceEvent::Direction::AccountToRoom, Lobby).size();

        const int since = laptop->mark();
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice"), historyRequest));
        QStringList got;
        for (int i = since; i < laptop->received().size(); ++i) {
            const QDomElement &e = laptop->received().at(i);
            if (TestClient::anythingFrom(Lobby)(e))
                got << describe(e);
        }
        QCOMPARE(got, expected);
        // Nothing was sent to the room for this join.
        QCOMPARE(m_server->events(TraceEvent::Direction::AccountToRoom, Lobby).size(), roomStanzasBefore);
        QVERIFY(bob->sync());
        QCOMPARE(bob->count(TestClient::presenceFrom(Lobby + QStringLiteral("/alice"))), 1);
    }

    // XEP-0045 §7.2.15: the subject a late session gets says when it was set, also when
    // the account saw it set live (which comes without a delay).
    void lateSessionGetsTheSubjectWithItsTime()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
        phone->sendXml(QStringLiteral("<message to='%1' type='groupchat'><subject>Plans</subject></message>")
                           .arg(Lobby));
        QVERIFY(phone->waitFor(TestClient::subjectFrom(Lobby)));
        const int since = laptop->mark();
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QDomElement subject;
        for (const QDomElement &e : laptop->received().mid(since)) {
            if (!e.firstChildElement(QStringLiteral("subject")).isNull())
                subject = e;
        }
        QCOMPARE(subject.firstChildElement(QStringLiteral("subject")).text(), QStringLiteral("Plans"));
        const QDomElement delay = Stanza::child(subject, QStringLiteral("delay"), Ns::Delay);
        QVERIFY2(!delay.isNull(), qPrintable(XmlText::fromElement(subject)));
        QCOMPARE(delay.attribute(QStringLiteral("from")), Lobby);
        const QDateTime stamp
            = QDateTime::fromString(delay.attribute(QStringLiteral("stamp")), Qt::ISODateWithMs);
        QVERIFY(stamp.isValid() && stamp >= before && stamp <= QDateTime::currentDateTimeUtc());
    }

    // §1: a session asking for another nick gets the account's nick, with 210.
    void lateJoinOtherNickGets210()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("ali")));
        const QList<QDomElement> self = laptop->receivedMatching(TestClient::selfPresence(Lobby));
        QCOMPARE(self.size(), 1);
        QCOMPARE(self.first().attribute(QStringLiteral("from")), Lobby + QStringLiteral("/alice"));
        QVERIFY(mucStatusCodes(self.first()).contains(110));
        QVERIFY(mucStatusCodes(self.first()).contains(210));
        QVERIFY(!mucStatusCodes(self.first()).contains(201));
    }

    // §3: what a joined session says goes out from the account; every joined session sees the reflection
    // once.
    void sendFromSession_data()
    {
        QTest::addColumn<QString>("sender");
        QTest::newRow("from the first session") << QStringLiteral("phone");
        QTest::newRow("from a late session") << QStringLiteral("laptop");
    }
    void sendFromSession()
    {
        QFETCH(QString, sender);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        (sender == QLatin1String("phone") ? phone : laptop)->say(Lobby, QStringLiteral("hi from ") + sender);
        const QString body = QStringLiteral("hi from ") + sender;
        QVERIFY(bob->waitFor(TestClient::groupchat(Lobby, body)));
        QCOMPARE(FIRST_OF(bob->receivedMatching(TestClient::groupchat(Lobby, body)))
                     .attribute(QStringLiteral("from")),
                 Lobby + QStringLiteral("/alice"));
        QVERIFY(phone->waitFor(TestClient::groupchat(Lobby, body)));
        QVERIFY(laptop->waitFor(TestClient::groupchat(Lobby, body)));
        QVERIFY(phone->sync());
        QVERIFY(laptop->sync());
        QCOMPARE(phone->count(TestClient::groupchat(Lobby, body)), 1);
        QCOMPARE(laptop->count(TestClient::groupchat(Lobby, body)), 1);
        // The room saw accounts, never sessions.
        const auto toRoom = m_server->events(TraceEvent::Direction::AccountToRoom, Lobby);
        QVERIFY(!toRoom.isEmpty());
        for (const TraceEvent &e : toRoom)
            QVERIFY2(!e.from.contains(QLatin1Char('/')), qPrintable(e.from));
    }

    // §3: a session that has not joined cannot speak in the room as the account.
    void notJoinedSessionCannotSpeak_data()
    {
        QTest::addColumn<QString>("stanza");
        QTest::newRow("groupchat") << QStringLiteral(
            "<message id='x1' type='groupchat' to='%1'><body>sneaky</body></message>");
        QTest::newRow("private message")
            << QStringLiteral("<message id='x1' type='chat' to='%1/bob'><body>sneaky</body></message>");
        QTest::newRow("admin iq") << QStringLiteral(
            "<iq id='x1' type='set' to='%1'><query xmlns='http://jabber.org/protocol/muc#admin'>"
            "<item nick='bob' role='none'/></query></iq>");
    }
    void notJoinedSessionCannotSpeak()
    {
        QFETCH(QString, stanza);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *web = m_server->connect(QStringLiteral("alice"), QStringLiteral("web"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        const int bobBefore = bob->mark();
        const int roomBefore = m_server->events(TraceEvent::Direction::AccountToRoom, Lobby).size();
        web->sendXml(stanza.arg(Lobby));
        QVERIFY(web->waitFor(TestClient::errorWithId(QStringLiteral("x1"))));
        const QDomElement error
            = FIRST_OF(web->receivedMatching(TestClient::errorWithId(QStringLiteral("x1"))));
        QVERIFY(!error.firstChildElement(QStringLiteral("error"))
                     .firstChildElement(QStringLiteral("not-acceptable"))
                     .isNull());
        QVERIFY(bob->sync());
        QCOMPARE(bob->received().size() - bobBefore, 1); // only the sync answer
        QCOMPARE(m_server->events(TraceEvent::Direction::AccountToRoom, Lobby).size(), roomBefore);
    }

    // §4: one session leaves while another stays: it sees itself leave, the room sees nothing.
    void leaveOneSession()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        const int bobBefore = bob->mark();
        const int phoneBefore = phone->mark();
        QVERIFY(laptop->leave(Lobby, QStringLiteral("alice")));
        const QDomElement gone = LAST_OF(laptop->receivedMatching(TestClient::selfPresence(Lobby)));
        QCOMPARE(gone.attribute(QStringLiteral("type")), QStringLiteral("unavailable"));
        QCOMPARE(gone.attribute(QStringLiteral("from")), Lobby + QStringLiteral("/alice"));
        QVERIFY(bob->sync());
        QVERIFY(phone->sync());
        QCOMPARE(bob->received().size() - bobBefore, 1); // only the sync answer
        QCOMPARE(phone->received().size() - phoneBefore, 1); // only the sync answer

        // The left session no longer gets room traffic; the other one does.
        const int laptopBefore = laptop->mark();
        bob->say(Lobby, QStringLiteral("still there?"));
        QVERIFY(phone->waitFor(TestClient::groupchat(Lobby, QStringLiteral("still there?"))));
        QVERIFY(laptop->sync());
        QCOMPARE(laptop->received().size() - laptopBefore, 1);
    }

    // §4: the last session's leave takes the account out; the next join is a real join.
    void leaveLastSession()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->leave(Lobby, QStringLiteral("alice")));
        QVERIFY(phone->leave(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->waitFor(
            TestClient::presenceFrom(Lobby + QStringLiteral("/alice"), QStringLiteral("unavailable"))));
        QVERIFY(phone->sync());
        QCOMPARE(phone->count(TestClient::presenceFrom(Lobby + QStringLiteral("/alice"),
                                                       QStringLiteral("unavailable"))),
                 1);
        QCOMPARE(laptop->count(TestClient::presenceFrom(Lobby + QStringLiteral("/alice"),
                                                        QStringLiteral("unavailable"))),
                 1);
        QVERIFY(
            !m_server->server()->accountLevelJoining()->membership(QStringLiteral("alice@localhost"), Lobby));

        const int bobBefore = bob->mark();
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->waitFor(TestClient::presenceFrom(Lobby + QStringLiteral("/alice")), 5000, bobBefore));
    }

    // §2: private messages from occupants are forked to the joined sessions only.
    void privateMessageForked()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *web = m_server->connect(QStringLiteral("alice"), QStringLiteral("web"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        bob->sendXml(
            QStringLiteral("<message type='chat' to='%1/alice'><body>psst</body></message>").arg(Lobby));
        const auto pm = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("message") && bodyOf(e) == QLatin1String("psst");
        };
        QVERIFY(phone->waitFor(pm));
        QVERIFY(laptop->waitFor(pm));
        QVERIFY(web->sync());
        QVERIFY(phone->sync());
        QCOMPARE(phone->count(pm), 1);
        QCOMPARE(laptop->count(pm), 1);
        QCOMPARE(web->count(pm), 0);
        QCOMPARE(FIRST_OF(phone->receivedMatching(pm)).attribute(QStringLiteral("from")),
                 Lobby + QStringLiteral("/bob"));
    }

    // §3: IQs return to the asking session alone, even with the same client id.
    void iqAnswersDoNotCross()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        const QString ping
            = QStringLiteral("<iq type='get' id='same' to='%1/alice'><ping xmlns='urn:xmpp:ping'/></iq>")
                  .arg(Lobby);
        phone->sendXml(ping);
        laptop->sendXml(ping);
        QVERIFY(phone->waitFor(TestClient::iqResult(QStringLiteral("same"))));
        QVERIFY(laptop->waitFor(TestClient::iqResult(QStringLiteral("same"))));
        QVERIFY(phone->sync());
        QVERIFY(laptop->sync());
        QCOMPARE(phone->count(TestClient::iqResult(QStringLiteral("same"))), 1);
        QCOMPARE(laptop->count(TestClient::iqResult(QStringLiteral("same"))), 1);
        QCOMPARE(FIRST_OF(phone->receivedMatching(TestClient::iqResult(QStringLiteral("same"))))
                     .attribute(QStringLiteral("to")),
                 phone->jid());
    }

    // §5: a session that drops without leaving is removed; the account stays, as xa when no session is left.
    void disconnectKeepsAccount()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        const int bobBefore = bob->mark();
        phone->disconnectFromServer();
        const auto xa = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("presence") && e.attribute(QStringLiteral("type")).isEmpty()
                && e.attribute(QStringLiteral("from")) == Lobby + QStringLiteral("/alice")
                && e.firstChildElement(QStringLiteral("show")).text() == QLatin1String("xa");
        };
        QVERIFY(bob->waitFor(xa, 5000, bobBefore));
        QCOMPARE(bob->count(TestClient::presenceFrom(Lobby + QStringLiteral("/alice"),
                                                     QStringLiteral("unavailable"))),
                 0);
        const Membership *membership
            = m_server->server()->accountLevelJoining()->membership(QStringLiteral("alice@localhost"), Lobby);
        QVERIFY(membership);
        QVERIFY(membership->sessions.isEmpty());

        // Messages meanwhile reach the account's archive; a new session joining gets them as history.
        bob->say(Lobby, QStringLiteral("while you were away"));
        QVERIFY(bob->waitFor(TestClient::groupchat(Lobby, QStringLiteral("while you were away"))));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QCOMPARE(laptop->count(TestClient::groupchat(Lobby, QStringLiteral("while you were away"))), 1);
    }

    // §5 and §11 side by side: a vanished session is a ghost in neither mode.
    void sessionGoesAway_data()
    {
        QTest::addColumn<bool>("classic");
        QTest::addColumn<QString>("how");
        for (const bool classic : { false, true }) {
            const QString mode = classic ? QStringLiteral("classic") : QStringLiteral("account-level");
            for (const QString &how : { QStringLiteral("network loss"), QStringLiteral("clean disconnect"),
                                        QStringLiteral("unavailable presence") })
                QTest::addRow("%s, %s", qPrintable(mode), qPrintable(how)) << classic << how;
        }
    }
    void sessionGoesAway()
    {
        QFETCH(bool, classic);
        QFETCH(QString, how);
        if (classic)
            m_server->server()->setDefaultJoinMode(JoinMode::Classic);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        const int bobBefore = bob->mark();
        if (how == QLatin1String("network loss"))
            m_server->server()->dropSession(phone->jid()); // no unavailable presence at all
        else if (how == QLatin1String("clean disconnect"))
            phone->disconnectFromServer();
        else
            phone->sendXml(QStringLiteral("<presence type='unavailable'/>"));
        const QString occupant = Lobby + QStringLiteral("/alice");
        if (classic) {
            // The session was the occupant: it leaves the room.
            QVERIFY(bob->waitFor(TestClient::presenceFrom(occupant, QStringLiteral("unavailable")), 5000,
                                 bobBefore));
        } else {
            // The account was the occupant: it stays, now extended away.
            QVERIFY(bob->waitFor(
                [occupant](const QDomElement &e) {
                    return TestClient::presenceFrom(occupant)(e)
                        && e.firstChildElement(QStringLiteral("show")).text() == QLatin1String("xa");
                },
                5000, bobBefore));
            QCOMPARE(bob->count(TestClient::presenceFrom(occupant, QStringLiteral("unavailable"))), 0);
        }
    }

    // §1: a replay shows what a direct join would: no history from an earlier room of the same name.
    void replayHasNoHistoryFromAnEarlierRoom()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        bob->say(Lobby, QStringLiteral("old"));
        QVERIFY(phone->waitFor(TestClient::groupchat(Lobby, QStringLiteral("old"))));
        QVERIFY(bob->leave(Lobby, QStringLiteral("bob")));
        QVERIFY(phone->leave(Lobby, QStringLiteral("alice"))); // the temporary room ends
        QVERIFY(phone->join(Lobby, QStringLiteral("alice"))); // a new room of the same name
        QVERIFY(
            mucStatusCodes(LAST_OF(phone->receivedMatching(TestClient::selfPresence(Lobby)))).contains(201));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QCOMPARE(laptop->count(TestClient::anyGroupchatFrom(Lobby)), 0);
    }

    // §1 + §8: the account's history of the room starts with what the room's history at the
    // account's join brought: a later session's replay has that and what came since, not
    // the room's older messages the account never received.
    void replayStartsWithTheHistoryAtTheJoin_data()
    {
        QTest::addColumn<int>("atJoin"); // the first session's maxstanzas
        QTest::addColumn<QStringList>("replayed");
        const QStringList all { QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3"),
                                QStringLiteral("live") };
        QTest::newRow("none") << 0 << QStringList(all.mid(3));
        QTest::newRow("two of three") << 2 << QStringList(all.mid(1));
        QTest::newRow("all three") << 3 << all;
    }
    void replayStartsWithTheHistoryAtTheJoin()
    {
        QFETCH(int, atJoin);
        QFETCH(QStringList, replayed);
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        for (const char *body : { "m1", "m2", "m3" })
            bob->say(Lobby, QLatin1String(body));
        QVERIFY(bob->waitFor(TestClient::groupchat(Lobby, QStringLiteral("m3"))));
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice"),
                            QStringLiteral("<history maxstanzas='%1'/>").arg(atJoin)));
        bob->say(Lobby, QStringLiteral("live"));
        QVERIFY(phone->waitFor(TestClient::groupchat(Lobby, QStringLiteral("live"))));

        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice"), QStringLiteral("<history maxstanzas='10'/>")));
        QVERIFY(laptop->sync());
        QStringList bodies;
        for (const QDomElement &message : laptop->receivedMatching(TestClient::anyGroupchatFrom(Lobby))) {
            const QString body = message.firstChildElement(QStringLiteral("body")).text();
            if (!body.isEmpty())
                bodies << body;
        }
        QCOMPARE(bodies, replayed);
    }

    // §1 + §5 + §7: a session rejoining an account left as xa is replayed the account's new presence.
    void rejoinAfterEverySessionDropped()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        const QString occupant = Lobby + QStringLiteral("/alice");
        const auto showOf
            = [](const QDomElement &e) { return e.firstChildElement(QStringLiteral("show")).text(); };
        m_server->server()->dropSession(phone->jid());
        QVERIFY(bob->waitFor([&](const QDomElement &e) {
            return TestClient::presenceFrom(occupant)(e) && showOf(e) == QLatin1String("xa");
        }));
        const int bobBefore = bob->mark();
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        const QList<QDomElement> self = laptop->receivedMatching(TestClient::selfPresence(Lobby));
        QCOMPARE(self.size(), 1);
        QCOMPARE(showOf(self.first()), QString());
        QVERIFY(bob->waitFor(
            [&](const QDomElement &e) {
                return TestClient::presenceFrom(occupant)(e) && showOf(e).isEmpty();
            },
            5000, bobBefore));
    }

    // §11: classic mode, for the server or for one account: each session is its own occupant.
    void classicMode_data()
    {
        QTest::addColumn<bool>("serverWide");
        QTest::newRow("server in classic mode") << true;
        QTest::newRow("one account switched at run time") << false;
    }
    void classicMode()
    {
        QFETCH(bool, serverWide);
        if (serverWide)
            m_server->server()->setDefaultJoinMode(JoinMode::Classic);
        else
            m_server->server()->setAccountJoinMode(QStringLiteral("alice"), JoinMode::Classic);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice-phone")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice-laptop")));
        QVERIFY(bob->waitFor(TestClient::presenceFrom(Lobby + QStringLiteral("/alice-phone"))));
        QVERIFY(bob->waitFor(TestClient::presenceFrom(Lobby + QStringLiteral("/alice-laptop"))));
        bob->say(Lobby, QStringLiteral("hello"));
        QVERIFY(phone->waitFor(TestClient::groupchat(Lobby, QStringLiteral("hello"))));
        QVERIFY(laptop->waitFor(TestClient::groupchat(Lobby, QStringLiteral("hello"))));
        // Each session is an occupant: the room addressed each session, the account-level extension forked
        // nothing.
        int direct = 0;
        for (const TraceEvent &e : m_server->events(TraceEvent::Direction::RoomToSession, Lobby)) {
            if (e.kind == TraceEvent::Kind::GroupChat && e.account == QLatin1String("alice@localhost"))
                ++direct;
        }
        QCOMPARE(direct, 2);
        QVERIFY(
            !m_server->server()->accountLevelJoining()->membership(QStringLiteral("alice@localhost"), Lobby));
        // A second session of the same account may share a nick (Prosody's multi-session
        // nicks): it joins that occupant rather than meeting a conflict.
        TestClient *web = m_server->connect(QStringLiteral("alice"), QStringLiteral("web"));
        QVERIFY(web->join(Lobby, QStringLiteral("alice-phone")));
    }

    // §6: whatever ends the account's occupancy is forked once to each joined session and
    // deletes the membership, so the next join is a real join.
    void roomEndsMembership_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<int>("statusCode"); // 0: a destroy notice instead
        QTest::newRow("kicked")
            << "<query xmlns='http://jabber.org/protocol/muc#admin'><item nick='alice' role='none'/></query>"
            << 307;
        QTest::newRow("banned") << "<query xmlns='http://jabber.org/protocol/muc#admin'><item "
                                   "jid='alice@localhost' affiliation='outcast'/></query>"
                                << 301;
        QTest::newRow("membership removed")
            << "members-only, then <query xmlns='http://jabber.org/protocol/muc#admin'><item "
               "jid='alice@localhost' affiliation='none'/></query>"
            << 321;
        QTest::newRow("room became members-only") << "members-only" << 322;
        QTest::newRow("room destroyed")
            << "<query xmlns='http://jabber.org/protocol/muc#owner'><destroy "
               "jid='other@conference.localhost'><reason>bye</reason></destroy></query>"
            << 0;
        QTest::newRow("service shutdown") << "shutdown" << 332;
    }
    void roomEndsMembership()
    {
        QFETCH(QString, how);
        QFETCH(int, statusCode);
        TestClient *carol = m_server->connect(QStringLiteral("carol"), QStringLiteral("owner"));
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *web = m_server->connect(QStringLiteral("alice"), QStringLiteral("web"));
        QVERIFY(carol->join(Lobby, QStringLiteral("carol")));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        const QString membersOnly = QStringLiteral(
            "<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'>"
            "<field var='muc#roomconfig_membersonly'><value>1</value></field></x></query>");
        if (how == QLatin1String("shutdown")) {
            m_server->server()->stop();
        } else if (how.startsWith(QLatin1String("members-only"))) {
            if (statusCode == 321)
                QCOMPARE(carol
                             ->request(
                                 QStringLiteral("set"), Lobby,
                                 QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'>"
                                                "<item jid='alice@localhost' affiliation='member'/></query>"))
                             .attribute(QStringLiteral("type")),
                         QStringLiteral("result"));
            QCOMPARE(
                carol->request(QStringLiteral("set"), Lobby, membersOnly).attribute(QStringLiteral("type")),
                QStringLiteral("result"));
            if (statusCode == 321)
                QCOMPARE(carol->request(QStringLiteral("set"), Lobby, how.mid(how.indexOf(QLatin1Char('<'))))
                             .attribute(QStringLiteral("type")),
                         QStringLiteral("result"));
        } else {
            QCOMPARE(carol->request(QStringLiteral("set"), Lobby, how).attribute(QStringLiteral("type")),
                     QStringLiteral("result"));
        }
        const auto gone = [](const QDomElement &e) {
            return TestClient::selfPresence(Lobby)(e)
                && e.attribute(QStringLiteral("type")) == QLatin1String("unavailable");
        };
        for (TestClient *client : { phone, laptop }) {
            QVERIFY(client->waitFor(gone));
            if (how != QLatin1String("shutdown"))
                QVERIFY(client->sync());
            QCOMPARE(client->count(gone), 1);
            const QDomElement notice = FIRST_OF(client->receivedMatching(gone));
            if (statusCode)
                QVERIFY2(mucStatusCodes(notice).contains(statusCode), qPrintable(client->jid()));
            else
                QVERIFY(!notice.firstChildElement(QStringLiteral("x"))
                             .firstChildElement(QStringLiteral("destroy"))
                             .isNull());
        }
        if (how == QLatin1String("shutdown"))
            return;
        QVERIFY(web->sync());
        QCOMPARE(web->count(TestClient::anythingFrom(Lobby)), 0);
        QVERIFY(
            !m_server->server()->accountLevelJoining()->membership(QStringLiteral("alice@localhost"), Lobby));
        // The next join goes to the room for real.
        const int toRoomBefore = m_server->events(TraceEvent::Direction::AccountToRoom).size();
        const bool rejoined = laptop->join(Lobby, QStringLiteral("alice"));
        QCOMPARE(rejoined,
                 statusCode == 307
                     || statusCode == 0); // kicked users may return; a destroyed room is made anew
        QVERIFY(m_server->events(TraceEvent::Direction::AccountToRoom).size() > toRoomBefore);
    }

    // §6: an error answer to the account's join is forked and the membership deleted.
    void joinRefused_data()
    {
        QTest::addColumn<QString>("config"); // what carol, the owner, sets up first
        QTest::addColumn<QString>("joinExtra");
        QTest::addColumn<QString>("condition");
        QTest::newRow("nick taken (409)") << "nick" << QString() << "conflict";
        QTest::newRow("members only") << "<field var='muc#roomconfig_membersonly'><value>1</value></field>"
                                      << QString() << "registration-required";
        QTest::newRow("wrong password")
            << "<field var='muc#roomconfig_passwordprotectedroom'><value>1</value></field>"
               "<field var='muc#roomconfig_roomsecret'><value>pw</value></field>"
            << "<password>nope</password>"
            << "not-authorized";
        QTest::newRow("banned") << "ban" << QString() << "forbidden";
    }
    void joinRefused()
    {
        QFETCH(QString, config);
        QFETCH(QString, joinExtra);
        QFETCH(QString, condition);
        TestClient *carol = m_server->connect(QStringLiteral("carol"), QStringLiteral("owner"));
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(carol->join(
            Lobby, config == QLatin1String("nick") ? QStringLiteral("alice") : QStringLiteral("carol")));
        if (config == QLatin1String("ban"))
            QCOMPARE(
                carol
                    ->request(QStringLiteral("set"), Lobby,
                              QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'>"
                                             "<item jid='alice@localhost' affiliation='outcast'/></query>"))
                    .attribute(QStringLiteral("type")),
                QStringLiteral("result"));
        else if (config.startsWith(QLatin1Char('<')))
            QCOMPARE(carol
                         ->request(QStringLiteral("set"), Lobby,
                                   QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#owner'><x "
                                                  "xmlns='jabber:x:data' type='submit'>%1</x></query>")
                                       .arg(config))
                         .attribute(QStringLiteral("type")),
                     QStringLiteral("result"));
        QVERIFY(!phone->join(Lobby, QStringLiteral("alice"), joinExtra));
        const auto refused = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("presence")
                && e.attribute(QStringLiteral("type")) == QLatin1String("error");
        };
        QVERIFY(phone->sync());
        QCOMPARE(phone->count(refused), 1);
        QCOMPARE(errorCondition(FIRST_OF(phone->receivedMatching(refused))), condition);
        QVERIFY(
            !m_server->server()->accountLevelJoining()->membership(QStringLiteral("alice@localhost"), Lobby));
    }

    // §6: others leaving and changing nick keep the cache true: a late session sees no ghost.
    void cacheFollowsOthers()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        TestClient *dave = m_server->connect(QStringLiteral("dave"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QVERIFY(dave->join(Lobby, QStringLiteral("dave")));
        bob->sendXml(QStringLiteral("<presence to='%1/robert'/>").arg(Lobby));
        QVERIFY(phone->waitFor(TestClient::presenceFrom(Lobby + QStringLiteral("/robert"))));
        QVERIFY(dave->leave(Lobby, QStringLiteral("dave")));
        QVERIFY(phone->waitFor(
            TestClient::presenceFrom(Lobby + QStringLiteral("/dave"), QStringLiteral("unavailable"))));
        QCOMPARE(phone->count(
                     TestClient::presenceFrom(Lobby + QStringLiteral("/bob"), QStringLiteral("unavailable"))),
                 1); // the 303
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QStringList occupants;
        for (const QDomElement &p : laptop->receivedMatching(TestClient::anythingFrom(Lobby))) {
            if (p.tagName() == QLatin1String("presence") && !mucStatusCodes(p).contains(110))
                occupants << p.attribute(QStringLiteral("from"));
        }
        QCOMPARE(occupants, QStringList { Lobby + QStringLiteral("/robert") });
    }

    // §7: one nick per account; any joined session changes it for all.
    void nickChangeForEverySession()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        laptop->sendXml(QStringLiteral("<presence to='%1/ally'/>").arg(Lobby));
        QVERIFY(bob->waitFor(TestClient::presenceFrom(Lobby + QStringLiteral("/ally"))));
        const QDomElement change = LAST_OF(bob->receivedMatching(
            TestClient::presenceFrom(Lobby + QStringLiteral("/alice"), QStringLiteral("unavailable"))));
        QVERIFY(mucStatusCodes(change).contains(303));
        for (TestClient *client : { phone, laptop }) {
            QVERIFY(client->waitFor(TestClient::presenceFrom(Lobby + QStringLiteral("/ally"))));
            QVERIFY(client->sync());
            const QDomElement own303 = LAST_OF(client->receivedMatching(
                TestClient::presenceFrom(Lobby + QStringLiteral("/alice"), QStringLiteral("unavailable"))));
            QCOMPARE(mucStatusCodes(own303), (QList<int> { 303, 110 }));
            QCOMPARE(client->count(TestClient::presenceFrom(Lobby + QStringLiteral("/ally"))), 1);
        }
        QCOMPARE(m_server->server()
                     ->accountLevelJoining()
                     ->membership(QStringLiteral("alice@localhost"), Lobby)
                     ->nick,
                 QStringLiteral("ally"));
        // A later session asking for the old nick gets the account's nick, with 210.
        TestClient *web = m_server->connect(QStringLiteral("alice"), QStringLiteral("web"));
        QVERIFY(web->join(Lobby, QStringLiteral("alice")));
        const QDomElement self = LAST_OF(web->receivedMatching(TestClient::selfPresence(Lobby)));
        QCOMPARE(self.attribute(QStringLiteral("from")), Lobby + QStringLiteral("/ally"));
        QVERIFY(mucStatusCodes(self).contains(210));
    }

    // Concurrency: two sessions of one account act at the same moment.
    void concurrentNickChanges()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        phone->sendXml(QStringLiteral("<presence to='%1/a1'/>").arg(Lobby));
        laptop->sendXml(QStringLiteral("<presence to='%1/a2'/>").arg(Lobby));
        QVERIFY(phone->sync());
        QVERIFY(laptop->sync());
        QVERIFY(bob->sync());
        const QString nick = m_server->server()
                                 ->accountLevelJoining()
                                 ->membership(QStringLiteral("alice@localhost"), Lobby)
                                 ->nick;
        QVERIFY(nick == QLatin1String("a1") || nick == QLatin1String("a2"));
        // One occupant for the account, and every party agrees on its nick.
        QCOMPARE(m_server->server()->mucService()->room(Lobby)->nickOf(QStringLiteral("alice@localhost")),
                 nick);
        for (TestClient *client : { phone, laptop })
            QCOMPARE(LAST_OF(client->receivedMatching(TestClient::selfPresence(Lobby)))
                         .attribute(QStringLiteral("from")),
                     Lobby + QLatin1Char('/') + nick);
        QCOMPARE(LAST_OF(bob->receivedMatching([](const QDomElement &e) {
                     return e.tagName() == QLatin1String("presence")
                         && e.attribute(QStringLiteral("from")).startsWith(Lobby + QStringLiteral("/a"));
                 })).attribute(QStringLiteral("from")),
                 Lobby + QLatin1Char('/') + nick);
    }

    void concurrentLeaves()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        phone->sendXml(QStringLiteral("<presence to='%1/alice' type='unavailable'/>").arg(Lobby));
        laptop->sendXml(QStringLiteral("<presence to='%1/alice' type='unavailable'/>").arg(Lobby));
        QVERIFY(bob->waitFor(
            TestClient::presenceFrom(Lobby + QStringLiteral("/alice"), QStringLiteral("unavailable"))));
        const auto gone = [](const QDomElement &e) {
            return TestClient::selfPresence(Lobby)(e)
                && e.attribute(QStringLiteral("type")) == QLatin1String("unavailable");
        };
        for (TestClient *client : { phone, laptop }) {
            QVERIFY(client->sync());
            QCOMPARE(client->count(gone), 1);
        }
        QVERIFY(bob->sync());
        QCOMPARE(bob->count(TestClient::presenceFrom(Lobby + QStringLiteral("/alice"),
                                                     QStringLiteral("unavailable"))),
                 1);
        QVERIFY(
            !m_server->server()->accountLevelJoining()->membership(QStringLiteral("alice@localhost"), Lobby));
    }

    // A session that drops right after asking to join: the account's join still completes.
    void dropWhileJoining()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        phone->sendXml(
            QStringLiteral("<presence to='%1/alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>")
                .arg(Lobby));
        phone->client()->disconnectFromServer();
        QVERIFY(bob->waitFor(TestClient::presenceFrom(Lobby + QStringLiteral("/alice"))));
        QTRY_VERIFY(m_server->server()->sessions().size() == 1);
        const Membership *membership
            = m_server->server()->accountLevelJoining()->membership(QStringLiteral("alice@localhost"), Lobby);
        QVERIFY(membership);
        QVERIFY(membership->sessions.isEmpty());
        QVERIFY(bob->waitFor([](const QDomElement &e) {
            return TestClient::presenceFrom(Lobby + QStringLiteral("/alice"))(e)
                && e.firstChildElement(QStringLiteral("show")).text() == QLatin1String("xa");
        }));
    }

    // §7: the account shows its most available joined session, and the room hears only changes.
    void presenceCombined()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice"))); // online
        const QString occupant = Lobby + QStringLiteral("/alice");
        QStringList seen; // what bob sees of alice, in order
        const auto collect = [&] {
            QVERIFY(phone->sync());
            QVERIFY(laptop->sync());
            QVERIFY(bob->sync());
            seen.clear();
            for (const QDomElement &e : bob->receivedMatching(TestClient::presenceFrom(occupant)))
                seen << (e.firstChildElement(QStringLiteral("show")).text().isEmpty()
                             ? QStringLiteral("online")
                             : e.firstChildElement(QStringLiteral("show")).text());
        };
        laptop->sendXml(QStringLiteral("<presence to='%1/alice'><show>away</show><x "
                                       "xmlns='http://jabber.org/protocol/muc'/></presence>")
                            .arg(Lobby));
        collect();
        QCOMPARE(seen, QStringList { QStringLiteral("online") }); // away is less available: no change
        phone->sendXml(QStringLiteral("<presence to='%1/alice'><show>dnd</show></presence>").arg(Lobby));
        collect();
        QCOMPARE(seen, (QStringList { QStringLiteral("online"), QStringLiteral("away") }));
        laptop->sendXml(QStringLiteral("<presence to='%1/alice'><show>chat</show></presence>").arg(Lobby));
        collect();
        QCOMPARE(seen,
                 (QStringList { QStringLiteral("online"), QStringLiteral("away"), QStringLiteral("chat") }));
        laptop->sendXml(
            QStringLiteral("<presence to='%1/alice'><show>chat</show><status>same show</status></presence>")
                .arg(Lobby));
        phone->sendXml(QStringLiteral("<presence to='%1/alice'><show>xa</show></presence>").arg(Lobby));
        collect();
        QCOMPARE(seen.size(), 4); // the status text changed; the phone's xa changed nothing
    }

    // XEP-0410 self-ping tells a session whether it must rejoin.
    void selfPing()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *web = m_server->connect(QStringLiteral("alice"), QStringLiteral("web"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        const QString ping = QStringLiteral("<ping xmlns='urn:xmpp:ping'/>");
        QCOMPARE(phone->request(QStringLiteral("get"), Lobby + QStringLiteral("/alice"), ping)
                     .attribute(QStringLiteral("type")),
                 QStringLiteral("result"));
        QCOMPARE(errorCondition(web->request(QStringLiteral("get"), Lobby + QStringLiteral("/alice"), ping)),
                 QStringLiteral("not-acceptable"));
        QVERIFY(phone->leave(Lobby, QStringLiteral("alice")));
        QCOMPARE(
            errorCondition(phone->request(QStringLiteral("get"), Lobby + QStringLiteral("/alice"), ping)),
            QStringLiteral("not-acceptable"));
    }

    // §2: invitations are ordinary messages to the account: every session gets them.
    void invitationsReachTheAccount_data()
    {
        QTest::addColumn<bool>("mediated");
        QTest::newRow("mediated by the room (XEP-0045)") << true;
        QTest::newRow("direct (XEP-0249)") << false;
    }
    void invitationsReachTheAccount()
    {
        QFETCH(bool, mediated);
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        if (mediated)
            bob->sendXml(
                QStringLiteral("<message to='%1'><x xmlns='http://jabber.org/protocol/muc#user'><invite "
                               "to='alice@localhost'>"
                               "<reason>come in</reason></invite></x></message>")
                    .arg(Lobby));
        else
            bob->sendXml(QStringLiteral("<message to='alice@localhost'><x xmlns='jabber:x:conference' "
                                        "jid='%1' reason='come in'/></message>")
                             .arg(Lobby));
        const auto invitation = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("message")
                && (!e.firstChildElement(QStringLiteral("x"))
                         .firstChildElement(QStringLiteral("invite"))
                         .isNull()
                    || e.firstChildElement(QStringLiteral("x")).namespaceURI()
                        == QLatin1String("jabber:x:conference"));
        };
        for (TestClient *client : { phone, laptop }) {
            QVERIFY(client->waitFor(invitation));
            QVERIFY(client->sync());
            QCOMPARE(client->count(invitation), 1);
        }
        if (mediated)
            QCOMPARE(FIRST_OF(phone->receivedMatching(invitation))
                         .firstChildElement(QStringLiteral("x"))
                         .firstChildElement(QStringLiteral("invite"))
                         .attribute(QStringLiteral("from")),
                     Lobby + QStringLiteral("/bob")); // real JIDs are for moderators here
    }

    // §2: an error the room sends the account is forked to each joined session once.
    void roomErrorsForked()
    {
        TestClient *carol = m_server->connect(QStringLiteral("carol"), QStringLiteral("owner"));
        QVERIFY(carol->join(Lobby, QStringLiteral("carol")));
        QCOMPARE(
            carol
                ->request(
                    QStringLiteral("set"), Lobby,
                    QStringLiteral(
                        "<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' "
                        "type='submit'>"
                        "<field var='muc#roomconfig_moderatedroom'><value>1</value></field></x></query>"))
                .attribute(QStringLiteral("type")),
            QStringLiteral("result"));
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        phone->sendXml(
            QStringLiteral("<message id='v1' type='groupchat' to='%1'><body>may I?</body></message>")
                .arg(Lobby));
        for (TestClient *client : { phone, laptop }) {
            QVERIFY(client->waitFor(TestClient::errorWithId(QStringLiteral("v1"))));
            QVERIFY(client->sync());
            QCOMPARE(client->count(TestClient::errorWithId(QStringLiteral("v1"))), 1);
            QCOMPARE(errorCondition(
                         FIRST_OF(client->receivedMatching(TestClient::errorWithId(QStringLiteral("v1"))))),
                     QStringLiteral("forbidden"));
        }
        QVERIFY(carol->sync());
        QCOMPARE(carol->count(TestClient::groupchat(Lobby, QStringLiteral("may I?"))), 0);
    }

    // §3: a request the room relays to the account is answered by one joined session.
    void occupantIqReachesOneSession()
    {
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        const QDomElement answer = bob->request(QStringLiteral("get"), Lobby + QStringLiteral("/alice"),
                                                QStringLiteral("<query xmlns='jabber:iq:version'/>"));
        QCOMPARE(answer.attribute(QStringLiteral("type")), QStringLiteral("result"));
        QCOMPARE(answer.attribute(QStringLiteral("from")), Lobby + QStringLiteral("/alice"));
        const auto versionRequest = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("iq")
                && e.attribute(QStringLiteral("type")) == QLatin1String("get")
                && e.firstChildElement(QStringLiteral("query")).namespaceURI()
                == QLatin1String("jabber:iq:version");
        };
        QVERIFY(laptop->sync());
        QCOMPARE(phone->count(versionRequest) + laptop->count(versionRequest), 1);
    }
};

QTEST_GUILESS_MAIN(tst_AccountLevelJoining)
#include "tst_accountleveljoining.moc"
