// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/cli/ScenarioCommandLine.h"

#include "core/cli/ServerConnectionOptions.h"

#include <QCommandLineParser>

ScenarioCommandLine ScenarioCommandLine::parse(const QStringList &arguments)
{
    ScenarioCommandLine result;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Plays Minimix Lab scenario files without a window, one fresh embedded server per file\n"
        "(or on any XMPP server with --server), and prints each step.\n"
        "Exit code: 0 every scenario passed, 1 a step failed, 2 bad command line,\n"
        "3 a file is not a valid scenario, 4 the server or the sessions could not get ready."));
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("Scenario files (JSON)."),
                                 QStringLiteral("FILE..."));
    const QCommandLineOption mode(
        QStringLiteral("mode"),
        QStringLiteral("Play every file in this join mode: %1.").arg(joinModeChoices()),
        QStringLiteral("mode"));
    parser.addOptions({ helpOption(), versionOption(), mode });
    const ServerConnectionOptions serverOptions;
    serverOptions.addTo(parser);
    result.helpText = parser.helpText();
    if (!result.parseStandard(parser, arguments, Positional::Allowed))
        return result;

    result.files = parser.positionalArguments();
    if (result.files.isEmpty()) {
        result.fail(QStringLiteral("no scenario file given"));
        return result;
    }
    if (!result.readJoinMode(parser, mode, &result.mode))
        return result;
    result.external = serverOptions.serverGiven(parser);
    if (result.external && result.mode) {
        result.fail(QStringLiteral("--mode is for the embedded server; another server has its own mode"));
        return result;
    }
    const QString serverError = serverOptions.read(parser, &result.server);
    if (!serverError.isEmpty())
        result.fail(serverError);
    return result;
}
