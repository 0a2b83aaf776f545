// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// MucSubject against XEP-0045's examples (§7.2.15 the subject ends the join, §8.1
// modifying the subject), in the witches' coven: crone1 (firstwitch, owner and
// moderator) and hag66 (thirdwitch, participant).
#include "MucRoom.h"
#include "MucService.h"
#include "MucTestHarness.h"
#include "Vocabulary.h"
#include "muc/MucSubject.h"

#include <QTest>

namespace {
const QString Room = QStringLiteral("coven@chat.shakespeare.lit");
const QString Crone = QStringLiteral("crone1@shakespeare.lit/desktop");
const QString Hag = QStringLiteral("hag66@shakespeare.lit/pda");

QString changeSubject(const QString &from)
{
    return QStringLiteral("<message from='%1' id='lh2bs617' to='coven@chat.shakespeare.lit' type='groupchat'>"
                          "<subject>Fire Burn and Cauldron Bubble!</subject></message>")
        .arg(from);
}

// §8.1 "Service Informs All Occupants of Subject Change".
QStringList subjectToAll(const QString &nick)
{
    const QString message
        = QStringLiteral("<message from='coven@chat.shakespeare.lit/%1' to='%2' type='groupchat'>"
                         "<subject>Fire Burn and Cauldron Bubble!</subject></message>");
    return { message.arg(nick, Crone), message.arg(nick, Hag) };
}
} // namespace

class tst_MucSubject : public QObject
{
    Q_OBJECT

private slots:
    void subject_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("expected");

