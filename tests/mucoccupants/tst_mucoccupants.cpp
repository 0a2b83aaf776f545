// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// An occupant's presence in a room as Prosody 0.12 handles it where XEP-0045 leaves
// room (its scansion scripts check these): probes, a client's presence error, nick
// validation, a join from a joined session, nicks shared by one account's sessions,
// roles and affiliations in nick changes and destruction. In the witches' coven:
// crone1 (firstwitch, owner) and hag66 (thirdwitch, participant) are in.
#include "MucService.h"
#include "MucTestHarness.h"
#include "Vocabulary.h"

#include <QTest>

namespace {
const QString Room = QStringLiteral("coven@chat.shakespeare.lit");
const QString Crone = QStringLiteral("crone1@shakespeare.lit/desktop");
const QString Hag = QStringLiteral("hag66@shakespeare.lit/pda");

// 'who' about 'nick' (jid/affiliation/role as the item shows them), 'more' after the item.
QString presence(const QString &nick, const QString &to, const QString &item, const QString &more = QString(),
                 const QString &attributes = QString(), const QString &before = QString())
{
    return QStringLiteral("<presence from='coven@chat.shakespeare.lit/%1' to='%2'%3>%4"
                          "<x xmlns='http://jabber.org/protocol/muc#user'>%5</x></presence>")
        .arg(nick, to, attributes, before, item + more);
}

const QString Status110 = QStringLiteral("<status code='110'/>");
const QString CroneItem = QStringLiteral("<item affiliation='owner' role='moderator'/>");
const QString HagItem
    = QStringLiteral("<item affiliation='none' jid='hag66@shakespeare.lit/pda' role='participant'/>");
const QString Subject = QStringLiteral(
    "<message from='coven@chat.shakespeare.lit' to='%1' type='groupchat'><subject/></message>");

const QString PresenceError = QStringLiteral(
    "<presence from='hag66@shakespeare.lit/pda' to='coven@chat.shakespeare.lit' type='error'>"
    "<error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/>"
    "<text xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'>Test error</text></error></presence>");

QStringList removedForError(const QString &statusText)
{
    const QString item
        = QStringLiteral("<status code='333'/>"
                         "<item affiliation='none' jid='hag66@shakespeare.lit/pda' role='none'/>");
    const QString status = QStringLiteral("<status>%1</status>").arg(statusText);
    return { presence(QStringLiteral("thirdwitch"), Crone, item, QString(),
                      QStringLiteral(" type='unavailable'"), status),
             presence(QStringLiteral("thirdwitch"), Hag, item, Status110,
                      QStringLiteral(" type='unavailable'"), status) };
}
} // namespace

class tst_MucOccupants : public QObject
{
    Q_OBJECT

private slots:
    void occupants_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("expected");

