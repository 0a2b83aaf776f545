// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "headless/FrameBench.h"

#include "Jid.h"
#include "core/host/LabServerHost.h"
#include "core/session/LabSession.h"
#include "headless/FrameMeter.h"
#include "headless/Screenshot.h"
#include "session/SessionsDock.h"
#include "window/LabWindow.h"

#include <QDockWidget>
#include <QDomElement>
#include <QFile>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <algorithm>
#include <cmath>
#include <ctime>

namespace {
// CPU time of the calling thread in nanoseconds, -1 where the platform does not say.
qint64 threadCpuNs()
{
#if defined(Q_OS_UNIX) && defined(CLOCK_THREAD_CPUTIME_ID)
    timespec now {};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now) == 0)
        return qint64(now.tv_sec) * 1000000000 + now.tv_nsec;
#endif
    return -1;
}

constexpr int PollMs = 20;
constexpr int SendTickMs = 5;
constexpr int SetupTimeoutMs = 20000; // per phase before the load
constexpr int SettleMs = 500; // after the joins, before the load
constexpr int DrainTimeoutMs = 10000;
constexpr int StreamErrorGraceMs = 200;
constexpr int MaxStreamErrors = 100;
// The lab's default size plus room for the two docks the bench opens.
constexpr QSize WindowSize(1600, 1100);
const QString BodyPrefix = QStringLiteral("bench #");

QString ms(double value)
{
    return QString::number(value, 'f', value < 10 ? 2 : 1) + QStringLiteral(" ms");
}
} // namespace

