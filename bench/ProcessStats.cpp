// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ProcessStats.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <time.h>
#include <unistd.h>

namespace {
QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

double statusFieldMb(qint64 pid, const QByteArray &field)
{
    const QByteArray status = readAll(QStringLiteral("/proc/%1/status").arg(pid));
    for (const QByteArray &line : status.split('\n')) {
        if (line.startsWith(field + ':'))
            return line.mid(field.size() + 1).trimmed().split(' ').value(0).toDouble() / 1024.0; // kB
    }
    return -1;
}
} // namespace

double ProcessStats::cpuSeconds(qint64 pid)
{
    const QByteArray stat = readAll(QStringLiteral("/proc/%1/stat").arg(pid));
    // The command name may contain spaces; fields are counted after its closing ')'.
    const int end = stat.lastIndexOf(')');
    if (end < 0)
        return -1;
    const QList<QByteArray> fields = stat.mid(end + 2).split(' ');
    if (fields.size() < 13)
        return -1;
    // Fields 14 and 15 of stat(5) (utime, stime) are 11 and 12 after the name.
    const double ticks = fields.at(11).toDouble() + fields.at(12).toDouble();
    return ticks / double(::sysconf(_SC_CLK_TCK));
}

double ProcessStats::rssMb(qint64 pid)
{
    return statusFieldMb(pid, "VmRSS");
}

double ProcessStats::peakRssMb(qint64 pid)
{
    return statusFieldMb(pid, "VmHWM");
}

double ProcessStats::ownCpuSeconds()
{
    timespec time {};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time);
    return double(time.tv_sec) + double(time.tv_nsec) / 1e9;
}
