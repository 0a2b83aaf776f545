// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-bench --flood N / --joins N: what one user can cost everyone else, against
// the server's real limits (the embedded server keeps its defaults here).
//   --flood: account 1 floods a room with N groupchat messages as fast as the server
//   reads them (its own buffer kept small, so the driver's memory stays out of the
//   figures), account 2 pings the server every 20 ms, account 3 sits in the room and
//   never reads. Figures: ping p50/p95/max, the server's RSS growth, the messages the
//   server took and how fast, and what became of the non-reading occupant.
//   --joins: accounts 2.. create the rooms (at most the per-account room limit each),
//   then one session of account 1 joins them one after the other. Figures: the server's
//   CPU seconds for the joins, or the count and condition of the first refusal.
#pragma once

#include "BenchClient.h"
#include "BenchOptions.h"
#include "ServerThread.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTextStream>
#include <QTimer>
#include <QVector>
#include <memory>

class ProtectionRun : public QObject
{
    Q_OBJECT
public:
    explicit ProtectionRun(const BenchOptions &options, QObject *parent = nullptr);
    ~ProtectionRun() override;

    void start();

signals:
    void finished(int exitCode);

private:
    QString accountName(int account) const; // 0-based
    BenchClient *newClient(int account, const QString &resource);
    double serverCpu() const;
    double serverRss() const;
    void fail(const QString &reason);
    void done(int exitCode);

    // --flood
    void startFlood();
    void pumpFlood();
    void sample();
    void finishFlood();
    // --joins
    void createRooms();
    void startJoins();
    void finishJoins(const QString &refusal);
    QString joinRoom(int index) const;

    BenchOptions m_options;
    std::unique_ptr<ServerThread> m_embedded;
    QString m_host;
    quint16 m_port = 0;
    qint64 m_serverPid = 0;
    QTextStream m_out;
    QVector<BenchClient *> m_clients;
    QElapsedTimer m_clock;
    bool m_done = false;
    int m_online = 0;

    // Flood
    BenchClient *m_flooder = nullptr;
    BenchClient *m_pinger = nullptr;
    BenchClient *m_silent = nullptr;
    int m_joinedFlood = 0;
    int m_sent = 0;
    int m_reflected = 0;
    qint64 m_floodStart = 0;
    qint64 m_floodEnd = 0;
    QTimer m_pingTimer;
    QTimer m_pumpTimer; // besides drained(): Qt does not signal a write made inside its own signal
    QTimer m_sampleTimer;
    QTimer m_deadline;
    int m_pingsSent = 0;
    QHash<QString, qint64> m_pingSentAt; // id -> ns
    QVector<double> m_pingMs;
    double m_rss0 = -1;
    double m_rssMax = -1;
    double m_cpu0 = 0;
    double m_cpu1 = 0;

    // Joins
    int m_creatorsReady = 0;
    int m_creators = 0;
    int m_joined = 0;
    BenchClient *m_joiner = nullptr;
};
