// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "BenchRun.h"

#include "MinimixServer.h"
#include "ProcessStats.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>
#include <cmath>
#include <unistd.h>

namespace {
constexpr int MaxInFlight = 32; // connections or joins under way at once
constexpr qint64 StallTimeoutNs = 10'000'000'000; // no arrival for this long: the rest is lost
const QLatin1String BodyPrefix("bench ");
const QLatin1String WarmupBody("bench-warmup");
const QLatin1String StormDoneBody("bench-storm-done");

double percentile(const QVector<float> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const double rank = p / 100.0 * (sorted.size() - 1);
    const int low = int(std::floor(rank));
    const int high = std::min(low + 1, int(sorted.size()) - 1);
    return sorted.at(low) + (sorted.at(high) - sorted.at(low)) * (rank - low);
}

double round3(double value)
{
    return std::round(value * 1000.0) / 1000.0;
}
} // namespace

BenchRun::BenchRun(const BenchOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_out(stdout)
    , m_err(stderr)
{
    m_progressBar = ::isatty(STDERR_FILENO);
    m_progressTimer.setInterval(200);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] { showProgress(); });
    m_sendTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_sendTimer, &QTimer::timeout, this, &BenchRun::sendDue);
    m_watchdog.setInterval(250);
    connect(&m_watchdog, &QTimer::timeout, this, &BenchRun::checkProgress);
}

BenchRun::~BenchRun()
{
    qDeleteAll(m_clients);
}

QString BenchRun::accountName(int account) const
{
    return m_options.accountPrefix + QString::number(account + 1);
}

void BenchRun::start()
{
    m_clock.start();
    m_out << "minimix-bench: target " << m_options.targetName();
    if (m_options.embedded)
        m_out << " (" << m_options.modeName() << ")";
    if (!m_options.tls)
        m_out << ", plain TCP";
    else if (m_options.embedded || !m_options.tlsFingerprint.isEmpty())
        m_out << ", STARTTLS (certificate pinned)";
    else
        m_out << ", STARTTLS (certificate not verified)";
    m_out << ", SASL " << m_options.sasl;
    m_out << ", " << m_options.accounts << " accounts x " << m_options.sessions << " sessions, ";
    if (m_options.rooms > 1)
        m_out << m_options.rooms << " rooms, ";
    if (m_options.storm)
        m_out << "reconnect storm\n";
    else
        m_out << m_options.messages << " messages, "
              << (m_options.rate > 0 ? QStringLiteral("%1 msg/s").arg(m_options.rate)
                                     : QStringLiteral("burst"))
              << "\n";
    m_out.flush();

    if (m_options.embedded) {
        QStringList names;
        for (int a = 0; a < m_options.accounts; ++a)
            names << accountName(a);
        m_embedded = std::make_unique<ServerThread>();
        ServerOptions options;
        options.domain = m_options.domain;
        options.joinMode = m_options.mode;
        // The driver's lean client speaks SCRAM or, with --sasl PLAIN, SASL PLAIN, over plain TCP
        // on loopback, or with --tls after STARTTLS (TLS stays optional, as minimix-server's default).
        options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
        // This run measures the server's speed, not its protection: one session sends the
        // whole load, so the per-session stanza rate is off (--flood measures it).
        options.limits.inputStanzasPerSecond = 0;
        m_out << "  embedded server: per-session stanza rate off (unlimited) for this run\n";
        m_embedded->create(options);
        QList<ServerThread::Account> accounts;
        for (const QString &name : names)
            accounts.append({ name, m_options.password });
        if (!m_embedded->start(accounts)) {
            abort(QStringLiteral("the embedded server did not start: %1").arg(m_embedded->errorString()));
            return;
        }
        m_host = QStringLiteral("127.0.0.1");
        m_port = m_embedded->port();
        m_serverPid = QCoreApplication::applicationPid();
    } else {
        m_host = m_options.host;
        m_port = m_options.port;
        m_serverPid = m_options.serverPid;
        if (m_options.tls && m_options.tlsFingerprint.isEmpty())
            m_err << "minimix-bench: note: TLS certificate verification is off (no --tls-fingerprint): "
                     "any certificate is accepted\n";
    }
    m_err.flush();
    const QByteArray pinned = m_embedded ? m_embedded->certificate().digest(QCryptographicHash::Sha256)
                                         : m_options.tlsFingerprint;

    for (int a = 0; a < m_options.accounts; ++a) {
        for (int s = 0; s < m_options.sessions; ++s) {
            BenchClient::Account account { m_host,
                                           m_port,
                                           m_options.domain,
                                           accountName(a),
                                           m_options.password,
                                           QStringLiteral("s%1").arg(s + 1),
                                           m_options.tls,
                                           pinned,
                                           m_options.sasl,
                                           &m_scramCache };
            auto *client = new BenchClient(account);
            const int index = m_clients.size();
            client->setStanzaHandler(
                [this, index](BenchClient *, const BenchClient::Stanza &stanza) { onStanza(index, stanza); });
            connect(client, &BenchClient::failed, this, [this](const QString &reason) { abort(reason); });
            connect(client, &BenchClient::online, this, [this, client] {
                if (!m_mechanismsUsed.contains(client->mechanism()))
                    m_mechanismsUsed << client->mechanism();
                --m_inFlight;
                ++m_done;
                if (m_phase == Phase::Connecting)
                    connectNext();
            });
            connect(client, &BenchClient::joined, this, [this] {
                if (m_phase == Phase::Storming) {
                    ++m_stormRejoined;
                    if (m_stormRejoined == totalSessions() - m_options.sessions) {
                        // Everyone is back: the watcher's own message closes the storm window.
                        m_clients.at(0)->sendGroupchat(m_options.roomJid(), StormDoneBody);
                    }
                    return;
                }
                --m_inFlight;
                ++m_done;
                joinNext();
            });
            m_clients << client;
        }
    }
    m_progressTimer.start();
    m_phase = Phase::Connecting;
    m_phaseStart = m_clock.nsecsElapsed();
    connectNext();
}

