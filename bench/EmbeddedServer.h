// The benchmark's embedded target: a MinimixServer in a thread of its own, so the
// driver (the main thread) and the server each get a core of their own.
#pragma once

#include "JoinMode.h"

#include <QByteArray>
#include <QHash>
#include <QStringList>
#include <QThread>

class MinimixServer;

class EmbeddedServer
{
public:
    EmbeddedServer();
    ~EmbeddedServer();

    // Starts on a free loopback port with these accounts (all with 'password').
    bool start(const QString &domain, JoinMode mode, const QStringList &accounts, const QString &password);
    QString errorString() const { return m_error; }
    quint16 port() const { return m_port; }
    // SHA-256 digest of the certificate it offers with STARTTLS (its own self-signed one,
    // made in memory): the driver's --tls trusts exactly this one.
    QByteArray certificateSha256() const { return m_certificateSha256; }
    // CPU seconds the server thread has used.
    double cpuSeconds() const;
    QHash<QString, quint64> counters() const;

private:
    QThread m_thread;
    MinimixServer *m_server = nullptr; // lives in m_thread
    QString m_error;
    quint16 m_port = 0;
    QByteArray m_certificateSha256;
    unsigned long m_pthread = 0;
};
