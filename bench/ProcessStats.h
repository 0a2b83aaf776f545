// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// CPU time and memory of a process (or one of its threads) from /proc, for the
// benchmark's server and driver figures.
#pragma once

#include <QtGlobal>

namespace ProcessStats {
// User + system CPU time of a process in seconds, -1 when unreadable.
double cpuSeconds(qint64 pid);
// Resident set size now, and its peak (VmHWM), in MiB; -1 when unreadable.
double rssMb(qint64 pid);
double peakRssMb(qint64 pid);
// Nanosecond-precise CPU time of this process, where /proc's 10 ms ticks are too
// coarse for short runs (the embedded server's thread: ServerThread::cpuSeconds()).
double ownCpuSeconds();
} // namespace ProcessStats
