// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-scenario's command line: scenario files to play, on the embedded server
// (default) or on any XMPP server (--server, as minimix-lab takes it).
#pragma once

#include "CommandLine.h"
#include "JoinMode.h"
#include "core/host/ServerConnection.h"

#include <QStringList>
#include <optional>

class ScenarioCommandLine : public CommandLine
{
public:
    ScenarioCommandLine()
        : CommandLine(QStringLiteral("minimix-scenario"))
    { }

    QStringList files;
    std::optional<JoinMode> mode; // --mode: overrides each file's own mode (embedded only)
    bool external = false; // --server: sessions on another XMPP server
    ServerConnection server; // --server, --domain, --muc, --account, --session

    static ScenarioCommandLine parse(const QStringList &arguments);
};
