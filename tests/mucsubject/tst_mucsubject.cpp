// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// MucSubject against XEP-0045's examples (§7.2.15 the subject ends the join, §8.1
// modifying the subject), in the witches' coven: crone1 (firstwitch, owner and
// moderator) and hag66 (thirdwitch, participant).
#include "MucTestHarness.h"
#include "Vocabulary.h"

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
    }

    void subject()
    {
        QFETCH(QString, config);
        QFETCH(QString, input);
        QFETCH(QStringList, expected);

        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("text"), Ns::Stanzas);
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        harness.join(Room, Hag, QStringLiteral("thirdwitch"));
        harness.inject(input);
        MUC_EXPECT(harness, expected);
    }

    // §7.2.15 "Service Sends Room Subject": the subject (empty without one) ends the join,
    // from the occupant who set it.
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
                                        "<subject>Fire Burn and Cauldron Bubble!</subject></message>");
    }

    void subjectEndsJoin()
    {
        QFETCH(QString, setSubject);
        QFETCH(QString, expected);

        MucTestHarness harness;
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"));
        if (!setSubject.isEmpty())
            harness.inject(setSubject);
        harness.takeSent();
        harness.inject(QStringLiteral("<presence from='wiccarocks@shakespeare.lit/laptop' "
                                      "to='coven@chat.shakespeare.lit/secondwitch'>"
                                      "<x xmlns='http://jabber.org/protocol/muc'/></presence>"));
        const QList<QDomElement> sent = harness.takeSent();
        QVERIFY(!sent.isEmpty());
        const QString difference = harness.compare(sent.last(), MucTestHarness::parse(expected));
        QVERIFY2(difference.isEmpty(), qPrintable(difference));
    }
};

QTEST_GUILESS_MAIN(tst_MucSubject)
#include "tst_mucsubject.moc"
