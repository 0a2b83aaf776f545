// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One minimix-server process driven through QProcess; killed on destruction if
// still running. Shared by the CLI and restart tests.
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStringList>

class ServerProcess
{
public:
    ServerProcess(const QString &program, const QStringList &arguments);
    ~ServerProcess();

    // Waits for the first line on stdout. Returns it without the newline, or an
    // empty string if the process ended or timed out first.
    // Waits until the whole lines of stdout so far match.
    QRegularExpressionMatch waitForOutput(const QRegularExpression &pattern, int timeoutMs = 5000);
    // Waits for the listening line and returns the port it names (0 if none).
    quint16 waitForListening();
    bool waitForFinished(int timeoutMs = 5000);
    bool sendSignal(int signal);

    // Everything written to stdout / stderr so far.
    QByteArray out();
    QByteArray err();
    QProcess &process() { return m_process; }

private:
    QProcess m_process;
    QSignalSpy m_finished;
    QByteArray m_out;
    QByteArray m_err;
};
