// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ServerProcess.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <csignal>
#include <sys/types.h>

ServerProcess::ServerProcess(const QString &program, const QStringList &arguments)
    : m_finished((qRegisterMetaType<QProcess::ExitStatus>(), &m_process),
                 QOverload<int, QProcess::ExitStatus>::of(&QProcess::finished))
{
    m_process.start(program, arguments);
}

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

QRegularExpressionMatch ServerProcess::waitForOutput(const QRegularExpression &pattern, int timeoutMs)
{
    QSignalSpy output(&m_process, &QProcess::readyReadStandardOutput);
    QElapsedTimer timer;
    timer.start();
    while (true) {
        m_out += m_process.readAllStandardOutput();
        // Only whole lines count.
        const int end = m_out.lastIndexOf('\n');
        if (end >= 0) {
            const QRegularExpressionMatch match = pattern.match(QString::fromUtf8(m_out.left(end)));
            if (match.hasMatch())
                return match;
        }
        if (m_process.state() == QProcess::NotRunning || timer.hasExpired(timeoutMs))
            return QRegularExpressionMatch();
        output.wait(int(timeoutMs - timer.elapsed()));
    }
}

quint16 ServerProcess::waitForListening()
{
    // The certificate's fingerprint may come first.
    const QRegularExpressionMatch match = waitForOutput(QRegularExpression(
        QStringLiteral("^listening on 127\\.0\\.0\\.1:(\\d+)$"), QRegularExpression::MultilineOption));
    if (!match.hasMatch()) {
        qWarning("no listening line; stdout \"%s\", stderr \"%s\"", m_out.constData(),
                 m_process.readAllStandardError().constData());
        return 0;
    }
    return quint16(match.captured(1).toUInt());
}

bool ServerProcess::waitForFinished(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return true;
    return m_finished.wait(timeoutMs) || m_process.state() == QProcess::NotRunning;
}

bool ServerProcess::sendSignal(int signal)
{
    return ::kill(pid_t(m_process.processId()), signal) == 0;
}

QByteArray ServerProcess::out()
{
    m_out += m_process.readAllStandardOutput();
    return m_out;
}

QByteArray ServerProcess::err()
{
    m_err += m_process.readAllStandardError();
    return m_err;
}
