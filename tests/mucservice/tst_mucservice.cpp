// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0045 core of the MUC service, seen by sessions that join it directly (classic mode).
#include "MucService.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "Vocabulary.h"

#include <QSignalSpy>
#include <QTest>
#include <QXmppClient.h>
#include <memory>

namespace {
const QString Lobby = QStringLiteral("lobby@conference.localhost");

QDomElement mucItem(const QDomElement &presence)
{
    // By namespace: a presence also carries the sender's vcard-temp:x:update <x/> (XEP-0153).
    return Stanza::child(presence, QStringLiteral("x"), Ns::MucUser)
        .firstChildElement(QStringLiteral("item"));
}

TestClient::Predicate presenceErrorFrom(const QString &from)
{
    return [from](const QDomElement &e) {
        return e.tagName() == QLatin1String("presence")
            && e.attribute(QStringLiteral("type")) == QLatin1String("error")
            && e.attribute(QStringLiteral("from")) == from;
    };
}

QString configForm(const QString &fields)
{
    return QStringLiteral(
               "<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'>"
               "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>%1"
               "</x></query>")
        .arg(fields);
}

QString field(const QString &name, const QString &value)
{
    return QStringLiteral("<field var='muc#roomconfig_%1'><value>%2</value></field>").arg(name, value);
}
} // namespace

class tst_MucService : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

    // Creates lobby as alice (owner) with the given configuration fields.
    TestClient *createRoom(const QString &fields)
    {
        TestClient *alice = m_server->connect(QStringLiteral("alice"));
        const int since = alice->mark();
        alice->sendXml(
            QStringLiteral("<presence to='%1/alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>")
                .arg(Lobby));
        if (!alice->waitFor(TestClient::selfPresence(Lobby), 5000, since))
            return nullptr;
        const QDomElement result = alice->request(QStringLiteral("set"), Lobby, configForm(fields));
        if (result.attribute(QStringLiteral("type")) != QLatin1String("result"))
            return nullptr;
        return alice;
    }