void BenchRun::connectNext()
{
    while (m_inFlight < MaxInFlight && m_nextToStart < totalSessions()) {
        ++m_inFlight;
        m_clients.at(m_nextToStart++)->start();
    }
    if (m_done == totalSessions()) {
        m_connectSeconds = double(m_clock.nsecsElapsed() - m_phaseStart) / 1e9;
        m_phase = Phase::Joining;
        m_phaseStart = m_clock.nsecsElapsed();
        m_nextToStart = m_inFlight = m_done = 0;
        m_joinOrder.clear();
        for (int room = 0; room < m_options.rooms; ++room)
            m_joinOrder << room * m_options.sessions;
        for (int client = 0; client < totalSessions(); ++client) {
            if (client % m_options.sessions != 0 || client / m_options.sessions >= m_options.rooms)
                m_joinOrder << client;
        }
        joinNext();
    }
}

void BenchRun::joinNext()
{
    if (m_phase != Phase::Joining)
        return;
    while (m_inFlight < MaxInFlight && m_nextToStart < totalSessions()) {
        if (m_nextToStart == m_options.rooms && m_done < m_options.rooms)
            return; // the first join of each room creates it; the others wait for them
        ++m_inFlight;
        const int index = m_joinOrder.at(m_nextToStart++);
        // Sessions of one account share the account's nick (account-level joining needs it; other
        // servers may accept it or answer 409, then the client takes nick-resource).
        QString nick = accountName(index / m_options.sessions);
        if (m_options.embedded && m_options.mode == JoinMode::Classic)
            nick += QStringLiteral("-s%1").arg(index % m_options.sessions + 1);
        m_clients.at(index)->join(m_options.roomJid(roomOf(index)), nick);
    }
    if (m_done == totalSessions()) {
        m_joinSeconds = double(m_clock.nsecsElapsed() - m_phaseStart) / 1e9;
        warmUp();
    }
}

