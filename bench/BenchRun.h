// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One benchmark run: prepare the target, connect N x M sessions, join the room,
// then either send K messages (a burst or at a fixed rate) and record every
// arrival, or run a reconnect storm; then report (table, JSON, exit code).
#pragma once

#include "BenchClient.h"
#include "BenchOptions.h"
#include "ScramSaltedPasswordCache.h"
#include "ServerThread.h"

#include <QBitArray>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QTextStream>
#include <QTimer>
#include <QVector>
#include <memory>

class BenchRun : public QObject
{
    Q_OBJECT
public:
    explicit BenchRun(const BenchOptions &options, QObject *parent = nullptr);
    ~BenchRun() override;

    void start();

signals:
    void finished(int exitCode);

private:
    // The embedded server's counters, read in its thread.
    QHash<QString, quint64> serverCounters() const;
    enum class Phase { Connecting, Joining, Warming, Sending, Storming, Done };

    void connectNext();
    void joinNext();
    void warmUp();
    void startMessages();
    void sendDue();
    void startStorm();
    void onStanza(int client, const BenchClient::Stanza &stanza);
    void checkProgress();
    void abort(const QString &reason);
    void finish();
    void showProgress(bool last = false);
    void startMeasuring();
    void stopMeasuring();
    QJsonObject results() const;
    void printTable(const QJsonObject &results);
    int totalSessions() const { return m_clients.size(); }
    // The room of a client (its account's), and the client that creates it and sends to it.
    int roomOf(int client) const { return client / m_options.sessions % m_options.rooms; }
    BenchClient *senderOf(int room) const { return m_clients.at(room * m_options.sessions); }
    QString accountName(int account) const;

    BenchOptions m_options;
    std::unique_ptr<ServerThread> m_embedded; // the embedded target
    QString m_host;
    quint16 m_port = 0;
    qint64 m_serverPid = 0;
    QVector<BenchClient *> m_clients; // account-major: account a, session s at a * M + s
    // SCRAM's salted passwords, derived once per account for all its sessions and reconnections.
    ScramSaltedPasswordCache m_scramCache;
    QStringList m_mechanismsUsed; // the SASL mechanisms the sessions logged in with
    Phase m_phase = Phase::Connecting;
    int m_nextToStart = 0;
    int m_inFlight = 0;
    int m_done = 0;
    QVector<int> m_joinOrder; // the rooms' creators first
    QString m_error;
    QTextStream m_out;
    QTextStream m_err;
    bool m_progressBar = false;
    QTimer m_progressTimer;

    QElapsedTimer m_clock; // since start
    double m_connectSeconds = 0;
    double m_joinSeconds = 0;
    qint64 m_phaseStart = 0;

    // Messages
    int m_sent = 0;
    QVector<qint64> m_sentAt; // ns on m_clock, by room * messages + sequence
    QVector<QBitArray> m_seen; // per client
    QVector<float> m_latencies; // ms, one per first arrival
    qint64 m_deliveries = 0;
    qint64 m_duplicates = 0;
    qint64 m_lastProgressAt = 0;
    qint64 m_lastArrivalAt = 0;
    int m_warmupSeen = 0;
    QTimer m_sendTimer;
    QTimer m_watchdog;
    double m_measuredSeconds = 0; // phase start to last arrival: the throughput's time
    double m_sampledSeconds = 0; // phase start to the CPU samples' end
    bool m_measuring = false; // between startMeasuring() and stopMeasuring()

    // CPU and memory over the measured phase
    double m_serverCpu0 = 0, m_serverCpu1 = 0;
    double m_processCpu0 = 0, m_processCpu1 = 0;
    double m_serverRss = -1;
    QHash<QString, quint64> m_counters0, m_counters1;

    // Storm
    int m_stormObserverPresences = 0;
    bool m_stormCounting = false;
    QBitArray m_stormDoneSeen; // the watching sessions the closing message reached
    int m_stormRejoined = 0;
    double m_stormSeconds = 0;
};