FrameBench::FrameBench(LabWindow *window, const Options &options, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_options(options)
    , m_out(stdout)
    , m_meter(new FrameMeter(window, this))
{
    m_poll.setInterval(PollMs);
    connect(&m_poll, &QTimer::timeout, this, &FrameBench::advance);
    m_sendTimer.setTimerType(Qt::PreciseTimer);
    m_sendTimer.setInterval(SendTickMs);
    connect(&m_sendTimer, &QTimer::timeout, this, &FrameBench::sendDue);
    // Re-armed at every tick, so each tick's lateness is its own, not the schedule's.
    m_latenessTimer.setTimerType(Qt::PreciseTimer);
    m_latenessTimer.setSingleShot(true);
    m_latenessTimer.setInterval(LatenessTimerMs);
    connect(&m_latenessTimer, &QTimer::timeout, this, &FrameBench::tick);
}

FrameBench::~FrameBench() = default;

void FrameBench::start()
{
    // Shown, so it really paints: on the screen, or on the offscreen platform.
    m_window->show();
    // After show: the remembered layout has been restored by then; the bench wants
    // its own, every view open and docked, in the lab's default join mode.
    m_window->resize(WindowSize);
    m_window->setJoinMode(JoinMode::AccountLevel);
    m_window->timelineDock()->setFloating(false);
    m_window->timelineDock()->show();
    m_window->sessionsDock()->setFloating(false);
    const QList<LabSession *> sessions = m_window->sessions();
    if (!sessions.isEmpty())
        m_window->sessionsDock()->showSession(sessions.size() > 1 ? sessions.at(1) : sessions.first());
    m_window->resizeDocks({ m_window->sessionsDock() }, { 600 }, Qt::Horizontal);
    m_window->resizeDocks({ m_window->timelineDock() }, { 300 }, Qt::Vertical);

    const LabServerHost *server = m_window->server();
    m_out << "Minimix Lab " << MINIMIX_VERSION << " frame benchmark: server " << server->host() << ':'
          << server->port() << ", room " << m_window->room() << ", account-level joining, platform "
          << QGuiApplication::platformName() << ", window " << m_window->width() << 'x' << m_window->height()
          << Qt::endl;

    // Why the server closed a stream, by the client's address: a failure says so.
    connect(server, &LabServerHost::traced, this, [this](const TraceEvent &event) {
        if (event.direction == TraceEvent::Direction::StreamError && m_streamErrors.size() < MaxStreamErrors)
            m_streamErrors.insert(event.from, event.note);
    });
    for (LabSession *session : sessions) {
        connect(session, &LabSession::elementReceived, this, [this](const QDomElement &stanza) {
            if (stanza.tagName() != QLatin1String("message")
                || stanza.attribute(QStringLiteral("type")) != QLatin1String("groupchat")
                || Jid::bare(stanza.attribute(QStringLiteral("from"))) != m_window->room()
                || !stanza.firstChildElement(QStringLiteral("body")).text().startsWith(BodyPrefix))
                return;
            ++m_deliveries;
            if (m_phase == Phase::Running)
                ++m_deliveriesInRun;
            if (m_clock.isValid())
                m_lastDeliveryNs = m_clock.nsecsElapsed();
        });
        connect(session, &LabSession::connectionChanged, this, [this, session](bool connected) {
            if (!connected && m_phase >= Phase::Running && m_phase != Phase::Done)
                fail(QStringLiteral("%1 went offline during the run").arg(session->name()), session);
        });
        connect(session, &LabSession::joinedChanged, this, [this, session](const QString &room, bool joined) {
            if (room == m_window->room() && !joined && m_phase >= Phase::Running && m_phase != Phase::Done)
                fail(QStringLiteral("%1 left %2 during the run").arg(session->name(), room), session);
        });
    }
    enter(Phase::Connecting);
    m_poll.start();
    advance();
}

void FrameBench::enter(Phase phase)
{
    m_phase = phase;
    m_phaseClock.start();
}

void FrameBench::fail(const QString &why, const LabSession *session)
{
    if (m_phase == Phase::Done)
        return;
    if (m_failure.isEmpty())
        m_failure = why;
    m_sendTimer.stop();
    m_latenessTimer.stop();
    m_meter->stop();
    m_poll.stop();
    enter(Phase::Done);
    const quint16 port = session ? session->localPort() : 0;
    // The server's trace of the stream error it closed the session's stream with crosses
    // from its thread: it is given a moment to arrive.
    QTimer::singleShot(port ? StreamErrorGraceMs : 0, this, [this, why, port] {
        QString text = why;
        for (auto it = m_streamErrors.cbegin(); port && it != m_streamErrors.cend(); ++it) {
            if (it.key().endsWith(QLatin1Char(':') + QString::number(port)))
                text += QStringLiteral(" (the server closed its stream: %1)").arg(it.value());
        }
        QTextStream(stderr) << "minimix-lab: the frame benchmark could not run: " << text << Qt::endl;
        emit finished(1);
    });
}

void FrameBench::advance()
{
    const QString room = m_window->room();
    const QList<LabSession *> sessions = m_window->sessions();
    const bool timedOut = m_phaseClock.elapsed() > SetupTimeoutMs;
    switch (m_phase) {
    case Phase::Connecting: {
        int online = 0;
        for (const LabSession *session : sessions)
            online += session->isConnected() && session->isAvailable() ? 1 : 0;
        if (online > 0 && online == sessions.size()) {
            // The first one creates the room; it is locked for the others until configured.
            m_window->joinRoom(sessions.first());
            enter(Phase::Creating);
        } else if (timedOut) {
            fail(QStringLiteral("only %1 of %2 sessions got online").arg(online).arg(sessions.size()));
        }
        break;
    }
    case Phase::Creating:
        if (sessions.first()->isJoined(room) && !sessions.first()->isConfiguring(room)) {
            for (LabSession *session : sessions) {
                if (!session->isJoined(room))
                    m_window->joinRoom(session);
            }
            enter(Phase::Joining);
        } else if (timedOut) {
            fail(QStringLiteral("%1 could not join %2").arg(sessions.first()->name(), room));
        }
        break;
    case Phase::Joining: {
        QStringList missing;
        for (const LabSession *session : sessions) {
            if (!session->isJoined(room))
                missing << session->name();
        }
        if (missing.isEmpty()) {
            enter(Phase::Settling);
        } else if (timedOut) {
            fail(QStringLiteral("%1 could not join %2").arg(missing.join(QStringLiteral(", ")), room));
        }
        break;
    }
    case Phase::Settling: {
        if (m_phaseClock.elapsed() < SettleMs)
            break;
        m_joined = sessions;
        m_sender = nullptr;
        for (LabSession *session : sessions) {
            if (session->name() == QLatin1String("bob/desktop"))
                m_sender = session;
        }
        if (!m_sender)
            m_sender = sessions.last();
        m_messagesPerSecond = double(m_options.deliveriesPerSecond) / m_joined.size();
        m_total = int(std::floor(m_messagesPerSecond * m_options.seconds + 1e-9));
        QStringList names;
        for (const LabSession *session : std::as_const(m_joined))
            names << session->name();
        m_out << "Joined: " << m_joined.size() << " sessions in " << room << " ("
              << names.join(QStringLiteral(", ")) << ")\n";
        m_out << "Load: " << m_sender->name() << " sends " << QString::number(m_messagesPerSecond, 'f', 1)
              << " groupchat messages/s, " << m_joined.size() << " joined sessions -> "
              << m_options.deliveriesPerSecond << " deliveries/s, for " << m_options.seconds << " s"
              << Qt::endl;
        enter(Phase::Running);
        m_clock.start();
        m_cpuAtStart = threadCpuNs();
        m_meter->start();
        m_latenessArmedAt = m_clock.nsecsElapsed();
        m_latenessTimer.start();
        m_sendTimer.start();
        sendDue();
        break;
    }
    case Phase::Running:
        break; // the send timer ends it
    case Phase::Draining:
        if (m_deliveries >= expectedDeliveries() || m_phaseClock.elapsed() > DrainTimeoutMs)
            conclude();
        break;
    case Phase::Done:
        break;
    }
}

void FrameBench::sendDue()
{
    if (m_phase != Phase::Running)
        return;
    const double elapsed = m_clock.nsecsElapsed() / 1e9;
    const int due = qMin(m_total, int(std::floor(elapsed * m_messagesPerSecond)));
    while (m_sent < due) {
        if (!m_sender->sendGroupMessage(m_window->room(), BodyPrefix + QString::number(m_sent + 1))) {
            fail(QStringLiteral("%1 could not send to %2").arg(m_sender->name(), m_window->room()));
            return;
        }
        ++m_sent;
    }
    if (elapsed < m_options.seconds)
        return;
    // The load is over: stop measuring, then wait for the last copies to arrive.
    m_sendTimer.stop();
    m_latenessTimer.stop();
    m_meter->stop();
    m_runSeconds = elapsed;
    const qint64 cpu = threadCpuNs();
    m_mainThreadCpuSeconds = cpu >= 0 && m_cpuAtStart >= 0 ? (cpu - m_cpuAtStart) / 1e9 : -1;
    enter(Phase::Draining);
    if (!m_options.screenshotPath.isEmpty() && !Screenshot::save(m_window, m_options.screenshotPath, m_out))
        fail(QStringLiteral("could not write the screenshot"));
}

void FrameBench::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    m_lateness << qMax<qint64>(0, now - m_latenessArmedAt - qint64(LatenessTimerMs) * 1000000);
    m_latenessArmedAt = now;
    m_latenessTimer.start();
}