void BenchRun::warmUp()
{
    // One message to everyone before measuring: every join has been answered, every
    // session is reachable.
    m_phase = Phase::Warming;
    m_warmupSeen = 0;
    m_lastArrivalAt = m_clock.nsecsElapsed();
    m_watchdog.start();
    for (int room = 0; room < m_options.rooms; ++room)
        senderOf(room)->sendGroupchat(m_options.roomJid(room), WarmupBody);
}

void BenchRun::startMeasuring()
{
    m_processCpu0 = ProcessStats::ownCpuSeconds();
    if (m_embedded)
        m_serverCpu0 = m_embedded->cpuSeconds();
    else if (m_serverPid)
        m_serverCpu0 = ProcessStats::cpuSeconds(m_serverPid);
    if (m_embedded)
        m_counters0 = serverCounters();
    m_phaseStart = m_clock.nsecsElapsed();
    m_measuring = true;
}

void BenchRun::stopMeasuring()
{
    m_measuring = false;
    m_measuredSeconds = double(m_lastArrivalAt - m_phaseStart) / 1e9;
    m_sampledSeconds = double(m_clock.nsecsElapsed() - m_phaseStart) / 1e9;
    m_processCpu1 = ProcessStats::ownCpuSeconds();
    if (m_embedded)
        m_serverCpu1 = m_embedded->cpuSeconds();
    else if (m_serverPid)
        m_serverCpu1 = ProcessStats::cpuSeconds(m_serverPid);
    if (m_serverPid)
        m_serverRss = ProcessStats::peakRssMb(m_serverPid);
    if (m_embedded)
        m_counters1 = serverCounters();
}

void BenchRun::startMessages()
{
    m_phase = Phase::Sending;
    const int K = m_options.messages;
    m_sentAt = QVector<qint64>(K * m_options.rooms, 0);
    m_seen = QVector<QBitArray>(totalSessions(), QBitArray(K));
    m_latencies.reserve(K * totalSessions());
    startMeasuring();
    m_lastArrivalAt = m_phaseStart;
    if (K == 0) {
        finish();
        return;
    }
    if (m_options.rate > 0) {
        m_sendTimer.start(1);
        sendDue();
    } else {
        while (m_sent < K)
            sendDue();
    }
}

void BenchRun::sendDue()
{
    const qint64 now = m_clock.nsecsElapsed();
    int due = m_options.messages;
    if (m_options.rate > 0)
        due = std::min(due, int(double(now - m_phaseStart) / 1e9 * m_options.rate) + 1);
    else
        due = std::min(due, m_sent + 100);
    while (m_sent < due) {
        for (int room = 0; room < m_options.rooms; ++room) {
            m_sentAt[room * m_options.messages + m_sent] = m_clock.nsecsElapsed();
            senderOf(room)->sendGroupchat(m_options.roomJid(room), BodyPrefix + QString::number(m_sent));
        }
        ++m_sent;
    }
    for (int room = 0; room < m_options.rooms; ++room)
        senderOf(room)->flush();
    if (m_sent == m_options.messages)
        m_sendTimer.stop();
}

