// minimix-lab: the lab window, or its demo or a scenario run headless.
#include "HeadlessRun.h"
#include "HeadlessScenarioRun.h"
#include "LabCommandLine.h"
#include "LabWindow.h"
#include "ScenarioParser.h"

#include <QApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    const LabCommandLine commandLine = LabCommandLine::parse(LabCommandLine::arguments(argc, argv));
    if (commandLine.outcome != LabCommandLine::Outcome::Run)
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

    QApplication app(argc, argv);
    LabWindow::setupApplication();
    LabWindow window;
    if (!window.startLab()) {
        QTextStream(stderr) << "minimix-lab: " << window.errorString() << Qt::endl;
        return 1;
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
    if (!commandLine.scenarioPath.isEmpty()) {
        HeadlessScenarioRun run(&window, scenario,
                                commandLine.screenshotGiven ? commandLine.screenshotPath : QString());
        QObject::connect(&run, &HeadlessScenarioRun::finished, &app,
                         [](int exitCode) { QCoreApplication::exit(exitCode); });
        run.start();
        return app.exec();
    }
    HeadlessRun run(&window, commandLine.screenshotPath);
    QObject::connect(&run, &HeadlessRun::finished, &app,
                     [](int exitCode) { QCoreApplication::exit(exitCode); });
    run.start();
    return app.exec();
}
