// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// ServiceLimits with real sessions: what one account may make the MUC service and
// account-level joining hold (rooms owned, memberships, occupants of a room, invitees
// of one invitation), and the error that says so when it asks for more.
#include "AccountLevelJoining.h"
#include "MucService.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"

#include <QTest>
#include <memory>

Q_DECLARE_METATYPE(JoinMode)

namespace {
QString room(const char *node)
{
    return QString::fromLatin1(node) + QStringLiteral("@conference.localhost");
}

TestClient::Predicate errorPresenceFrom(const QString &roomJid)
{
    return [roomJid](const QDomElement &e) {
        return e.tagName() == QLatin1String("presence")
            && e.attribute(QStringLiteral("type")) == QLatin1String("error")
            && e.attribute(QStringLiteral("from")).startsWith(roomJid + QLatin1Char('/'));
    };
}

QString errorType(const QDomElement &stanza)
{
    return stanza.firstChildElement(QStringLiteral("error")).attribute(QStringLiteral("type"));
}

QString errorText(const QDomElement &stanza)
{
    return stanza.firstChildElement(QStringLiteral("error")).firstChildElement(QStringLiteral("text")).text();
}

std::unique_ptr<TestServer> serverWith(JoinMode mode, const ServiceLimits &limits)
{
    ServerOptions options;
    options.service = limits;
    return std::make_unique<TestServer>(mode, options);
}

TestClient::Predicate invitationTo(const QString &roomJid)
{
    return [roomJid](const QDomElement &e) {
        return e.tagName() == QLatin1String("message") && e.attribute(QStringLiteral("from")) == roomJid
            && !e.firstChildElement(QStringLiteral("x")).firstChildElement(QStringLiteral("invite")).isNull();
    };
}
} // namespace

class tst_ServiceLimits : public QObject
{
    Q_OBJECT

private slots:
    void modes_data()
    {
        QTest::addColumn<JoinMode>("mode");
        QTest::newRow("classic") << JoinMode::Classic;
        QTest::newRow("account-level") << JoinMode::AccountLevel;
    }

    // maxRoomsPerAccount: XEP-0045 §10.1.1, a user who may not create a room gets not-allowed.
    void roomsPerAccount_data() { modes_data(); }
    void roomsPerAccount()
    {
        QFETCH(JoinMode, mode);
        ServiceLimits limits;
        limits.maxRoomsPerAccount = 2;
        const auto server = serverWith(mode, limits);
        TestClient *alice = server->connect(QStringLiteral("alice"));
        TestClient *bob = server->connect(QStringLiteral("bob"));
        QVERIFY(alice->join(room("one"), QStringLiteral("alice")));
        QVERIFY(alice->join(room("two"), QStringLiteral("alice")));

        QVERIFY(!alice->join(room("three"), QStringLiteral("alice")));
        const QDomElement refused = FIRST_OF(alice->receivedMatching(errorPresenceFrom(room("three"))));
        QCOMPARE(errorCondition(refused), QStringLiteral("not-allowed"));
        QCOMPARE(errorType(refused), QStringLiteral("cancel"));
        QVERIFY2(errorText(refused).contains(QLatin1String("at most 2 rooms")),
                 qPrintable(errorText(refused)));
        QVERIFY(!server->server()->mucService()->room(room("three")));
        QVERIFY(!server->server()->accountLevelJoining()->membership(alice->bareJid(), room("three")));

        // The limit is per account, and a room destroyed makes room for another.
        QVERIFY(bob->join(room("three"), QStringLiteral("bob")));
        QVERIFY(alice->leave(room("one"), QStringLiteral("alice")));
        QTRY_VERIFY(!server->server()->mucService()->room(room("one")));
        QVERIFY(alice->join(room("four"), QStringLiteral("alice")));
        // Entering a room someone else owns is not creating one.
        QVERIFY(alice->join(room("three"), QStringLiteral("alice")));
    }

    // maxMembershipsPerAccount: a session's join that would put its account in one room
    // too many is refused from the room's JID with resource-constraint; the room sees nothing.
    void membershipsPerAccount()
    {
        ServiceLimits limits;
        limits.maxMembershipsPerAccount = 2;
        const auto server = serverWith(JoinMode::AccountLevel, limits);
        TestClient *bob = server->connect(QStringLiteral("bob"));
        TestClient *desktop = server->connect(QStringLiteral("alice"), QStringLiteral("desktop"));
        TestClient *phone = server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(bob->join(room("three"), QStringLiteral("bob")));
        QVERIFY(desktop->join(room("one"), QStringLiteral("alice")));
        QVERIFY(desktop->join(room("two"), QStringLiteral("alice")));

        QVERIFY(!phone->join(room("three"), QStringLiteral("alice")));
        const QDomElement refused = FIRST_OF(phone->receivedMatching(errorPresenceFrom(room("three"))));
        QCOMPARE(refused.attribute(QStringLiteral("to")), phone->jid());
        QCOMPARE(errorCondition(refused), QStringLiteral("resource-constraint"));
        QCOMPARE(errorType(refused), QStringLiteral("wait"));
        QVERIFY2(errorText(refused).contains(QLatin1String("2 rooms")), qPrintable(errorText(refused)));
        QVERIFY(!server->server()->accountLevelJoining()->membership(QStringLiteral("alice@localhost"),
                                                                     room("three")));
        QVERIFY(bob->sync());
        QCOMPARE(bob->count(TestClient::presenceFrom(room("three") + QStringLiteral("/alice"))), 0);

        // Another session joining a room the account is already in is no new membership.
        QVERIFY(phone->join(room("one"), QStringLiteral("alice")));
        // Leaving a room frees a place.
        QVERIFY(desktop->leave(room("two"), QStringLiteral("alice")));
        QVERIFY(phone->join(room("three"), QStringLiteral("alice")));
        QTRY_COMPARE(bob->count(TestClient::presenceFrom(room("three") + QStringLiteral("/alice"))), 1);
    }

