// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// MucAffiliations against XEP-0045's examples: banned users (§7.2.8), banning (§9.1),
// membership (§9.3), member lists (§9.5) and the owner rules (§10.3-§10.5).
// crone1 (firstwitch) owns the room; hag66 (thirdwitch) is in it.
#include "MucTestHarness.h"
#include "Vocabulary.h"

#include <QTest>

namespace {
const QString Room = QStringLiteral("coven@chat.shakespeare.lit");
const QString Crone = QStringLiteral("crone1@shakespeare.lit/desktop");
const QString Hag = QStringLiteral("hag66@shakespeare.lit/pda");
const QString CroneActor = QStringLiteral("<actor jid='crone1@shakespeare.lit/desktop' nick='firstwitch'/>");

// XEP-0045 §9.3/§9.4 "if the user is not in the room": the item, told to the moderators.
QString announcement(const QString &jid, const QString &affiliation, const QString &children = QString())
{
    return QStringLiteral("<message from='coven@chat.shakespeare.lit' to='crone1@shakespeare.lit/desktop'>"
                          "<x xmlns='http://jabber.org/protocol/muc#user'>%3<item affiliation='%2' jid='%1'/>"
                          "</x></message>")
        .arg(jid, affiliation, children);
}

QString admin(const QString &type, const QString &from, const QString &id, const QString &items)
{
    return QStringLiteral("<iq from='%1' id='%2' to='coven@chat.shakespeare.lit' type='%3'>"
                          "<query xmlns='http://jabber.org/protocol/muc#admin'>%4</query></iq>")
        .arg(from, id, type, items);
}

QString result(const QString &id)
{
    return QStringLiteral("<iq from='coven@chat.shakespeare.lit' id='%1' to='crone1@shakespeare.lit/desktop' "
                          "type='result'/>")
        .arg(id);
}

// thirdwitch's presence as firstwitch and then as thirdwitch itself see it; firstwitch, a
// moderator, also sees the actor's JID (crone1Children; null: the same children).
QStringList thirdwitch(const QString &type, const QString &affiliation, const QString &role,
                       const QString &code, const QString &itemChildren,
                       const QString &crone1Children = QString())
{
    const QString typeAttribute = type.isEmpty() ? QString() : QStringLiteral(" type='%1'").arg(type);
    const QString presence = QStringLiteral(
        "<presence from='coven@chat.shakespeare.lit/thirdwitch' to='%1'%2>"
        "<x xmlns='http://jabber.org/protocol/muc#user'>"
        "%6<item affiliation='%3' jid='hag66@shakespeare.lit/pda' role='%4'>%5</item>%7</x></presence>");
    const QString status = code.isEmpty() ? QString() : QStringLiteral("<status code='%1'/>").arg(code);
    // Codes before the item, 110 after it: Prosody's order (XEP-0045 leaves it free).
    return { presence.arg(Crone, typeAttribute, affiliation, role,
                          crone1Children.isNull() ? itemChildren : crone1Children, status, QString()),
             presence.arg(Hag, typeAttribute, affiliation, role, itemChildren, status,
                          QStringLiteral("<status code='110'/>")) };
}
} // namespace

