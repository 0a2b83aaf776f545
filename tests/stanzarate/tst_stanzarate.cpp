// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The per-connection stanza rate (StreamLimits::inputStanzasPerSecond, a token bucket
// of inputStanzaBurst): a session that floods small stanzas is read at the set rate
// once its burst is spent, so another session is served while the flood still waits,
// and nothing of the flood is lost or reordered. No timing assertions: what is
// checked is who was answered before whom, and the server's count of pauses.
#include "MinimixServer.h"
#include "RawStream.h"
#include "StreamLimits.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"

#include <QTest>

namespace {
const QString Throttled = QStringLiteral("stream.stanza-throttled");

ServerOptions withRate(int perSecond, int burst)
{
    ServerOptions options;
    options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
    options.limits.inputStanzasPerSecond = perSecond;
    options.limits.inputStanzaBurst = burst;
    return options;
}

// The ids of the IQ results in what the server sent, in order.
QStringList resultIds(const RawStream &raw)
{
    QStringList ids;
    for (const QDomElement &e : raw.output().elements) {
        if (e.localName() == QLatin1String("iq")
            && e.attribute(QStringLiteral("type")) == QLatin1String("result")
            && e.attribute(QStringLiteral("id")).startsWith(QLatin1String("flood-")))
            ids << e.attribute(QStringLiteral("id"));
    }
    return ids;
}
} // namespace

class tst_StanzaRate : public QObject
{
    Q_OBJECT

private slots:
    void flood_data()
    {
        QTest::addColumn<int>("rate");
        QTest::addColumn<int>("burst");
        QTest::addColumn<int>("pings");
        QTest::addColumn<bool>("throttled");
        QTest::newRow("past the burst: read at the rate") << 10 << 10 << 40 << true;
        QTest::newRow("within the burst: all at once") << 10 << 100 << 40 << false;
        QTest::newRow("rate 0: unlimited") << 0 << 10 << 40 << false;
    }

    // Pings in one write. Past the burst the server stops reading alice's connection
    // and takes one stanza per 1/rate s: bob's round trip made after alice's first answer
    // comes back while most of alice's pings still wait, and every ping is answered, in
    // order. Without a stanza rate the whole write is handled in one go.
    void flood()
    {
        QFETCH(int, rate);
        QFETCH(int, burst);
        QFETCH(int, pings);
        QFETCH(bool, throttled);
        TestServer server(JoinMode::AccountLevel, withRate(rate, burst));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        RawStream raw(server.port());
        QCOMPARE(raw.logIn("alice", "raw"), QStringLiteral("alice@localhost/raw"));

        QByteArray flood;
        QStringList ids;
        for (int i = 0; i < pings; ++i) {
            ids << QStringLiteral("flood-%1").arg(i);
            flood += RawStream::pingRequest(ids.last().toLatin1());
        }
        raw.send(flood);
        QVERIFY(raw.waitUntil([&] { return !resultIds(raw).isEmpty(); }));
        QVERIFY(bob->sync());
        const int answeredWhenBobWas = resultIds(raw).size();
        const quint64 pauses = server.server()->counters().value(Throttled);
        qInfo("bob was answered when alice had %d of %d answers; reading paused %llu times",
              answeredWhenBobWas, pings, pauses);
        if (throttled) {
            QVERIFY2(answeredWhenBobWas < pings, "the flood was handled before bob's ping");
            QVERIFY2(answeredWhenBobWas <= burst + 5, "the server read past the burst");
            QVERIFY(pauses > 0);
        } else {
            QCOMPARE(pauses, quint64(0));
        }

        QVERIFY(raw.waitUntil([&] { return resultIds(raw).size() == pings || !raw.isOpen(); }, 30000));
        QVERIFY(raw.isOpen());
        QCOMPARE(resultIds(raw), ids);
        if (throttled) // at least one pause per stanza past the burst
            QVERIFY(server.server()->counters().value(Throttled) >= quint64(pings - burst - 1));
        QVERIFY(raw.ping());
    }
};

QTEST_GUILESS_MAIN(tst_StanzaRate)
#include "tst_stanzarate.moc"
