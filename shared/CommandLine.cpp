// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "CommandLine.h"

#include <QCommandLineParser>
#include <QTextStream>

QCommandLineOption CommandLine::helpOption()
{
    return QCommandLineOption({ QStringLiteral("h"), QStringLiteral("help") },
                              QStringLiteral("Show this help."));
}

QCommandLineOption CommandLine::versionOption()
{
    return QCommandLineOption({ QStringLiteral("v"), QStringLiteral("version") },
                              QStringLiteral("Show the version."));
}

bool CommandLine::parseStandard(QCommandLineParser &parser, const QStringList &arguments,
                                Positional positional)
{
    if (!parser.parse(arguments)) {
        fail(parser.errorText());
        return false;
    }
    if (positional == Positional::Refused && !parser.positionalArguments().isEmpty()) {
        fail(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));
        return false;
    }
    if (parser.isSet(helpOption().names().constFirst())) {
        outcome = Outcome::ShowHelp;
        return false;
    }
    if (parser.isSet(versionOption().names().constLast())) {
        outcome = Outcome::ShowVersion;
        return false;
    }
    return true;
}

void CommandLine::fail(const QString &message)
{
    outcome = Outcome::Error;
    error = message;
}

bool CommandLine::readJoinMode(const QCommandLineParser &parser, const QCommandLineOption &option,
                               std::optional<JoinMode> *mode)
{
    if (!parser.isSet(option))
        return true;
    const QString value = parser.value(option);
    *mode = joinModeFromName(value);
    if (!*mode)
        fail(QStringLiteral("--%1 must be %2, not '%3'")
                 .arg(option.names().constLast(), joinModeChoices(), value));
    return mode->has_value();
}

int CommandLine::report() const
{
    switch (outcome) {
    case Outcome::ShowHelp:
        QTextStream(stdout) << helpText;
        return 0;
    case Outcome::ShowVersion:
        QTextStream(stdout) << program << ' ' << MINIMIX_VERSION << Qt::endl;
        return 0;
    case Outcome::Error:
        QTextStream(stderr) << program << ": " << error << "\n\n" << helpText;
        return UsageExitCode;
    case Outcome::Run:
        break;
    }
    return 0;
}