class tst_MucAffiliations : public QObject
{
    Q_OBJECT

private slots:
    void affiliations_data()
    {
        QTest::addColumn<QStringList>("setup");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("expected");

        // §9.1 "Admin Bans User" and "Service Removes Banned User".
        QTest::newRow("ban")
            << QStringList()
            << admin(QStringLiteral("set"), Crone, QStringLiteral("ban1"),
                     QStringLiteral("<item affiliation='outcast' "
                                    "jid='hag66@shakespeare.lit'><reason>Treason</reason></item>"))
            // Prosody's order: the occupants hear of it before the result.
            << thirdwitch(QStringLiteral("unavailable"), QStringLiteral("outcast"), QStringLiteral("none"),
                          QStringLiteral("301"),
                          QStringLiteral("<actor nick='firstwitch'/><reason>Treason</reason>"),
                          CroneActor + QStringLiteral("<reason>Treason</reason>"))
                + QStringList { result(QStringLiteral("ban1")) };
        // §7.2.8 "Service Denies Access Because User Is Banned".
        const QString banned
            = QStringLiteral("<presence from='earlofcambridge@shakespeare.lit/stabber' id='ban2' "
                             "to='coven@chat.shakespeare.lit/cambridge'><x "
                             "xmlns='http://jabber.org/protocol/muc'/></presence>");
        QTest::newRow("banned user may not enter")
            << QStringList { admin(
                   QStringLiteral("set"), Crone, QStringLiteral("ban3"),
                   QStringLiteral("<item affiliation='outcast' jid='earlofcambridge@shakespeare.lit'/>")) }
            << banned
            << QStringList { MucTestHarness::errorReply(banned, QStringLiteral("auth"),
                                                        QStringLiteral("forbidden")) };
        // §9.3 "Admin Grants Membership" and "Service Sends Notice of Membership to All Occupants".
        QTest::newRow("grant membership")
            << QStringList()
            << admin(QStringLiteral("set"), Crone, QStringLiteral("member1"),
                     QStringLiteral(
                         "<item affiliation='member' jid='hag66@shakespeare.lit' nick='thirdwitch'/>"))
            << thirdwitch(QString(), QStringLiteral("member"), QStringLiteral("participant"), QString(),
                          QStringLiteral("<actor nick='firstwitch'/>"), CroneActor)
                + QStringList { result(QStringLiteral("member1")) };
        // §10.6 "Owner Grants Admin Status": an admin is a moderator.
        QTest::newRow("grant admin") << QStringList()
                                     << admin(QStringLiteral("set"), Crone, QStringLiteral("admin1"),
                                              QStringLiteral(
                                                  "<item affiliation='admin' jid='hag66@shakespeare.lit'/>"))
                                     << thirdwitch(QString(), QStringLiteral("admin"),
                                                   QStringLiteral("moderator"), QString(),
                                                   QStringLiteral("<actor nick='firstwitch'/>"), CroneActor)
                + QStringList { result(QStringLiteral("admin1")) };
        // §9.3 for a user not in the room: a message with the item, to moderators only
        // (thirdwitch, a participant, may not see real JIDs), before the result.
        QTest::newRow("membership of a non-occupant")
            << QStringList()
            << admin(QStringLiteral("set"), Crone, QStringLiteral("member5"),
                     QStringLiteral("<item affiliation='member' jid='hecate@shakespeare.lit'/>"))
            << QStringList { announcement(QStringLiteral("hecate@shakespeare.lit"), QStringLiteral("member")),
                             result(QStringLiteral("member5")) };
        QTest::newRow("ban of a non-occupant")
            << QStringList()
            << admin(QStringLiteral("set"), Crone, QStringLiteral("ban6"),
                     QStringLiteral("<item affiliation='outcast' jid='hecate@shakespeare.lit'>"
                                    "<reason>Treason</reason></item>"))
            << QStringList {
                   QStringLiteral(
                       "<message from='coven@chat.shakespeare.lit' to='crone1@shakespeare.lit/desktop'>"
                       "<x xmlns='http://jabber.org/protocol/muc#user'><status code='301'/>"
                       "<item affiliation='outcast' jid='hecate@shakespeare.lit'>"
                       "<reason>Treason</reason></item></x></message>"),
                   result(QStringLiteral("ban6"))
               };
        // Some clients name only the occupant's nick: the change is about that occupant.
        QTest::newRow("item with a nick only")
            << QStringList()
            << admin(QStringLiteral("set"), Crone, QStringLiteral("member6"),
                     QStringLiteral("<item affiliation='member' nick='thirdwitch'/>"))
            << thirdwitch(QString(), QStringLiteral("member"), QStringLiteral("participant"), QString(),
                          QStringLiteral("<actor nick='firstwitch'/>"), CroneActor)
                + QStringList { result(QStringLiteral("member6")) };
        // A nick with the item reserves it (§7.10): whoever else holds it leaves (307).
        QTest::newRow("reserving a held nick")
            << QStringList()
            << admin(QStringLiteral("set"), Crone, QStringLiteral("member7"),
                     QStringLiteral(
                         "<item affiliation='member' jid='hecate@shakespeare.lit' nick='thirdwitch'/>"))
            << thirdwitch(QStringLiteral("unavailable"), QStringLiteral("none"), QStringLiteral("none"),
                          QStringLiteral("307"), QStringLiteral("<reason>This nickname is reserved</reason>"))
                + QStringList { announcement(QStringLiteral("hecate@shakespeare.lit"),
                                             QStringLiteral("member")),
                                result(QStringLiteral("member7")) };
        // The lists show a reserved nick and a ban's reason.
        QTest::newRow("lists show nicks and reasons")
            << QStringList { admin(QStringLiteral("set"), Crone, QStringLiteral("ban8"),
                                   QStringLiteral("<item affiliation='outcast' jid='hecate@shakespeare.lit'>"
                                                  "<reason>Treason</reason></item>")) }
            << admin(QStringLiteral("get"), Crone, QStringLiteral("ban9"),
                     QStringLiteral("<item affiliation='outcast'/>"))
            << QStringList { QStringLiteral("<iq from='coven@chat.shakespeare.lit' id='ban9' "
                                            "to='crone1@shakespeare.lit/desktop' type='result'>"
                                            "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                                            "<item affiliation='outcast' jid='hecate@shakespeare.lit'>"
                                            "<reason>Treason</reason></item></query></iq>") };
        // §9.5 "Admin Requests Member List" and "Service Sends Member List to Admin".
        QTest::newRow("member list") << QStringList { admin(
            QStringLiteral("set"), Crone, QStringLiteral("m1"),
            QStringLiteral("<item affiliation='member' jid='hag66@shakespeare.lit'/>"
                           "<item affiliation='member' jid='hecate@shakespeare.lit'/>")) }
                                     << admin(QStringLiteral("get"), Crone, QStringLiteral("member3"),
                                              QStringLiteral("<item affiliation='member'/>"))
                                     << QStringList { QStringLiteral(
                                            "<iq from='coven@chat.shakespeare.lit' id='member3' "
                                            "to='crone1@shakespeare.lit/desktop' type='result'>"
                                            "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                                            "<item affiliation='member' jid='hag66@shakespeare.lit'/>"
                                            "<item affiliation='member' jid='hecate@shakespeare.lit'/>"
                                            "</query></iq>") };
        const QString participantAsks = admin(QStringLiteral("get"), Hag, QStringLiteral("member4"),
                                              QStringLiteral("<item affiliation='member'/>"));
        QTest::newRow("member list is for admins")
            << QStringList() << participantAsks
            << QStringList { MucTestHarness::errorReply(participantAsks, QStringLiteral("auth"),
                                                        QStringLiteral("forbidden")) };
        // §10.5: a room keeps at least one owner.
        const QString lastOwnerLeaves
            = admin(QStringLiteral("set"), Crone, QStringLiteral("owner2"),
                    QStringLiteral("<item affiliation='admin' jid='crone1@shakespeare.lit'/>"));
        QTest::newRow("last owner stays")
            << QStringList() << lastOwnerLeaves
            << QStringList { MucTestHarness::errorReply(lastOwnerLeaves, QStringLiteral("cancel"),
                                                        QStringLiteral("conflict")) };
        // A request applies whole or not at all: the bad second item keeps the first from applying.
        const QString halfBad
            = admin(QStringLiteral("set"), Crone, QStringLiteral("m2"),
                    QStringLiteral("<item affiliation='member' jid='hag66@shakespeare.lit'/>"
                                   "<item affiliation='witch' jid='hecate@shakespeare.lit'/>"));
        QTest::newRow("all or nothing")
            << QStringList() << halfBad
            << QStringList { MucTestHarness::errorReply(halfBad, QStringLiteral("modify"),
                                                        QStringLiteral("bad-request")) };
    }