void BenchRun::onStanza(int client, const BenchClient::Stanza &stanza)
{
    if (stanza.name == QLatin1String("presence")) {
        if (m_stormCounting && client < m_options.sessions && !m_stormDoneSeen.testBit(client)
            && stanza.from.startsWith(m_options.roomJid()))
            ++m_stormObserverPresences;
        return;
    }
    if (stanza.name != QLatin1String("message") || stanza.type != QLatin1String("groupchat")
        || stanza.delayed)
        return;
    const qint64 now = m_clock.nsecsElapsed();
    if (stanza.body == WarmupBody) {
        m_lastArrivalAt = now;
        if (m_phase == Phase::Warming && ++m_warmupSeen == totalSessions()) {
            if (m_options.storm)
                startStorm();
            else
                startMessages();
        }
        return;
    }
    if (stanza.body == StormDoneBody) {
        // Each watching session counts until the closing message reaches it: the room's
        // presences to it came before that message on its stream, but the driver may read
        // another session's socket first.
        if (m_phase != Phase::Storming || client >= m_options.sessions || m_stormDoneSeen.testBit(client))
            return;
        m_stormDoneSeen.setBit(client);
        m_lastArrivalAt = now;
        if (client == 0)
            m_stormSeconds = double(now - m_phaseStart) / 1e9;
        if (m_stormDoneSeen.count(true) == m_options.sessions) {
            m_stormCounting = false;
            stopMeasuring();
            finish();
        }
        return;
    }
    if (m_phase != Phase::Sending || !stanza.body.startsWith(BodyPrefix))
        return;
    bool ok = false;
    const int sequence = stanza.body.mid(BodyPrefix.size()).toInt(&ok);
    if (!ok || sequence < 0 || sequence >= m_sent)
        return;
    QBitArray &seen = m_seen[client];
    if (seen.testBit(sequence)) {
        ++m_duplicates;
        return;
    }
    seen.setBit(sequence);
    ++m_deliveries;
    m_lastArrivalAt = now;
    m_latencies.append(
        float(double(now - m_sentAt.at(roomOf(client) * m_options.messages + sequence)) / 1e6));
    if (m_deliveries == qint64(m_options.messages) * totalSessions()) {
        stopMeasuring();
        finish();
    }
}

void BenchRun::checkProgress()
{
    if (m_phase != Phase::Warming && m_phase != Phase::Sending && m_phase != Phase::Storming)
        return;
    if (m_clock.nsecsElapsed() - m_lastArrivalAt < StallTimeoutNs)
        return;
    if (m_phase == Phase::Sending && m_sent == m_options.messages) {
        // Nothing more arrives: what is missing is lost.
        stopMeasuring();
        finish();
        return;
    }
    abort(m_phase == Phase::Warming ? QStringLiteral("the warm-up message did not reach every session")
                                    : QStringLiteral("nothing arrived for 10 s"));
}

void BenchRun::startStorm()
{
    // Account 1's sessions watch; every session of every other account drops and comes back.
    m_phase = Phase::Storming;
    startMeasuring();
    m_stormObserverPresences = 0;
    m_stormDoneSeen = QBitArray(m_options.sessions);
    m_stormCounting = true;
    m_stormRejoined = 0;
    m_lastArrivalAt = m_clock.nsecsElapsed();
    for (int i = m_options.sessions; i < totalSessions(); ++i)
        m_clients.at(i)->drop();
    for (int i = m_options.sessions; i < totalSessions(); ++i) {
        BenchClient *client = m_clients.at(i);
        const QString nick = client->nick();
        connect(client, &BenchClient::online, this, [this, client, nick] {
            if (m_phase == Phase::Storming)
                client->join(m_options.roomJid(), nick);
        });
        client->start();
    }
}

void BenchRun::abort(const QString &reason)
{
    if (m_phase == Phase::Done)
        return;
    m_error = reason;
    finish();
}

void BenchRun::showProgress(bool last)
{
    if (!m_progressBar)
        return;
    QString label;
    double fraction = 0;
    switch (m_phase) {
    case Phase::Connecting:
        label = QStringLiteral("connecting");
        fraction = double(m_done) / totalSessions();
        break;
    case Phase::Joining:
    case Phase::Warming:
        label = QStringLiteral("joining");
        fraction = double(m_done) / totalSessions();
        break;
    case Phase::Sending:
        label = QStringLiteral("deliveries");
        fraction = double(m_deliveries) / std::max<qint64>(1, qint64(m_options.messages) * totalSessions());
        break;
    case Phase::Storming:
        label = QStringLiteral("reconnecting");
        fraction = double(m_stormRejoined) / std::max(1, totalSessions() - m_options.sessions);
        break;
    case Phase::Done:
        fraction = 1;
        label = QStringLiteral("done");
        break;
    }
    const int width = 30;
    const int filled = int(fraction * width);
    m_err << "\r[" << QString(filled, QLatin1Char('#')) << QString(width - filled, QLatin1Char('.')) << "] "
          << qRound(fraction * 100) << "% " << label.leftJustified(12) << (last ? "\n" : "");
    m_err.flush();
}

