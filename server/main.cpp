// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-server: the embedded server as a headless program.
#include "OpenFileLimit.h"
#include "PollDispatcher.h"
#include "ServerCommandLine.h"

#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>
#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {
int signalPipe[2] = { -1, -1 };

void onSignal(int)
{
    const char byte = 1;
    // Only async-signal-safe work here: wake the event loop.
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}
} // namespace

int main(int argc, char *argv[])
{
    preferQtPollDispatcher();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("minimix-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MINIMIX_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);

    const ServerCommandLine commandLine = ServerCommandLine::parse(QCoreApplication::arguments());
    if (commandLine.outcome != CommandLine::Outcome::Run)
        return commandLine.report();

    OpenFileLimit::raiseToMaximum();
    MinimixServer server(commandLine.options);
    for (const auto &account : commandLine.accounts) {
        if (!server.setAccount(account.first, account.second)) {
            err << "minimix-server: " << server.errorString() << Qt::endl;
            return 1;
        }
    }
    if (commandLine.logStanzas) {
        server.setTracing(true);
        QObject::connect(&server, &MinimixServer::traced, [&err](const TraceEvent &event) {
            err << event.time.toString(Qt::ISODateWithMs) << ' ' << event.summary() << '\n';
            if (!event.xml.isEmpty())
                err << "    " << event.xml << '\n';
            err.flush();
        });
    }
    if (!server.start()) {
        err << "minimix-server: " << server.errorString() << Qt::endl;
        return 1;
    }

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [&] {
            char byte;
            [[maybe_unused]] const auto got = ::read(signalPipe[0], &byte, 1);
            err << "minimix-server: shutting down" << Qt::endl;
            server.stop();
            QCoreApplication::quit();
        });
        struct sigaction action = {};
        action.sa_handler = onSignal;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_RESTART;
        sigaction(SIGINT, &action, nullptr);
        sigaction(SIGTERM, &action, nullptr);
    }

    err << "minimix-server " << MINIMIX_VERSION << ": domain " << server.domain() << ", rooms at "
        << server.mucDomain() << ", mode " << joinModeName(server.defaultJoinMode()) << Qt::endl;
    if (!server.certificateFingerprint().isEmpty())
        out << "certificate sha256 " << server.certificateFingerprint() << Qt::endl;
    out << "listening on " << server.address().toString() << ':' << server.port() << Qt::endl;
    out.flush();
    return app.exec();
}
