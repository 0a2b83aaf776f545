// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// MucModeration against XEP-0045's examples: visitors in a moderated room (§7.4),
// kicking (§8.2), granting and revoking voice (§8.3, §8.4), role lists (§8.5).
// crone1 (firstwitch) owns the room; hag66 (thirdwitch) and wiccarocks
// (secondwitch) enter without affiliation.
#include "MucTestHarness.h"
#include "Vocabulary.h"

#include <QTest>

namespace {
const QString Room = QStringLiteral("coven@chat.shakespeare.lit");
const QString Crone = QStringLiteral("crone1@shakespeare.lit/desktop");
const QString Hag = QStringLiteral("hag66@shakespeare.lit/pda");
const QString Wicca = QStringLiteral("wiccarocks@shakespeare.lit/laptop");
const QString Moderated = QStringLiteral("moderatedroom=1");

QString adminSet(const QString &from, const QString &id, const QString &item)
{
    return QStringLiteral("<iq from='%1' id='%2' to='coven@chat.shakespeare.lit' type='set'>"
                          "<query xmlns='http://jabber.org/protocol/muc#admin'>%3</query></iq>")
        .arg(from, id, item);
}

QString result(const QString &id, const QString &to = Crone)
{
    return QStringLiteral("<iq from='coven@chat.shakespeare.lit' id='%1' to='%2' type='result'/>")
        .arg(id, to);
}

// §7.4 "Service Reflects Message to All Occupants": thirdwitch's message as 'to' gets it.
QString groupchat(const QString &to)
{
    return QStringLiteral(
               "<message from='coven@chat.shakespeare.lit/thirdwitch' id='hysf1v37' to='%1' type='groupchat'>"
               "<body>Harpier cries: 'tis time, 'tis time.</body>"
               "<stanza-id xmlns='urn:xmpp:sid:0' by='coven@chat.shakespeare.lit' id='*'/></message>")
        .arg(to);
}

// thirdwitch's presence (role, status codes, extra item children) as firstwitch,
// secondwitch (no real JID: the room is semi-anonymous) and thirdwitch itself see it.
// 'crone1Children' is what firstwitch, a moderator, sees in the item (the actor's JID);
// null: the same as the others.
QStringList thirdwitch(const QString &type, const QString &role, const QString &code,
                       const QString &itemChildren, const QString &crone1Children = QString())
{
    const QString typeAttribute = type.isEmpty() ? QString() : QStringLiteral(" type='%1'").arg(type);
    const QString presence
        = QStringLiteral("<presence from='coven@chat.shakespeare.lit/thirdwitch' to='%1'%2>"
                         "<x xmlns='http://jabber.org/protocol/muc#user'>"
                         "%5<item affiliation='none'%6 role='%3'>%4</item>%7</x></presence>");
    const QString status = code.isEmpty() ? QString() : QStringLiteral("<status code='%1'/>").arg(code);
    const QString jid = QStringLiteral(" jid='hag66@shakespeare.lit/pda'");
    // Codes before the item, 110 after it: Prosody's order (XEP-0045 leaves it free).
    return { presence.arg(Crone, typeAttribute, role, crone1Children.isNull() ? itemChildren : crone1Children,
                          status, jid, QString()),
             presence.arg(Wicca, typeAttribute, role, itemChildren, status, QString(), QString()),
             presence.arg(Hag, typeAttribute, role, itemChildren, status, jid,
                          QStringLiteral("<status code='110'/>")) };
}
} // namespace

class tst_MucModeration : public QObject
{
    Q_OBJECT

private slots:
    void moderation_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("expected");

