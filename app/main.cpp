// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-lab: the lab window, or its demo or a scenario run headless.
#include "core/cli/LabCommandLine.h"
#include "core/compare/ModeComparison.h"
#include "core/headless/HeadlessExternalRun.h"
#include "core/host/RuntimeDir.h"
#include "core/scenario/ScenarioParser.h"
#include "headless/FrameBench.h"
#include "headless/HeadlessComparison.h"
#include "headless/HeadlessRun.h"
#include "headless/HeadlessScenarioRun.h"
#include "timeline/TimelineExport.h"
#include "timeline/TimelinePanel.h"
#include "window/LabWindow.h"

#include <QApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    const LabCommandLine commandLine = LabCommandLine::parse(LabCommandLine::arguments(argc, argv));
    if (commandLine.outcome != CommandLine::Outcome::Run)
        return commandLine.report();
    // A bad scenario file is reported before anything starts.
    Scenario scenario;
    if (!commandLine.scenarioPath.isEmpty()) {
        QString error;
        if (!ScenarioParser::load(commandLine.scenarioPath, &scenario, &error)) {
            QTextStream(stderr) << "minimix-lab: " << error << Qt::endl;
            return 3;
        }
    }
    const bool headless = LabCommandLine::prepareHeadless(commandLine.headless);
    // Before QApplication: Qt reads XDG_RUNTIME_DIR when it starts.
    const RuntimeDir runtimeDir(headless);

    QApplication app(argc, argv);
    LabWindow::setupApplication();
    if (commandLine.external) {
        // Another server: no embedded one, and the built-in hello check without a file.
        if (commandLine.scenarioPath.isEmpty())
            scenario = HeadlessExternalRun::helloScenario(commandLine.server.effectiveSessions());
        HeadlessExternalRun run(commandLine.server, scenario);
        QObject::connect(&run, &HeadlessExternalRun::finished, &app,
                         [](int exitCode) { QCoreApplication::exit(exitCode); });
        run.start();
        return app.exec();
    }
    if (commandLine.compare) {
        // Both modes at once on servers of their own; the lab's window is not needed.
        if (commandLine.scenarioPath.isEmpty()) {
            QString error;
            if (!ScenarioParser::load(ModeComparison::builtInScenarioPath(), &scenario, &error)) {
                QTextStream(stderr) << "minimix-lab: " << error << Qt::endl;
                return 3;
            }
        }
        HeadlessComparison run(scenario,
                               commandLine.screenshotGiven ? commandLine.screenshotPath : QString());
        QObject::connect(&run, &HeadlessComparison::finished, &app,
                         [](int exitCode) { QCoreApplication::exit(exitCode); });
        run.start(!headless);
        return app.exec();
    }
    LabWindow window;
    window.setDatabasePath(commandLine.databasePath);
    if (!window.startLab()) {
        QTextStream(stderr) << "minimix-lab: " << window.errorString() << Qt::endl;
        return 1;
    }
    if (commandLine.benchFrames) {
        // Shown either way: on the screen, or offscreen when there is none.
        FrameBench::Options options;
        options.seconds = commandLine.benchSeconds;
        options.deliveriesPerSecond = commandLine.benchRate;
        options.jsonPath = commandLine.benchJsonPath;
        if (commandLine.screenshotGiven)
            options.screenshotPath = commandLine.screenshotPath;
        FrameBench bench(&window, options);
        QObject::connect(&bench, &FrameBench::finished, &app,
                         [](int exitCode) { QCoreApplication::exit(exitCode); });
        bench.start();
        return app.exec();
    }
    if (!headless) {
        window.show();
        QString error;
        if (!commandLine.scenarioPath.isEmpty() && !window.runScenario(scenario, &error)) {
            QTextStream(stderr) << "minimix-lab: cannot play the scenario: " << error << Qt::endl;
            return 1;
        }
        return app.exec();
    }
    // --timeline: the run's sequence diagram, written once the run is over.
    const auto finish = [&window, &commandLine](int exitCode) {
        QCoreApplication::exit(TimelineExport::writeAfterRun(
            window.timeline()->model(), window.timeline()->title(), commandLine.timelinePath, exitCode));
    };
    if (!commandLine.scenarioPath.isEmpty()) {
        HeadlessScenarioRun run(&window, scenario,
                                commandLine.screenshotGiven ? commandLine.screenshotPath : QString());
        QObject::connect(&run, &HeadlessScenarioRun::finished, &app, finish);
        run.start();
        return app.exec();
    }
    HeadlessRun run(&window, commandLine.screenshotPath);
    QObject::connect(&run, &HeadlessRun::finished, &app, finish);
    run.start();
    return app.exec();
}