void BenchRun::finish()
{
    if (m_phase == Phase::Done)
        return;
    const Phase ended = m_phase;
    m_phase = Phase::Done;
    if (m_measuring)
        stopMeasuring(); // an empty or failed workload: its figures cover what did happen
    m_sendTimer.stop();
    m_watchdog.stop();
    m_progressTimer.stop();
    showProgress(true);
    if (m_error.isEmpty() && ended != Phase::Sending && ended != Phase::Storming && m_options.messages > 0)
        m_error = QStringLiteral("the run ended early");
    const QJsonObject figures = results();
    printTable(figures);
    if (!m_options.jsonPath.isEmpty()) {
        QFile file(m_options.jsonPath);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(QJsonDocument(figures).toJson(QJsonDocument::Indented)) < 0) {
            m_err << "minimix-bench: cannot write " << m_options.jsonPath << ": " << file.errorString()
                  << Qt::endl;
            emit finished(1);
            return;
        }
    }
    int exitCode = 0;
    if (!m_error.isEmpty())
        exitCode = 3;
    else if (figures.value(QStringLiteral("lost")).toInt() > 0
             || figures.value(QStringLiteral("duplicates")).toInt() > 0)
        exitCode = 1;
    for (BenchClient *client : qAsConst(m_clients))
        client->drop();
    emit finished(exitCode);
}

