// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0198 stream management and contract §5's detached sessions, over real
// sockets: acknowledgements, resumption with the queue re-sent in order, refused
// resumptions, the timeout, and what the room sees (nothing, until the timeout).
#include "RawStream.h"
#include "TestClient.h"
#include "TestServer.h"
#include "Vocabulary.h"

#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTest>
#include <QXmppClient.h>

Q_DECLARE_METATYPE(JoinMode)

namespace {
const QString Lobby = QStringLiteral("lobby@conference.localhost");

ServerOptions plainAllowed(int resumeSeconds = StreamDefaults::ResumeTimeoutSeconds, int maxUnacked = 10000)
{
    ServerOptions options;
    options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
    options.limits.resumeTimeoutSeconds = resumeSeconds;
    options.limits.maxUnackedStanzas = maxUnacked;
    return options;
}

QString attribute(const QByteArray &data, const QByteArray &element, const QByteArray &name)
{
    const QRegularExpression pattern(
        QStringLiteral("<%1 [^>]*%2='([^']*)'").arg(QString::fromLatin1(element), QString::fromLatin1(name)));
    return pattern.match(QString::fromUtf8(data)).captured(1);
}

// Top-level stanzas in what a raw stream received (the flows here nest none).
int stanzaCount(const QByteArray &data)
{
    return data.count("<message ") + data.count("<presence ") + data.count("<iq ");
}

// Bob saw nothing of alice in the lobby since the mark.
bool roomSawNothing(TestClient *bob, int mark)
{
    for (int i = mark; i < bob->received().size(); ++i) {
        const QDomElement stanza = bob->received().at(i);
        if (stanza.tagName() == QLatin1String("presence")
            && stanza.attribute(QStringLiteral("from")).startsWith(Lobby + QStringLiteral("/alice")))
            return false;
    }
    return true;
}

// A raw alice/phone in the lobby with stream management enabled; its resumption id.
QString joinWithStreamManagement(RawStream &alice)
{
    if (alice.logIn("alice", "phone").isEmpty())
        return QString();
    int since = alice.mark();
    alice.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
    if (!alice.waitFor("<enabled", 5000, since))
        return QString();
    const QString id = attribute(alice.received(since), "enabled", "id");
    since = alice.mark();
    alice.send(QStringLiteral("<presence/><presence to='%1/alice'><x xmlns='http://jabber.org/protocol/muc'/>"
                              "</presence>")
                   .arg(Lobby)
                   .toUtf8());
    if (!alice.waitFor("code=\"110\"", 5000, since)) {
        qWarning("no self-presence: %s", alice.received(since).constData());
        return QString();
    }
    return id;
}
} // namespace

class tst_StreamManagement : public QObject
{
    Q_OBJECT

private slots:
    void init() { qRegisterMetaType<QXmppClient::Error>(); }

