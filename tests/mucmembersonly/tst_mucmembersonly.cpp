// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// MucMembersOnly against XEP-0045's examples (§7.2.7, §7.8.2, §9.3, §10.2), with the
// witches' coven of the XEP. Injected and expected stanzas follow the XEP's examples;
// where the server legitimately differs (Prosody's 'by' on a room's presence errors, an
// invitation's id kept, the inviter's occupant JID, a body and XEP-0249's element) the
// expected XML says what the server sends.
#include "MucTestHarness.h"
#include "Vocabulary.h"

#include <QTest>

namespace {
const QString Room = QStringLiteral("coven@chat.shakespeare.lit");
const QString Crone = QStringLiteral("crone1@shakespeare.lit/desktop");

const QString HagJoins = QStringLiteral(
    "<presence from='hag66@shakespeare.lit/pda' id='n13mt3l' to='coven@chat.shakespeare.lit/thirdwitch'>"
    "  <x xmlns='http://jabber.org/protocol/muc'/>"
    "</presence>");

// §7.2.7 "Service Denies Access Because User Is Not on Member List".
const QString HagRefused
    = QStringLiteral("<presence from='coven@chat.shakespeare.lit/thirdwitch' id='n13mt3l' "
                     "to='hag66@shakespeare.lit/pda' type='error'>"
                     "  <x xmlns='http://jabber.org/protocol/muc'/>"
                     "  <error by='coven@chat.shakespeare.lit' type='auth'>"
                     "<registration-required xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                     "</presence>");

QString setAffiliation(const QString &jid, const QString &affiliation)
{
    return QStringLiteral(
               "<iq from='crone1@shakespeare.lit/desktop' id='member1' to='coven@chat.shakespeare.lit' "
               "type='set'><query xmlns='http://jabber.org/protocol/muc#admin'>"
               "<item affiliation='%2' jid='%1'/></query></iq>")
        .arg(jid, affiliation);
}

// wiccarocks, a member, enters as secondwitch and invites hag66.
QStringList memberInvitesHag()
{
    return { setAffiliation(QStringLiteral("wiccarocks@shakespeare.lit"), QStringLiteral("member")),
             QStringLiteral("<presence from='wiccarocks@shakespeare.lit/laptop' "
                            "to='coven@chat.shakespeare.lit/secondwitch'>"
                            "<x xmlns='http://jabber.org/protocol/muc'/></presence>"),
             QStringLiteral(
                 "<message from='wiccarocks@shakespeare.lit/laptop' to='coven@chat.shakespeare.lit'>"
                 "<x xmlns='http://jabber.org/protocol/muc#user'>"
                 "<invite to='hag66@shakespeare.lit'/></x></message>") };
}

// hag66 (thirdwitch) leaves with these status codes, as crone1 and then hag66 see it;
// the codes before the item and 110 after it, in Prosody's order (XEP-0045 leaves it free).
// The actor's JID is for those who see real JIDs (the owner), never for the one removed.
QStringList hagRemoved(const QString &code, const QString &actor, const QString &actorSeenByHag)
{
    const QString presence = QStringLiteral(
        "<presence from='coven@chat.shakespeare.lit/thirdwitch' to='%1' type='unavailable'>"
        "<x xmlns='http://jabber.org/protocol/muc#user'><status code='%2'/>"
        "<item affiliation='none' jid='hag66@shakespeare.lit/pda' role='none'>%3</item>%4</x></presence>");
    return {
        presence.arg(QStringLiteral("crone1@shakespeare.lit/desktop"), code, actor, QString()),
        presence.arg(QStringLiteral("hag66@shakespeare.lit/pda"), code, actorSeenByHag,
                     QStringLiteral("<status code='110'/>")),
    };
}
} // namespace

class tst_MucMembersOnly : public QObject
{
    Q_OBJECT

private slots:
    void members_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QStringList>("setup");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("expected");