QJsonObject BenchRun::results() const
{
    QJsonObject parameters {
        { QStringLiteral("target"), m_options.targetName() },
        { QStringLiteral("mode"), m_options.embedded ? m_options.modeName() : QStringLiteral("external") },
        { QStringLiteral("domain"), m_options.domain },
        { QStringLiteral("muc"), m_options.muc },
        { QStringLiteral("room"), m_options.roomJid() },
        { QStringLiteral("rooms"), m_options.rooms },
        { QStringLiteral("accounts"), m_options.accounts },
        { QStringLiteral("sessions"), m_options.sessions },
        { QStringLiteral("messages"), m_options.messages },
        { QStringLiteral("rate"), m_options.rate },
        { QStringLiteral("storm"), m_options.storm },
        { QStringLiteral("tls"), m_options.tls },
        { QStringLiteral("sasl"), m_options.sasl }, // as asked; the result's "sasl" is what was used
        // How the server's certificate was checked: "pinned" (its SHA-256), "none" (any
        // accepted), or "" without TLS.
        { QStringLiteral("tls_verification"),
          !m_options.tls                                            ? QString()
              : (m_embedded || !m_options.tlsFingerprint.isEmpty()) ? QStringLiteral("pinned")
                                                                    : QStringLiteral("none") },
        { QStringLiteral("account_prefix"), m_options.accountPrefix },
        { QStringLiteral("server_pid"), m_options.serverPid },
    };
    const qint64 expected = m_options.storm ? 0 : qint64(m_options.messages) * totalSessions();
    QVector<float> sorted = m_latencies;
    std::sort(sorted.begin(), sorted.end());
    double sum = 0;
    for (float value : qAsConst(sorted))
        sum += value;
    QJsonArray cdf;
    for (int p = 0; p <= 100; ++p)
        cdf.append(QJsonArray { p, round3(percentile(sorted, p)) });
    const double measured = std::max(m_measuredSeconds, 1e-9);
    // CPU over the time it was sampled, which outlasts the last arrival when deliveries stall.
    const double sampled = std::max(m_sampledSeconds, 1e-3);
    const double serverCpu = m_serverPid ? (m_serverCpu1 - m_serverCpu0) / sampled * 100.0 : -1;
    double driverCpu = (m_processCpu1 - m_processCpu0) / sampled * 100.0;
    if (m_embedded)
        driverCpu -= serverCpu; // the process is driver plus server thread
    QJsonObject result {
        { QStringLiteral("parameters"), parameters },
        { QStringLiteral("ok"), m_error.isEmpty() },
        { QStringLiteral("error"), m_error },
        { QStringLiteral("sessions_total"), totalSessions() },
        { QStringLiteral("sent"), m_sent },
        { QStringLiteral("expected_deliveries"), expected },
        { QStringLiteral("deliveries"), m_deliveries },
        { QStringLiteral("lost"), m_options.storm ? 0 : expected - m_deliveries },
        { QStringLiteral("duplicates"), m_duplicates },
        { QStringLiteral("duration_s"), round3(measured) },
        { QStringLiteral("deliveries_per_s"), std::round(double(m_deliveries) / measured) },
        { QStringLiteral("latency_ms"),
          QJsonObject { { QStringLiteral("p50"), round3(percentile(sorted, 50)) },
                        { QStringLiteral("p90"), round3(percentile(sorted, 90)) },
                        { QStringLiteral("p99"), round3(percentile(sorted, 99)) },
                        { QStringLiteral("max"), round3(sorted.isEmpty() ? 0 : sorted.last()) },
                        { QStringLiteral("mean"), round3(sorted.isEmpty() ? 0 : sum / sorted.size()) } } },
        { QStringLiteral("latency_cdf_ms"), cdf },
        { QStringLiteral("connect_s"), round3(m_connectSeconds) },
        // The SASL mechanism the sessions logged in with (empty if none did), and the PBKDF2
        // runs SCRAM cost the driver (one per account and salt, whatever the sessions).
        { QStringLiteral("sasl"), m_mechanismsUsed.join(QStringLiteral(", ")) },
        { QStringLiteral("scram_pbkdf2_runs"), m_scramCache.derivations() },
        { QStringLiteral("join_s"), round3(m_joinSeconds) },
        { QStringLiteral("server_cpu_pct"), m_serverPid ? std::round(serverCpu * 10) / 10 : QJsonValue() },
        { QStringLiteral("server_rss_mb"),
          m_serverRss >= 0 ? std::round(m_serverRss * 10) / 10 : QJsonValue() },
        { QStringLiteral("driver_cpu_pct"), std::round(driverCpu * 10) / 10 },
    };
    if (m_embedded) {
        QJsonObject counters;
        for (auto it = m_counters1.cbegin(); it != m_counters1.cend(); ++it)
            counters.insert(it.key(), double(it.value() - m_counters0.value(it.key())));
        result.insert(QStringLiteral("server_counters"), counters);
    }
    if (m_options.storm) {
        QJsonObject storm { { QStringLiteral("observer_presences"), m_stormObserverPresences },
                            { QStringLiteral("observer_sessions"), m_options.sessions },
                            { QStringLiteral("reconnected_sessions"), totalSessions() - m_options.sessions },
                            { QStringLiteral("reconnect_s"), round3(m_stormSeconds) } };
        if (m_embedded) {
            const auto delta = [this](const QString &name) {
                return double(m_counters1.value(name) - m_counters0.value(name));
            };
            storm.insert(QStringLiteral("room_presences_in"), delta(QStringLiteral("muc.presence-in")));
            storm.insert(QStringLiteral("room_presences_out"), delta(QStringLiteral("muc.presence-out")));
        }
        result.insert(QStringLiteral("storm"), storm);
    }
    return result;
}