    void affiliations()
    {
        QFETCH(QStringList, setup);
        QFETCH(QString, input);
        QFETCH(QStringList, expected);

        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("occupant-id"), Ns::OccupantId);
        harness.ignoreElement(QStringLiteral("text"), Ns::Stanzas);
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"));
        harness.join(Room, Hag, QStringLiteral("thirdwitch"));
        for (const QString &stanza : qAsConst(setup)) {
            harness.inject(stanza);
            harness.takeSent();
        }
        harness.inject(input);
        MUC_EXPECT(harness, expected);
    }

    // Who may read which affiliation list (Prosody 0.12): admins up to their own rank, and
    // in a members-only room with public real JIDs every member, whatever the list.
    void listReaders_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("reader"); // a bare JID crone1 gives 'readerAffiliation'
        QTest::addColumn<QString>("readerAffiliation"); // empty: none
        QTest::addColumn<QString>("list");
        QTest::addColumn<QString>("listed"); // the list's items; null: forbidden

        const QString membersOnlyOpen = QStringLiteral("membersonly=1;whois=anyone");
        const QString hag = QStringLiteral("hag66@shakespeare.lit");
        const QString hagMember = QStringLiteral("<item affiliation='member' jid='hag66@shakespeare.lit'/>");
        const QString croneOwner = QStringLiteral("<item affiliation='owner' jid='crone1@shakespeare.lit'/>");
        QTest::newRow("member reads members")
            << membersOnlyOpen << hag << QStringLiteral("member") << QStringLiteral("member") << hagMember;
        QTest::newRow("member reads owners")
            << membersOnlyOpen << hag << QStringLiteral("member") << QStringLiteral("owner") << croneOwner;
        QTest::newRow("member reads outcasts") << membersOnlyOpen << hag << QStringLiteral("member")
                                               << QStringLiteral("outcast") << QStringLiteral("");
        QTest::newRow("stranger may not") << membersOnlyOpen << QStringLiteral("hecate@shakespeare.lit")
                                          << QString() << QStringLiteral("owner") << QString();
        QTest::newRow("outcast may not")
            << membersOnlyOpen << QStringLiteral("hecate@shakespeare.lit") << QStringLiteral("outcast")
            << QStringLiteral("outcast") << QString();
        QTest::newRow("semi-anonymous: member may not")
            << QStringLiteral("membersonly=1") << hag << QStringLiteral("member") << QStringLiteral("member")
            << QString();
        QTest::newRow("open room: member may not")
            << QStringLiteral("whois=anyone") << hag << QStringLiteral("member") << QStringLiteral("member")
            << QString();
        QTest::newRow("admin reads admins")
            << QString() << hag << QStringLiteral("admin") << QStringLiteral("admin")
            << QStringLiteral("<item affiliation='admin' jid='hag66@shakespeare.lit'/>");
        QTest::newRow("admin may not read owners")
            << QString() << hag << QStringLiteral("admin") << QStringLiteral("owner") << QString();
        QTest::newRow("admin reads owners where members may")
            << membersOnlyOpen << hag << QStringLiteral("admin") << QStringLiteral("owner") << croneOwner;
    }

    void listReaders()
    {
        QFETCH(QString, config);
        QFETCH(QString, reader);
        QFETCH(QString, readerAffiliation);
        QFETCH(QString, list);
        QFETCH(QString, listed);

        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("text"), Ns::Stanzas);
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        if (!readerAffiliation.isEmpty()) {
            harness.inject(
                admin(QStringLiteral("set"), Crone, QStringLiteral("set1"),
                      QStringLiteral("<item affiliation='%1' jid='%2'/>").arg(readerAffiliation, reader)));
            harness.takeSent();
        }
        const QString readerJid = reader + QStringLiteral("/pda");
        const QString get = admin(QStringLiteral("get"), readerJid, QStringLiteral("list1"),
                                  QStringLiteral("<item affiliation='%1'/>").arg(list));
        const QString expected = listed.isNull()
            ? MucTestHarness::errorReply(get, QStringLiteral("auth"), QStringLiteral("forbidden"))
            : QStringLiteral("<iq from='coven@chat.shakespeare.lit' id='list1' to='%1' type='result'>"
                             "<query xmlns='http://jabber.org/protocol/muc#admin'>%2</query></iq>")
                  .arg(readerJid, listed);
        harness.inject(get);
        MUC_EXPECT(harness, QStringList { expected });
    }
};

QTEST_GUILESS_MAIN(tst_MucAffiliations)
#include "tst_mucaffiliations.moc"