        // §7.4 "Service Returns Error on Attempt by Visitor to Send Message".
        const QString visitorSpeaks = QStringLiteral(
            "<message from='hag66@shakespeare.lit/pda' id='hysf1v37' to='coven@chat.shakespeare.lit' "
            "type='groupchat'><body>Harpier cries: 'tis time, 'tis time.</body></message>");
        QTest::newRow("visitor may not speak")
            << Moderated << visitorSpeaks
            << QStringList { MucTestHarness::errorReply(visitorSpeaks, QStringLiteral("auth"),
                                                        QStringLiteral("forbidden")) };
        QTest::newRow("participant speaks in an unmoderated room")
            << QString() << visitorSpeaks
            << QStringList { groupchat(Crone), groupchat(Wicca), groupchat(Hag) };
        // The room keeps time, not the sender: a <delay/> on what an occupant says is
        // dropped, or every archive would store the sender's stamp as the message's time.
        QString backdated = visitorSpeaks;
        backdated.replace(
            QStringLiteral("</message>"),
            QStringLiteral("<delay xmlns='urn:xmpp:delay' stamp='2001-01-01T00:00:00Z'/></message>"));
        QTest::newRow("a sender's delay is dropped")
            << QString() << backdated << QStringList { groupchat(Crone), groupchat(Wicca), groupchat(Hag) };
        // §8.3 "Moderator Grants Voice to a Visitor".
        QTest::newRow("grant voice") << Moderated
                                     << adminSet(
                                            Crone, QStringLiteral("voice1"),
                                            QStringLiteral("<item nick='thirdwitch' role='participant'/>"))
                                     << thirdwitch(QString(), QStringLiteral("participant"), QString(),
                                                   QString())
                + QStringList { result(QStringLiteral("voice1")) }; // Prosody answers last
        // §8.4 "Moderator Revokes Voice from a Participant".
        QTest::newRow("revoke voice")
            << QString()
            << adminSet(Crone, QStringLiteral("voice2"),
                        QStringLiteral("<item nick='thirdwitch' role='visitor'/>"))
            << thirdwitch(QString(), QStringLiteral("visitor"), QString(), QString())
                + QStringList { result(QStringLiteral("voice2")) };
        // §8.2 "Moderator Kicks Occupant" and "Service Informs Kicked Occupant/Remaining Occupants".
        QTest::newRow("kick")
            << QString()
            << adminSet(
                   Crone, QStringLiteral("kick1"),
                   QStringLiteral(
                       "<item nick='thirdwitch' role='none'><reason>Avaunt, you cullion!</reason></item>"))
            << thirdwitch(QStringLiteral("unavailable"), QStringLiteral("none"), QStringLiteral("307"),
                          QStringLiteral("<actor nick='firstwitch'/><reason>Avaunt, you cullion!</reason>"),
                          QStringLiteral("<actor jid='crone1@shakespeare.lit/desktop' nick='firstwitch'/>"
                                         "<reason>Avaunt, you cullion!</reason>"))
                + QStringList { result(QStringLiteral("kick1")) };
        // §8.2: only moderators kick ("not-allowed").
        const QString participantKicks = adminSet(Hag, QStringLiteral("kick2"),
                                                  QStringLiteral("<item nick='secondwitch' role='none'/>"));
        QTest::newRow("participant may not kick")
            << QString() << participantKicks
            << QStringList { MucTestHarness::errorReply(participantKicks, QStringLiteral("cancel"),
                                                        QStringLiteral("not-allowed")) };
        const QString nobody = adminSet(Crone, QStringLiteral("kick3"),
                                        QStringLiteral("<item nick='fourthwitch' role='none'/>"));
        QTest::newRow("no such occupant")
            << QString() << nobody
            << QStringList { MucTestHarness::errorReply(nobody, QStringLiteral("cancel"),
                                                        QStringLiteral("item-not-found")) };
        // A misspelt role is a bad request, never "none": it must not kick (XEP-0045 §9.1).
        const QString misspelt = adminSet(Crone, QStringLiteral("kick4"),
                                          QStringLiteral("<item nick='thirdwitch' role='moderatr'/>"));
        QTest::newRow("misspelt role")
            << QString() << misspelt
            << QStringList { MucTestHarness::errorReply(misspelt, QStringLiteral("modify"),
                                                        QStringLiteral("bad-request")) };
        const QString emptyRole
            = adminSet(Crone, QStringLiteral("kick5"), QStringLiteral("<item nick='thirdwitch' role=''/>"));
        QTest::newRow("empty role") << QString() << emptyRole
                                    << QStringList { MucTestHarness::errorReply(
                                           emptyRole, QStringLiteral("modify"),
                                           QStringLiteral("bad-request")) };
        const QString unknownList = QStringLiteral(
            "<iq from='crone1@shakespeare.lit/desktop' id='voice5' to='coven@chat.shakespeare.lit' "
            "type='get'><query xmlns='http://jabber.org/protocol/muc#admin'>"
            "<item role='participnt'/></query></iq>");
        QTest::newRow("list of a misspelt role")
            << QString() << unknownList
            << QStringList { MucTestHarness::errorReply(unknownList, QStringLiteral("modify"),
                                                        QStringLiteral("bad-request")) };
        // §8.5 "Moderator Requests Voice List".
        QTest::newRow("voice list")
            << QString()
            << QStringLiteral(
                   "<iq from='crone1@shakespeare.lit/desktop' id='voice3' to='coven@chat.shakespeare.lit' "
                   "type='get'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                   "<item role='participant'/></query></iq>")
            << QStringList { QStringLiteral(
                   "<iq from='coven@chat.shakespeare.lit' id='voice3' to='crone1@shakespeare.lit/desktop' "
                   "type='result'>"
                   "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                   "<item affiliation='none' jid='wiccarocks@shakespeare.lit/laptop' nick='secondwitch' "
                   "role='participant'/>"
                   "<item affiliation='none' jid='hag66@shakespeare.lit/pda' nick='thirdwitch' "
                   "role='participant'/>"
                   "</query></iq>") };
        const QString participantAsks = QStringLiteral(
            "<iq from='hag66@shakespeare.lit/pda' id='voice4' to='coven@chat.shakespeare.lit' "
            "type='get'><query xmlns='http://jabber.org/protocol/muc#admin'>"
            "<item role='participant'/></query></iq>");
        QTest::newRow("voice list is for moderators")
            << QString() << participantAsks
            << QStringList { MucTestHarness::errorReply(participantAsks, QStringLiteral("auth"),
                                                        QStringLiteral("forbidden")) };
    }

    void moderation()
    {
        QFETCH(QString, config);
        QFETCH(QString, input);
        QFETCH(QStringList, expected);

        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("occupant-id"), Ns::OccupantId);
        harness.ignoreElement(QStringLiteral("text"), Ns::Stanzas);
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        harness.join(Room, Wicca, QStringLiteral("secondwitch"));
        harness.join(Room, Hag, QStringLiteral("thirdwitch"));
        harness.inject(input);
        MUC_EXPECT(harness, expected);
    }
};

QTEST_GUILESS_MAIN(tst_MucModeration)
#include "tst_mucmoderation.moc"
