// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// MucIqRelay (XEP-0045 §7.7): an IQ to room/nick reaches that occupant under an id
// of the room's, and only that occupant's answer goes back to the requester. crone1
// (firstwitch) asks thirdwitch (hag66) for its version; wiccarocks (secondwitch), who
// is told the room's id here as if it had guessed it, must not answer in its name.
#include "MucTestHarness.h"
#include "Stanza.h"

#include <QTest>

namespace {
const QString Room = QStringLiteral("coven@chat.shakespeare.lit");
const QString Crone = QStringLiteral("crone1@shakespeare.lit/desktop");
const QString Hag = QStringLiteral("hag66@shakespeare.lit/pda");
const QString Wicca = QStringLiteral("wiccarocks@shakespeare.lit/laptop");

QString answer(const QString &from, const QString &to, const QString &id)
{
    return QStringLiteral("<iq from='%1' to='%2' id='%3' type='result'>"
                          "<query xmlns='jabber:iq:version'><name>%1</name></query></iq>")
        .arg(from, to, id);
}
} // namespace

class tst_MucIqRelay : public QObject
{
    Q_OBJECT

private slots:
    void onlyTheTargetAnswers_data()
    {
        QTest::addColumn<QString>("forger"); // the JID a forged answer comes from
        QTest::addColumn<QString>("forgedTo"); // where it is addressed (empty: room/firstwitch)
        QTest::newRow("another occupant") << Wicca << QString();
        QTest::newRow("a non-occupant") << QStringLiteral("stranger@shakespeare.lit/x") << QString();
        QTest::newRow("the requester itself") << Crone << QString();
        QTest::newRow("the target, to someone else")
            << Hag << QStringLiteral("coven@chat.shakespeare.lit/secondwitch");
    }

    void onlyTheTargetAnswers()
    {
        QFETCH(QString, forger);
        QFETCH(QString, forgedTo);
        MucTestHarness harness;
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"));
        harness.join(Room, Wicca, QStringLiteral("secondwitch"));
        harness.join(Room, Hag, QStringLiteral("thirdwitch"));
        harness.takeSent();

        harness.inject(QStringLiteral("<iq from='%1' to='coven@chat.shakespeare.lit/thirdwitch' id='v1' "
                                      "type='get'><query xmlns='jabber:iq:version'/></iq>")
                           .arg(Crone));
        const QList<QDomElement> relayed = harness.takeSent();
        QCOMPARE(relayed.size(), 1);
        const QDomElement request = relayed.constFirst();
        QCOMPARE(Stanza::to(request), Hag);
        QCOMPARE(Stanza::from(request), QStringLiteral("coven@chat.shakespeare.lit/firstwitch"));
        const QString roomId = request.attribute(QStringLiteral("id"));
        QVERIFY2(roomId != QLatin1String("v1") && roomId.size() >= 32, qPrintable(roomId));

        // Someone else answers with the room's id: dropped, and the request stays open.
        const QString requesterInRoom = QStringLiteral("coven@chat.shakespeare.lit/firstwitch");
        harness.inject(answer(forger, forgedTo.isEmpty() ? requesterInRoom : forgedTo, roomId));
        QCOMPARE(harness.takeSent().size(), 0);

        // The target's own answer still reaches the requester, under the requester's id.
        harness.inject(answer(Hag, requesterInRoom, roomId));
        MUC_EXPECT(harness,
                   { QStringLiteral("<iq from='coven@chat.shakespeare.lit/thirdwitch' to='%1' "
                                    "id='v1' type='result'><query xmlns='jabber:iq:version'>"
                                    "<name>%2</name></query></iq>")
                         .arg(Crone, Hag) });
    }

    // Each relayed request gets an id of its own that says nothing of the one before.
    void idsAreNotSequential()
    {
        MucTestHarness harness;
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"));
        harness.join(Room, Hag, QStringLiteral("thirdwitch"));
        harness.takeSent();
        QStringList ids;
        for (int i = 0; i < 3; ++i) {
            harness.inject(QStringLiteral("<iq from='%1' to='coven@chat.shakespeare.lit/thirdwitch' id='p%2' "
                                          "type='get'><ping xmlns='urn:xmpp:ping'/></iq>")
                               .arg(Crone)
                               .arg(i));
            const QList<QDomElement> sent = harness.takeSent();
            QCOMPARE(sent.size(), 1);
            ids << sent.constFirst().attribute(QStringLiteral("id"));
        }
        QVERIFY(!ids.contains(QStringLiteral("muc-relay-1")));
        QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), 3);
    }
};

QTEST_GUILESS_MAIN(tst_MucIqRelay)
#include "tst_muciqrelay.moc"
