// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// MucHistory against XEP-0045's examples (§7.2.14 "Delayed Discussion History", §7.2.13
// managing history, muc#roomconfig_historylength): crone1 (firstwitch) says three things,
// then hag66 (thirdwitch) enters asking for some history.
#include "MucTestHarness.h"
#include "Vocabulary.h"

#include <QTest>

namespace {
const QString Room = QStringLiteral("coven@chat.shakespeare.lit");
const QString Crone = QStringLiteral("crone1@shakespeare.lit/desktop");
const QStringList Lines = { QStringLiteral("Thrice the brinded cat hath mew'd."),
                            QStringLiteral("Thrice and once the hedge-pig whined."),
                            QStringLiteral("Harpier cries 'Tis time, 'tis time.") };

QString say(int line)
{
    return QStringLiteral(
               "<message from='crone1@shakespeare.lit/desktop' id='line%1' to='coven@chat.shakespeare.lit' "
               "type='groupchat'><body>%2</body></message>")
        .arg(line)
        .arg(Lines.at(line).toHtmlEscaped());
}

// §7.2.14 "Delayed Discussion History Messages": as broadcast, with the room's <delay/>.
QString delayed(int line)
{
    return QStringLiteral(
               "<message from='coven@chat.shakespeare.lit/firstwitch' id='line%1' "
               "to='hag66@shakespeare.lit/pda' type='groupchat'><body>%2</body>"
               "<stanza-id xmlns='urn:xmpp:sid:0' by='coven@chat.shakespeare.lit' id='*'/>"
               "<delay xmlns='urn:xmpp:delay' from='coven@chat.shakespeare.lit' stamp='*'/></message>")
        .arg(line)
        .arg(Lines.at(line).toHtmlEscaped());
}

} // namespace

class tst_MucHistory : public QObject
{
    Q_OBJECT

private slots:
    void history_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QString>("request"); // inside the join's <x xmlns='…muc'/>
        QTest::addColumn<QStringList>("expected");

        QTest::newRow("default: all kept")
            << QString() << QString()
            << MucTestHarness::hagEntersCoven(QStringLiteral("none"), { delayed(0), delayed(1), delayed(2) });
        // §7.2.13 "User Requests Limit on Number of Messages in History".
        QTest::newRow("maxstanzas") << QString() << QStringLiteral("<history maxstanzas='2'/>")
                                    << MucTestHarness::hagEntersCoven(QStringLiteral("none"),
                                                                      { delayed(1), delayed(2) });
        // §7.2.13 "User Requests No History".
        QTest::newRow("no history") << QString() << QStringLiteral("<history maxchars='0'/>")
                                    << MucTestHarness::hagEntersCoven(QStringLiteral("none"), {});
        QTest::newRow("since the future")
            << QString() << QStringLiteral("<history since='2999-01-01T00:00:00Z'/>")
            << MucTestHarness::hagEntersCoven(QStringLiteral("none"), {});
        // The room keeps only muc#roomconfig_historylength messages.
        QTest::newRow("historylength")
            << QStringLiteral("historylength=1") << QString()
            << MucTestHarness::hagEntersCoven(QStringLiteral("none"), { delayed(2) });
        QTest::newRow("historylength 0") << QStringLiteral("historylength=0") << QString()
                                         << MucTestHarness::hagEntersCoven(QStringLiteral("none"), {});
    }

    void history()
    {
        QFETCH(QString, config);
        QFETCH(QString, request);
        QFETCH(QStringList, expected);

        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("occupant-id"), Ns::OccupantId);
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        for (int line = 0; line < Lines.size(); ++line)
            harness.inject(say(line));
        harness.takeSent();
        harness.inject(QStringLiteral("<presence from='hag66@shakespeare.lit/pda' "
                                      "to='coven@chat.shakespeare.lit/thirdwitch'>"
                                      "<x xmlns='http://jabber.org/protocol/muc'>%1</x></presence>")
                           .arg(request));
        MUC_EXPECT(harness, expected);
    }
};

QTEST_GUILESS_MAIN(tst_MucHistory)
#include "tst_muchistory.moc"
