// minimix-lab: the lab window, or its demo run headless.
#include "HeadlessRun.h"
#include "LabCommandLine.h"
#include "LabWindow.h"

#include <QApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    const LabCommandLine commandLine = LabCommandLine::parse(LabCommandLine::arguments(argc, argv));
    if (commandLine.outcome != LabCommandLine::Outcome::Run)
        return commandLine.report();
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
        return app.exec();
    }
    HeadlessRun run(&window, commandLine.screenshotPath);
    QObject::connect(&run, &HeadlessRun::finished, &app,
                     [](int exitCode) { QCoreApplication::exit(exitCode); });
    run.start();
    return app.exec();
}
