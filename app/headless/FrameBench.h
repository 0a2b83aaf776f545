// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-lab --bench-frames: the lab's window under load. Every session joins the
// room, then one of them says so many groupchat messages that the server delivers
// a given number of copies per second to the joined sessions, with every view live.
// Measures the window's frame times and the event loop's lateness meanwhile.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTextStream>
#include <QTimer>
#include <QVector>

class FrameMeter;
class LabSession;
class LabWindow;

class FrameBench : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        double seconds = 10;
        int deliveriesPerSecond = 1000;
        QString jsonPath; // empty: no JSON
        QString screenshotPath; // empty: none; else the window as the load ends
    };
    // The figures of a nearest-rank summary, in milliseconds.
    struct Summary
    {
        int count = 0;
        double p50 = 0;
        double p99 = 0;
        double max = 0;
        double mean = 0;
    };

    static constexpr double TargetP99Ms = 33;
    static constexpr int LatenessTimerMs = 16;

    FrameBench(LabWindow *window, const Options &options, QObject *parent = nullptr);
    ~FrameBench() override;

    void start();
    // Nanosecond samples to milliseconds, nearest-rank percentiles.
    static Summary summarize(QVector<qint64> nanoseconds);

signals:
    // 0 when the run completed (whatever the frame times), 1 when it could not.
    void finished(int exitCode);

private:
    enum class Phase { Connecting, Creating, Joining, Settling, Running, Draining, Done };

    void advance();
    void enter(Phase phase);
    void sendDue();
    void tick();
    // Ends the run; a session's failure says what the server said when it closed the stream.
    void fail(const QString &why, const LabSession *session = nullptr);
    void conclude();
    bool writeJson(const Summary &frames, const Summary &lateness) const;
    QStringList topPainters(int count) const;
    qint64 expectedDeliveries() const { return qint64(m_sent) * m_joined.size(); }

    LabWindow *const m_window;
    const Options m_options;
    QTextStream m_out;
    FrameMeter *m_meter = nullptr;
    Phase m_phase = Phase::Connecting;
    QElapsedTimer m_phaseClock;
    QTimer m_poll;
    QTimer m_sendTimer;
    QTimer m_latenessTimer;
    QElapsedTimer m_clock; // since the load began
    qint64 m_latenessArmedAt = 0;
    QVector<qint64> m_lateness; // ns
    QList<LabSession *> m_joined;
    LabSession *m_sender = nullptr;
    double m_messagesPerSecond = 0;
    int m_total = 0; // messages the run sends
    int m_sent = 0;
    qint64 m_deliveries = 0;
    qint64 m_deliveriesInRun = 0;
    double m_runSeconds = 0;
    qint64 m_cpuAtStart = -1; // the main thread's CPU time when the load began, ns
    double m_mainThreadCpuSeconds = -1; // during the load; -1: unknown
    qint64 m_lastDeliveryNs = 0; // since the load began
    QString m_failure;
    QHash<QString, QString> m_streamErrors; // the server's note by client address ("127.0.0.1:port")
};
