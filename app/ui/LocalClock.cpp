// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ui/LocalClock.h"

#include <QDateTime>

namespace LocalClock {
QTime now()
{
    constexpr qint64 DayMs = 24 * 60 * 60 * 1000;
    // Per thread, so views in any thread may ask; the offset follows a change of the
    // time zone or of daylight saving time within a second.
    thread_local qint64 offsetMs = 0;
    thread_local qint64 offsetSecond = -1;
    const qint64 utcMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 second = utcMs / 1000;
    if (second != offsetSecond) {
        offsetSecond = second;
        offsetMs = qint64(QDateTime::fromMSecsSinceEpoch(utcMs).offsetFromUtc()) * 1000;
    }
    const qint64 ms = ((utcMs + offsetMs) % DayMs + DayMs) % DayMs;
    return QTime::fromMSecsSinceStartOfDay(int(ms));
}
} // namespace LocalClock