        // §7.2.7 "Service Denies Access Because User Is Not on Member List".
        QTest::newRow("non-member is refused")
            << "membersonly=1" << QStringList() << HagJoins << QStringList { HagRefused };
        QTest::newRow("member enters")
            << "membersonly=1"
            << QStringList { setAffiliation(QStringLiteral("hag66@shakespeare.lit"),
                                            QStringLiteral("member")) }
            << HagJoins << MucTestHarness::hagEntersCoven(QStringLiteral("member"));
        QTest::newRow("open room admits anybody") << "membersonly=0" << QStringList() << HagJoins
                                                  << MucTestHarness::hagEntersCoven(QStringLiteral("none"));
        // §7.8.2 "Occupant Sends a Mediated Invitation" and "Room Sends Invitation to Invitee".
        QTest::newRow("invitation")
            << "membersonly=1" << QStringList()
            << QStringLiteral("<message from='crone1@shakespeare.lit/desktop' id='nzd143v8' "
                              "to='coven@chat.shakespeare.lit'>"
                              "  <x xmlns='http://jabber.org/protocol/muc#user'>"
                              "    <invite to='hag66@shakespeare.lit'>"
                              "      <reason>Hey Hecate, this is the place for all good witches!</reason>"
                              "    </invite></x></message>")
            << QStringList { QStringLiteral(
                   "<message from='coven@chat.shakespeare.lit' id='nzd143v8' to='hag66@shakespeare.lit'>"
                   "  <x xmlns='http://jabber.org/protocol/muc#user'>"
                   "    <invite from='coven@chat.shakespeare.lit/firstwitch'>"
                   "      <reason>Hey Hecate, this is the place for all good witches!</reason>"
                   "    </invite></x>"
                   "<body>coven@chat.shakespeare.lit/firstwitch invited you to the room "
                   "coven@chat.shakespeare.lit (Hey Hecate, this is the place for all good witches!)</body>"
                   "<x xmlns='jabber:x:conference' jid='coven@chat.shakespeare.lit'>"
                   "Hey Hecate, this is the place for all good witches!</x></message>") };
        // "If the room is members-only, the service MUST add the invitee to the member list."
        QTest::newRow("invitee enters as member")
            << "membersonly=1"
            << QStringList { QStringLiteral(
                   "<message from='crone1@shakespeare.lit/desktop' to='coven@chat.shakespeare.lit'>"
                   "<x xmlns='http://jabber.org/protocol/muc#user'>"
                   "<invite to='hag66@shakespeare.lit'/></x></message>") }
            << HagJoins << MucTestHarness::hagEntersCoven(QStringLiteral("member"));
        // "Invitation privileges in members-only rooms SHOULD be restricted to room admins":
        // a plain member's invitation goes out but grants nothing, so the invitee is
        // still refused (as Prosody does).
        QTest::newRow("a member's invitation grants no membership")
            << "membersonly=1" << memberInvitesHag() << HagJoins << QStringList { HagRefused };
        // The room's owner lets members invite (muc#roomconfig_allowinvites): then a
        // member's invitation admits the invitee as a member.
        QTest::newRow("members may invite when the room allows it") << "membersonly=1;allowinvites=1"
                                                                    << (memberInvitesHag() + QStringList {
                      // and leaves, so that hag66 finds the room as in the rows above
                      QStringLiteral("<presence from='wiccarocks@shakespeare.lit/laptop' "
                                     "to='coven@chat.shakespeare.lit/secondwitch' type='unavailable'/>") })
            << HagJoins << MucTestHarness::hagEntersCoven(QStringLiteral("member"));
        // §10.2: status 322, non-members removed when the room becomes members-only.
        QTest::newRow("room becomes members-only")
            << "membersonly=0" << QStringList { HagJoins }
            << MucTestHarness::configSubmit(Room, Crone, QStringLiteral("membersonly=1"))
            // Prosody's order: the removal, the owner's result, then status 104 to who is left.
            << (hagRemoved(QStringLiteral("322"), QString(), QString())
                + QStringList { QStringLiteral("<iq from='coven@chat.shakespeare.lit' id='config' "
                                               "to='crone1@shakespeare.lit/desktop' type='result'/>"),
                                QStringLiteral("<message from='coven@chat.shakespeare.lit' "
                                               "to='crone1@shakespeare.lit/desktop' type='groupchat'>"
                                               "<x xmlns='http://jabber.org/protocol/muc#user'>"
                                               "<status code='104'/></x></message>") });
        // §9.4 with a members-only room: status 321, removed with the membership.
        QTest::newRow("membership revoked")
            << "membersonly=1"
            << QStringList { setAffiliation(QStringLiteral("hag66@shakespeare.lit"),
                                            QStringLiteral("member")),
                             HagJoins }
            << setAffiliation(QStringLiteral("hag66@shakespeare.lit"), QStringLiteral("none"))
            << (hagRemoved(QStringLiteral("321"),
                           QStringLiteral("<actor jid='crone1@shakespeare.lit/desktop' nick='firstwitch'/>"),
                           QStringLiteral("<actor nick='firstwitch'/>"))
                + QStringList { QStringLiteral("<iq from='coven@chat.shakespeare.lit' id='member1' "
                                               "to='crone1@shakespeare.lit/desktop' type='result'/>") });
    }

    void members()
    {
        QFETCH(QString, config);
        QFETCH(QStringList, setup);
        QFETCH(QString, input);
        QFETCH(QStringList, expected);

        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("occupant-id"), Ns::OccupantId);
        harness.ignoreElement(QStringLiteral("text"), Ns::Stanzas);
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        for (const QString &stanza : qAsConst(setup)) {
            harness.inject(stanza);
            harness.takeSent();
        }
        harness.inject(input);
        MUC_EXPECT(harness, expected);
    }

    // §6.4: the room's disco#info says whether it is members-only.
    void discoFeature_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("feature");
        QTest::newRow("members-only") << "membersonly=1"
                                      << "muc_membersonly";
        QTest::newRow("open") << "membersonly=0"
                              << "muc_open";
    }

    void discoFeature()
    {
        QFETCH(QString, config);
        QFETCH(QString, feature);
        MucTestHarness harness;
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        const QStringList features = harness.roomFeatures(Room);
        QVERIFY2(features.contains(feature), qPrintable(features.join(QLatin1Char(' '))));
        QVERIFY(!features.contains(feature == QLatin1String("muc_open") ? QStringLiteral("muc_membersonly")
                                                                        : QStringLiteral("muc_open")));
    }
};

QTEST_GUILESS_MAIN(tst_MucMembersOnly)
#include "tst_mucmembersonly.moc"
