// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-bench: throughput, latency, scale and reconnect storms of one MUC room,
// against the embedded server or any XMPP server.
#include "BenchOptions.h"
#include "BenchRun.h"
#include "OpenFileLimit.h"
#include "PollDispatcher.h"
#include "ProtectionRun.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char *argv[])
{
    preferQtPollDispatcher();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("minimix-bench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MINIMIX_VERSION));
    const BenchOptions options = BenchOptions::parse(QCoreApplication::arguments());
    if (options.outcome != CommandLine::Outcome::Run)
        return options.report();
    OpenFileLimit::raiseToMaximum();
    if (options.flood > 0 || options.joins > 0) {
        ProtectionRun run(options);
        QObject::connect(&run, &ProtectionRun::finished, &app,
                         [](int exitCode) { QCoreApplication::exit(exitCode); });
        QMetaObject::invokeMethod(&run, &ProtectionRun::start, Qt::QueuedConnection);
        return app.exec();
    }
    BenchRun run(options);
    QObject::connect(&run, &BenchRun::finished, &app, [](int exitCode) { QCoreApplication::exit(exitCode); });
    QMetaObject::invokeMethod(&run, &BenchRun::start, Qt::QueuedConnection);
    return app.exec();
}
