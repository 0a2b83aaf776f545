// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// MucPassword against XEP-0045's examples (§7.2.6 password-protected rooms, §7.8.2
// invitations carrying the password, §10.2 configuration), in the witches' coven.
#include "MucTestHarness.h"
#include "Vocabulary.h"

#include <QTest>

namespace {
const QString Room = QStringLiteral("coven@chat.shakespeare.lit");
const QString Crone = QStringLiteral("crone1@shakespeare.lit/desktop");
const QString Protected = QStringLiteral("passwordprotectedroom=1;roomsecret=cauldronburn");

QString hagJoins(const QString &mucChildren)
{
    return QStringLiteral("<presence from='hag66@shakespeare.lit/pda' id='djn4714' "
                          "to='coven@chat.shakespeare.lit/thirdwitch'>"
                          "<x xmlns='http://jabber.org/protocol/muc'>%1</x></presence>")
        .arg(mucChildren);
}

// §7.2.6 "Service Denies Access Because No Password Provided" (the request's payload comes back).
QStringList notAuthorized(const QString &mucChildren)
{
    return { QStringLiteral("<presence from='coven@chat.shakespeare.lit/thirdwitch' id='djn4714' "
                            "to='hag66@shakespeare.lit/pda' type='error'>"
                            "<x xmlns='http://jabber.org/protocol/muc'>%1</x>"
                            "<error by='coven@chat.shakespeare.lit' type='auth'>"
                            "<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>"
                            "</presence>")
                 .arg(mucChildren) };
}

const QString Invitation = QStringLiteral(
    "<message from='crone1@shakespeare.lit/desktop' id='nzd143v8' to='coven@chat.shakespeare.lit'>"
    "<x xmlns='http://jabber.org/protocol/muc#user'><invite to='hecate@shakespeare.lit'>"
    "<reason>Hey Hecate, this is the place for all good witches!</reason></invite></x></message>");

// As Prosody sends it: the occupant's message (its id kept), the inviter as the invitee may
// see it (the occupant JID in a semi-anonymous room), a body and XEP-0249's element.
QString invitationSent(const QString &password)
{
    return QStringLiteral(
               "<message from='coven@chat.shakespeare.lit' id='nzd143v8' to='hecate@shakespeare.lit'>"
               "<x xmlns='http://jabber.org/protocol/muc#user'><invite "
               "from='coven@chat.shakespeare.lit/firstwitch'>"
               "<reason>Hey Hecate, this is the place for all good witches!</reason></invite>%1</x>"
               "<body>coven@chat.shakespeare.lit/firstwitch invited you to the room "
               "coven@chat.shakespeare.lit "
               "(Hey Hecate, this is the place for all good witches!)</body>"
               "<x xmlns='jabber:x:conference' jid='coven@chat.shakespeare.lit'>"
               "Hey Hecate, this is the place for all good witches!</x>"
               "</message>")
        .arg(password);
}
} // namespace

class tst_MucPassword : public QObject
{
    Q_OBJECT

private slots:
    void password_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("no password") << Protected << hagJoins(QString()) << notAuthorized(QString());
        const QString wrong = QStringLiteral("<password>eye of newt</password>");
        QTest::newRow("wrong password") << Protected << hagJoins(wrong) << notAuthorized(wrong);
        // §7.2.6 "User Provides Password On Entering a Room".
        QTest::newRow("right password")
            << Protected << hagJoins(QStringLiteral("<password>cauldronburn</password>"))
            << MucTestHarness::hagEntersCoven(QStringLiteral("none"));
        QTest::newRow("unprotected room")
            << QString() << hagJoins(QString()) << MucTestHarness::hagEntersCoven(QStringLiteral("none"));
        // The secret alone protects the room (as with Prosody, which knows no other switch).
        QTest::newRow("secret alone, no password")
            << QStringLiteral("roomsecret=cauldronburn") << hagJoins(QString()) << notAuthorized(QString());
        QTest::newRow("secret alone, right password")
            << QStringLiteral("roomsecret=cauldronburn")
            << hagJoins(QStringLiteral("<password>cauldronburn</password>"))
            << MucTestHarness::hagEntersCoven(QStringLiteral("none"));
        // §7.8.2 "Room Sends Invitation to Invitee": the password comes with it.
        QTest::newRow("invitation carries the password")
            << Protected << Invitation
            << QStringList { invitationSent(QStringLiteral("<password>cauldronburn</password>")) };
        QTest::newRow("invitation to an unprotected room")
            << QString() << Invitation << QStringList { invitationSent(QString()) };
        // A protected room needs a password.
        const QString noSecret
            = MucTestHarness::configSubmit(Room, Crone, QStringLiteral("passwordprotectedroom=1"));
        QTest::newRow("protection without a secret")
            << QString() << noSecret
            << QStringList { MucTestHarness::errorReply(noSecret, QStringLiteral("modify"),
                                                        QStringLiteral("not-acceptable")) };
    }

    void password()
    {
        QFETCH(QString, config);
        QFETCH(QString, input);
        QFETCH(QStringList, expected);

        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("occupant-id"), Ns::OccupantId);
        harness.ignoreElement(QStringLiteral("text"), Ns::Stanzas);
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        harness.inject(input);
        MUC_EXPECT(harness, expected);
    }

    // §6.4: muc_passwordprotected or muc_unsecured.
    void discoFeature_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("feature");
        QTest::newRow("protected") << Protected << "muc_passwordprotected";
        QTest::newRow("unsecured") << QString() << "muc_unsecured";
    }

    void discoFeature()
    {
        QFETCH(QString, config);
        QFETCH(QString, feature);
        MucTestHarness harness;
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        const QStringList features = harness.roomFeatures(Room);
        QVERIFY2(features.contains(feature), qPrintable(features.join(QLatin1Char(' '))));
    }
};

QTEST_GUILESS_MAIN(tst_MucPassword)
#include "tst_mucpassword.moc"
