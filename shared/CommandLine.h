// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// What the command lines of minimix-server, minimix-bench and minimix-lab share:
// -h/--help and -v/--version, the four outcomes, and how each is reported (help and
// version on stdout with exit code 0; an error and the usage on stderr with 2).
#pragma once

#include "JoinMode.h"

#include <QCommandLineOption>
#include <QString>
#include <optional>

class QCommandLineParser;

class CommandLine
{
public:
    enum class Outcome { Run, ShowHelp, ShowVersion, Error };

    explicit CommandLine(const QString &program)
        : program(program)
    { }

    QString program; // "minimix-server": how messages and --version name the program
    Outcome outcome = Outcome::Run;
    QString error;
    QString helpText;

    static QCommandLineOption helpOption();
    static QCommandLineOption versionOption();
    static constexpr int UsageExitCode = 2;

    enum class Positional { Refused, Allowed };
    // Parses 'arguments' with 'parser' (which has helpOption() and versionOption())
    // and settles what every program settles alike: a parse error, a stray positional
    // argument (unless Allowed), --help, --version. True when the program's own
    // options come next.
    bool parseStandard(QCommandLineParser &parser, const QStringList &arguments,
                       Positional positional = Positional::Refused);
    // Sets the Error outcome with 'message'.
    void fail(const QString &message);
    // A join mode option ("minimix" or "classic"): *mode is set when it was given; false
    // with the Error outcome when its value is neither.
    bool readJoinMode(const QCommandLineParser &parser, const QCommandLineOption &option,
                      std::optional<JoinMode> *mode);
    // For every outcome but Run: prints what it asks for and returns the exit code (0,
    // or UsageExitCode for an error). 0 and nothing printed for Run.
    int report() const;
};
