// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ProtectionRun.h"

#include "ClientStream.h"
#include "MinimixServer.h"
#include "ProcessStats.h"
#include "ServiceLimits.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace {
const QLatin1String FloodPrefix("flood ");
constexpr qint64 FloodBufferBytes = 64 * 1024; // the flooder's own queue, kept small
constexpr int PingIntervalMs = 20;
constexpr int SampleIntervalMs = 50;
constexpr int CreatorsInFlight = 8;

double percentile(QVector<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    // Nearest rank.
    const int rank = std::max(1, int(std::ceil(p / 100.0 * values.size())));
    return values.at(rank - 1);
}
} // namespace

ProtectionRun::ProtectionRun(const BenchOptions &options, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_out(stdout)
{
    m_pingTimer.setTimerType(Qt::PreciseTimer);
    m_pingTimer.setInterval(PingIntervalMs);
    m_sampleTimer.setInterval(SampleIntervalMs);
    m_deadline.setSingleShot(true);
    m_pumpTimer.setInterval(5);
    connect(&m_pumpTimer, &QTimer::timeout, this, &ProtectionRun::pumpFlood);
    connect(&m_sampleTimer, &QTimer::timeout, this, &ProtectionRun::sample);
    connect(&m_deadline, &QTimer::timeout, this, &ProtectionRun::finishFlood);
    connect(&m_pingTimer, &QTimer::timeout, this, [this] {
        const QString id = QStringLiteral("bench-ping-%1").arg(++m_pingsSent);
        m_pingSentAt.insert(id, m_clock.nsecsElapsed());
        m_pinger->send("<iq type='get' id='" + id.toUtf8() + "' to='" + m_options.domain.toUtf8()
                       + "'><ping xmlns='urn:xmpp:ping'/></iq>");
        m_pinger->flush();
    });
}

ProtectionRun::~ProtectionRun()
{
    qDeleteAll(m_clients);
}

QString ProtectionRun::accountName(int account) const
{
    return m_options.accountPrefix + QString::number(account + 1);
}

BenchClient *ProtectionRun::newClient(int account, const QString &resource)
{
    BenchClient::Account details {
        m_host,   m_port, m_options.domain, accountName(account), m_options.password,
        resource, false,  QByteArray(),     m_options.sasl
    };
    auto *client = new BenchClient(details);
    m_clients << client;
    return client;
}

double ProtectionRun::serverCpu() const
{
    if (m_embedded)
        return m_embedded->cpuSeconds();
    return m_serverPid ? ProcessStats::cpuSeconds(m_serverPid) : -1;
}

double ProtectionRun::serverRss() const
{
    return m_serverPid ? ProcessStats::rssMb(m_serverPid) : -1;
}

void ProtectionRun::start()
{
    m_clock.start();
    const int creators = m_options.joins > 0
        ? (m_options.joins + ServiceDefaults::MaxRoomsPerAccount - 1) / ServiceDefaults::MaxRoomsPerAccount
        : 0;
    const int accounts = m_options.flood > 0 ? 3 : 1 + creators;
    m_out << "minimix-bench: target " << m_options.targetName();
    if (m_options.flood > 0)
        m_out << ", flood of " << m_options.flood << " messages from one session";
    else
        m_out << ", " << m_options.joins << " account-level joins by one account";
    m_out << " (accounts " << accountName(0) << ".." << accountName(accounts - 1) << ")\n";
    if (m_options.embedded) {
        m_embedded = std::make_unique<ServerThread>();
        ServerOptions options; // the real default limits: this measures the protection
        options.domain = m_options.domain;
        options.joinMode = m_options.mode;
        options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
        m_embedded->create(options);
        QList<ServerThread::Account> list;
        for (int a = 0; a < accounts; ++a)
            list.append({ accountName(a), m_options.password });
        if (!m_embedded->start(list)) {
            fail(QStringLiteral("the embedded server did not start: %1").arg(m_embedded->errorString()));
            return;
        }
        m_host = QStringLiteral("127.0.0.1");
        m_port = m_embedded->port();
        m_serverPid = QCoreApplication::applicationPid();
        m_out << "  embedded server with its default limits: " << options.limits.inputStanzasPerSecond
              << " stanzas/s per session (burst " << options.limits.inputStanzaBurst << "), output queue "
              << options.limits.maxOutputQueueBytes / (1024 * 1024) << " MiB per session, "
              << options.service.maxMembershipsPerAccount << " memberships per account\n";
    } else {
        m_host = m_options.host;
        m_port = m_options.port;
        m_serverPid = m_options.serverPid;
        if (!m_serverPid)
            m_out << "  note: no --server-pid, so no server CPU or RSS figures\n";
    }
    m_out.flush();
    if (m_options.flood > 0)
        startFlood();
    else
        createRooms();
}

void ProtectionRun::fail(const QString &reason)
{
    if (m_done)
        return;
    m_out << "  FAILED: " << reason << "\n";
    done(3);
}

void ProtectionRun::done(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    m_pingTimer.stop();
    m_pumpTimer.stop();
    m_sampleTimer.stop();
    m_deadline.stop();
    m_out.flush();
    for (BenchClient *client : qAsConst(m_clients))
        client->drop();
    emit finished(exitCode);
}

// --- flood -------------------------------------------------------------------------

void ProtectionRun::startFlood()
{
    m_flooder = newClient(0, QStringLiteral("flood"));
    m_pinger = newClient(1, QStringLiteral("ping"));
    m_silent = newClient(2, QStringLiteral("silent"));
    const QString room = m_options.roomJid();
    for (BenchClient *client : qAsConst(m_clients)) {
        connect(client, &BenchClient::failed, this, [this, client](const QString &reason) {
            if (client == m_silent && m_floodStart)
                return; // its fate is a figure
            fail(QStringLiteral("%1: %2").arg(client->fullJid(), reason));
        });
        connect(client, &BenchClient::online, this, [this, client, room] {
            if (client == m_flooder)
                client->join(room, QStringLiteral("flooder"));
            else if (++m_online == 2 && m_flooder->isJoined())
                m_silent->join(room, QStringLiteral("silent"));
        });
        connect(client, &BenchClient::joined, this, [this, client, room] {
            if (client == m_flooder && m_online == 2 && !m_silent->isJoined())
                m_silent->join(room, QStringLiteral("silent"));
            else if (client == m_silent) {
                m_silent->stopReading();
                // Let the joins settle, then flood.
                QTimer::singleShot(500, this, [this] {
                    m_rss0 = m_rssMax = serverRss();
                    m_cpu0 = serverCpu();
                    m_floodStart = m_clock.nsecsElapsed();
                    m_sampleTimer.start();
                    m_pingTimer.start();
                    m_deadline.start(int(m_options.floodSeconds * 1000));
                    m_pumpTimer.start();
                    pumpFlood();
                });
            }
        });
    }
    m_flooder->setStanzaHandler([this](BenchClient *, const BenchClient::Stanza &stanza) {
        if (m_floodStart && stanza.name == QLatin1String("message") && stanza.body.startsWith(FloodPrefix)
            && ++m_reflected == m_options.flood)
            finishFlood();
    });
    connect(m_flooder, &BenchClient::drained, this, &ProtectionRun::pumpFlood);
    m_pinger->setStanzaHandler([this](BenchClient *, const BenchClient::Stanza &stanza) {
        if (stanza.name != QLatin1String("iq"))
            return;
        const auto it = m_pingSentAt.find(stanza.id.toString());
        if (it == m_pingSentAt.end())
            return;
        m_pingMs.append(double(m_clock.nsecsElapsed() - it.value()) / 1e6);
        m_pingSentAt.erase(it);
    });
    for (BenchClient *client : qAsConst(m_clients))
        client->start();
}

void ProtectionRun::pumpFlood()
{
    if (!m_floodStart || m_floodEnd || m_done)
        return;
    // As fast as the server takes it, with no more than FloodBufferBytes waiting in the
    // driver: past that the kernel's buffers and TCP hold the flood, as for any client.
    while (m_sent < m_options.flood && m_flooder->pendingBytes() < FloodBufferBytes) {
        m_flooder->sendGroupchat(m_options.roomJid(), FloodPrefix + QString::number(m_sent));
        ++m_sent;
    }
    m_flooder->flush();
}

void ProtectionRun::sample()
{
    m_rssMax = std::max(m_rssMax, serverRss());
}

void ProtectionRun::finishFlood()
{
    if (m_floodEnd || m_done)
        return;
    m_floodEnd = m_clock.nsecsElapsed();
    sample();
    m_cpu1 = serverCpu();
    m_pumpTimer.stop();
    m_pingTimer.stop();
    m_sampleTimer.stop();
    const double seconds = double(m_floodEnd - m_floodStart) / 1e9;
    // What the server holds for the occupant that never reads, and whether it is still there.
    qint64 silentHeld = -1;
    bool silentConnected = true;
    quint64 throttled = 0, streamErrors = 0;
    if (m_embedded) {
        const QString jid = m_silent->fullJid();
        m_embedded->run([&](MinimixServer *server) {
            silentConnected = server->sessions().contains(jid);
            for (const ClientStream *stream : server->findChildren<ClientStream *>()) {
                if (stream->jid() == jid)
                    silentHeld = stream->pendingOutputBytes();
            }
            const QHash<QString, quint64> counters = server->counters();
            throttled = counters.value(QStringLiteral("stream.stanza-throttled"));
            streamErrors = counters.value(QStringLiteral("stream-errors"));
        });
    }
    const int unanswered = m_pingSentAt.size();
    m_out << QStringLiteral("  %1 %2 of %3 messages taken in %4 s (%5 msg/s)%6\n")
                 .arg(QStringLiteral("flood").leftJustified(14))
                 .arg(m_reflected)
                 .arg(m_options.flood)
                 .arg(seconds, 0, 'f', 2)
                 .arg(qRound(m_reflected / std::max(seconds, 1e-3)))
                 .arg(m_reflected < m_options.flood
                          ? QStringLiteral(" (measurement ended at --flood-seconds)")
                          : QString());
    m_out << QStringLiteral(
                 "  %1 p50 %2 ms   p95 %3 ms   max %4 ms   (%5 pings every %6 ms, %7 unanswered)\n")
                 .arg(QStringLiteral("other's ping").leftJustified(14))
                 .arg(percentile(m_pingMs, 50), 0, 'f', 2)
                 .arg(percentile(m_pingMs, 95), 0, 'f', 2)
                 .arg(m_pingMs.isEmpty() ? 0.0 : *std::max_element(m_pingMs.cbegin(), m_pingMs.cend()), 0,
                      'f', 2)
                 .arg(m_pingMs.size())
                 .arg(PingIntervalMs)
                 .arg(unanswered);
    if (m_serverPid) {
        m_out << QStringLiteral("  %1 RSS %2 -> %3 MB (growth %4 MB)%5; CPU %6 s\n")
                     .arg(QStringLiteral("server").leftJustified(14))
                     .arg(m_rss0, 0, 'f', 1)
                     .arg(m_rssMax, 0, 'f', 1)
                     .arg(m_rssMax - m_rss0, 0, 'f', 1)
                     .arg(m_embedded ? QStringLiteral(" (whole process; the driver's own buffers stay small)")
                                     : QString())
                     .arg(m_cpu1 - m_cpu0, 0, 'f', 2);
    }
    if (m_embedded) {
        m_out << QStringLiteral("  %1 %2; the server holds %3 KiB of output for it\n")
                     .arg(QStringLiteral("non-reader").leftJustified(14))
                     .arg(silentConnected ? QStringLiteral("still connected")
                                          : QStringLiteral("closed with a stream error"))
                     .arg(silentHeld < 0 ? 0 : silentHeld / 1024);
        m_out << QStringLiteral("  %1 reading paused %2 times for the stanza rate, %3 stream errors\n")
                     .arg(QStringLiteral("counters").leftJustified(14))
                     .arg(throttled)
                     .arg(streamErrors);
    }
    done(0);
}

// --- joins -------------------------------------------------------------------------

QString ProtectionRun::joinRoom(int index) const
{
    return QStringLiteral("%1-join-%2@%3").arg(m_options.room).arg(index + 1).arg(m_options.muc);
}

void ProtectionRun::createRooms()
{
    // Creator c makes rooms c*100 .. c*100+99, one after the other.
    const int perCreator = ServiceDefaults::MaxRoomsPerAccount;
    m_creators = (m_options.joins + perCreator - 1) / perCreator;
    m_out << "  creating " << m_options.joins << " rooms with " << m_creators << " accounts...\n";
    m_out.flush();
    for (int c = 0; c < m_creators; ++c) {
        BenchClient *creator = newClient(1 + c, QStringLiteral("creator"));
        const int first = c * perCreator;
        const int end = std::min(m_options.joins, first + perCreator);
        auto next = std::make_shared<int>(first);
        connect(creator, &BenchClient::failed, this, [this, creator](const QString &reason) {
            fail(QStringLiteral("%1 creating rooms: %2").arg(creator->fullJid(), reason));
        });
        connect(creator, &BenchClient::online, this,
                [this, creator, next] { creator->join(joinRoom(*next), QStringLiteral("creator")); });
        connect(creator, &BenchClient::joined, this, [this, creator, next, end] {
            if (++*next < end) {
                creator->join(joinRoom(*next), QStringLiteral("creator"));
                return;
            }
            if (++m_creatorsReady == m_creators)
                startJoins();
            else if (m_creatorsReady + CreatorsInFlight <= m_creators)
                m_clients.at(m_creatorsReady + CreatorsInFlight - 1)->start();
        });
    }
    for (int c = 0; c < std::min(m_creators, CreatorsInFlight); ++c)
        m_clients.at(c)->start();
}

void ProtectionRun::startJoins()
{
    m_joiner = newClient(0, QStringLiteral("joiner"));
    connect(m_joiner, &BenchClient::failed, this, [this](const QString &reason) { finishJoins(reason); });
    connect(m_joiner, &BenchClient::online, this, [this] {
        m_cpu0 = serverCpu();
        m_rss0 = serverRss();
        m_floodStart = m_clock.nsecsElapsed();
        m_joiner->join(joinRoom(0), QStringLiteral("joiner"));
    });
    connect(m_joiner, &BenchClient::joined, this, [this] {
        if (++m_joined < m_options.joins)
            m_joiner->join(joinRoom(m_joined), QStringLiteral("joiner"));
        else
            finishJoins(QString());
    });
    m_joiner->start();
}

void ProtectionRun::finishJoins(const QString &refusal)
{
    if (m_done)
        return;
    const double cpu = serverCpu() - m_cpu0;
    const double seconds = double(m_clock.nsecsElapsed() - m_floodStart) / 1e9;
    m_out << QStringLiteral("  %1 %2 of %3 joined in %4 s\n")
                 .arg(QStringLiteral("joins").leftJustified(14))
                 .arg(m_joined)
                 .arg(m_options.joins)
                 .arg(seconds, 0, 'f', 2);
    if (!refusal.isEmpty())
        m_out << QStringLiteral("  %1 join %2 refused: %3\n")
                     .arg(QStringLiteral("refused").leftJustified(14))
                     .arg(m_joined + 1)
                     .arg(refusal);
    if (m_serverPid)
        m_out << QStringLiteral("  %1 CPU %2 s for the joins%3; RSS %4 -> %5 MB\n")
                     .arg(QStringLiteral("server").leftJustified(14))
                     .arg(cpu, 0, 'f', 2)
                     .arg(m_embedded ? QStringLiteral(" (its thread)") : QString())
                     .arg(m_rss0, 0, 'f', 1)
                     .arg(serverRss(), 0, 'f', 1);
    done(0);
}
