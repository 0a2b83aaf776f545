// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Relayed IQs between occupants (XEP-0045 §7.7) over real sockets: nothing waits
// forever. alice (a QXmppClient) asks bob, a raw stream that answers only when told
// to, in both join modes: an unanswered request times out with an error to alice, a
// request whose target leaves (or is kicked, or whose room ends) gets an error at
// once, one whose requester leaves is forgotten, and one requester has only so many
// open at a time. MucService::pendingRelayedIqs() shows nothing is kept.
#include "MucService.h"
#include "RawStream.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestServer.h"

#include <QTest>
#include <memory>

Q_DECLARE_METATYPE(JoinMode)

namespace {
const QString Room = QStringLiteral("lab@conference.localhost");
const QString AliceInRoom = QStringLiteral("lab@conference.localhost/alice");
const QString BobInRoom = QStringLiteral("lab@conference.localhost/bob");

QString versionRequest(const QString &id)
{
    return QStringLiteral("<iq type='get' id='%1' to='%2'><query xmlns='jabber:iq:version'/></iq>")
        .arg(id, BobInRoom);
}

bool isRelayedRequest(const QDomElement &e)
{
    return e.tagName() == QLatin1String("iq") && e.attribute(QStringLiteral("type")) == QLatin1String("get")
        && e.attribute(QStringLiteral("from")) == AliceInRoom;
}

TestClient::Predicate anyIqWithId(const QString &id)
{
    return [id](const QDomElement &e) {
        return e.tagName() == QLatin1String("iq") && e.attribute(QStringLiteral("id")) == id;
    };
}

QString errorType(const QDomElement &stanza)
{
    return stanza.firstChildElement(QStringLiteral("error")).attribute(QStringLiteral("type"));
}

// alice (owner) and bob (raw, never answers on its own) in the lab room.
class Lab
{
public:
    Lab(JoinMode mode, int timeoutSeconds = ServiceDefaults::RelayedIqTimeoutSeconds,
        int maxPending = ServiceDefaults::MaxPendingRelayedIqsPerRequester)
    {
        ServerOptions options;
        options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
        options.service.relayedIqTimeoutSeconds = timeoutSeconds;
        options.service.maxPendingRelayedIqsPerRequester = maxPending;
        server = std::make_unique<TestServer>(mode, options);
        alice = server->connect(QStringLiteral("alice"));
        bob = std::make_unique<RawStream>(server->port());
    }

    bool enter()
    {
        if (!alice->join(Room, QStringLiteral("alice")))
            return false;
        if (bob->logIn("bob", "raw") != QLatin1String("bob@localhost/raw"))
            return false;
        const int since = bob->elementMark();
        bob->send(QStringLiteral("<presence to='%1'><x xmlns='http://jabber.org/protocol/muc'/></presence>")
                      .arg(BobInRoom)
                      .toUtf8());
        return !bob->waitForElement(
                       [](const QDomElement &e) {
                           return e.tagName() == QLatin1String("presence")
                               && e.attribute(QStringLiteral("from")) == BobInRoom
                               && mucStatusCodes(e).contains(110);
                       },
                       since)
                    .isNull();
    }

    // alice asks bob; the request as bob received it (null if it never came).
    QDomElement ask(const QString &id)
    {
        const int since = bob->elementMark();
        alice->sendXml(versionRequest(id));
        return bob->waitForElement(isRelayedRequest, since);
    }

    void bobAnswers(const QDomElement &request)
    {
        bob->send(QStringLiteral("<iq type='result' id='%1' to='%2'><query xmlns='jabber:iq:version'>"
                                 "<name>raw</name></query></iq>")
                      .arg(request.attribute(QStringLiteral("id")), AliceInRoom)
                      .toUtf8());
    }

    int pending() const { return server->server()->mucService()->pendingRelayedIqs(); }

    std::unique_ptr<TestServer> server;
    TestClient *alice = nullptr;
    std::unique_ptr<RawStream> bob;
};

void addModes()
{
    QTest::addColumn<JoinMode>("mode");
    QTest::newRow("account-level") << JoinMode::AccountLevel;
    QTest::newRow("classic") << JoinMode::Classic;
}
} // namespace

class tst_RelayedIqs : public QObject
{
    Q_OBJECT

private slots:
    // An unanswered request ends with recipient-unavailable (wait) from room/bob under
    // alice's id, and is freed; bob's late answer goes nowhere.
    void unansweredRequestTimesOut_data() { addModes(); }
    void unansweredRequestTimesOut()
    {
        QFETCH(JoinMode, mode);
        Lab lab(mode, 1);
        QVERIFY(lab.enter());
        const QDomElement request = lab.ask(QStringLiteral("slow"));
        QVERIFY(!request.isNull());
        QCOMPARE(lab.pending(), 1);

        QVERIFY(lab.alice->waitFor(TestClient::errorWithId(QStringLiteral("slow"))));
        const QDomElement error
            = lab.alice->receivedMatching(TestClient::errorWithId(QStringLiteral("slow"))).last();
        QCOMPARE(Stanza::from(error), BobInRoom);
        QCOMPARE(errorCondition(error), QStringLiteral("recipient-unavailable"));
        QCOMPARE(errorType(error), QStringLiteral("wait"));
        QCOMPARE(lab.pending(), 0);

        lab.bobAnswers(request);
        QVERIFY(lab.bob->ping());
        QVERIFY(lab.alice->sync());
        QCOMPARE(lab.alice->count(anyIqWithId(QStringLiteral("slow"))), 1);
    }