        // §8.1 "Moderator Changes Subject".
        QTest::newRow("moderator changes the subject")
            << QString() << changeSubject(Crone) << subjectToAll(QStringLiteral("firstwitch"));
        // §8.1: "If someone without appropriate privileges attempts to change the room subject
        // ... the service MUST return a <forbidden/> error".
        QTest::newRow("participant may not")
            << QString() << changeSubject(Hag)
            << QStringList { MucTestHarness::errorReply(changeSubject(Hag), QStringLiteral("auth"),
                                                        QStringLiteral("forbidden")) };
        // muc#roomconfig_changesubject lets participants change it.
        QTest::newRow("participant may when configured")
            << QStringLiteral("changesubject=1") << changeSubject(Hag)
            << subjectToAll(QStringLiteral("thirdwitch"));
        // §8.1: a subject with a body or a thread is a message, not a change (Prosody #667):
        // every occupant gets it as said, even from a participant.
        for (const QString &extra :
             { QStringLiteral("<body>Hail!</body>"), QStringLiteral("<thread>t1</thread>") }) {
            const QString said
                = QStringLiteral("<message from='%1' id='hail1' to='coven@chat.shakespeare.lit' "
                                 "type='groupchat'><subject>Hail</subject>%2</message>")
                      .arg(Hag, extra);
            const QString heard
                = QStringLiteral("<message from='coven@chat.shakespeare.lit/thirdwitch' id='hail1' "
                                 "to='%1' type='groupchat'><subject>Hail</subject>%2</message>");
            QTest::newRow(qPrintable(QStringLiteral("subject with %1 is a message").arg(extra.mid(1, 4))))
                << QString() << said << QStringList { heard.arg(Crone, extra), heard.arg(Hag, extra) };
        }
    }

    void subject()
    {
        QFETCH(QString, config);
        QFETCH(QString, input);
        QFETCH(QStringList, expected);

        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("text"), Ns::Stanzas);
        harness.ignoreElement(QStringLiteral("stanza-id"), Ns::StanzaId);
        harness.ignoreElement(QStringLiteral("occupant-id"), Ns::OccupantId);
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        harness.join(Room, Hag, QStringLiteral("thirdwitch"));
        harness.inject(input);
        MUC_EXPECT(harness, expected);
    }

    // §7.2.15 "Service Sends Room Subject": the subject (empty without one) ends the join,
    // from the occupant who set it, with <delay xmlns='urn:xmpp:delay'/> (XEP-0203) from the
    // room giving when it was set, as Prosody does (without it Gajim shows the subject as
    // changed at the join). A room whose subject was never set has no time to give.
    void subjectEndsJoin_data()
    {
        QTest::addColumn<QString>("setSubject");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no subject") << QString()
                                    << QStringLiteral(
                                           "<message from='coven@chat.shakespeare.lit' "
                                           "to='wiccarocks@shakespeare.lit/laptop' type='groupchat'>"
                                           "<subject/></message>");
        QTest::newRow("subject") << changeSubject(Crone)
                                 << QStringLiteral(
                                        "<message from='coven@chat.shakespeare.lit/firstwitch' "
                                        "to='wiccarocks@shakespeare.lit/laptop' type='groupchat'>"
                                        "<subject>Fire Burn and Cauldron Bubble!</subject>"
                                        "<delay xmlns='urn:xmpp:delay' from='coven@chat.shakespeare.lit' "
                                        "stamp='*'/></message>");
    }

    void subjectEndsJoin()
    {
        QFETCH(QString, setSubject);
        QFETCH(QString, expected);

        MucTestHarness harness;
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"));
        const QDateTime beforeChange = QDateTime::currentDateTimeUtc();
        if (!setSubject.isEmpty())
            harness.inject(setSubject);
        const QDateTime afterChange = QDateTime::currentDateTimeUtc();
        harness.takeSent();
        harness.inject(QStringLiteral("<presence from='wiccarocks@shakespeare.lit/laptop' "
                                      "to='coven@chat.shakespeare.lit/secondwitch'>"
                                      "<x xmlns='http://jabber.org/protocol/muc'/></presence>"));
        const QList<QDomElement> sent = harness.takeSent();
        QVERIFY(!sent.isEmpty());
        const QString difference = harness.compare(sent.last(), MucTestHarness::parse(expected));
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
        // The stamp is the change's time, as the room keeps it.
        const QDomElement delay = sent.last().firstChildElement(QStringLiteral("delay"));
        if (!delay.isNull()) {
            const QDateTime stamp
                = QDateTime::fromString(delay.attribute(QStringLiteral("stamp")), Qt::ISODateWithMs);
            QVERIFY2(stamp.isValid() && stamp.timeSpec() == Qt::UTC,
                     qPrintable(delay.attribute(QStringLiteral("stamp"))));
            QCOMPARE(stamp, harness.service()->room(Room)->subjectStamp());
            QVERIFY2(stamp >= beforeChange && stamp <= afterChange,
                     qPrintable(delay.attribute(QStringLiteral("stamp"))));
        }
    }

    // The join-time subject of a room that knows when its subject was set (e.g. restored
    // from storage, long before the join) carries exactly that time, in UTC.
    void joinSubjectCarriesItsTime_data()
    {
        QTest::addColumn<QDateTime>("set");
        QTest::addColumn<QString>("stamp");
        QTest::newRow("utc") << QDateTime(QDate(2002, 10, 13), QTime(23, 58, 37), Qt::UTC)
                             << QStringLiteral("2002-10-13T23:58:37.000Z");
        QTest::newRow("milliseconds") << QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5, 678), Qt::UTC)
                                      << QStringLiteral("2026-01-02T03:04:05.678Z");
        QTest::newRow("offset") << QDateTime(QDate(2002, 10, 14), QTime(1, 58, 37), Qt::OffsetFromUTC, 7200)
                                << QStringLiteral("2002-10-13T23:58:37.000Z");
    }

    void joinSubjectCarriesItsTime()
    {
        QFETCH(QDateTime, set);
        QFETCH(QString, stamp);

        MucRoom room(Room);
        room.setSubject(QStringLiteral("Fire Burn and Cauldron Bubble!"), QStringLiteral("firstwitch"), set);
        const QString expected
            = QStringLiteral("<message from='coven@chat.shakespeare.lit/firstwitch' "
                             "to='wiccarocks@shakespeare.lit/laptop' type='groupchat'>"
                             "<subject>Fire Burn and Cauldron Bubble!</subject>"
                             "<delay xmlns='urn:xmpp:delay' from='coven@chat.shakespeare.lit' stamp='%1'/>"
                             "</message>")
                  .arg(stamp);
        MucTestHarness harness;
        const QString difference = harness.compare(
            MucSubject::joinSubject(room, QStringLiteral("wiccarocks@shakespeare.lit/laptop")),
            MucTestHarness::parse(expected));
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
};

QTEST_GUILESS_MAIN(tst_MucSubject)
#include "tst_mucsubject.moc"
