// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-scenario: the lab's scenario engine on the command line, for the CI pipelines
// of XMPP server developers. Links minimix-lab-core only: no window, no Qt Gui.
#include "core/cli/ScenarioCommandLine.h"
#include "core/headless/HeadlessEmbeddedRun.h"
#include "core/headless/HeadlessExternalRun.h"
#include "core/scenario/ScenarioParser.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTextStream>

namespace {
constexpr int InvalidScenarioExitCode = 3;

int play(const Scenario &scenario, const ScenarioCommandLine &commandLine)
{
    QEventLoop loop;
    int exitCode = 0;
    const auto done = [&](int code) {
        exitCode = code;
        loop.quit();
    };
    if (commandLine.external) {
        HeadlessExternalRun run(commandLine.server, scenario);
        QObject::connect(&run, &HeadlessExternalRun::finished, &loop, done);
        run.start();
        loop.exec();
    } else {
        HeadlessEmbeddedRun run(scenario);
        QObject::connect(&run, &HeadlessEmbeddedRun::finished, &loop, done);
        run.start();
        loop.exec();
    }
    return exitCode;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("minimix-scenario"));
    const ScenarioCommandLine commandLine = ScenarioCommandLine::parse(QCoreApplication::arguments());
    if (commandLine.outcome != CommandLine::Outcome::Run)
        return commandLine.report();

    // Every file is checked before anything plays.
    QVector<Scenario> scenarios;
    for (const QString &path : commandLine.files) {
        Scenario scenario;
        QString error;
        if (!ScenarioParser::load(path, &scenario, &error)) {
            QTextStream(stderr) << "minimix-scenario: " << error << Qt::endl;
            return InvalidScenarioExitCode;
        }
        if (commandLine.mode)
            scenario.mode = *commandLine.mode;
        scenarios << scenario;
    }
    int worst = 0;
    int passed = 0;
    for (const Scenario &scenario : scenarios) {
        const int exitCode = play(scenario, commandLine);
        passed += exitCode == 0 ? 1 : 0;
        worst = qMax(worst, exitCode);
    }
    QTextStream(stdout) << passed << " of " << scenarios.size() << " scenarios passed" << Qt::endl;
    return worst;
}