    // The target goes away: alice is answered at once with item-not-found, nothing is kept.
    void targetGone_data()
    {
        QTest::addColumn<JoinMode>("mode");
        QTest::addColumn<QString>("how");
        for (const JoinMode mode : { JoinMode::AccountLevel, JoinMode::Classic }) {
            const char *name = mode == JoinMode::Classic ? "classic" : "account-level";
            for (const char *how : { "leaves", "is kicked", "room destroyed" })
                QTest::addRow("%s, %s", name, how) << mode << QString::fromLatin1(how);
        }
        // In account-level mode the account stays in the room when its session drops (§5).
        QTest::newRow("classic, disconnects") << JoinMode::Classic << QStringLiteral("disconnects");
    }
    void targetGone()
    {
        QFETCH(JoinMode, mode);
        QFETCH(QString, how);
        Lab lab(mode);
        QVERIFY(lab.enter());
        QVERIFY(!lab.ask(QStringLiteral("v1")).isNull());
        QCOMPARE(lab.pending(), 1);

        if (how == QLatin1String("leaves")) {
            lab.bob->send(QStringLiteral("<presence type='unavailable' to='%1'/>").arg(BobInRoom).toUtf8());
        } else if (how == QLatin1String("disconnects")) {
            lab.bob->abort();
        } else if (how == QLatin1String("is kicked")) {
            const QDomElement kicked
                = lab.alice->request(QStringLiteral("set"), Room,
                                     QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'>"
                                                    "<item nick='bob' role='none'/></query>"));
            QCOMPARE(Stanza::type(kicked), QStringLiteral("result"));
        } else {
            const QDomElement destroyed = lab.alice->request(
                QStringLiteral("set"), Room,
                QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#owner'><destroy/></query>"));
            QCOMPARE(Stanza::type(destroyed), QStringLiteral("result"));
        }
        QVERIFY(lab.alice->waitFor(TestClient::errorWithId(QStringLiteral("v1"))));
        const QDomElement error
            = lab.alice->receivedMatching(TestClient::errorWithId(QStringLiteral("v1"))).last();
        QCOMPARE(Stanza::from(error), BobInRoom);
        QCOMPARE(errorCondition(error), QStringLiteral("item-not-found"));
        QCOMPARE(lab.pending(), 0);
    }

    // alice leaves before bob answers: the request is forgotten and bob's answer dropped.
    void requesterLeaves_data() { addModes(); }
    void requesterLeaves()
    {
        QFETCH(JoinMode, mode);
        Lab lab(mode);
        QVERIFY(lab.enter());
        const QDomElement request = lab.ask(QStringLiteral("v1"));
        QVERIFY(!request.isNull());
        QCOMPARE(lab.pending(), 1);
        QVERIFY(lab.alice->leave(Room, QStringLiteral("alice")));
        QTRY_COMPARE(lab.pending(), 0);

        lab.bobAnswers(request);
        QVERIFY(lab.bob->ping());
        QVERIFY(lab.alice->sync());
        QCOMPARE(lab.alice->count(anyIqWithId(QStringLiteral("v1"))), 0);
        QCOMPARE(lab.pending(), 0);
    }

    // Two open requests at most here: the third is refused at once with resource-constraint
    // (wait) and never reaches bob; an answer makes room for the next.
    void tooManyOpenRequests_data() { addModes(); }
    void tooManyOpenRequests()
    {
        QFETCH(JoinMode, mode);
        Lab lab(mode, ServiceDefaults::RelayedIqTimeoutSeconds, 2);
        QVERIFY(lab.enter());
        const QDomElement first = lab.ask(QStringLiteral("v1"));
        QVERIFY(!first.isNull());
        QVERIFY(!lab.ask(QStringLiteral("v2")).isNull());
        QCOMPARE(lab.pending(), 2);

        const int bobSince = lab.bob->elementMark();
        const QDomElement refused = lab.alice->requestXml(versionRequest(QStringLiteral("%1")));
        QCOMPARE(Stanza::type(refused), QStringLiteral("error"));
        QCOMPARE(errorCondition(refused), QStringLiteral("resource-constraint"));
        QCOMPARE(errorType(refused), QStringLiteral("wait"));
        QVERIFY(lab.bob->ping());
        int relayed = 0;
        const QList<QDomElement> bobGot = lab.bob->output().elements;
        for (int i = bobSince; i < bobGot.size(); ++i)
            relayed += isRelayedRequest(bobGot.at(i)) ? 1 : 0;
        QCOMPARE(relayed, 0);
        QCOMPARE(lab.pending(), 2);

        lab.bobAnswers(first);
        QVERIFY(lab.alice->waitFor(TestClient::iqResult(QStringLiteral("v1"))));
        QCOMPARE(lab.pending(), 1);
        QVERIFY(!lab.ask(QStringLiteral("v3")).isNull());
        QCOMPARE(lab.pending(), 2);
    }
};

QTEST_GUILESS_MAIN(tst_RelayedIqs)
#include "tst_relayediqs.moc"
