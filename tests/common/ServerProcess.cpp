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

QString ServerProcess::waitForLine(int timeoutMs)
{
    QSignalSpy output(&m_process, &QProcess::readyReadStandardOutput);
    QElapsedTimer timer;
    timer.start();
    while (true) {
        m_out += m_process.readAllStandardOutput();
        const int newline = m_out.indexOf('\n');
        if (newline >= 0)
            return QString::fromUtf8(m_out.left(newline));
        if (m_process.state() == QProcess::NotRunning || timer.hasExpired(timeoutMs))
            return QString();
        output.wait(int(timeoutMs - timer.elapsed()));
    }
}

quint16 ServerProcess::waitForListening()
{
    const QString line = waitForLine();
    const QRegularExpressionMatch match
        = QRegularExpression(QStringLiteral("^listening on 127\\.0\\.0\\.1:(\\d+)$")).match(line);
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
