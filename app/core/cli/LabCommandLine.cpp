// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/cli/LabCommandLine.h"

#include "core/cli/ServerConnectionOptions.h"
#include "core/scenario/ScansionParser.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace {
// --bench-frames takes an optional value, which QCommandLineParser cannot express:
// a number right after the flag (or --bench-frames=N) is taken out here.
void takeBenchSeconds(QStringList *arguments, QString *seconds, bool *given)
{
    for (int i = 1; i < arguments->size(); ++i) {
        const QString argument = arguments->at(i);
        if (argument == QLatin1String("--"))
            break;
        QString name = argument;
        while (name.startsWith(QLatin1Char('-')))
            name.remove(0, 1);
        if (!argument.startsWith(QLatin1Char('-')) || !name.startsWith(QLatin1String("bench-frames")))
            continue;
        if (name == QLatin1String("bench-frames")) {
            *given = true;
            if (i + 1 < arguments->size() && !arguments->at(i + 1).startsWith(QLatin1Char('-')))
                *seconds = arguments->takeAt(i + 1);
        } else if (name.startsWith(QLatin1String("bench-frames="))) {
            *given = true;
            *seconds = name.mid(int(qstrlen("bench-frames=")));
            (*arguments)[i] = QStringLiteral("--bench-frames");
        }
    }
}
} // namespace

