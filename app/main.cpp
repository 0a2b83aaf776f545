// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-lab: the lab window, or its demo or a scenario run headless.
#include "core/cli/LabCommandLine.h"
#include "core/compare/ModeComparison.h"
#include "core/headless/HeadlessExternalRun.h"
#include "core/host/LabServerHost.h"
#include "core/host/RuntimeDir.h"
#include "core/scenario/ScenarioParser.h"
#include "headless/FrameBench.h"
#include "headless/HeadlessComparison.h"
#include "headless/HeadlessExternalWindowRun.h"
#include "headless/HeadlessHold.h"
#include "headless/HeadlessRun.h"
#include "headless/HeadlessScenarioRun.h"
#include "timeline/TimelineExport.h"
#include "timeline/TimelinePanel.h"
#include "window/LabWindow.h"
#include "window/OwnClientDock.h"

#include <QApplication>
#include <QStandardPaths>
#include <QTextStream>

int main(int argc, char *argv[])
{
    const LabCommandLine commandLine = LabCommandLine::parse(LabCommandLine::arguments(argc, argv));
    if (commandLine.outcome != CommandLine::Outcome::Run)
        return commandLine.report();
    // A bad scenario file is reported before anything starts.
    QList<Scenario> scenarios;
    for (const QString &path : commandLine.scenarioPaths) {
        Scenario scenario;
        QString error;
        if (!ScenarioParser::load(path, &scenario, &error)) {
            QTextStream(stderr) << "minimix-lab: " << error << Qt::endl;
            return 3;
        }
        if (commandLine.mode)
            scenario.mode = *commandLine.mode;
        scenarios << scenario;
    }
    Scenario scenario = scenarios.value(0);
    const bool headless = LabCommandLine::prepareHeadless(commandLine.headless);
    // Before QApplication: Qt reads XDG_RUNTIME_DIR when it starts.
    const RuntimeDir runtimeDir(headless);

    QApplication app(argc, argv);
    LabWindow::setupApplication();
    if (commandLine.external) {
        // Another server: no embedded one, and the built-in hello check without a file.
        if (scenarios.isEmpty())
            scenario = HeadlessExternalRun::helloScenario(commandLine.server.effectiveSessions());
        const auto quit = [](int exitCode) { QCoreApplication::exit(exitCode); };
        if (commandLine.screenshotGiven) {
            // The external server window plays it, offscreen, and is saved at the end.
            HeadlessExternalWindowRun run(commandLine.server, scenario, commandLine.screenshotPath);
            QObject::connect(&run, &HeadlessExternalWindowRun::finished, &app, quit);
            run.start();
            return app.exec();
        }
        HeadlessExternalRun run(commandLine.server, scenario);
        QObject::connect(&run, &HeadlessExternalRun::finished, &app, quit);
        run.start();
        return app.exec();
    }
    if (commandLine.compare) {
        // Both modes at once on servers of their own; the lab's window is not needed.
        if (scenarios.isEmpty()) {
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
    // Headless runs and the frame bench start from the lab's defaults (and --mode),
    // never from what the window remembered: their output must not depend on it.
    const bool interactive = !headless && !commandLine.benchFrames;
    LabWindow window(interactive ? LabWindow::Settings::Remembered : LabWindow::Settings::Defaults);
    if (commandLine.mode)
        window.setJoinMode(*commandLine.mode);
    window.setDatabasePath(commandLine.databasePath);
    if (commandLine.benchFrames)
        window.server()->setStanzaRate(0); // one session floods the room by design
    if (commandLine.listenGiven) {
        window.server()->setListenAddress(commandLine.listenAddress, commandLine.listenPort);
    }
    if (interactive) {
        // A real client that trusted the certificate once keeps trusting it.
        const QString folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        if (!window.server()->setCertificateFolder(folder))
            QTextStream(stderr) << "minimix-lab: a new certificate for this run only: "
                                << window.server()->errorString() << Qt::endl;
    }
    if (!commandLine.listenGiven && interactive) {
        // Real clients find the window's server where the user told them last time, or on
        // 127.0.0.1:5222 (Dino assumes 5222), or on a free port when that one is taken.
        window.server()->setListenAddress(QHostAddress(OwnClientDock::rememberedAddress()),
                                          OwnClientDock::rememberedPort(),
                                          LabServerHost::PortFallback::AnyFreePort);
    }
    if (!window.startLab()) {
        QTextStream(stderr) << "minimix-lab: " << window.errorString() << Qt::endl;
        // --listen on an address in use (or not this machine's) is a bad value, as a bad flag is.
        return window.server()->listenFailed() ? CommandLine::UsageExitCode : 1;
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
        // Several scenarios play one after another, as if picked from the menu in turn.
        int next = 0;
        QString error;
        const auto playNext = [&window, &scenarios, &next, &error] {
            return next >= scenarios.size() || window.runScenario(scenarios.at(next++), &error);
        };
        QObject::connect(
            &window, &LabWindow::scenarioFinished, &window,
            [&playNext, &error] {
                if (!playNext())
                    QTextStream(stderr) << "minimix-lab: cannot play the scenario: " << error << Qt::endl;
            },
            Qt::QueuedConnection); // not from inside the runner that just finished
        if (!playNext()) {
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
    if (commandLine.hold) {
        // The server up for an outside client, then the view as it ended.
        HeadlessHold::Output output;
        if (commandLine.screenshotGiven)
            output.screenshotPath = commandLine.screenshotPath;
        output.viewJsonPath = commandLine.viewJsonPath;
        HeadlessHold run(&window, commandLine.holdSeconds, output);
        QObject::connect(&run, &HeadlessHold::finished, &app, finish);
        run.start();
        return app.exec();
    }
    if (!scenarios.isEmpty()) {
        HeadlessScenarioRun::Output output;
        if (commandLine.screenshotGiven)
            output.screenshotPath = commandLine.screenshotPath;
        output.viewJsonPath = commandLine.viewJsonPath;
        HeadlessScenarioRun run(&window, scenarios, output);
        QObject::connect(&run, &HeadlessScenarioRun::finished, &app, finish);
        run.start();
        return app.exec();
    }
    HeadlessRun run(&window, commandLine.screenshotPath, commandLine.viewJsonPath);
    QObject::connect(&run, &HeadlessRun::finished, &app, finish);
    run.start();
    return app.exec();
}
