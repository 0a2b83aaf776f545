// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The command line of minimix-server, parsed into options or a clear error.
#pragma once

#include "CommandLine.h"
#include "MinimixServer.h"

#include <QPair>
#include <QStringList>

struct ServerCommandLine : CommandLine
{
    ServerCommandLine()
        : CommandLine(QStringLiteral("minimix-server"))
    { }
    ServerOptions options;
    QList<QPair<QString, QString>> accounts; // name, password
    bool logStanzas = false;

    static ServerCommandLine parse(const QStringList &arguments);
};