LabCommandLine LabCommandLine::parse(const QStringList &originalArguments)
{
    QStringList arguments = originalArguments;
    QString benchSeconds;
    bool benchGiven = false;
    takeBenchSeconds(&arguments, &benchSeconds, &benchGiven);

    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption headless(QStringLiteral("headless"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"), QString(), QStringLiteral("path"));
    const QCommandLineOption scenario(QStringLiteral("scenario"), QString(), QStringLiteral("file"));
    const QCommandLineOption timeline(QStringLiteral("timeline"), QString(), QStringLiteral("path"));
    parser.addOption(timeline);
    const QCommandLineOption compare(QStringLiteral("compare"));
    const ServerConnectionOptions serverOptions;
    serverOptions.addTo(parser);
    const QCommandLineOption db(QStringLiteral("db"), QString(), QStringLiteral("path"));
    const QCommandLineOption mode(QStringLiteral("mode"), QString(), QStringLiteral("mode"));
    const QCommandLineOption viewJson(QStringLiteral("view-json"), QString(), QStringLiteral("file"));
    parser.addOptions(
        { helpOption(), versionOption(), headless, screenshot, scenario, compare, db, mode, viewJson });
    const QCommandLineOption benchFrames(QStringLiteral("bench-frames"));
    const QCommandLineOption benchRate(QStringLiteral("bench-rate"), QString(), QStringLiteral("deliveries"));
    const QCommandLineOption benchJson(QStringLiteral("bench-json"), QString(), QStringLiteral("file"));
    parser.addOptions({ benchFrames, benchRate, benchJson });
    const QCommandLineOption listen(QStringLiteral("listen"), QString(), QStringLiteral("host:port"));
    const QCommandLineOption hold(QStringLiteral("hold"), QString(), QStringLiteral("seconds"));
    parser.addOptions({ listen, hold });

    LabCommandLine result;
    result.helpText = usage();
    if (!result.parseStandard(parser, arguments))
        return result;
    result.headless = parser.isSet(headless);
    result.compare = parser.isSet(compare);
    result.external = serverOptions.serverGiven(parser);
    QString serverError = serverOptions.read(parser, &result.server);
    // A scansion script brings its accounts (and so the domain): the server is enough.
    const QStringList paths = parser.values(scenario);
    const bool scriptsOnly
        = !paths.isEmpty() && std::all_of(paths.cbegin(), paths.cend(), &ScansionParser::isScansionPath);
    if (scriptsOnly && result.external && !result.server.host.isEmpty()
        && (serverError.startsWith(QLatin1String("no domain given"))
            || serverError.startsWith(QLatin1String("no account given"))))
        serverError.clear();
    if (!serverError.isEmpty()) {
        result.fail(serverError);
        return result;
    }
    if (parser.isSet(screenshot)) {
        result.screenshotPath = parser.value(screenshot);
        result.screenshotGiven = true;
        if (result.screenshotPath.isEmpty()) {
            result.fail(QStringLiteral("--screenshot needs a file name"));
        }
    }
    if (parser.isSet(timeline)) {
        result.timelinePath = parser.value(timeline);
        if (result.timelinePath.isEmpty()) {
            result.fail(QStringLiteral("--timeline needs a file name"));
        }
    }
    if (parser.isSet(db)) {
        result.databasePath = parser.value(db);
        if (result.databasePath.isEmpty()) {
            result.fail(QStringLiteral("--db needs a path or :memory:"));
        } else if (result.external || result.compare) {
            result.fail(QStringLiteral("--db is for the lab's own server, not with --server or --compare"));
        }
    }
    result.scenarioPaths = parser.values(scenario);
    if (result.scenarioPaths.contains(QString())) {
        result.fail(QStringLiteral("--scenario needs a file name"));
        return result;
    }
    if (result.compare && result.scenarioPaths.size() > 1) {
        result.fail(QStringLiteral("--compare plays one scenario, not %1").arg(result.scenarioPaths.size()));
        return result;
    }
    if (result.external && result.scenarioPaths.size() > 1) {
        result.fail(QStringLiteral("--server plays one scenario, not %1").arg(result.scenarioPaths.size()));
        return result;
    }
    if (!result.readJoinMode(parser, mode, &result.mode))
        return result;
    if (result.mode && (result.external || result.compare)) {
        result.fail(QStringLiteral("--mode is for the lab's own server; --compare plays both modes and "
                                   "another server (--server) has its own"));
        return result;
    }
    if (parser.isSet(viewJson)) {
        result.viewJsonPath = parser.value(viewJson);
        if (result.viewJsonPath.isEmpty()) {
            result.fail(QStringLiteral("--view-json needs a file name"));
            return result;
        }
        if (result.external || result.compare) {
            result.fail(QStringLiteral("--view-json writes the lab's own fan-out view; not with --server or "
                                       "--compare"));
            return result;
        }
    }
    if (parser.isSet(listen)) {
        result.listenGiven = true;
        const QString error = parseListen(parser.value(listen), &result.listenAddress, &result.listenPort);
        if (!error.isEmpty()) {
            result.fail(error);
            return result;
        }
        if (result.external || result.compare) {
            result.fail(
                QStringLiteral("--listen is for the lab's own server; not with --server or --compare"));
            return result;
        }
    }
    if (parser.isSet(hold)) {
        result.hold = true;
        const QString value = parser.value(hold);
        bool ok = false;
        result.holdSeconds = value.toDouble(&ok);
        if (!ok || !(result.holdSeconds >= 0) || result.holdSeconds > 86400) {
            result.fail(QStringLiteral("--hold takes a number of seconds (0 <= SECONDS <= 86400), not '%1'")
                            .arg(value));
            return result;
        }
        if (!result.headless) {
            result.fail(
                QStringLiteral("--hold goes with --headless (the window keeps its server up anyway)"));
            return result;
        }
        if (result.external || result.compare || !result.scenarioPaths.isEmpty() || benchGiven) {
            result.fail(QStringLiteral("--hold keeps the lab's own server up for outside clients; not with "
                                       "--server, --compare, --scenario or --bench-frames"));
            return result;
        }
    }
    result.benchFrames = benchGiven;
    if (!benchGiven && (parser.isSet(benchRate) || parser.isSet(benchJson))) {
        result.fail(QStringLiteral("--bench-rate and --bench-json go with --bench-frames"));
        return result;
    }
    if (benchGiven) {
        if (!benchSeconds.isEmpty()) {
            bool ok = false;
            result.benchSeconds = benchSeconds.toDouble(&ok);
            if (!ok || result.benchSeconds <= 0 || result.benchSeconds > 3600) {
                result.fail(QStringLiteral("--bench-frames takes a number of seconds (0 < SECONDS <= 3600), "
                                           "not '%1'")
                                .arg(benchSeconds));
                return result;
            }
        }
        if (parser.isSet(benchRate)) {
            bool ok = false;
            result.benchRate = parser.value(benchRate).toInt(&ok);
            if (!ok || result.benchRate <= 0 || result.benchRate > 100000) {
                result.fail(QStringLiteral("--bench-rate takes deliveries per second (1 to 100000)"));
                return result;
            }
        }
        if (parser.isSet(benchJson)) {
            result.benchJsonPath = parser.value(benchJson);
            if (result.benchJsonPath.isEmpty()) {
                result.fail(QStringLiteral("--bench-json needs a file name"));
                return result;
            }
        }
        if (result.external || result.compare || !result.scenarioPaths.isEmpty()
            || !result.timelinePath.isEmpty() || !result.viewJsonPath.isEmpty() || result.mode) {
            result.fail(
                QStringLiteral("--bench-frames runs the lab's own load; not with --server, --compare, "
                               "--scenario, --mode, --timeline or --view-json"));
            return result;
        }
    }
    return result;
}

QString LabCommandLine::parseListen(const QString &value, QHostAddress *address, quint16 *port)
{
    const auto bad = [&value](const QString &why) {
        return QStringLiteral(
                   "--listen takes HOST:PORT (e.g. 127.0.0.1:5222, [::1]:5222, port 0 for any free "
                   "one), not '%1': %2")
            .arg(value, why);
    };
    const int colon = int(value.lastIndexOf(QLatin1Char(':')));
    QString host = colon < 0 ? value : value.left(colon);
    const QString portText = colon < 0 ? QString() : value.mid(colon + 1);
    if (colon < 0 || portText.isEmpty() || portText.contains(QLatin1Char(']'))
        || (host.contains(QLatin1Char(':')) && !host.startsWith(QLatin1Char('['))))
        return bad(QStringLiteral("no port"));
    if (host.isEmpty())
        return bad(QStringLiteral("no host"));
    bool ok = false;
    const uint number = portText.toUInt(&ok);
    if (!ok || number > 65535)
        return bad(QStringLiteral("the port is not a number from 0 to 65535"));
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    QHostAddress parsed;
    if (host == QLatin1String("localhost"))
        parsed = QHostAddress(QHostAddress::LocalHost);
    else if (!parsed.setAddress(host))
        return bad(QStringLiteral("the host is not an IP address or localhost"));
    *address = parsed;
    *port = quint16(number);
    return QString();
}

QStringList LabCommandLine::arguments(int argc, char *argv[])
{
    QStringList list;
    for (int i = 0; i < argc; ++i)
        list << QString::fromLocal8Bit(argv[i]);
    return list;
}

QString LabCommandLine::usage()
{
    return QStringLiteral(
        "Usage: minimix-lab [--headless] [--scenario FILE]... [--mode MODE] [--compare]\n"
        "                   [--screenshot PATH] [--timeline PATH] [--view-json FILE]\n"
        "                   [--db PATH] [--listen HOST:PORT] [--help] [--version]\n"
        "       minimix-lab --headless --hold SECONDS [--listen HOST:PORT] [--mode MODE]\n"
        "                   [--view-json FILE] [--screenshot PATH] [--timeline PATH]\n"
        "       minimix-lab --bench-frames [SECONDS] [--bench-rate N] [--bench-json FILE]\n"
        "                   [--screenshot PATH]\n"
        "\n"
        "Minimix Lab: an embedded XMPP server and five client sessions on loopback,\n"
        "showing how account-level MUC joining forks room stanzas to sessions.\n"
        "\n"
        "Options:\n"
        "  --headless         Run the built-in demo without a window, save a screenshot,\n"
        "                     print who received what and exit (0 when every step passed).\n"
        "                     Implied when there is nothing to show a window on: no\n"
        "                     DISPLAY or WAYLAND_DISPLAY, or QT_QPA_PLATFORM=offscreen.\n"
        "  --scenario FILE    Play a scenario file instead of the demo; repeat it to play\n"
        "                     several in order, each on a fresh server, as the window\n"
        "                     does when you play one after another. Headless, print each\n"
        "                     step's result and exit 0 when every step passed, 1 when one\n"
        "                     failed, 3 when a file is not a valid scenario.\n"
        "  --mode MODE        The join mode of the run: minimix (account-level) or\n"
        "                     classic. The demo and every scenario play in it. Without\n"
        "                     it, headless runs use minimix for the demo and each\n"
        "                     scenario's own mode, never the window's saved settings;\n"
        "                     the window starts in it instead of the remembered mode.\n"
        "  --compare          Play the scenario (default: the built-in \"3 accounts x 3\n"
        "                     sessions\") on two servers at once, account-level and\n"
        "                     classic, side by side; headless, print both sets of totals.\n"
        "  --server HOST:PORT External server mode: the sessions log in to that XMPP server\n"
        "                     (with --domain D, --muc M (default conference.D), one\n"
        "                     --account NAME:PASSWORD per account, --session NAME/RES\n"
        "                     per session (default NAME/lab)), play the scenario or the\n"
        "                     built-in hello check; exit 4 when they cannot get online.\n"
        "  --screenshot PATH  Where the headless run saves its screenshot (default for\n"
        "                     the demo: minimix-lab-demo.png; a scenario, --compare and\n"
        "                     --server save one only when asked; --server saves its\n"
        "                     external server window).\n"
        "  --timeline PATH    After a headless run, write its timeline (every stanza hop\n"
        "                     and fork decision) to PATH: a PNG when PATH ends in .png,\n"
        "                     an SVG otherwise.\n"
        "  --view-json FILE   After a headless run, write what the fan-out view shows as\n"
        "                     JSON: room, occupants, each account (occupant or not, its\n"
        "                     state) with its sessions (joined, state, deliveries), and\n"
        "                     the totals (stanzas the room sent, copies delivered).\n"
        "  --db PATH          The embedded server's SQLite database (default :memory:,\n"
        "                     thrown away at exit). With a file, rooms, memberships,\n"
        "                     bookmarks and the archive survive to the next run of the\n"
        "                     lab. A scenario (or a recording) restarts the server on\n"
        "                     that same file, so it starts from what the file holds, not\n"
        "                     from a fresh server: play scenarios without --db.\n"
        "  --listen HOST:PORT Where the embedded server listens for clients (default\n"
        "                     127.0.0.1 on a free port; port 0: a free port, printed).\n"
        "                     HOST is an IP address or localhost. The lab's accounts\n"
        "                     (alice, bob, carol, password secret) log in there with\n"
        "                     SCRAM, or PLAIN after STARTTLS; exit 2 when the address\n"
        "                     cannot be listened on.\n"
        "  --hold SECONDS     With --headless: instead of the demo, keep the embedded\n"
        "                     server up SECONDS for your own client. Prints one line\n"
        "                     \"Hold: host=H port=P domain=D muc=M accounts=NAME:PASSWORD,...\n"
        "                     sha256=FINGERPRINT seconds=S\", then each outside session\n"
        "                     as it comes, joins, leaves and goes; afterwards writes\n"
        "                     --view-json, --screenshot (only when given) and --timeline\n"
        "                     and exits 0. Outside sessions are shown in the fan-out\n"
        "                     view under their account, like the lab's own.\n"
        "  --bench-frames [SECONDS]\n"
        "                     Frame benchmark, default 10 s: the lab's window (1600x1100,\n"
        "                     offscreen without a display) with the timeline and session\n"
        "                     docks open; every session joins lobby, then bob/desktop\n"
        "                     says as many groupchat messages as make the server deliver\n"
        "                     --bench-rate copies per second. Prints messages sent,\n"
        "                     deliveries observed, frames painted, frame time and\n"
        "                     event-loop lateness (p50/p99/max) and whether the frame\n"
        "                     time p99 is <= 33 ms; exits 0 when the run completed, 1\n"
        "                     when it could not (a session could not join). --screenshot\n"
        "                     saves the window as the load ends.\n"
        "  --bench-rate N     Deliveries per second for --bench-frames (default 1000).\n"
        "  --bench-json FILE  Also write the --bench-frames figures to FILE as JSON.\n"
        "  -h, --help         Show this help and exit.\n"
        "  -v, --version      Show the version and exit.\n");
}

bool LabCommandLine::prepareHeadless(bool requested)
{
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    const bool noDisplay = platform.isEmpty() && qEnvironmentVariableIsEmpty("DISPLAY")
        && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
    // A platform that cannot show anything would leave an interactive lab waiting forever.
    const bool invisiblePlatform = platform == "offscreen" || platform == "minimal";
    const bool headless = requested || noDisplay || invisiblePlatform;
    if (headless && platform.isEmpty())
        qputenv("QT_QPA_PLATFORM", "offscreen");
    return headless;
}