    // maxOccupantsPerRoom: XEP-0045 §7.2.9, service-unavailable to whoever would be one too
    // many; an admin or owner still enters.
    void occupantsPerRoom_data() { modes_data(); }
    void occupantsPerRoom()
    {
        QFETCH(JoinMode, mode);
        ServiceLimits limits;
        limits.maxOccupantsPerRoom = 2;
        const auto server = serverWith(mode, limits);
        TestClient *carol = server->connect(QStringLiteral("carol"));
        TestClient *bob = server->connect(QStringLiteral("bob"));
        TestClient *dave = server->connect(QStringLiteral("dave"));
        TestClient *alice = server->connect(QStringLiteral("alice"));
        const QString lobby = room("lobby");
        QVERIFY(carol->join(lobby, QStringLiteral("carol")));
        QCOMPARE(carol
                     ->request(QStringLiteral("set"), lobby,
                               QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'>"
                                              "<item jid='alice@localhost' affiliation='admin'/></query>"))
                     .attribute(QStringLiteral("type")),
                 QStringLiteral("result"));
        QVERIFY(bob->join(lobby, QStringLiteral("bob")));

        QVERIFY(!dave->join(lobby, QStringLiteral("dave")));
        const QDomElement refused = FIRST_OF(dave->receivedMatching(errorPresenceFrom(lobby)));
        QCOMPARE(errorCondition(refused), QStringLiteral("service-unavailable"));
        QCOMPARE(errorType(refused), QStringLiteral("cancel"));
        QVERIFY2(errorText(refused).contains(QLatin1String("at most 2 occupants")),
                 qPrintable(errorText(refused)));
        QCOMPARE(server->server()->mucService()->room(lobby)->occupants().size(), 2);
        QVERIFY(
            !server->server()->accountLevelJoining()->membership(QStringLiteral("dave@localhost"), lobby));

        // The admin enters the full room.
        QVERIFY(alice->join(lobby, QStringLiteral("alice")));
        QCOMPARE(server->server()->mucService()->room(lobby)->occupants().size(), 3);
        // Once someone leaves, dave gets in.
        QVERIFY(bob->leave(lobby, QStringLiteral("bob")));
        QVERIFY(alice->leave(lobby, QStringLiteral("alice")));
        QVERIFY(dave->join(lobby, QStringLiteral("dave")));
    }

    // maxInviteesPerInvitation: one message may not make the room send an unbounded number of
    // invitations; one over the limit is refused whole (policy-violation), nothing is sent.
    void inviteesPerInvitation_data()
    {
        QTest::addColumn<JoinMode>("mode");
        QTest::addColumn<int>("invitees");
        QTest::addColumn<bool>("sent");
        QTest::newRow("classic, at the limit") << JoinMode::Classic << 3 << true;
        QTest::newRow("classic, one over") << JoinMode::Classic << 4 << false;
        QTest::newRow("account-level, at the limit") << JoinMode::AccountLevel << 3 << true;
        QTest::newRow("account-level, one over") << JoinMode::AccountLevel << 4 << false;
    }

    void inviteesPerInvitation()
    {
        QFETCH(JoinMode, mode);
        QFETCH(int, invitees);
        QFETCH(bool, sent);
        ServiceLimits limits;
        limits.maxInviteesPerInvitation = 3;
        const auto server = serverWith(mode, limits);
        TestClient *alice = server->connect(QStringLiteral("alice"));
        TestClient *bob = server->connect(QStringLiteral("bob"));
        const QString lobby = room("lobby");
        QVERIFY(alice->join(lobby, QStringLiteral("alice")));

        QString invites = QStringLiteral("<invite to='bob@localhost'/>");
        for (int i = 1; i < invitees; ++i)
            invites += QStringLiteral("<invite to='guest%1@localhost'/>").arg(i);
        const int since = alice->mark();
        alice->sendXml(
            QStringLiteral("<message to='%1' id='inv1'><x xmlns='http://jabber.org/protocol/muc#user'>"
                           "%2</x></message>")
                .arg(lobby, invites));
        QVERIFY(alice->sync());
        QVERIFY(bob->sync());
        const auto refusal = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("message")
                && e.attribute(QStringLiteral("id")) == QLatin1String("inv1")
                && e.attribute(QStringLiteral("type")) == QLatin1String("error");
        };
        if (sent) {
            QTRY_COMPARE(bob->count(invitationTo(lobby)), 1);
            QCOMPARE(alice->count(refusal), 0);
            return;
        }
        QVERIFY(alice->waitFor(refusal, 5000, since));
        const QDomElement error = FIRST_OF(alice->receivedMatching(refusal));
        QCOMPARE(errorCondition(error), QStringLiteral("policy-violation"));
        QCOMPARE(errorType(error), QStringLiteral("modify"));
        QVERIFY2(errorText(error).contains(QLatin1String("at most 3")), qPrintable(errorText(error)));
        QCOMPARE(bob->count(invitationTo(lobby)), 0);
    }
};

QTEST_GUILESS_MAIN(tst_ServiceLimits)
#include "tst_servicelimits.moc"