void BenchRun::printTable(const QJsonObject &r)
{
    const auto number = [&r](const char *key) { return r.value(QLatin1String(key)).toDouble(); };
    const QJsonObject latency = r.value(QStringLiteral("latency_ms")).toObject();
    const QString sasl = r.value(QStringLiteral("sasl")).toString();
    QString login = sasl.isEmpty() ? QStringLiteral("no login") : sasl;
    if (sasl.contains(QLatin1String("SCRAM")))
        login += QStringLiteral(", %1 PBKDF2 in the driver").arg(qint64(number("scram_pbkdf2_runs")));
    m_out << QStringLiteral("  %1 %2 s (%3 sessions, %4)\n")
                 .arg(QStringLiteral("connect").leftJustified(12))
                 .arg(number("connect_s"), 0, 'f', 2)
                 .arg(totalSessions())
                 .arg(login);
    m_out << QStringLiteral("  %1 %2 s\n")
                 .arg(QStringLiteral("join").leftJustified(12))
                 .arg(number("join_s"), 0, 'f', 2);
    if (!m_options.storm) {
        m_out << QStringLiteral("  %1 %2 of %3 (lost %4, duplicates %5)\n")
                     .arg(QStringLiteral("deliveries").leftJustified(12))
                     .arg(qint64(number("deliveries")))
                     .arg(qint64(number("expected_deliveries")))
                     .arg(qint64(number("lost")))
                     .arg(qint64(number("duplicates")));
        m_out << QStringLiteral("  %1 %2 deliveries/s over %3 s\n")
                     .arg(QStringLiteral("throughput").leftJustified(12))
                     .arg(qint64(number("deliveries_per_s")))
                     .arg(number("duration_s"), 0, 'f', 3);
        m_out << QStringLiteral("  %1 p50 %2 ms   p99 %3 ms   max %4 ms\n")
                     .arg(QStringLiteral("latency").leftJustified(12))
                     .arg(latency.value(QStringLiteral("p50")).toDouble(), 0, 'f', 2)
                     .arg(latency.value(QStringLiteral("p99")).toDouble(), 0, 'f', 2)
                     .arg(latency.value(QStringLiteral("max")).toDouble(), 0, 'f', 2);
    } else {
        const QJsonObject storm = r.value(QStringLiteral("storm")).toObject();
        m_out << QStringLiteral("  %1 %2 sessions back in %3 s; the watching account's %4 sessions got %5 "
                                "room presences\n")
                     .arg(QStringLiteral("storm").leftJustified(12))
                     .arg(storm.value(QStringLiteral("reconnected_sessions")).toInt())
                     .arg(storm.value(QStringLiteral("reconnect_s")).toDouble(), 0, 'f', 2)
                     .arg(storm.value(QStringLiteral("observer_sessions")).toInt())
                     .arg(storm.value(QStringLiteral("observer_presences")).toInt());
        if (storm.contains(QStringLiteral("room_presences_in")))
            m_out << QStringLiteral("  %1 %2 presences in, %3 broadcast\n")
                         .arg(QStringLiteral("room").leftJustified(12))
                         .arg(storm.value(QStringLiteral("room_presences_in")).toInt())
                         .arg(storm.value(QStringLiteral("room_presences_out")).toInt());
    }
    if (m_serverPid)
        m_out << QStringLiteral("  %1 CPU %2 %   RSS %3 MB (peak%4)\n")
                     .arg(QStringLiteral("server").leftJustified(12))
                     .arg(number("server_cpu_pct"), 0, 'f', 1)
                     .arg(number("server_rss_mb"), 0, 'f', 1)
                     .arg(m_embedded ? QStringLiteral(", whole process: server and driver") : QString());
    if (m_embedded) {
        // The server's own view of the measured phase: what it routed and delivered.
        const QJsonObject counters = r.value(QStringLiteral("server_counters")).toObject();
        QStringList parts;
        for (const char *key : { "delivered", "routed.session>server", "routed.account>room",
                                 "routed.room>account", "fork", "muc.presence-in", "muc.presence-out" }) {
            if (counters.contains(QLatin1String(key)))
                parts << QStringLiteral("%1 %2")
                             .arg(QLatin1String(key))
                             .arg(qint64(counters.value(QLatin1String(key)).toDouble()));
        }
        m_out << QStringLiteral("  %1 %2\n")
                     .arg(QStringLiteral("counters").leftJustified(12), parts.join(QStringLiteral(", ")));
    }
    m_out << QStringLiteral("  %1 CPU %2 %\n")
                 .arg(QStringLiteral("driver").leftJustified(12))
                 .arg(number("driver_cpu_pct"), 0, 'f', 1);
    if (!m_error.isEmpty())
        m_out << "  FAILED: " << m_error << "\n";
    m_out.flush();
}

QHash<QString, quint64> BenchRun::serverCounters() const
{
    QHash<QString, quint64> counters;
    m_embedded->run([&counters](MinimixServer *server) { counters = server->counters(); });
    return counters;
}
