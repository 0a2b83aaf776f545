// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A MinimixServer in a worker thread of its own, so routing never competes with the
// thread that drives it (the lab's painting, the benchmark's clients). Setup calls
// block until the server thread has done them; everything else is queued.
#pragma once

#include <QByteArray>
#include <QObject>
#include <QPair>
#include <QSslCertificate>
#include <QStringList>
#include <QThread>
#include <functional>

class MinimixServer;
struct ServerOptions;

class ServerThread : public QObject
{
    Q_OBJECT
public:
    using Account = QPair<QString, QString>; // name, password

    explicit ServerThread(QObject *parent = nullptr);
    // Deletes the server in its thread, then ends the thread.
    ~ServerThread() override;

    // Makes a new server with 'options', deleting the previous one (in its thread, so
    // it says goodbye to its clients). Connect to the returned server's signals (they
    // arrive queued in the caller's thread), then start().
    MinimixServer *create(const ServerOptions &options);
    // The server, living in the worker thread: call it through run() or post() only.
    MinimixServer *server() const { return m_server; }
    // Creates 'accounts' and starts listening, in the server thread; blocks until it has.
    bool start(const QList<Account> &accounts);
    bool isRunning() const { return m_port != 0; }
    QString errorString() const { return m_error; }

    // Read once at start(), safe to use in the caller's thread.
    quint16 port() const { return m_port; }
    QSslCertificate certificate() const { return m_certificate; }
    QString certificateFingerprint() const { return m_fingerprint; }

    // Runs 'work' in the server thread and waits for it.
    void run(const std::function<void(MinimixServer *server)> &work) const;
    // Queues 'work' for the server thread.
    void post(const std::function<void(MinimixServer *server)> &work) const;
    // CPU seconds the server thread has used (Linux; 0 elsewhere or before start()).
    double cpuSeconds() const;

private:
    void destroyServer();

    QThread m_thread;
    MinimixServer *m_server = nullptr;
    QString m_error;
    quint16 m_port = 0;
    QSslCertificate m_certificate;
    QString m_fingerprint;
    unsigned long m_nativeThread = 0;
};
