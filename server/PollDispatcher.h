// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The event dispatcher of the programs that hold thousands of sockets (minimix-server,
// minimix-bench). Qt's GLib dispatcher keeps socket notifiers in lists it walks on every
// turn of the loop; Qt's own poll() dispatcher does not: with 10,000 sessions logins took
// half and joins a quarter of the time.
#pragma once

#include <QByteArray>
#include <QtGlobal>

// Call before the QCoreApplication exists. An explicit QT_NO_GLIB (even empty) wins.
inline void preferQtPollDispatcher()
{
    if (!qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", QByteArrayLiteral("1"));
}
