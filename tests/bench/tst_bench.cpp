// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-bench in quick mode: it must count exactly (every delivery, no loss, no
// duplicate), report the storm's presences, and fail when the target fails. No
// timing thresholds: speed is what the benchmark prints, not what tests assert.
#include "ServerProcess.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <csignal>
#include <memory>

namespace {
const QString BenchPath = QStringLiteral(MINIMIX_BENCH_PATH);
const QString ServerPath = QStringLiteral(MINIMIX_SERVER_PATH);

struct BenchResult
{
    int exitCode = -1;
    QJsonObject json;
    QByteArray out;
    QByteArray err;
};

BenchResult runBench(const QStringList &arguments, int timeoutMs = 60000)
{
    QTemporaryDir dir;
    const QString jsonPath = dir.filePath(QStringLiteral("result.json"));
    ServerProcess bench(BenchPath, arguments + QStringList { QStringLiteral("--json"), jsonPath });
    BenchResult result;
    if (!bench.waitForFinished(timeoutMs))
        return result;
    result.exitCode = bench.process().exitCode();
    result.out = bench.out();
    result.err = bench.err();
    QFile file(jsonPath);
    if (file.open(QIODevice::ReadOnly))
        result.json = QJsonDocument::fromJson(file.readAll()).object();
    return result;
}

QStringList split(const QString &text)
{
    return text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// A well-formed SHA-256 fingerprint that no certificate has.
const QString NoSuchFingerprint = QStringLiteral("00:").repeated(31) + QStringLiteral("00");

// The fingerprint minimix-server prints before its listening line.
QString certificateFingerprint(ServerProcess &server)
{
    const QRegularExpressionMatch match = server.waitForOutput(QRegularExpression(
        QStringLiteral("^certificate sha256 ([0-9A-F:]{95})$"), QRegularExpression::MultilineOption));
    return match.captured(1);
}
} // namespace

class tst_Bench : public QObject
{
    Q_OBJECT

private slots:
    void countsExactly_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<int>("deliveries");
        QTest::newRow("account-level, burst") << "--accounts 3 --sessions 2 --messages 50" << 3 * 2 * 50;
        QTest::newRow("classic, burst")
            << "--mode classic --accounts 3 --sessions 2 --messages 50" << 3 * 2 * 50;
        QTest::newRow("one session") << "--accounts 1 --sessions 1 --messages 10" << 10;
        QTest::newRow("fixed rate") << "--accounts 2 --sessions 2 --messages 40 --rate 400" << 2 * 2 * 40;
        QTest::newRow("no messages") << "--accounts 2 --sessions 1 --messages 0" << 0;
        // STARTTLS to the embedded server, its own certificate pinned.
        QTest::newRow("TLS, burst") << "--tls --accounts 3 --sessions 2 --messages 50" << 3 * 2 * 50;
        QTest::newRow("TLS, classic, fixed rate")
            << "--tls --mode classic --accounts 2 --sessions 2 --messages 40 --rate 400" << 2 * 2 * 40;
    }
    void countsExactly()
    {
        QFETCH(QString, arguments);
        QFETCH(int, deliveries);
        const BenchResult result = runBench(split(arguments));
        QVERIFY2(result.exitCode == 0, result.out.constData());
        QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(result.json.value(QStringLiteral("deliveries")).toInt(), deliveries);
        QCOMPARE(result.json.value(QStringLiteral("expected_deliveries")).toInt(), deliveries);
        QCOMPARE(result.json.value(QStringLiteral("lost")).toInt(), 0);
        QCOMPARE(result.json.value(QStringLiteral("duplicates")).toInt(), 0);
        const QJsonObject parameters = result.json.value(QStringLiteral("parameters")).toObject();
        const bool tls = arguments.contains(QLatin1String("--tls"));
        QCOMPARE(parameters.value(QStringLiteral("tls")).toBool(), tls);
        QCOMPARE(parameters.value(QStringLiteral("tls_verification")).toString(),
                 tls ? QStringLiteral("pinned") : QString());
        QVERIFY(result.out.contains(tls ? "STARTTLS (certificate pinned)" : "plain TCP"));
        for (const char *key : { "deliveries_per_s", "server_cpu_pct", "server_rss_mb", "driver_cpu_pct" })
            QVERIFY2(result.json.contains(QLatin1String(key)), key);
        // A share of the cores, whatever the workload (an empty one once gave -2e10 %).
        const double serverCpu = result.json.value(QStringLiteral("server_cpu_pct")).toDouble();
        QVERIFY2(serverCpu >= 0 && serverCpu <= 100.0 * QThread::idealThreadCount(),
                 qPrintable(QString::number(serverCpu)));
        const QJsonObject latency = result.json.value(QStringLiteral("latency_ms")).toObject();
        for (const char *key : { "p50", "p99", "max" })
            QVERIFY2(latency.contains(QLatin1String(key)), key);
        if (deliveries > 0) {
            QVERIFY(latency.value(QStringLiteral("p50")).toDouble()
                    <= latency.value(QStringLiteral("p99")).toDouble());
            QVERIFY(latency.value(QStringLiteral("p99")).toDouble()
                    <= latency.value(QStringLiteral("max")).toDouble());
            // The embedded server's own counter agrees with the driver.
            QCOMPARE(result.json.value(QStringLiteral("server_counters"))
                         .toObject()
                         .value(QStringLiteral("delivered"))
                         .toInt(),
                     deliveries);
        }
        QVERIFY(result.out.contains("deliveries"));
    }