    // A QXmpp 1.4 client loses its network; the room keeps talking; it comes back and
    // gets what was said, in order, and the room never saw it go.
    void qxmppClientResumes_data()
    {
        QTest::addColumn<JoinMode>("mode");
        QTest::newRow("account-level") << JoinMode::AccountLevel;
        QTest::newRow("classic") << JoinMode::Classic;
    }
    void qxmppClientResumes()
    {
        QFETCH(JoinMode, mode);
        TestServer server(mode);
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = server.connect(QStringLiteral("bob"), QStringLiteral("desk"));
        QCOMPARE(phone->client()->streamManagementState(), QXmppClient::NewStream);
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QVERIFY(bob->sync());
        const int bobMark = bob->mark();
        QSignalSpy detached(server.server(), &MinimixServer::sessionDetached);
        QSignalSpy resumed(server.server(), &MinimixServer::sessionResumed);
        QSignalSpy offline(server.server(), &MinimixServer::sessionOffline);

        phone->client()->findChild<QSslSocket *>()->abort();
        QTRY_COMPARE(server.server()->detachedSessions(), QStringList { phone->jid() });
        QCOMPARE(detached.count(), 1);
        QCOMPARE(detached.at(0).at(1).toInt(), StreamDefaults::ResumeTimeoutSeconds);
        bob->say(Lobby, QStringLiteral("first while away"));
        bob->say(Lobby, QStringLiteral("second while away"));
        QVERIFY(bob->sync());

        const int phoneMark = phone->mark();
        QVERIFY(phone->connectToServer(server.port()));
        QCOMPARE(phone->client()->streamManagementState(), QXmppClient::ResumedStream);
        QVERIFY(phone->waitFor(TestClient::groupchat(Lobby, QStringLiteral("second while away")), 5000,
                               phoneMark));
        const QList<QDomElement> bodies = phone->receivedMatching(TestClient::anyGroupchatFrom(Lobby));
        QStringList texts;
        for (const QDomElement &message : bodies)
            texts << bodyOf(message);
        QVERIFY2(texts.indexOf(QStringLiteral("first while away"))
                     < texts.indexOf(QStringLiteral("second while away")),
                 qPrintable(texts.join(QLatin1Char('|'))));
        QCOMPARE(texts.count(QStringLiteral("second while away")), 1);
        QCOMPARE(resumed.count(), 1);
        QCOMPARE(offline.count(), 0);
        QVERIFY(server.server()->detachedSessions().isEmpty());
        QVERIFY(bob->sync());
        QVERIFY(roomSawNothing(bob, bobMark));
        // And it is a live session again.
        phone->say(Lobby, QStringLiteral("back"));
        QVERIFY(bob->waitFor(TestClient::groupchat(Lobby, QStringLiteral("back"))));
    }

