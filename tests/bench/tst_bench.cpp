// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-bench in quick mode: it must count exactly (every delivery, no loss, no
// duplicate), report the storm's presences, and fail when the target fails. No
// timing thresholds: speed is what the benchmark prints, not what tests assert.
// Its SCRAM client (ScramExchange, ScramSaltedPasswordCache) is also tested on its own:
// the RFC 5802 and RFC 7677 examples, the cache, and the server answers it must refuse;
// and its stream splitter, which reads groupchat messages without the XML parser.
#include "ScramExchange.h"
#include "ScramSaltedPasswordCache.h"
#include "ServerProcess.h"
#include "StanzaSplitter.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>
#include <csignal>
#include <cstring>
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

// The value of a flag in a command line ("--accounts 3 ..." gives 3 for "--accounts"), or fallback.
int flagValue(const QString &arguments, const QString &flag, int fallback)
{
    const QRegularExpressionMatch match
        = QRegularExpression(QRegularExpression::escape(flag) + QStringLiteral(" (\\d+)")).match(arguments);
    return match.hasMatch() ? match.captured(1).toInt() : fallback;
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
    // Top-level elements of a stream, cut whole; what the splitter cannot judge is the parser's.
    void splitterElementEnd_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("expected"); // the end, or NeedMore / Opaque
        const QByteArray message = "<message type='groupchat'><body>a &lt; b</body><x/></message>";
        QTest::newRow("whole") << message << int(message.size());
        QTest::newRow("followed by the next") << message + "<presence/>" << int(message.size());
        QTest::newRow("cut in an end tag")
            << message.left(message.size() - 3) << int(StanzaSplitter::NeedMore);
        QTest::newRow("cut in a start tag")
            << QByteArray("<message type='group") << int(StanzaSplitter::NeedMore);
        QTest::newRow("'>' and '/>' in quoted values")
            << QByteArray("<message id=\"a>b/>\" to='c/>'><body>x</body></message><x/>")
            << int(std::strlen("<message id=\"a>b/>\" to='c/>'><body>x</body></message>"));
        QTest::newRow("empty element") << QByteArray("<presence/><iq/>") << 11;
        QTest::newRow("same name nested") << QByteArray("<a><a><a/></a></a>tail") << 18;
        QTest::newRow("comment") << QByteArray("<message><!-- x --></message>")
                                 << int(StanzaSplitter::Opaque);
        QTest::newRow("CDATA") << QByteArray("<message><body><![CDATA[<]]></body></message>")
                               << int(StanzaSplitter::Opaque);
        QTest::newRow("stream end") << QByteArray("</stream:stream>") << int(StanzaSplitter::Opaque);
        QTest::newRow("text at the top") << QByteArray("text<a/>") << int(StanzaSplitter::Opaque);
    }
    void splitterElementEnd()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, expected);
        QCOMPARE(StanzaSplitter::elementEnd(data, 0), expected);
    }

    void splitterHeader_data()
    {
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<int>("expected");
        const QByteArray header = "<?xml version='1.0'?>\n<stream:stream xmlns='jabber:client' id='a>b'>";
        QTest::newRow("declaration and stream") << header + "<stream:features/>" << int(header.size());
        QTest::newRow("no declaration") << QByteArray("<stream:stream version='1.0'><x/>") << 29;
        QTest::newRow("cut") << header.left(30) << int(StanzaSplitter::NeedMore);
        QTest::newRow("not XML") << QByteArray("HTTP/1.1 400") << int(StanzaSplitter::Opaque);
    }
    void splitterHeader()
    {
        QFETCH(QByteArray, data);
        QFETCH(int, expected);
        QCOMPARE(StanzaSplitter::headerEnd(data, 0), expected);
    }

    // A groupchat message as the parser would read it (from, id, body, delay); anything
    // else, or XML the reader leaves to the parser, is not taken.
    void splitterGroupchat_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<bool>("taken");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("body"); // "<null>": no body
        QTest::addColumn<bool>("delayed");
        const QString room = QStringLiteral("room@conference.localhost/nick");
        QTest::newRow("minimix-server's") << QByteArray(
            "<message type=\"groupchat\" from=\"room@conference.localhost/nick\" id=\"1\""
            " to=\"a@localhost/r\"><body>m:1:2</body><stanza-id xmlns=\"urn:xmpp:sid:0\" id=\"x\""
            " by=\"room@conference.localhost\"/><occupant-id xmlns=\"urn:xmpp:occupant-id:0\" "
            "id=\"o\"/></message>") << true
                                          << room << QStringLiteral("m:1:2") << false;
        QTest::newRow("Prosody's quotes, xml:lang")
            << QByteArray("<message xml:lang='en' type='groupchat' from='room@conference.localhost/nick' "
                          "id='1'><body>hi</body></message>")
            << true << room << QStringLiteral("hi") << false;
        QTest::newRow("entities and references")
            << QByteArray(
                   "<message type='groupchat' from='room@conference.localhost/ni&amp;ck'><body>a &lt;&gt; "
                   "&quot;&apos;&#65;&#x42;&#x1F600;</body></message>")
            << true << QStringLiteral("room@conference.localhost/ni&ck")
            << QStringLiteral("a <> \"'AB") + QString::fromUcs4(U"\U0001F600", 1) << false;
        QTest::newRow("history") << QByteArray("<message type='groupchat' from='r'><body>old</body>"
                                               "<delay xmlns='urn:xmpp:delay' stamp='2026-01-01T00:00:00Z'/>"
                                               "</message>")
                                 << true << QStringLiteral("r") << QStringLiteral("old") << true;
        QTest::newRow("no body") << QByteArray(
            "<message type='groupchat' from='r'><subject>s</subject></message>")
                                 << true << QStringLiteral("r") << QStringLiteral("<null>") << false;
        QTest::newRow("a nested body is not the body")
            << QByteArray(
                   "<message type='groupchat' from='r'><html><body>x</body></html><body>y</body></message>")
            << true << QStringLiteral("r") << QStringLiteral("y") << false;
        QTest::newRow("chat") << QByteArray("<message type='chat' from='r'><body>x</body></message>") << false
                              << QString() << QString() << false;
        QTest::newRow("presence") << QByteArray("<presence type='groupchat' from='r'/>") << false << QString()
                                  << QString() << false;
        QTest::newRow("other namespace") << QByteArray("<message xmlns='urn:other' type='groupchat'/>")
                                         << false << QString() << QString() << false;
        QTest::newRow("markup in the body")
            << QByteArray("<message type='groupchat' from='r'><body>a<b>c</b></body></message>") << false
            << QString() << QString() << false;
        QTest::newRow("unknown entity")
            << QByteArray("<message type='groupchat' from='r'><body>&nbsp;</body></message>") << false
            << QString() << QString() << false;
    }
    void splitterGroupchat()
    {
        QFETCH(QByteArray, xml);
        QFETCH(bool, taken);
        QFETCH(QString, from);
        QFETCH(QString, body);
        QFETCH(bool, delayed);
        const QByteArray data = "  " + xml + "<presence/>"; // read in place, between other bytes
        StanzaSplitter::Groupchat message;
        QCOMPARE(StanzaSplitter::readGroupchat(data, 2, 2 + int(xml.size()), &message), taken);
        if (!taken)
            return;
        QCOMPARE(message.from, from);
        QCOMPARE(message.body.isNull() ? QStringLiteral("<null>") : message.body, body);
        QCOMPARE(message.delayed, delayed);
    }

    void countsExactly_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<int>("deliveries");
        // The SASL mechanism the sessions log in with (the embedded server offers all three;
        // without --sasl the driver takes the strongest).
        QTest::addColumn<QString>("mechanism");
        const QString sha256 = QStringLiteral("SCRAM-SHA-256");
        QTest::newRow("account-level, burst")
            << "--accounts 3 --sessions 2 --messages 50" << 3 * 2 * 50 << sha256;
        QTest::newRow("classic, burst")
            << "--mode classic --accounts 3 --sessions 2 --messages 50" << 3 * 2 * 50 << sha256;
        QTest::newRow("one session") << "--accounts 1 --sessions 1 --messages 10" << 10 << sha256;
        QTest::newRow("fixed rate") << "--accounts 2 --sessions 2 --messages 40 --rate 400" << 2 * 2 * 40
                                    << sha256;
        QTest::newRow("no messages") << "--accounts 2 --sessions 1 --messages 0" << 0 << sha256;
        // Accounts spread over rooms: each room's own messages reach only its sessions.
        QTest::newRow("rooms") << "--accounts 7 --sessions 2 --rooms 3 --messages 30" << 7 * 2 * 30 << sha256;
        QTest::newRow("rooms, classic")
            << "--mode classic --accounts 4 --sessions 2 --rooms 4 --messages 20" << 4 * 2 * 20 << sha256;
        // STARTTLS to the embedded server, its own certificate pinned.
        QTest::newRow("TLS, burst") << "--tls --accounts 3 --sessions 2 --messages 50" << 3 * 2 * 50
                                    << sha256;
        QTest::newRow("TLS, classic, fixed rate")
            << "--tls --mode classic --accounts 2 --sessions 2 --messages 40 --rate 400" << 2 * 2 * 40
            << sha256;
        // Each mechanism by name, and auto.
        QTest::newRow("SCRAM-SHA-256")
            << "--sasl SCRAM-SHA-256 --accounts 3 --sessions 2 --messages 50" << 3 * 2 * 50 << sha256;
        QTest::newRow("SCRAM-SHA-1") << "--sasl SCRAM-SHA-1 --accounts 3 --sessions 2 --messages 50"
                                     << 3 * 2 * 50 << "SCRAM-SHA-1";
        QTest::newRow("PLAIN") << "--sasl PLAIN --accounts 3 --sessions 2 --messages 50" << 3 * 2 * 50
                               << "PLAIN";
        QTest::newRow("auto") << "--sasl auto --accounts 3 --sessions 2 --messages 50" << 3 * 2 * 50
                              << sha256;
        QTest::newRow("scram-sha-1 in lower case, many sessions per account")
            << "--sasl scram-sha-1 --accounts 2 --sessions 6 --messages 20" << 2 * 6 * 20 << "SCRAM-SHA-1";
        QTest::newRow("TLS, SCRAM-SHA-1")
            << "--tls --sasl SCRAM-SHA-1 --accounts 2 --sessions 2 --messages 20" << 2 * 2 * 20
            << "SCRAM-SHA-1";
        QTest::newRow("TLS, PLAIN") << "--tls --sasl PLAIN --accounts 2 --sessions 2 --messages 20"
                                    << 2 * 2 * 20 << "PLAIN";
    }
    void countsExactly()
    {
        QFETCH(QString, arguments);
        QFETCH(int, deliveries);
        QFETCH(QString, mechanism);
        const BenchResult result = runBench(split(arguments));
        QVERIFY2(result.exitCode == 0, result.out.constData());
        QCOMPARE(result.json.value(QStringLiteral("ok")).toBool(), true);
        QCOMPARE(result.json.value(QStringLiteral("sasl")).toString(), mechanism);
        QVERIFY2(result.out.contains(QStringLiteral("sessions, %1").arg(mechanism).toUtf8()),
                 result.out.constData());
        // The salted password once per account, whatever the number of its sessions.
        QCOMPARE(result.json.value(QStringLiteral("scram_pbkdf2_runs")).toInt(),
                 mechanism.startsWith(QLatin1String("SCRAM"))
                     ? flagValue(arguments, QStringLiteral("--accounts"), 5)
                     : 0);
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
        const QRegularExpressionMatch asked
            = QRegularExpression(QStringLiteral("--sasl (\\S+)")).match(arguments);
        QCOMPARE(parameters.value(QStringLiteral("sasl")).toString(),
                 asked.hasMatch() ? (asked.captured(1) == QLatin1String("auto") ? QStringLiteral("auto")
                                                                                : asked.captured(1).toUpper())
                                  : QStringLiteral("auto"));
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
        // The reconnections log in with SCRAM again, from the run's cache: one PBKDF2 per account.
        QCOMPARE(result.json.value(QStringLiteral("sasl")).toString(), QStringLiteral("SCRAM-SHA-256"));
        QCOMPARE(result.json.value(QStringLiteral("scram_pbkdf2_runs")).toInt(), 3);
    }

    // minimix-server over plain TCP, with each mechanism: SCRAM needs no TLS, PLAIN needs
    // --allow-plain-without-tls.
    void externalTarget_data()
    {
        QTest::addColumn<QString>("server"); // minimix-server's arguments besides its accounts
        QTest::addColumn<QString>("sasl");
        QTest::addColumn<QString>("mechanism");
        const QString plainAllowed = QStringLiteral("--port 0 --allow-plain-without-tls");
        QTest::newRow("auto") << plainAllowed << "auto"
                              << "SCRAM-SHA-256";
        QTest::newRow("SCRAM-SHA-256") << plainAllowed << "SCRAM-SHA-256"
                                       << "SCRAM-SHA-256";
        QTest::newRow("SCRAM-SHA-1") << plainAllowed << "SCRAM-SHA-1"
                                     << "SCRAM-SHA-1";
        QTest::newRow("PLAIN") << plainAllowed << "PLAIN"
                               << "PLAIN";
        // PLAIN only after STARTTLS: auto logs in with SCRAM over plain TCP all the same.
        QTest::newRow("auto, no PLAIN without TLS") << "--port 0"
                                                    << "auto"
                                                    << "SCRAM-SHA-256";
    }
    void externalTarget()
    {
        QFETCH(QString, server);
        QFETCH(QString, sasl);
        QFETCH(QString, mechanism);
        ServerProcess process(
            ServerPath, split(server + QStringLiteral(" --account load1:secret --account load2:secret")));
        const quint16 port = process.waitForListening();
        QVERIFY(port);
        const BenchResult result
            = runBench(split(QStringLiteral("--target 127.0.0.1:%1 --accounts 2 --sessions 2 --messages 30 "
                                            "--server-pid %2 --sasl %3")
                                 .arg(port)
                                 .arg(process.process().processId())
                                 .arg(sasl)));
        QVERIFY2(result.exitCode == 0, result.out.constData());
        QCOMPARE(result.json.value(QStringLiteral("deliveries")).toInt(), 2 * 2 * 30);
        QVERIFY(result.json.value(QStringLiteral("server_rss_mb")).toDouble() > 0);
        QCOMPARE(result.json.value(QStringLiteral("sasl")).toString(), mechanism);
        QCOMPARE(result.json.value(QStringLiteral("scram_pbkdf2_runs")).toInt(),
                 mechanism == QLatin1String("PLAIN") ? 0 : 2);
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
        QTest::newRow("wrong password, SCRAM-SHA-256")
            << "--sasl SCRAM-SHA-256 --password wrong --accounts 1 --sessions 1" << plainServer
            << "authentication failed (SCRAM-SHA-256: not-authorized)";
        QTest::newRow("wrong password, SCRAM-SHA-1")
            << "--sasl SCRAM-SHA-1 --password wrong --accounts 1 --sessions 1" << plainServer
            << "authentication failed (SCRAM-SHA-1: not-authorized)";
        QTest::newRow("wrong password, PLAIN")
            << "--sasl PLAIN --password wrong --accounts 1 --sessions 1" << plainServer
            << "authentication failed (PLAIN: not-authorized)";
        QTest::newRow("wrong fingerprint")
            << QStringLiteral("--tls --tls-fingerprint %1 --accounts 1 --sessions 1").arg(NoSuchFingerprint)
            << tlsServer << "is not the pinned one (sha256 00:00:";
        QTest::newRow("plain TCP, PLAIN only after TLS")
            << "--sasl PLAIN --accounts 1 --sessions 1" << tlsServer
            << "no SASL PLAIN without TLS: try --tls (it offers SCRAM-SHA-256, SCRAM-SHA-1)";
        QTest::newRow("PLAIN not offered, no TLS either")
            << "--sasl PLAIN --accounts 1 --sessions 1" << QStringLiteral("--tls off ") + tlsServer
            << "the server offers no SASL PLAIN (it offers SCRAM-SHA-256, SCRAM-SHA-1)";
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

    // A server that answers SCRAM wrongly: the session fails with what was wrong, and the run
    // with it. The test plays the server: the SCRAM-SHA-256 challenge and the success are
    // this row's, whatever the proof.
    void badScramServer_data()
    {
        QTest::addColumn<QString>("serverFirst"); // %1: the client's nonce
        QTest::addColumn<QString>("serverFinal"); // in <success/>; "challenge:" first: as a challenge
        QTest::addColumn<QString>("message");
        const QString salt = QStringLiteral(",s=") + QString::fromLatin1(QByteArray(16, 'x').toBase64());
        const QString good = QStringLiteral("r=%1SERVERNONCE") + salt + QStringLiteral(",i=4096");
        const QString wrongSignature
            = QStringLiteral("v=") + QString::fromLatin1(QByteArray(32, 'v').toBase64());
        QTest::newRow("wrong server signature")
            << good << wrongSignature << "the server's SCRAM signature is wrong";
        QTest::newRow("wrong server signature in a challenge")
            << good << QStringLiteral("challenge:") + wrongSignature
            << "the server's SCRAM signature is wrong";
        QTest::newRow("no server signature") << good << QString() << "has no SCRAM server signature";
        QTest::newRow("server error") << good << "e=other-error"
                                      << "ended SCRAM with the error 'other-error'";
        QTest::newRow("not our nonce") << QStringLiteral("r=SOMEONEELSE") + salt + QStringLiteral(",i=4096")
                                       << wrongSignature << "does not start with ours";
        QTest::newRow("absurd iteration count")
            << QStringLiteral("r=%1SERVERNONCE") + salt + QStringLiteral(",i=1000001") << wrongSignature
            << "asks for 1000001 SCRAM iterations";
    }
    void badScramServer()
    {
        QFETCH(QString, serverFirst);
        QFETCH(QString, serverFinal);
        QFETCH(QString, message);
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QByteArray received;
        QTcpSocket *peer = nullptr;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            peer = server.nextPendingConnection();
            connect(peer, &QTcpSocket::readyRead, peer, [&] {
                received += peer->readAll();
                if (received.contains("<stream:stream") && !received.contains("<auth")) {
                    received.clear();
                    peer->write(
                        "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                        "xmlns:stream='http://etherx.jabber.org/streams' id='1' from='localhost' "
                        "version='1.0'><stream:features><mechanisms "
                        "xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>SCRAM-SHA-256</mechanism>"
                        "</mechanisms></stream:features>");
                }
                const QRegularExpressionMatch auth
                    = QRegularExpression(QStringLiteral("<auth [^>]*>([^<]*)</auth>"))
                          .match(QString::fromUtf8(received));
                if (auth.hasMatch()) {
                    received.clear();
                    const QByteArray first = QByteArray::fromBase64(auth.captured(1).toLatin1());
                    const QByteArray nonce = first.mid(first.indexOf(",r=") + 3);
                    peer->write("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                                + QString(serverFirst)
                                      .replace(QLatin1String("%1"), QString::fromLatin1(nonce))
                                      .toLatin1()
                                      .toBase64()
                                + "</challenge>");
                    return;
                }
                if (received.contains("</response>")) {
                    received.clear();
                    QString final = serverFinal;
                    if (final.startsWith(QLatin1String("challenge:"))) {
                        final.remove(0, int(qstrlen("challenge:")));
                        peer->write("<challenge xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                                    + final.toLatin1().toBase64() + "</challenge>");
                        serverFinal.clear(); // an empty success follows the client's empty response
                        return;
                    }
                    peer->write("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                                + final.toLatin1().toBase64() + "</success>");
                }
            });
        });
        const BenchResult result
            = runBench(split(QStringLiteral("--target 127.0.0.1:%1 --accounts 1 --sessions 1 --messages 1")
                                 .arg(server.serverPort())));
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.out.contains(message.toUtf8()), result.out.constData());
        QVERIFY2(result.json.value(QStringLiteral("error")).toString().contains(message),
                 qPrintable(result.json.value(QStringLiteral("error")).toString()));
    }

    // A server whose stream header arrives in two reads: the driver waits for the rest of
    // it, before STARTTLS too, and then reads the features (here: none it can use).
    void headerInTwoReads_data()
    {
        QTest::addColumn<QString>("flags");
        QTest::addColumn<QString>("message");
        QTest::newRow("STARTTLS") << QStringLiteral("--tls")
                                  << QStringLiteral("the server offers no STARTTLS");
        QTest::newRow("plain TCP") << QString() << QStringLiteral("the server offers none of");
    }
    void headerInTwoReads()
    {
        QFETCH(QString, flags);
        QFETCH(QString, message);
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket *peer = server.nextPendingConnection();
            connect(peer, &QTcpSocket::readyRead, peer, [peer] {
                if (!peer->readAll().contains("<stream:stream"))
                    return;
                peer->write("<?xml version='1.0'?><stream:stream xmlns='jabber:client' ");
                peer->flush();
                QTimer::singleShot(200, peer, [peer] {
                    peer->write("xmlns:stream='http://etherx.jabber.org/streams' id='1' from='localhost' "
                                "version='1.0'><stream:features/>");
                });
            });
        });
        const BenchResult result
            = runBench(split(QStringLiteral("--target 127.0.0.1:%1 --accounts 1 --sessions 1 --messages 1 %2")
                                 .arg(server.serverPort())
                                 .arg(flags)));
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.out.contains(message.toUtf8()), result.out.constData());
    }

    // The SCRAM client against the examples of RFC 5802 §5 (SCRAM-SHA-1) and RFC 7677 §3
    // (SCRAM-SHA-256): user "user", password "pencil".
    void scramExamples_data()
    {
        QTest::addColumn<QString>("mechanism");
        QTest::addColumn<QByteArray>("clientNonce");
        QTest::addColumn<QByteArray>("serverFirst");
        QTest::addColumn<QByteArray>("clientFinal");
        QTest::addColumn<QByteArray>("serverFinal");
        QTest::newRow("RFC 5802, SCRAM-SHA-1")
            << "SCRAM-SHA-1" << QByteArray("fyko+d2lbbFgONRv9qkxdawL")
            << QByteArray("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096")
            << QByteArray(
                   "c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=")
            << QByteArray("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
        QTest::newRow("RFC 7677, SCRAM-SHA-256")
            << "SCRAM-SHA-256" << QByteArray("rOprNGfwEbeRWgbNEkqO")
            << QByteArray(
                   "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
            << QByteArray("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                          "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
            << QByteArray("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=");
    }
    void scramExamples()
    {
        QFETCH(QString, mechanism);
        QFETCH(QByteArray, clientNonce);
        QFETCH(QByteArray, serverFirst);
        QFETCH(QByteArray, clientFinal);
        QFETCH(QByteArray, serverFinal);
        ScramSaltedPasswordCache cache;
        for (int login = 0; login < 2; ++login) {
            ScramExchange scram(mechanism, QStringLiteral("user"), QStringLiteral("pencil"), &cache,
                                clientNonce);
            QCOMPARE(scram.clientFirst(), "n,,n=user,r=" + clientNonce);
            QCOMPARE(scram.clientFinal(serverFirst), clientFinal);
            QVERIFY2(scram.verifyServerFinal(serverFinal), qPrintable(scram.errorString()));
            // Another signature is refused.
            QByteArray wrong = serverFinal;
            wrong[3] = wrong.at(3) == 'A' ? 'B' : 'A';
            QVERIFY(!scram.verifyServerFinal(wrong));
            QVERIFY2(scram.errorString().contains(QLatin1String("signature is wrong")),
                     qPrintable(scram.errorString()));
        }
        // The second login came from the cache.
        QCOMPARE(cache.derivations(), 1);
        // Without a cache: the same answer.
        ScramExchange uncached(mechanism, QStringLiteral("user"), QStringLiteral("pencil"), nullptr,
                               clientNonce);
        QCOMPARE(uncached.clientFinal(serverFirst), clientFinal);
    }

    // The cache's key: mechanism, password, salt and iterations; nothing else (not the user,
    // not the nonce).
    void scramCache()
    {
        ScramSaltedPasswordCache cache;
        const auto login = [&cache](const char *mechanism, const char *user, const char *password,
                                    const QByteArray &salt, int iterations) {
            ScramExchange scram(QLatin1String(mechanism), QLatin1String(user), QLatin1String(password),
                                &cache);
            const QByteArray nonce = scram.clientFirst().mid(scram.clientFirst().indexOf(",r=") + 3);
            const QByteArray first
                = "r=" + nonce + "S,s=" + salt.toBase64() + ",i=" + QByteArray::number(iterations);
            return !scram.clientFinal(first).isEmpty();
        };
        QVERIFY(login("SCRAM-SHA-256", "load1", "secret", "salt-1", 4096));
        QVERIFY(login("SCRAM-SHA-256", "load1", "secret", "salt-1", 4096));
        QCOMPARE(cache.derivations(), 1);
        QVERIFY(login("SCRAM-SHA-256", "load2", "secret", "salt-1", 4096)); // same inputs, other user
        QCOMPARE(cache.derivations(), 1);
        QVERIFY(login("SCRAM-SHA-256", "load1", "secret", "salt-2", 4096));
        QCOMPARE(cache.derivations(), 2);
        QVERIFY(login("SCRAM-SHA-1", "load1", "secret", "salt-1", 4096));
        QCOMPARE(cache.derivations(), 3);
        QVERIFY(login("SCRAM-SHA-256", "load1", "other", "salt-1", 4096));
        QCOMPARE(cache.derivations(), 4);
        QVERIFY(login("SCRAM-SHA-256", "load1", "secret", "salt-1", 1000));
        QCOMPARE(cache.derivations(), 5);
        QCOMPARE(cache.size(), 5);
        QCOMPARE(cache.saltedPassword(QCryptographicHash::Sha256, "secret", "salt-1", 4096),
                 ScramSaltedPasswordCache::derive(QCryptographicHash::Sha256, "secret", "salt-1", 4096));
        QCOMPARE(cache.derivations(), 5);
    }

    // Server-first messages the client refuses, before any proof.
    void scramRefusesChallenge_data()
    {
        QTest::addColumn<QByteArray>("serverFirst"); // "%1": the client's nonce
        QTest::addColumn<QString>("message");
        QTest::newRow("not our nonce")
            << QByteArray("r=abcdef,s=c2FsdA==,i=4096") << "does not start with ours";
        QTest::newRow("too many iterations")
            << QByteArray("r=%1x,s=c2FsdA==,i=1000001") << "asks for 1000001 SCRAM iterations";
        QTest::newRow("huge iteration count") << QByteArray("r=%1x,s=c2FsdA==,i=99999999999999999999")
                                              << "asks for 99999999999999999999 SCRAM iterations";
        QTest::newRow("zero iterations") << QByteArray("r=%1x,s=c2FsdA==,i=0") << "not a positive number";
        QTest::newRow("negative iterations")
            << QByteArray("r=%1x,s=c2FsdA==,i=-5") << "not a positive number";
        QTest::newRow("salt not base64") << QByteArray("r=%1x,s=*,i=4096") << "is not base64";
        QTest::newRow("no salt") << QByteArray("r=%1x,i=4096") << "malformed SCRAM challenge";
        QTest::newRow("mandatory extension")
            << QByteArray("m=ext,r=%1x,s=c2FsdA==,i=4096") << "mandatory extension";
        QTest::newRow("empty") << QByteArray() << "malformed SCRAM challenge";
    }
    void scramRefusesChallenge()
    {
        QFETCH(QByteArray, serverFirst);
        QFETCH(QString, message);
        ScramSaltedPasswordCache cache;
        ScramExchange scram(QStringLiteral("SCRAM-SHA-256"), QStringLiteral("user"), QStringLiteral("pencil"),
                            &cache, "clientnonce");
        QCOMPARE(scram.clientFinal(serverFirst.replace("%1", "clientnonce")), QByteArray());
        QVERIFY2(scram.errorString().contains(message), qPrintable(scram.errorString()));
        QVERIFY(!scram.hasClientFinal());
        QCOMPARE(cache.derivations(), 0);
        // And nothing verifies without a proof.
        QVERIFY(!scram.verifyServerFinal("v=AAAA"));
    }

    // 1,000 SCRAM-SHA-1 proofs for 250 account-like salts: 250 PBKDF2 runs.
    void scramCacheSharedBySessions()
    {
        ScramSaltedPasswordCache cache;
        for (int session = 0; session < 1000; ++session) {
            ScramExchange scram(QStringLiteral("SCRAM-SHA-1"),
                                QStringLiteral("load%1").arg(session % 250 + 1), QStringLiteral("secret"),
                                &cache);
            const QByteArray nonce = scram.clientFirst().mid(scram.clientFirst().indexOf(",r=") + 3);
            const QByteArray salt = "salt of load" + QByteArray::number(session % 250 + 1);
            QVERIFY(!scram.clientFinal("r=" + nonce + "S,s=" + salt.toBase64() + ",i=4096").isEmpty());
        }
        QCOMPARE(cache.derivations(), 250);
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
        QTest::newRow("more rooms than accounts") << "--accounts 2 --rooms 3"
                                                  << "--rooms";
        QTest::newRow("zero rooms") << "--rooms 0"
                                    << "--rooms";
        QTest::newRow("storm in rooms") << "--storm --accounts 4 --rooms 2"
                                        << "--storm watches one room";
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
        QTest::newRow("unknown SASL mechanism")
            << "--sasl DIGEST-MD5"
            << "--sasl must be SCRAM-SHA-256, SCRAM-SHA-1, PLAIN or auto, not 'DIGEST-MD5'";
        QTest::newRow("SCRAM without its hash") << "--sasl SCRAM"
                                                << "--sasl must be";
        QTest::newRow("SCRAM-PLUS") << "--sasl SCRAM-SHA-256-PLUS"
                                    << "--sasl must be";
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