    // The room's presences during a reconnect storm: in account-level mode the
    // watching account sees each other account go xa and come back (2 presences per
    // account); in classic mode each session leaves and joins (2 per session).
    void storm_data()
    {
        QTest::addColumn<QString>("mode");
        QTest::addColumn<int>("observerPresences");
        // 3 accounts x 2 sessions: account 1 (2 sessions) watches accounts 2 and 3.
        QTest::newRow("account-level") << "minimix" << 2 * 2 * 2;
        QTest::newRow("classic") << "classic" << 4 * 2 * 2;
    }
    void storm()
    {
        QFETCH(QString, mode);
        QFETCH(int, observerPresences);
        const BenchResult result
            = runBench(split(QStringLiteral("--storm --accounts 3 --sessions 2 --mode ") + mode));
        QVERIFY2(result.exitCode == 0, result.out.constData());
        const QJsonObject storm = result.json.value(QStringLiteral("storm")).toObject();
        QCOMPARE(storm.value(QStringLiteral("reconnected_sessions")).toInt(), 4);
        QCOMPARE(storm.value(QStringLiteral("observer_presences")).toInt(), observerPresences);
    }

    void externalTarget()
    {
        ServerProcess server(
            ServerPath,
            split(QStringLiteral(
                "--port 0 --allow-plain-without-tls --account load1:secret --account load2:secret")));
        const quint16 port = server.waitForListening();
        QVERIFY(port);
        const BenchResult result
            = runBench(split(QStringLiteral("--target 127.0.0.1:%1 --accounts 2 --sessions 2 --messages 30 "
                                            "--server-pid %2")
                                 .arg(port)
                                 .arg(server.process().processId())));
        QVERIFY2(result.exitCode == 0, result.out.constData());
        QCOMPARE(result.json.value(QStringLiteral("deliveries")).toInt(), 2 * 2 * 30);
        QVERIFY(result.json.value(QStringLiteral("server_rss_mb")).toDouble() > 0);
    }

    // minimix-server with its default TLS (optional; PLAIN only after STARTTLS): the driver
    // does STARTTLS, with the certificate pinned by the fingerprint the server printed, or
    // with verification off (and a note that says so).
    void externalTls_data()
    {
        QTest::addColumn<bool>("pinned");
        QTest::newRow("pinned fingerprint") << true;
        QTest::newRow("verification off") << false;
    }
    void externalTls()
    {
        QFETCH(bool, pinned);
        ServerProcess server(ServerPath,
                             split(QStringLiteral("--port 0 --account load1:secret --account load2:secret")));
        const QString fingerprint = certificateFingerprint(server);
        QVERIFY(!fingerprint.isEmpty());
        const quint16 port = server.waitForListening();
        QVERIFY(port);
        QStringList arguments = split(QStringLiteral("--target 127.0.0.1:%1 --tls --accounts 2 --sessions 2 "
                                                     "--messages 30 --server-pid %2")
                                          .arg(port)
                                          .arg(server.process().processId()));
        if (pinned)
            arguments << QStringLiteral("--tls-fingerprint") << fingerprint;
        const BenchResult result = runBench(arguments);
        QVERIFY2(result.exitCode == 0, result.out.constData());
        QCOMPARE(result.json.value(QStringLiteral("deliveries")).toInt(), 2 * 2 * 30);
        QCOMPARE(result.json.value(QStringLiteral("lost")).toInt(), 0);
        QCOMPARE(result.json.value(QStringLiteral("duplicates")).toInt(), 0);
        const QJsonObject parameters = result.json.value(QStringLiteral("parameters")).toObject();
        QCOMPARE(parameters.value(QStringLiteral("tls")).toBool(), true);
        QCOMPARE(parameters.value(QStringLiteral("tls_verification")).toString(),
                 pinned ? QStringLiteral("pinned") : QStringLiteral("none"));
        QCOMPARE(result.err.contains("certificate verification is off"), !pinned);
    }

