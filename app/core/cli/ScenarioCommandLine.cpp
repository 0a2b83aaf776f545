// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/cli/ScenarioCommandLine.h"

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
    const QCommandLineOption server(QStringLiteral("server"),
                                    QStringLiteral("Play on this XMPP server instead (classic MUC assumed)."),
                                    QStringLiteral("host:port"));
    const QCommandLineOption domain(QStringLiteral("domain"), QStringLiteral("Its domain."),
                                    QStringLiteral("domain"));
    const QCommandLineOption muc(QStringLiteral("muc"), QStringLiteral("Its MUC service."),
                                 QStringLiteral("domain"));
    const QCommandLineOption account(QStringLiteral("account"), QStringLiteral("An account on it."),
                                     QStringLiteral("name:password"));
    const QCommandLineOption session(QStringLiteral("session"), QStringLiteral("A session of the lab there."),
                                     QStringLiteral("name/resource"));
    parser.addOptions({ helpOption(), versionOption(), mode, server, domain, muc, account, session });
    result.helpText = parser.helpText();
    if (!result.parseStandard(parser, arguments, Positional::Allowed))
        return result;

    result.files = parser.positionalArguments();
    if (result.files.isEmpty()) {
        result.fail(QStringLiteral("no scenario file given"));
        return result;
    }
    if (parser.isSet(mode)) {
        result.mode = joinModeFromName(parser.value(mode));
        if (!result.mode) {
            result.fail(
                QStringLiteral("--mode must be %1, not '%2'").arg(joinModeChoices(), parser.value(mode)));
            return result;
        }
    }
    if (parser.isSet(server)) {
        result.external = true;
        if (result.mode) {
            result.fail(QStringLiteral("--mode is for the embedded server; another server has its own mode"));
            return result;
        }
        ServerConnection &connection = result.server;
        connection.domain = parser.value(domain);
        connection.mucDomain = parser.value(muc);
        QString error;
        bool ok = connection.setServer(parser.value(server), &error);
        for (const QString &value : parser.values(account))
            ok = ok && connection.addAccount(value, &error);
        for (const QString &value : parser.values(session))
            ok = ok && connection.addSession(value, &error);
        if (ok)
            error = connection.validate();
        if (!error.isEmpty())
            result.fail(error);
    } else if (parser.isSet(domain) || parser.isSet(muc) || parser.isSet(account) || parser.isSet(session)) {
        result.fail(QStringLiteral("--domain, --muc, --account and --session go with --server"));
    }
    return result;
}
