// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The local time of day for log lines, cheap enough for every stanza of a busy room:
// QTime::currentTime() and QDateTime::currentDateTime() ask the C library for the
// local time zone each time (glibc reads /etc/localtime's status on every call), so
// the offset from UTC is asked once a second and the rest is arithmetic.
#pragma once

#include <QTime>

namespace LocalClock {
// Now, in local time, to the millisecond.
QTime now();
} // namespace LocalClock