    // A failing target fails the run, with a message, a JSON that says so, and a non-zero exit.
    void failingTarget_data()
    {
        QTest::addColumn<QString>("arguments");
        // minimix-server's arguments; empty: the embedded target or nothing at all.
        QTest::addColumn<QString>("server");
        QTest::addColumn<QString>("message");
        const QString plainServer
            = QStringLiteral("--port 0 --allow-plain-without-tls --account load1:secret");
        const QString tlsServer = QStringLiteral("--port 0 --account load1:secret");
        QTest::newRow("nothing listens")
            << "--target 127.0.0.1:1 --accounts 1 --sessions 1" << QString() << "refused";
        // The embedded target creates its accounts with the given password: an external server
        // whose password differs.
        QTest::newRow("wrong password")
            << "--password wrong --accounts 1 --sessions 1" << plainServer << "authentication failed";
        QTest::newRow("wrong fingerprint")
            << QStringLiteral("--tls --tls-fingerprint %1 --accounts 1 --sessions 1").arg(NoSuchFingerprint)
            << tlsServer << "is not the pinned one (sha256 00:00:";
        QTest::newRow("plain TCP, PLAIN only after TLS")
            << "--accounts 1 --sessions 1" << tlsServer << "no SASL PLAIN without TLS: try --tls";
        QTest::newRow("TLS, server without TLS")
            << "--tls --accounts 1 --sessions 1" << QStringLiteral("--tls off ") + plainServer
            << "the server offers no STARTTLS";
    }
    void failingTarget()
    {
        QFETCH(QString, arguments);
        QFETCH(QString, server);
        QFETCH(QString, message);
        QStringList list = split(arguments);
        std::unique_ptr<ServerProcess> process;
        if (!server.isEmpty()) {
            process = std::make_unique<ServerProcess>(ServerPath, split(server));
            const quint16 port = process->waitForListening();
            QVERIFY(port);
            list << QStringLiteral("--target") << QStringLiteral("127.0.0.1:%1").arg(port);
        }
        const BenchResult result = runBench(list);
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.out.contains(message.toUtf8()), result.out.constData());
        QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(), false);
        QVERIFY2(result.json.value(QStringLiteral("error")).toString().contains(message),
                 qPrintable(result.json.value(QStringLiteral("error")).toString()));
    }

    // The server dies in the middle of a fixed-rate stream: the run fails.
    void serverDiesDuringRun()
    {
        ServerProcess server(
            ServerPath,
            split(QStringLiteral("--port 0 --allow-plain-without-tls --log-stanzas --account load1:secret "
                                 "--account load2:secret")));
        const quint16 port = server.waitForListening();
        QVERIFY(port);
        ServerProcess bench(BenchPath,
                            split(QStringLiteral("--target 127.0.0.1:%1 --accounts 2 --sessions 1 "
                                                 "--messages 5000 --rate 500")
                                      .arg(port)));
        // Once the stream is under way (its log shows message 20), the server goes.
        QTRY_VERIFY_WITH_TIMEOUT(server.err().contains("bench 20<"), 20000);
        QVERIFY(server.sendSignal(SIGKILL));
        QVERIFY(bench.waitForFinished(30000));
        QVERIFY(bench.process().exitCode() != 0);
        QVERIFY2(bench.out().contains("FAILED"), bench.out().constData());
    }

    void badFlags_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown flag") << "--no-such-flag"
                                      << "no-such-flag";
        QTest::newRow("bad target") << "--target nowhere"
                                    << "--target";
        QTest::newRow("bad mode") << "--mode sideways"
                                  << "--mode";
        QTest::newRow("zero accounts") << "--accounts 0"
                                       << "--accounts";
        QTest::newRow("negative rate") << "--rate -5"
                                       << "--rate";
        QTest::newRow("storm alone") << "--storm --accounts 1"
                                     << "--storm";
        QTest::newRow("mode with an external target") << "--target 127.0.0.1:5222 --mode classic"
                                                      << "--mode";
        const QString fingerprint = QStringLiteral("AB:").repeated(31) + QStringLiteral("AB");
        QTest::newRow("fingerprint without --tls")
            << QStringLiteral("--target 127.0.0.1:5222 --tls-fingerprint ") + fingerprint
            << "--tls-fingerprint needs --tls";
        QTest::newRow("malformed fingerprint") << "--target 127.0.0.1:5222 --tls --tls-fingerprint 12:34:zz"
                                               << "needs a SHA-256 fingerprint";
        QTest::newRow("fingerprint one digit short")
            << QStringLiteral("--target 127.0.0.1:5222 --tls --tls-fingerprint ") + fingerprint.chopped(1)
            << "needs a SHA-256 fingerprint";
        QTest::newRow("fingerprint for the embedded target")
            << QStringLiteral("--tls --tls-fingerprint ") + fingerprint << "is for an external target";
    }
    void badFlags()
    {
        QFETCH(QString, arguments);
        QFETCH(QString, message);
        ServerProcess bench(BenchPath, split(arguments));
        QVERIFY(bench.waitForFinished());
        QCOMPARE(bench.process().exitCode(), 2);
        QVERIFY2(bench.err().startsWith("minimix-bench: "), bench.err().constData());
        QVERIFY2(bench.err().contains(message.toUtf8()), bench.err().constData());
    }
};

QTEST_GUILESS_MAIN(tst_Bench)
#include "tst_bench.moc"
