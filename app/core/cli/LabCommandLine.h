// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-lab's command line, parsed before QApplication exists: whether to run
// headless decides which platform plugin QApplication may load.
#pragma once

#include "CommandLine.h"
#include "JoinMode.h"
#include "core/host/ServerConnection.h"

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <optional>

class LabCommandLine : public CommandLine
{
public:
    LabCommandLine()
        : CommandLine(QStringLiteral("minimix-lab"))
    { }

    bool headless = false;
    QString screenshotPath = QStringLiteral("minimix-lab-demo.png");
    bool screenshotGiven = false; // --screenshot was on the command line
    // --scenario (repeatable): play these files instead of the built-in demo, in order,
    // each on a fresh server.
    QStringList scenarioPaths;
    std::optional<JoinMode> mode; // --mode: the join mode of every run, whatever else says
    QString viewJsonPath; // --view-json: what the fan-out view shows at the end, as JSON
    QString timelinePath; // --timeline: write the run's timeline there (SVG, or PNG by suffix)
    bool compare = false; // --compare: the scenario in both join modes side by side
    bool external = false; // --server: sessions on another XMPP server
    ServerConnection server; // --server, --domain, --muc, --account, --session
    QString databasePath = QStringLiteral(":memory:"); // --db: the embedded server's SQLite file
    // --bench-frames [SECONDS]: drive deliveries through the lab and report frame times.
    bool benchFrames = false;
    double benchSeconds = 10;
    int benchRate = 1000; // --bench-rate: deliveries per second to the joined sessions
    QString benchJsonPath; // --bench-json: the figures as JSON
    // --listen HOST:PORT: where the embedded server listens for clients, the lab's and
    // real ones (default loopback, any free port; port 0 asks for a free one too).
    bool listenGiven = false;
    QHostAddress listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 listenPort = 0;
    // --hold SECONDS (headless): keep the embedded server up that long for outside
    // clients instead of playing the demo, then write --view-json and --screenshot.
    bool hold = false;
    double holdSeconds = 0;

    static LabCommandLine parse(const QStringList &arguments);
    static QStringList arguments(int argc, char *argv[]);
    static QString usage();
    // HOST:PORT with HOST an IP address (IPv6 in brackets) or localhost; PORT 0 to
    // 65535. Returns an error message, empty when it parsed.
    static QString parseListen(const QString &value, QHostAddress *address, quint16 *port);

    // True when the lab should run headless: asked for, or there is nothing to show a
    // window on. Then selects the offscreen platform unless QT_QPA_PLATFORM is set.
    static bool prepareHeadless(bool requested);
};