    // A request for the account's occupant (relayed by the room) goes to a joined session
    // that can answer now, not to one waiting for its client to resume: the asker would
    // wait out the relay's timeout (Psi+ asking its own nick for a killed Dino's version).
    void relayedRequestSkipsADetachedSession()
    {
        TestServer server(JoinMode::AccountLevel);
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = server.connect(QStringLiteral("bob"), QStringLiteral("desk"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        phone->client()->findChild<QSslSocket *>()->abort();
        QTRY_COMPARE(server.server()->detachedSessions(), QStringList { phone->jid() });

        const QDomElement answer = bob->requestXml(
            QStringLiteral("<iq type='get' id='%1' to='%2/alice'><query xmlns='jabber:iq:version'/></iq>")
                .arg(QStringLiteral("%1"), Lobby));
        QCOMPARE(answer.attribute(QStringLiteral("type")), QStringLiteral("result"));
        QCOMPARE(answer.attribute(QStringLiteral("from")), Lobby + QStringLiteral("/alice"));
    }

    // <r/> is answered with the count of stanzas handled; the server asks in turn.
    void acknowledgements()
    {
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        RawStream alice(server.port());
        QVERIFY(!alice.logIn("alice", "phone").isEmpty());
        int since = alice.mark();
        alice.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
        QVERIFY(alice.waitFor("<enabled", 5000, since));
        const QByteArray enabled = alice.received(since);
        QVERIFY2(!attribute(enabled, "enabled", "id").isEmpty(), enabled.constData());
        QCOMPARE(attribute(enabled, "enabled", "max"), QString::number(StreamDefaults::ResumeTimeoutSeconds));

        since = alice.mark();
        for (int i = 0; i < 3; ++i)
            alice.send("<iq type='get' id='p" + QByteArray::number(i)
                       + "'><ping xmlns='urn:xmpp:ping'/></iq>");
        alice.send("<r xmlns='urn:xmpp:sm:3'/>");
        QVERIFY(alice.waitFor("<a xmlns='urn:xmpp:sm:3' h='3'/>", 5000, since));

        // Past the threshold of unacknowledged stanzas the server asks.
        since = alice.mark();
        for (int i = 0; i < StreamDefaults::AckRequestThreshold; ++i)
            alice.send("<iq type='get' id='q" + QByteArray::number(i)
                       + "'><ping xmlns='urn:xmpp:ping'/></iq>");
        QVERIFY(alice.waitFor("<r xmlns='urn:xmpp:sm:3'/>", 5000, since));
        const int sent = 3 + StreamDefaults::AckRequestThreshold;
        alice.send("<a xmlns='urn:xmpp:sm:3' h='" + QByteArray::number(sent) + "'/>");
        since = alice.mark();
        alice.send("<iq type='get' id='after'><ping xmlns='urn:xmpp:ping'/></iq>");
        QVERIFY(alice.waitFor("id=\"after\"", 5000, since));

        // Acknowledging more than was sent is a stream error.
        alice.send("<a xmlns='urn:xmpp:sm:3' h='" + QByteArray::number(sent + 50) + "'/>");
        QVERIFY(alice.waitForClose());
        QVERIFY2(alice.received().contains("<undefined-condition"), alice.received().constData());
    }

    // A raw client resumes with its id and h: exactly the unacknowledged stanzas come
    // again, in order, then what it missed.
    void rawResume_data()
    {
        QTest::addColumn<bool>("acknowledgeBeforeLoss");
        QTest::newRow("nothing acknowledged") << false;
        QTest::newRow("all acknowledged before the loss") << true;
    }
    void rawResume()
    {
        QFETCH(bool, acknowledgeBeforeLoss);
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        TestClient *bob = server.connect(QStringLiteral("bob"), QStringLiteral("desk"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        auto alice = std::make_unique<RawStream>(server.port());
        const int enabledAt = alice->mark();
        const QString id = joinWithStreamManagement(*alice);
        QVERIFY(!id.isEmpty());
        QVERIFY(bob->sync());
        const int bobMark = bob->mark();
        bob->say(Lobby, QStringLiteral("before the loss"));
        QVERIFY(alice->waitFor("before the loss"));
        const QByteArray beforeLoss = alice->received(enabledAt);
        const int countBeforeLoss = stanzaCount(beforeLoss.mid(beforeLoss.indexOf("<enabled")));
        const int acknowledged = acknowledgeBeforeLoss ? countBeforeLoss : 0;
        if (acknowledgeBeforeLoss) {
            alice->send("<a xmlns='urn:xmpp:sm:3' h='" + QByteArray::number(acknowledged) + "'/>");
            QVERIFY(bob->sync()); // the ack has been read by then
        }
        alice->abort();
        QTRY_COMPARE(server.server()->detachedSessions().size(), 1);
        bob->say(Lobby, QStringLiteral("missed one"));
        bob->say(Lobby, QStringLiteral("missed two"));
        QVERIFY(bob->sync());

        RawStream back(server.port());
        QVERIFY(back.authenticate("alice"));
        const int since = back.mark();
        back.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id.toUtf8() + "' h='"
                  + QByteArray::number(acknowledged) + "'/>");
        QVERIFY(back.waitFor("missed two", 5000, since));
        const QByteArray answer = back.received(since);
        QVERIFY2(answer.startsWith("<resumed xmlns='urn:xmpp:sm:3' previd='" + id.toUtf8() + "'"),
                 answer.constData());
        QCOMPARE(attribute(answer, "resumed", "h").toInt(), 2); // the initial presence and the join
        const int firstMissed = answer.indexOf("missed one");
        QVERIFY(firstMissed > 0 && firstMissed < answer.indexOf("missed two"));
        QCOMPARE(answer.contains("before the loss"), !acknowledgeBeforeLoss);
        // Re-sent stanzas: the unacknowledged ones and the two missed, nothing twice.
        QCOMPARE(stanzaCount(answer), countBeforeLoss - acknowledged + 2);
        QVERIFY(server.server()->detachedSessions().isEmpty());
        QVERIFY(bob->sync());
        QVERIFY(roomSawNothing(bob, bobMark));
        // The resumed stream is the session: it speaks as alice/phone.
        back.send(QStringLiteral("<message type='groupchat' to='%1'><body>resumed</body></message>")
                      .arg(Lobby)
                      .toUtf8());
        QVERIFY(bob->waitFor(TestClient::groupchat(Lobby, QStringLiteral("resumed"))));
    }

    // Resumption needs the right id, the same account, a stream not yet bound, and time.
    void resumeRefused_data()
    {
        QTest::addColumn<QString>("who");
        QTest::addColumn<QString>("previd");
        QTest::addColumn<bool>("bindFirst");
        QTest::addColumn<int>("resumeSeconds");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("unknown id") << QStringLiteral("alice") << QStringLiteral("nonsense") << false << 300
                                    << QByteArray("<item-not-found");
        QTest::newRow("another account's id")
            << QStringLiteral("bob") << QString() << false << 300 << QByteArray("<item-not-found");
        QTest::newRow("after binding")
            << QStringLiteral("alice") << QString() << true << 300 << QByteArray("<unexpected-request");
        QTest::newRow("expired") << QStringLiteral("alice") << QString() << false << 1
                                 << QByteArray("<item-not-found");
    }
    void resumeRefused()
    {
        QFETCH(QString, who);
        QFETCH(QString, previd);
        QFETCH(bool, bindFirst);
        QFETCH(int, resumeSeconds);
        QFETCH(QByteArray, expected);
        TestServer server(JoinMode::AccountLevel, plainAllowed(resumeSeconds));
        QSignalSpy offline(server.server(), &MinimixServer::sessionOffline);
        auto alice = std::make_unique<RawStream>(server.port());
        const QString id = joinWithStreamManagement(*alice);
        QVERIFY(!id.isEmpty());
        alice->abort();
        QTRY_COMPARE(server.server()->detachedSessions().size(), 1);
        if (resumeSeconds == 1)
            QTRY_COMPARE_WITH_TIMEOUT(offline.count(), 1, 5000);

        RawStream other(server.port());
        if (bindFirst)
            QVERIFY(!other.logIn(who.toUtf8(), "other").isEmpty());
        else
            QVERIFY(other.authenticate(who.toUtf8()));
        const int since = other.mark();
        other.send("<resume xmlns='urn:xmpp:sm:3' previd='" + (previd.isEmpty() ? id : previd).toUtf8()
                   + "' h='0'/>");
        QVERIFY2(other.waitFor("</failed>", 5000, since), other.received(since).constData());
        QVERIFY2(other.received(since).contains(expected), other.received(since).constData());
        QVERIFY(other.isOpen()); // it may still bind a new session
        if (resumeSeconds > 1)
            QCOMPARE(server.server()->detachedSessions().size(), 1); // still waiting for its owner
    }

    // When nobody resumes in time, the session ends as a disconnect does (§5): an
    // account-level occupant stays (xa), a classic one leaves. Before that, nothing.
    void timeoutEndsSession_data()
    {
        QTest::addColumn<JoinMode>("mode");
        QTest::addColumn<QString>("presenceType");
        QTest::addColumn<QString>("show");
        QTest::newRow("account-level: xa") << JoinMode::AccountLevel << QString() << QStringLiteral("xa");
        QTest::newRow("classic: leaves") << JoinMode::Classic << QStringLiteral("unavailable") << QString();
    }
    void timeoutEndsSession()
    {
        QFETCH(JoinMode, mode);
        QFETCH(QString, presenceType);
        QFETCH(QString, show);
        TestServer server(mode, plainAllowed(2));
        TestClient *bob = server.connect(QStringLiteral("bob"), QStringLiteral("desk"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QSignalSpy offline(server.server(), &MinimixServer::sessionOffline);
        auto alice = std::make_unique<RawStream>(server.port());
        QVERIFY(!joinWithStreamManagement(*alice).isEmpty());
        QVERIFY(bob->sync());
        const int bobMark = bob->mark();
        alice->abort();
        QTRY_COMPARE(server.server()->detachedSessions().size(), 1);
        QVERIFY(bob->sync());
        QVERIFY(roomSawNothing(bob, bobMark));
        QTRY_COMPARE_WITH_TIMEOUT(offline.count(), 1, 6000);
        const auto expected = [&](const QDomElement &stanza) {
            return stanza.tagName() == QLatin1String("presence")
                && stanza.attribute(QStringLiteral("from")) == Lobby + QStringLiteral("/alice")
                && stanza.attribute(QStringLiteral("type")) == presenceType
                && stanza.firstChildElement(QStringLiteral("show")).text() == show;
        };
        QVERIFY(bob->waitFor(expected, 5000, bobMark));
    }

    // A resumption while the old connection still looks alive takes the session over.
    void resumeTakesOverLiveConnection()
    {
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        RawStream old(server.port());
        const QString id = joinWithStreamManagement(old);
        QVERIFY(!id.isEmpty());
        RawStream fresh(server.port());
        QVERIFY(fresh.authenticate("alice"));
        const int since = fresh.mark();
        fresh.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id.toUtf8() + "' h='0'/>");
        QVERIFY(fresh.waitFor("<resumed", 5000, since));
        QVERIFY(old.waitForClose());
        QCOMPARE(server.server()->sessions(), QStringList { QStringLiteral("alice@localhost/phone") });
    }

    // A detached session may queue only so much; past it the session ends. (Bob speaks
    // without stream management, so the small bound is alice's alone.)
    void detachedQueueIsBounded()
    {
        TestServer server(JoinMode::AccountLevel, plainAllowed(300, 20));
        RawStream bob(server.port());
        QVERIFY(!bob.logIn("bob", "desk").isEmpty());
        int since = bob.mark();
        bob.send(
            QStringLiteral("<presence to='%1/bob'><x xmlns='http://jabber.org/protocol/muc'/></presence>")
                .arg(Lobby)
                .toUtf8());
        QVERIFY(bob.waitFor("110", 5000, since));
        since = bob.mark();
        bob.send(QStringLiteral("<iq type='set' id='instant' to='%1'><query xmlns='%2'>"
                                "<x xmlns='jabber:x:data' type='submit'/></query></iq>")
                     .arg(Lobby, Ns::MucOwner)
                     .toUtf8());
        QVERIFY(bob.waitFor("id=\"instant\"", 5000, since));
        QSignalSpy offline(server.server(), &MinimixServer::sessionOffline);
        auto alice = std::make_unique<RawStream>(server.port());
        QVERIFY(!joinWithStreamManagement(*alice).isEmpty());
        alice->abort();
        QTRY_COMPARE(server.server()->detachedSessions().size(), 1);
        since = bob.mark();
        for (int i = 0; i < 20; ++i)
            bob.send(QStringLiteral("<message type='groupchat' to='%1'><body>flood %2</body></message>")
                         .arg(Lobby)
                         .arg(i)
                         .toUtf8());
        QVERIFY(bob.waitFor("flood 19", 5000, since));
        QTRY_COMPARE(offline.count(), 1);
        QVERIFY(server.server()->detachedSessions().isEmpty());
    }

    // Without resumption a lost connection is a disconnect at once.
    void withoutResumeNothingWaits()
    {
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        QSignalSpy offline(server.server(), &MinimixServer::sessionOffline);
        RawStream alice(server.port());
        QVERIFY(!alice.logIn("alice", "phone").isEmpty());
        const int since = alice.mark();
        alice.send("<enable xmlns='urn:xmpp:sm:3'/>");
        QVERIFY(alice.waitFor("<enabled", 5000, since));
        QVERIFY(!alice.received(since).contains("resume="));
        alice.abort();
        QTRY_COMPARE(offline.count(), 1);
        QVERIFY(server.server()->detachedSessions().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_StreamManagement)
#include "tst_streammanagement.moc"