private slots:
    void init() { m_server = std::make_unique<TestServer>(JoinMode::Classic); }
    void cleanup() { m_server.reset(); }

    void createLockedRoomThenConfigure()
    {
        TestClient *alice = m_server->connect(QStringLiteral("alice"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        alice->sendXml(
            QStringLiteral("<presence to='%1/alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>")
                .arg(Lobby));
        QVERIFY(alice->waitFor(TestClient::selfPresence(Lobby)));
        const QDomElement self = FIRST_OF(alice->receivedMatching(TestClient::selfPresence(Lobby)));
        QCOMPARE(mucStatusCodes(self), (QList<int> { 201, 110 }));
        QCOMPARE(mucItem(self).attribute(QStringLiteral("affiliation")), QStringLiteral("owner"));
        QCOMPARE(mucItem(self).attribute(QStringLiteral("role")), QStringLiteral("moderator"));

        // Locked until configured: nobody else gets in.
        const int since = bob->mark();
        bob->sendXml(
            QStringLiteral("<presence to='%1/bob'><x xmlns='http://jabber.org/protocol/muc'/></presence>")
                .arg(Lobby));
        QVERIFY(bob->waitFor(presenceErrorFrom(Lobby + QStringLiteral("/bob")), 5000, since));
        QCOMPARE(errorCondition(
                     FIRST_OF(bob->receivedMatching(presenceErrorFrom(Lobby + QStringLiteral("/bob"))))),
                 QStringLiteral("item-not-found"));

        // The owner can read the form; only the owner.
        const QDomElement form
            = alice->request(QStringLiteral("get"), Lobby,
                             QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#owner'/>"));
        QCOMPARE(form.attribute(QStringLiteral("type")), QStringLiteral("result"));
        QStringList vars;
        const QDomElement x
            = form.firstChildElement(QStringLiteral("query")).firstChildElement(QStringLiteral("x"));
        for (QDomElement f = x.firstChildElement(QStringLiteral("field")); !f.isNull();
             f = f.nextSiblingElement(QStringLiteral("field")))
            vars << f.attribute(QStringLiteral("var"));
        for (const char *name : { "roomname", "persistentroom", "membersonly", "moderatedroom",
                                  "changesubject", "historylength" })
            QVERIFY2(vars.contains(QStringLiteral("muc#roomconfig_") + QLatin1String(name)), name);

        // An empty submit accepts the defaults and unlocks the room.
        const QDomElement submitted
            = alice->request(QStringLiteral("set"), Lobby,
                             QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#owner'><x "
                                            "xmlns='jabber:x:data' type='submit'/></query>"));
        QCOMPARE(submitted.attribute(QStringLiteral("type")), QStringLiteral("result"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        const QDomElement bobSelf = LAST_OF(bob->receivedMatching(TestClient::selfPresence(Lobby)));
        QCOMPARE(mucStatusCodes(bobSelf), (QList<int> { 110 }));
        QCOMPARE(mucItem(bobSelf).attribute(QStringLiteral("role")), QStringLiteral("participant"));
        QVERIFY(alice->waitFor(TestClient::presenceFrom(Lobby + QStringLiteral("/bob"))));

        const QDomElement denied
            = bob->request(QStringLiteral("get"), Lobby,
                           QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#owner'/>"));
        QCOMPARE(errorCondition(denied), QStringLiteral("forbidden"));
    }

    void cancelDestroysNewRoom()
    {
        TestClient *alice = m_server->connect(QStringLiteral("alice"));
        alice->sendXml(
            QStringLiteral("<presence to='%1/alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>")
                .arg(Lobby));
        QVERIFY(alice->waitFor(TestClient::selfPresence(Lobby)));
        const QDomElement cancelled
            = alice->request(QStringLiteral("set"), Lobby,
                             QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#owner'><x "
                                            "xmlns='jabber:x:data' type='cancel'/></query>"));
        QCOMPARE(cancelled.attribute(QStringLiteral("type")), QStringLiteral("result"));
        QVERIFY(alice->waitFor(
            TestClient::presenceFrom(Lobby + QStringLiteral("/alice"), QStringLiteral("unavailable"))));
        QVERIFY(!m_server->server()->mucService()->room(Lobby));
    }

    void nickConflict()
    {
        QVERIFY(createRoom(QString()));
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(!bob->join(Lobby, QStringLiteral("alice")));
        QCOMPARE(errorCondition(
                     FIRST_OF(bob->receivedMatching(presenceErrorFrom(Lobby + QStringLiteral("/alice"))))),
                 QStringLiteral("conflict"));
    }

    void groupchatReflectedWithIds()
    {
        TestClient *alice = createRoom(QString());
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        bob->sendXml(QStringLiteral("<message type='groupchat' to='%1'><body>hello</body>"
                                    "<stanza-id xmlns='urn:xmpp:sid:0' by='%1' id='forged'/></message>")
                         .arg(Lobby));
        QVERIFY(
            bob->waitFor(TestClient::groupchat(Lobby, QStringLiteral("hello")))); // reflected to the sender
        QVERIFY(alice->waitFor(TestClient::groupchat(Lobby, QStringLiteral("hello"))));
        const QDomElement atAlice
            = FIRST_OF(alice->receivedMatching(TestClient::groupchat(Lobby, QStringLiteral("hello"))));
        const QDomElement atBob
            = FIRST_OF(bob->receivedMatching(TestClient::groupchat(Lobby, QStringLiteral("hello"))));
        QCOMPARE(atAlice.attribute(QStringLiteral("from")), Lobby + QStringLiteral("/bob"));
        const QString id
            = atAlice.firstChildElement(QStringLiteral("stanza-id")).attribute(QStringLiteral("id"));
        QVERIFY(!id.isEmpty());
        QVERIFY(id != QLatin1String("forged"));
        QCOMPARE(atAlice.elementsByTagName(QStringLiteral("stanza-id")).size(), 1);
        QCOMPARE(atBob.firstChildElement(QStringLiteral("stanza-id")).attribute(QStringLiteral("id")), id);
        QVERIFY(!atAlice.firstChildElement(QStringLiteral("occupant-id"))
                     .attribute(QStringLiteral("id"))
                     .isEmpty());
    }

    void historyOnJoin_data()
    {
        QTest::addColumn<QString>("history");
        QTest::addColumn<QStringList>("expected");
        const QStringList all = { QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3") };
        QTest::newRow("no history element: room default") << QString() << all;
        QTest::newRow("maxstanzas=2") << QStringLiteral("<history maxstanzas='2'/>")
                                      << QStringList { QStringLiteral("m2"), QStringLiteral("m3") };
        QTest::newRow("maxstanzas=0") << QStringLiteral("<history maxstanzas='0'/>") << QStringList();
        QTest::newRow("maxchars=0") << QStringLiteral("<history maxchars='0'/>") << QStringList();
        QTest::newRow("maxchars large") << QStringLiteral("<history maxchars='100000'/>") << all;
        QTest::newRow("seconds=60") << QStringLiteral("<history seconds='60'/>") << all;
        QTest::newRow("since 2000") << QStringLiteral("<history since='2000-01-01T00:00:00Z'/>") << all;
        QTest::newRow("since the future")
            << QStringLiteral("<history since='2999-01-01T00:00:00Z'/>") << QStringList();
    }
    void historyOnJoin()
    {
        QFETCH(QString, history);
        QFETCH(QStringList, expected);
        TestClient *alice = createRoom(QString());
        QVERIFY(alice);
        for (const QString &body : { QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3") })
            alice->say(Lobby, body);
        QVERIFY(alice->waitFor(TestClient::groupchat(Lobby, QStringLiteral("m3"))));
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob"), history));
        QStringList got;
        for (const QDomElement &m : bob->receivedMatching(TestClient::anyGroupchatFrom(Lobby))) {
            QVERIFY(!m.firstChildElement(QStringLiteral("delay")).isNull());
            QCOMPARE(m.firstChildElement(QStringLiteral("delay")).attribute(QStringLiteral("from")), Lobby);
            got << bodyOf(m);
        }
        QCOMPARE(got, expected);
        // The subject comes last, after the history.
        const QDomElement last = LAST_OF(bob->receivedMatching(TestClient::anythingFrom(Lobby)));
        QVERIFY(TestClient::subjectFrom(Lobby)(last));
    }

    void historyLengthLimitsStorage()
    {
        TestClient *alice = createRoom(field(QStringLiteral("historylength"), QStringLiteral("2")));
        QVERIFY(alice);
        for (const QString &body : { QStringLiteral("m1"), QStringLiteral("m2"), QStringLiteral("m3") })
            alice->say(Lobby, body);
        QVERIFY(alice->waitFor(TestClient::groupchat(Lobby, QStringLiteral("m3"))));
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QCOMPARE(bob->count(TestClient::anyGroupchatFrom(Lobby)), 2);
    }

    void subjectChange_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<bool>("participantMayChange");
        QTest::newRow("default: moderators only") << QString() << false;
        QTest::newRow("changesubject=1")
            << field(QStringLiteral("changesubject"), QStringLiteral("1")) << true;
    }
    void subjectChange()
    {
        QFETCH(QString, config);
        QFETCH(bool, participantMayChange);
        TestClient *alice = createRoom(config);
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        const int since = alice->mark();
        bob->sendXml(QStringLiteral(
                         "<message id='s1' type='groupchat' to='%1'><subject>bob's topic</subject></message>")
                         .arg(Lobby));
        if (participantMayChange) {
            QVERIFY(alice->waitFor(TestClient::subjectFrom(Lobby), 5000, since));
        } else {
            QVERIFY(bob->waitFor(TestClient::errorWithId(QStringLiteral("s1"))));
            QCOMPARE(errorCondition(
                         FIRST_OF(bob->receivedMatching(TestClient::errorWithId(QStringLiteral("s1"))))),
                     QStringLiteral("forbidden"));
            QVERIFY(alice->sync());
            QCOMPARE(alice->count(TestClient::subjectFrom(Lobby)), 1); // only the one shown on join
        }
        // The owner (a moderator) may always change it; a later joiner sees the current subject.
        alice->sendXml(
            QStringLiteral("<message type='groupchat' to='%1'><subject>owner's topic</subject></message>")
                .arg(Lobby));
        QVERIFY(bob->waitFor([](const QDomElement &e) {
            return e.firstChildElement(QStringLiteral("subject")).text() == QLatin1String("owner's topic");
        }));
        TestClient *carol = m_server->connect(QStringLiteral("carol"));
        QVERIFY(carol->join(Lobby, QStringLiteral("carol")));
        const QDomElement shown = LAST_OF(carol->receivedMatching(TestClient::subjectFrom(Lobby)));
        QCOMPARE(shown.firstChildElement(QStringLiteral("subject")).text(), QStringLiteral("owner's topic"));
        QCOMPARE(shown.attribute(QStringLiteral("from")), Lobby + QStringLiteral("/alice"));
    }

    void privateMessages()
    {
        TestClient *alice = createRoom(QString());
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        bob->sendXml(
            QStringLiteral("<message type='chat' to='%1/alice'><body>psst</body></message>").arg(Lobby));
        const auto pm = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("message") && bodyOf(e) == QLatin1String("psst");
        };
        QVERIFY(alice->waitFor(pm));
        const QDomElement got = FIRST_OF(alice->receivedMatching(pm));
        QCOMPARE(got.attribute(QStringLiteral("from")), Lobby + QStringLiteral("/bob"));
        QCOMPARE(got.attribute(QStringLiteral("type")), QStringLiteral("chat"));
        QCOMPARE(got.firstChildElement(QStringLiteral("x")).namespaceURI(),
                 QStringLiteral("http://jabber.org/protocol/muc#user"));
        QVERIFY(bob->sync());
        QCOMPARE(bob->count(pm), 0); // private messages are not reflected

        bob->sendXml(
            QStringLiteral("<message id='p2' type='chat' to='%1/nobody'><body>hello?</body></message>")
                .arg(Lobby));
        QVERIFY(bob->waitFor(TestClient::errorWithId(QStringLiteral("p2"))));
        QCOMPARE(
            errorCondition(FIRST_OF(bob->receivedMatching(TestClient::errorWithId(QStringLiteral("p2"))))),
            QStringLiteral("item-not-found"));
    }

    void leaveAndRoomLifetime_data()
    {
        QTest::addColumn<bool>("persistent");
        QTest::newRow("temporary room ends when empty") << false;
        QTest::newRow("persistent room stays") << true;
    }
    void leaveAndRoomLifetime()
    {
        QFETCH(bool, persistent);
        TestClient *alice = createRoom(
            persistent ? field(QStringLiteral("persistentroom"), QStringLiteral("1")) : QString());
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QVERIFY(bob->leave(Lobby, QStringLiteral("bob")));
        QVERIFY(alice->waitFor(
            TestClient::presenceFrom(Lobby + QStringLiteral("/bob"), QStringLiteral("unavailable"))));
        const QDomElement gone = FIRST_OF(alice->receivedMatching(
            TestClient::presenceFrom(Lobby + QStringLiteral("/bob"), QStringLiteral("unavailable"))));
        QCOMPARE(mucItem(gone).attribute(QStringLiteral("role")), QStringLiteral("none"));
        QVERIFY(alice->leave(Lobby, QStringLiteral("alice")));
        QCOMPARE(m_server->server()->mucService()->room(Lobby) != nullptr, persistent);
    }

    void joinRestrictions_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("joinExtra");
        QTest::addColumn<QString>("expectedError");
        QTest::newRow("members-only, not a member")
            << field(QStringLiteral("membersonly"), QStringLiteral("1")) << QString()
            << QStringLiteral("registration-required");
        QTest::newRow("password, none given")
            << field(QStringLiteral("passwordprotectedroom"), QStringLiteral("1"))
                + field(QStringLiteral("roomsecret"), QStringLiteral("s3"))
            << QString() << QStringLiteral("not-authorized");
        QTest::newRow("password, wrong")
            << field(QStringLiteral("passwordprotectedroom"), QStringLiteral("1"))
                + field(QStringLiteral("roomsecret"), QStringLiteral("s3"))
            << QStringLiteral("<password>nope</password>") << QStringLiteral("not-authorized");
        QTest::newRow("password, right")
            << field(QStringLiteral("passwordprotectedroom"), QStringLiteral("1"))
                + field(QStringLiteral("roomsecret"), QStringLiteral("s3"))
            << QStringLiteral("<password>s3</password>") << QString();
        QTest::newRow("open room") << QString() << QString() << QString();
    }
    void joinRestrictions()
    {
        QFETCH(QString, config);
        QFETCH(QString, joinExtra);
        QFETCH(QString, expectedError);
        QVERIFY(createRoom(config));
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        const bool joined = bob->join(Lobby, QStringLiteral("bob"), joinExtra);
        QCOMPARE(joined, expectedError.isEmpty());
        if (!joined)
            QCOMPARE(errorCondition(
                         FIRST_OF(bob->receivedMatching(presenceErrorFrom(Lobby + QStringLiteral("/bob"))))),
                     expectedError);
    }

    void moderatedRoomSilencesVisitors()
    {
        TestClient *alice = createRoom(field(QStringLiteral("moderatedroom"), QStringLiteral("1")));
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QCOMPARE(mucItem(LAST_OF(bob->receivedMatching(TestClient::selfPresence(Lobby))))
                     .attribute(QStringLiteral("role")),
                 QStringLiteral("visitor"));
        bob->sendXml(QStringLiteral("<message id='v1' type='groupchat' to='%1'><body>may I?</body></message>")
                         .arg(Lobby));
        QVERIFY(bob->waitFor(TestClient::errorWithId(QStringLiteral("v1"))));
        QCOMPARE(
            errorCondition(FIRST_OF(bob->receivedMatching(TestClient::errorWithId(QStringLiteral("v1"))))),
            QStringLiteral("forbidden"));
        QVERIFY(alice->sync());
        QCOMPARE(alice->count(TestClient::groupchat(Lobby, QStringLiteral("may I?"))), 0);
    }

    void nonOccupantCannotSpeak()
    {
        TestClient *alice = createRoom(QString());
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        bob->sendXml(
            QStringLiteral("<message id='n1' type='groupchat' to='%1'><body>outsider</body></message>")
                .arg(Lobby));
        QVERIFY(bob->waitFor(TestClient::errorWithId(QStringLiteral("n1"))));
        QCOMPARE(
            errorCondition(FIRST_OF(bob->receivedMatching(TestClient::errorWithId(QStringLiteral("n1"))))),
            QStringLiteral("not-acceptable"));
        QVERIFY(alice->sync());
        QCOMPARE(alice->count(TestClient::groupchat(Lobby, QStringLiteral("outsider"))), 0);
    }

    void selfPing()
    {
        TestClient *alice = createRoom(QString());
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        const QString ping = QStringLiteral("<ping xmlns='urn:xmpp:ping'/>");
        QCOMPARE(alice->request(QStringLiteral("get"), Lobby + QStringLiteral("/alice"), ping)
                     .attribute(QStringLiteral("type")),
                 QStringLiteral("result"));
        QCOMPARE(errorCondition(bob->request(QStringLiteral("get"), Lobby + QStringLiteral("/bob"), ping)),
                 QStringLiteral("not-acceptable"));
    }

    void discovery()
    {
        TestClient *alice = createRoom(field(QStringLiteral("roomname"), QStringLiteral("The Lobby")));
        QVERIFY(alice);
        const QDomElement service
            = alice->request(QStringLiteral("get"), QStringLiteral("conference.localhost"),
                             QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#info'/>"));
        const QDomElement identity = service.firstChildElement(QStringLiteral("query"))
                                         .firstChildElement(QStringLiteral("identity"));
        QCOMPARE(identity.attribute(QStringLiteral("category")), QStringLiteral("conference"));
        const QDomElement items
            = alice->request(QStringLiteral("get"), QStringLiteral("conference.localhost"),
                             QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#items'/>"));
        const QDomElement item
            = items.firstChildElement(QStringLiteral("query")).firstChildElement(QStringLiteral("item"));
        QCOMPARE(item.attribute(QStringLiteral("jid")), Lobby);
        QCOMPARE(item.attribute(QStringLiteral("name")), QStringLiteral("The Lobby"));
        const QDomElement room
            = alice->request(QStringLiteral("get"), Lobby,
                             QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#info'/>"));
        QStringList features;
        const QDomElement query = room.firstChildElement(QStringLiteral("query"));
        for (QDomElement f = query.firstChildElement(QStringLiteral("feature")); !f.isNull();
             f = f.nextSiblingElement(QStringLiteral("feature")))
            features << f.attribute(QStringLiteral("var"));
        QVERIFY(features.contains(QStringLiteral("http://jabber.org/protocol/muc")));
        QVERIFY(features.contains(QStringLiteral("muc_temporary")));
        QCOMPARE(query.firstChildElement(QStringLiteral("identity")).attribute(QStringLiteral("name")),
                 QStringLiteral("The Lobby"));
        const QDomElement missing
            = alice->request(QStringLiteral("get"), QStringLiteral("nowhere@conference.localhost"),
                             QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#info'/>"));
        QCOMPARE(errorCondition(missing), QStringLiteral("item-not-found"));
    }

    void nickChangeInRoom()
    {
        TestClient *alice = createRoom(QString());
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        bob->sendXml(QStringLiteral("<presence to='%1/robert'/>").arg(Lobby));
        QVERIFY(alice->waitFor(TestClient::presenceFrom(Lobby + QStringLiteral("/robert"))));
        const QDomElement change = FIRST_OF(alice->receivedMatching(
            TestClient::presenceFrom(Lobby + QStringLiteral("/bob"), QStringLiteral("unavailable"))));
        QVERIFY(mucStatusCodes(change).contains(303));
        QCOMPARE(mucItem(change).attribute(QStringLiteral("nick")), QStringLiteral("robert"));
        QVERIFY(bob->waitFor(TestClient::presenceFrom(Lobby + QStringLiteral("/robert"))));
        QVERIFY(mucStatusCodes(FIRST_OF(bob->receivedMatching(
                                   TestClient::presenceFrom(Lobby + QStringLiteral("/robert")))))
                    .contains(110));
    }

    // Moderation by IQ: who may do what, and what everyone sees.
    void moderation_data()
    {
        QTest::addColumn<QString>("actor"); // alice is the owner, bob a participant, carol a member
        QTest::addColumn<QString>("item");
        QTest::addColumn<QString>("expectedError"); // empty: allowed
        QTest::addColumn<int>("statusCode"); // on dave's unavailable presence; 0: dave stays
        QTest::newRow("owner kicks") << "alice"
                                     << "<item nick='dave' role='none'><reason>spam</reason></item>"
                                     << QString() << 307;
        QTest::newRow("owner bans")
            << "alice"
            << "<item jid='dave@localhost' affiliation='outcast'><reason>spam</reason></item>" << QString()
            << 301;
        QTest::newRow("participant may not kick") << "bob"
                                                  << "<item nick='dave' role='none'/>"
                                                  << "not-allowed" << 0;
        QTest::newRow("participant may not ban") << "bob"
                                                 << "<item jid='dave@localhost' affiliation='outcast'/>"
                                                 << "forbidden" << 0;
        QTest::newRow("nobody kicks the owner") << "bob"
                                                << "<item nick='alice' role='none'/>"
                                                << "not-allowed" << 0;
        QTest::newRow("unknown nick") << "alice"
                                      << "<item nick='nobody' role='none'/>"
                                      << "item-not-found" << 0;
        QTest::newRow("item without role or affiliation") << "alice"
                                                          << "<item nick='dave'/>"
                                                          << "bad-request" << 0;
        QTest::newRow("owner makes dave a member")
            << "alice"
            << "<item jid='dave@localhost' affiliation='member'/>" << QString() << 0;
    }
    void moderation()
    {
        QFETCH(QString, actor);
        QFETCH(QString, item);
        QFETCH(QString, expectedError);
        QFETCH(int, statusCode);
        TestClient *alice = createRoom(QString());
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        TestClient *dave = m_server->connect(QStringLiteral("dave"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QVERIFY(dave->join(Lobby, QStringLiteral("dave")));
        TestClient *actorClient = actor == QLatin1String("alice") ? alice : bob;
        const int bobBefore = bob->mark();
        const QDomElement answer = actorClient->request(
            QStringLiteral("set"), Lobby,
            QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'>%1</query>").arg(item));
        QCOMPARE(errorCondition(answer), expectedError);
        QVERIFY(alice->sync());
        QVERIFY(dave->sync());
        const QString daveOccupant = Lobby + QStringLiteral("/dave");
        const auto daveGone = TestClient::presenceFrom(daveOccupant, QStringLiteral("unavailable"));
        if (statusCode == 0) {
            QCOMPARE(dave->count(daveGone), 0);
            QCOMPARE(m_server->server()->mucService()->room(Lobby)->nickOf(dave->jid()),
                     QStringLiteral("dave"));
            if (expectedError.isEmpty()) // an affiliation change is announced with the new affiliation
                QVERIFY(bob->waitFor(
                    [&](const QDomElement &e) {
                        return TestClient::presenceFrom(daveOccupant)(e)
                            && mucItem(e).attribute(QStringLiteral("affiliation")) == QLatin1String("member");
                    },
                    5000, bobBefore));
            return;
        }
        // Everyone, dave included (with 110), sees dave go with the status code, the actor and the reason.
        QVERIFY(bob->waitFor(daveGone, 5000, bobBefore));
        const QDomElement seenByBob = LAST_OF(bob->receivedMatching(daveGone));
        QCOMPARE(mucStatusCodes(seenByBob), QList<int> { statusCode });
        QCOMPARE(
            mucItem(seenByBob).firstChildElement(QStringLiteral("actor")).attribute(QStringLiteral("nick")),
            QStringLiteral("alice"));
        QCOMPARE(mucItem(seenByBob).firstChildElement(QStringLiteral("reason")).text(),
                 QStringLiteral("spam"));
        const QDomElement seenByDave = LAST_OF(dave->receivedMatching(daveGone));
        QCOMPARE(mucStatusCodes(seenByDave), (QList<int> { statusCode, 110 }));
        QVERIFY(m_server->server()->mucService()->room(Lobby)->nickOf(dave->jid()).isEmpty());
        // A kicked user may come back; a banned one may not.
        QCOMPARE(dave->join(Lobby, QStringLiteral("dave")), statusCode == 307);
        if (statusCode == 301)
            QCOMPARE(errorCondition(LAST_OF(dave->receivedMatching([](const QDomElement &e) {
                         return e.attribute(QStringLiteral("type")) == QLatin1String("error");
                     }))),
                     QStringLiteral("forbidden"));
    }

    void voiceInModeratedRoom()
    {
        TestClient *alice = createRoom(field(QStringLiteral("moderatedroom"), QStringLiteral("1")));
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        const QDomElement granted
            = alice->request(QStringLiteral("set"), Lobby,
                             QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'><item "
                                            "nick='bob' role='participant'/></query>"));
        QCOMPARE(granted.attribute(QStringLiteral("type")), QStringLiteral("result"));
        QVERIFY(bob->waitFor([](const QDomElement &e) {
            return TestClient::selfPresence(Lobby)(e)
                && mucItem(e).attribute(QStringLiteral("role")) == QLatin1String("participant");
        }));
        bob->say(Lobby, QStringLiteral("now I may speak"));
        QVERIFY(alice->waitFor(TestClient::groupchat(Lobby, QStringLiteral("now I may speak"))));
    }

    void affiliationAndRoleLists()
    {
        TestClient *alice = createRoom(QString());
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QCOMPARE(alice
                     ->request(QStringLiteral("set"), Lobby,
                               QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'><item "
                                              "jid='carol@localhost' affiliation='member'/>"
                                              "<item jid='dave@localhost' affiliation='member'/></query>"))
                     .attribute(QStringLiteral("type")),
                 QStringLiteral("result"));
        const auto listOf = [](const QDomElement &answer, const QString &attribute) {
            QStringList values;
            const QDomElement query = answer.firstChildElement(QStringLiteral("query"));
            for (QDomElement i = query.firstChildElement(QStringLiteral("item")); !i.isNull();
                 i = i.nextSiblingElement(QStringLiteral("item")))
                values << i.attribute(attribute);
            return values;
        };
        const QString members = QStringLiteral(
            "<query xmlns='http://jabber.org/protocol/muc#admin'><item affiliation='member'/></query>");
        QCOMPARE(listOf(alice->request(QStringLiteral("get"), Lobby, members), QStringLiteral("jid")),
                 (QStringList { QStringLiteral("carol@localhost"), QStringLiteral("dave@localhost") }));
        QCOMPARE(
            listOf(alice->request(QStringLiteral("get"), Lobby,
                                  QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'><item "
                                                 "affiliation='owner'/></query>")),
                   QStringLiteral("jid")),
            QStringList { QStringLiteral("alice@localhost") });
        QCOMPARE(
            listOf(alice->request(QStringLiteral("get"), Lobby,
                                  QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'><item "
                                                 "role='participant'/></query>")),
                   QStringLiteral("nick")),
            QStringList { QStringLiteral("bob") });
        QCOMPARE(errorCondition(bob->request(QStringLiteral("get"), Lobby, members)),
                 QStringLiteral("forbidden"));
        // The last owner cannot give the room away to nobody.
        QCOMPARE(errorCondition(alice->request(
                     QStringLiteral("set"), Lobby,
                     QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'><item "
                                    "jid='alice@localhost' affiliation='member'/></query>"))),
                 QStringLiteral("conflict"));
    }

    void becomingMembersOnlyEvictsNonMembers()
    {
        TestClient *alice = createRoom(QString());
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        TestClient *carol = m_server->connect(QStringLiteral("carol"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QVERIFY(carol->join(Lobby, QStringLiteral("carol")));
        QCOMPARE(alice
                     ->request(QStringLiteral("set"), Lobby,
                               QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'><item "
                                              "jid='carol@localhost' affiliation='member'/></query>"))
                     .attribute(QStringLiteral("type")),
                 QStringLiteral("result"));
        QCOMPARE(alice
                     ->request(QStringLiteral("set"), Lobby,
                               configForm(field(QStringLiteral("membersonly"), QStringLiteral("1"))))
                     .attribute(QStringLiteral("type")),
                 QStringLiteral("result"));
        QVERIFY(bob->waitFor(
            TestClient::presenceFrom(Lobby + QStringLiteral("/bob"), QStringLiteral("unavailable"))));
        QCOMPARE(mucStatusCodes(LAST_OF(bob->receivedMatching(TestClient::presenceFrom(
                     Lobby + QStringLiteral("/bob"), QStringLiteral("unavailable"))))),
                 (QList<int> { 322, 110 }));
        QVERIFY(carol->sync());
        QCOMPARE(carol->count(TestClient::presenceFrom(Lobby + QStringLiteral("/carol"),
                                                       QStringLiteral("unavailable"))),
                 0);
        // Removing a member from a members-only room removes her too (321).
        QCOMPARE(alice
                     ->request(QStringLiteral("set"), Lobby,
                               QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'><item "
                                              "jid='carol@localhost' affiliation='none'/></query>"))
                     .attribute(QStringLiteral("type")),
                 QStringLiteral("result"));
        QVERIFY(carol->waitFor(
            TestClient::presenceFrom(Lobby + QStringLiteral("/carol"), QStringLiteral("unavailable"))));
        QCOMPARE(mucStatusCodes(LAST_OF(carol->receivedMatching(TestClient::presenceFrom(
                     Lobby + QStringLiteral("/carol"), QStringLiteral("unavailable"))))),
                 (QList<int> { 321, 110 }));
    }

    void destruction_data()
    {
        QTest::addColumn<QString>("actor");
        QTest::addColumn<QString>("expectedError");
        QTest::newRow("by the owner") << "alice" << QString();
        QTest::newRow("not by a participant") << "bob"
                                              << "forbidden";
    }
    void destruction()
    {
        QFETCH(QString, actor);
        QFETCH(QString, expectedError);
        TestClient *alice = createRoom(field(QStringLiteral("persistentroom"), QStringLiteral("1")));
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        const QDomElement answer
            = (actor == QLatin1String("alice") ? alice : bob)
                  ->request(QStringLiteral("set"), Lobby,
                            QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#owner'><destroy "
                                           "jid='elsewhere@conference.localhost'>"
                                           "<reason>moving</reason></destroy></query>"));
        QCOMPARE(errorCondition(answer), expectedError);
        QCOMPARE(m_server->server()->mucService()->room(Lobby) == nullptr, expectedError.isEmpty());
        if (!expectedError.isEmpty())
            return;
        for (TestClient *client : { alice, bob }) {
            QVERIFY(client->sync());
            const QDomElement gone = LAST_OF(client->receivedMatching(TestClient::selfPresence(Lobby)));
            QCOMPARE(gone.attribute(QStringLiteral("type")), QStringLiteral("unavailable"));
            const QDomElement destroy
                = gone.firstChildElement(QStringLiteral("x")).firstChildElement(QStringLiteral("destroy"));
            QCOMPARE(destroy.attribute(QStringLiteral("jid")),
                     QStringLiteral("elsewhere@conference.localhost"));
            QCOMPARE(destroy.firstChildElement(QStringLiteral("reason")).text(), QStringLiteral("moving"));
        }
    }

    void shutdownTellsEveryone()
    {
        TestClient *alice = createRoom(QString());
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QSignalSpy bobDisconnected(bob->client(), &QXmppClient::disconnected);
        m_server->server()->stop();
        QVERIFY(bob->waitFor(
            TestClient::presenceFrom(Lobby + QStringLiteral("/bob"), QStringLiteral("unavailable"))));
        QVERIFY(mucStatusCodes(LAST_OF(bob->receivedMatching(TestClient::presenceFrom(
                                   Lobby + QStringLiteral("/bob"), QStringLiteral("unavailable")))))
                    .contains(332));
        QVERIFY(!bobDisconnected.isEmpty() || bobDisconnected.wait(5000));
    }

    void iqRelayedBetweenOccupants()
    {
        TestClient *alice = createRoom(QString());
        QVERIFY(alice);
        TestClient *bob = m_server->connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        // QXmppClient answers XEP-0092 version requests by itself.
        const QDomElement answer = alice->request(QStringLiteral("get"), Lobby + QStringLiteral("/bob"),
                                                  QStringLiteral("<query xmlns='jabber:iq:version'/>"));
        QCOMPARE(answer.attribute(QStringLiteral("type")), QStringLiteral("result"));
        QCOMPARE(answer.attribute(QStringLiteral("from")), Lobby + QStringLiteral("/bob"));
        // Bob saw the request from alice's occupant JID, never her real JID.
        const auto request = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("iq")
                && !e.firstChildElement(QStringLiteral("query")).isNull()
                && e.firstChildElement(QStringLiteral("query")).namespaceURI()
                == QLatin1String("jabber:iq:version");
        };
        QCOMPARE(LAST_OF(bob->receivedMatching(request)).attribute(QStringLiteral("from")),
                 Lobby + QStringLiteral("/alice"));
    }
};

QTEST_GUILESS_MAIN(tst_MucService)
#include "tst_mucservice.moc"