FrameBench::Summary FrameBench::summarize(QVector<qint64> nanoseconds)
{
    Summary summary;
    summary.count = int(nanoseconds.size());
    if (nanoseconds.isEmpty())
        return summary;
    std::sort(nanoseconds.begin(), nanoseconds.end());
    const auto rank = [&nanoseconds](double percent) {
        const int index = int(std::ceil(percent / 100 * nanoseconds.size())) - 1;
        return nanoseconds.at(qBound(0, index, int(nanoseconds.size()) - 1)) / 1e6;
    };
    summary.p50 = rank(50);
    summary.p99 = rank(99);
    summary.max = nanoseconds.constLast() / 1e6;
    double total = 0;
    for (const qint64 value : std::as_const(nanoseconds))
        total += value;
    summary.mean = total / nanoseconds.size() / 1e6;
    return summary;
}

QStringList FrameBench::topPainters(int count) const
{
    const QHash<QString, qint64> &byClass = m_meter->paintTimeByClass();
    qint64 total = 0;
    QVector<QPair<qint64, QString>> ranked;
    for (auto it = byClass.cbegin(); it != byClass.cend(); ++it) {
        total += it.value();
        ranked.append({ it.value(), it.key() });
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
    QStringList lines;
    for (int i = 0; i < ranked.size() && i < count && total > 0; ++i)
        lines << QStringLiteral("%1 %2 %")
                     .arg(ranked.at(i).second)
                     .arg(100.0 * ranked.at(i).first / total, 0, 'f', 0);
    return lines;
}

void FrameBench::conclude()
{
    m_poll.stop();
    enter(Phase::Done);
    const Summary frames = summarize(m_meter->frameTimes());
    const Summary lateness = summarize(m_lateness);
    const qint64 expected = expectedDeliveries();
    const double perSecond = m_runSeconds > 0 ? m_deliveriesInRun / m_runSeconds : 0;
    m_out << "Messages sent: " << m_sent << '\n';
    m_out << "Deliveries observed: " << m_deliveries << " of " << expected << " ("
          << QString::number(perSecond, 'f', 0) << "/s during the run";
    if (m_deliveries >= expected)
        m_out << "; the last one " << ms((m_lastDeliveryNs - m_runSeconds * 1e9) / 1e6)
              << " after the load ended)\n";
    else
        m_out << "; " << expected - m_deliveries << " still missing " << DrainTimeoutMs / 1000
              << " s after the load ended)\n";
    m_out << "Frames painted: " << frames.count << " ("
          << QString::number(m_runSeconds > 0 ? frames.count / m_runSeconds : 0, 'f', 1) << "/s)\n";
    if (m_mainThreadCpuSeconds >= 0)
        m_out << "Main thread: " << QString::number(m_mainThreadCpuSeconds, 'f', 1) << " s CPU in "
              << QString::number(m_runSeconds, 'f', 1) << " s ("
              << QString::number(100 * m_mainThreadCpuSeconds / m_runSeconds, 'f', 0) << " % busy)\n";
    m_out << "Frame time: p50 " << ms(frames.p50) << ", p99 " << ms(frames.p99) << ", max " << ms(frames.max)
          << '\n';
    m_out << "Frame time by widget: " << topPainters(5).join(QStringLiteral(", ")) << '\n';
    m_out << "Event-loop lateness (" << LatenessTimerMs << " ms timer, " << lateness.count << " ticks): p50 "
          << ms(lateness.p50) << ", p99 " << ms(lateness.p99) << ", max " << ms(lateness.max) << '\n';
    const bool met = frames.count > 0 && frames.p99 <= TargetP99Ms;
    m_out << "Target frame time p99 <= " << TargetP99Ms << " ms at " << m_options.deliveriesPerSecond
          << " deliveries/s: " << (met ? "met" : "NOT met") << Qt::endl;
    if (!m_options.jsonPath.isEmpty() && !writeJson(frames, lateness)) {
        QTextStream(stderr) << "minimix-lab: could not write " << m_options.jsonPath << Qt::endl;
        emit finished(1);
        return;
    }
    emit finished(m_failure.isEmpty() ? 0 : 1);
}

bool FrameBench::writeJson(const Summary &frames, const Summary &lateness) const
{
    const auto summary = [](const Summary &s) {
        return QJsonObject { { QStringLiteral("count"), s.count },
                             { QStringLiteral("p50_ms"), s.p50 },
                             { QStringLiteral("p99_ms"), s.p99 },
                             { QStringLiteral("max_ms"), s.max },
                             { QStringLiteral("mean_ms"), s.mean } };
    };
    QJsonObject byWidget;
    const QHash<QString, qint64> &byClass = m_meter->paintTimeByClass();
    for (auto it = byClass.cbegin(); it != byClass.cend(); ++it)
        byWidget.insert(it.key(), it.value() / 1e6);
    QJsonObject paints;
    const QHash<QString, int> &paintCounts = m_meter->paintsByClass();
    for (auto it = paintCounts.cbegin(); it != paintCounts.cend(); ++it)
        paints.insert(it.key(), it.value());
    QStringList joined;
    for (const LabSession *session : m_joined)
        joined << session->name();
    const QJsonObject root {
        { QStringLiteral("version"), QStringLiteral(MINIMIX_VERSION) },
        { QStringLiteral("platform"), QGuiApplication::platformName() },
        { QStringLiteral("window"), QStringLiteral("%1x%2").arg(m_window->width()).arg(m_window->height()) },
        { QStringLiteral("seconds"), m_options.seconds },
        { QStringLiteral("run_seconds"), m_runSeconds },
        { QStringLiteral("target_deliveries_per_second"), m_options.deliveriesPerSecond },
        { QStringLiteral("joined_sessions"), QJsonArray::fromStringList(joined) },
        { QStringLiteral("sender"), m_sender ? m_sender->name() : QString() },
        { QStringLiteral("messages_per_second"), m_messagesPerSecond },
        { QStringLiteral("messages_sent"), m_sent },
        { QStringLiteral("deliveries_expected"), expectedDeliveries() },
        { QStringLiteral("deliveries_observed"), m_deliveries },
        { QStringLiteral("deliveries_per_second"),
          m_runSeconds > 0 ? m_deliveriesInRun / m_runSeconds : 0.0 },
        { QStringLiteral("main_thread_cpu_seconds"), m_mainThreadCpuSeconds },
        { QStringLiteral("frames"), summary(frames) },
        { QStringLiteral("frame_ms_by_widget"), byWidget },
        { QStringLiteral("paints_by_widget"), paints },
        { QStringLiteral("event_loop_lateness"), summary(lateness) },
        { QStringLiteral("lateness_timer_ms"), LatenessTimerMs },
        { QStringLiteral("target_p99_ms"), TargetP99Ms },
        { QStringLiteral("target_met"), frames.count > 0 && frames.p99 <= TargetP99Ms },
    };
    QFile file(m_options.jsonPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return file.write(QJsonDocument(root).toJson()) > 0;
}