        // A probe of an occupant is answered with its presence, as the prober may see it.
        QTest::newRow("probe answered")
            << QString()
            << QStringLiteral("<presence from='hag66@shakespeare.lit/pda' type='probe' "
                              "to='coven@chat.shakespeare.lit/firstwitch'/>")
            << QStringList { presence(QStringLiteral("firstwitch"), Hag, CroneItem) };
        // Only occupants may probe (Prosody: not-acceptable, by the room).
        QTest::newRow("probe from outside")
            << QString()
            << QStringLiteral("<presence from='wiccarocks@shakespeare.lit/laptop' type='probe' "
                              "to='coven@chat.shakespeare.lit/firstwitch'/>")
            << QStringList { QStringLiteral(
                   "<presence from='coven@chat.shakespeare.lit/firstwitch' "
                   "to='wiccarocks@shakespeare.lit/laptop' type='error'>"
                   "<error by='coven@chat.shakespeare.lit' type='cancel'>"
                   "<not-acceptable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>") };
        // A client that answers the room with an error is gone: 333, and Prosody's status
        // text, with the error's own text only where real JIDs are public.
        QTest::newRow("presence error removes")
            << QString() << PresenceError << removedForError(QStringLiteral("Kicked: service unavailable"));
        QTest::newRow("presence error removes, non-anonymous")
            << QStringLiteral("whois=anyone") << PresenceError
            << removedForError(QStringLiteral("Kicked: service unavailable: Test error"));
        // Nicks are resourceprep'd, then must pass strict validation (no code point Unicode
        // 3.2 left unassigned): the robot face is refused, named as prepared (U+FE0F goes).
        QTest::newRow("nick fails strict validation")
            << QString()
            << QStringLiteral("<presence from='wiccarocks@shakespeare.lit/laptop' "
                              "to='coven@chat.shakespeare.lit/\U0001F916\uFE0F'/>")
            << QStringList { QStringLiteral(
                   "<presence from='coven@chat.shakespeare.lit/\U0001F916' "
                   "to='wiccarocks@shakespeare.lit/laptop' type='error'>"
                   "<error by='coven@chat.shakespeare.lit' type='modify'>"
                   "<jid-malformed xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>") };
        // A join from a joined session is answered as a join: presences, history, subject.
        QTest::newRow("join again") << QString()
                                    << QStringLiteral(
                                           "<presence from='hag66@shakespeare.lit/pda' "
                                           "to='coven@chat.shakespeare.lit/thirdwitch'>"
                                           "<x xmlns='http://jabber.org/protocol/muc'/></presence>")
                                    << QStringList { presence(QStringLiteral("firstwitch"), Hag, CroneItem),
                                                     presence(QStringLiteral("thirdwitch"), Crone, HagItem),
                                                     presence(QStringLiteral("thirdwitch"), Hag, HagItem,
                                                              Status110),
                                                     Subject.arg(Hag) };
        // Another session of hag66 joins as thirdwitch: one occupant, one item per session.
        const QString twoItems
            = HagItem
            + QStringLiteral(
                  "<item affiliation='none' jid='hag66@shakespeare.lit/laptop' role='participant'/>");
        QTest::newRow("second session shares the nick")
            << QString()
            << QStringLiteral("<presence from='hag66@shakespeare.lit/laptop' "
                              "to='coven@chat.shakespeare.lit/thirdwitch'>"
                              "<x xmlns='http://jabber.org/protocol/muc'/></presence>")
            << QStringList { presence(QStringLiteral("firstwitch"),
                                      QStringLiteral("hag66@shakespeare.lit/laptop"), CroneItem),
                             presence(QStringLiteral("thirdwitch"), Crone, twoItems),
                             presence(QStringLiteral("thirdwitch"), Hag, twoItems, Status110),
                             presence(QStringLiteral("thirdwitch"),
                                      QStringLiteral("hag66@shakespeare.lit/laptop"), twoItems, Status110),
                             Subject.arg(QStringLiteral("hag66@shakespeare.lit/laptop")) };
        // Another account still may not take the nick.
        QTest::newRow("another account's nick")
            << QString()
            << QStringLiteral("<presence from='wiccarocks@shakespeare.lit/laptop' "
                              "to='coven@chat.shakespeare.lit/thirdwitch'/>")
            << QStringList { QStringLiteral(
                   "<presence from='coven@chat.shakespeare.lit/thirdwitch' "
                   "to='wiccarocks@shakespeare.lit/laptop' type='error'>"
                   "<error by='coven@chat.shakespeare.lit' type='cancel'>"
                   "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>") };
        // The 303 unavailable keeps the role (Prosody issue 1466).
        const QString renamed = QStringLiteral("<status code='303'/><item affiliation='none' "
                                               "jid='hag66@shakespeare.lit/pda' nick='fourthwitch' "
                                               "role='participant'/>");
        QTest::newRow("nick change keeps the role")
            << QString()
            << QStringLiteral("<presence from='hag66@shakespeare.lit/pda' "
                              "to='coven@chat.shakespeare.lit/fourthwitch'/>")
            << QStringList { presence(QStringLiteral("thirdwitch"), Crone, renamed, QString(),
                                      QStringLiteral(" type='unavailable'")),
                             presence(QStringLiteral("thirdwitch"), Hag, renamed, Status110,
                                      QStringLiteral(" type='unavailable'")),
                             presence(QStringLiteral("fourthwitch"), Crone, HagItem),
                             presence(QStringLiteral("fourthwitch"), Hag, HagItem, Status110) };
        // §10.9 destruction: the notice first, each item keeping its affiliation.
        const QString notice = QStringLiteral("<destroy><reason>Macbeth doth come</reason></destroy>");
        QTest::newRow("destruction keeps affiliations")
            << QString()
            << QStringLiteral("<iq from='crone1@shakespeare.lit/desktop' id='begone' "
                              "to='coven@chat.shakespeare.lit' type='set'>"
                              "<query xmlns='http://jabber.org/protocol/muc#owner'><destroy>"
                              "<reason>Macbeth doth come</reason></destroy></query></iq>")
            << QStringList {
                   presence(
                       QStringLiteral("firstwitch"), Crone,
                       notice
                           + QStringLiteral("<item affiliation='owner' jid='crone1@shakespeare.lit/desktop' "
                                            "role='none'/>"),
                       Status110, QStringLiteral(" type='unavailable'")),
                   presence(QStringLiteral("thirdwitch"), Hag,
                            notice
                                + QStringLiteral("<item affiliation='none' jid='hag66@shakespeare.lit/pda' "
                                                 "role='none'/>"),
                            Status110, QStringLiteral(" type='unavailable'")),
                   QStringLiteral("<iq from='coven@chat.shakespeare.lit' id='begone' "
                                  "to='crone1@shakespeare.lit/desktop' type='result'/>")
               };
    }

    void occupants()
    {
        QFETCH(QString, config);
        QFETCH(QString, input);
        QFETCH(QStringList, expected);

        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("occupant-id"), Ns::OccupantId);
        harness.ignoreElement(QStringLiteral("text"), Ns::Stanzas);
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        harness.join(Room, Hag, QStringLiteral("thirdwitch"));
        harness.inject(input);
        MUC_EXPECT(harness, expected);
    }

    // One of two sessions sharing a nick leaves: the occupant stays, shown by the other.
    void oneOfTwoSessionsLeaves()
    {
        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("occupant-id"), Ns::OccupantId);
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"));
        harness.join(Room, Hag, QStringLiteral("thirdwitch"));
        const QString laptop = QStringLiteral("hag66@shakespeare.lit/laptop");
        harness.join(Room, laptop, QStringLiteral("thirdwitch"));
        harness.inject(PresenceError);
        const QString laptopItem = QStringLiteral(
            "<item affiliation='none' jid='hag66@shakespeare.lit/laptop' role='participant'/>");
        MUC_EXPECT(harness,
                   (QStringList { presence(QStringLiteral("thirdwitch"), Crone, laptopItem),
                                  presence(QStringLiteral("thirdwitch"), laptop, laptopItem, Status110) }));
        QVERIFY(harness.service()->room(Room)->occupants().contains(QStringLiteral("thirdwitch")));
    }
};

QTEST_GUILESS_MAIN(tst_MucOccupants)
#include "tst_mucoccupants.moc"
