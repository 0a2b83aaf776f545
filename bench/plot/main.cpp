// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-bench-plot: latency distributions of minimix-bench runs as a PNG.
//   minimix-bench-plot [--title TEXT] OUT.png LABEL=FILE.json [LABEL=FILE.json ...]
#include "LatencyPlot.h"

#include <QGuiApplication>
#include <QPair>
#include <QTextStream>
#include <utility>

namespace {
const char Usage[]
    = "Usage: minimix-bench-plot [--title TEXT] OUT.png LABEL=FILE.json [LABEL=FILE.json ...]\n"
      "\n"
      "Draws the latency distribution (latency_cdf_ms) of each minimix-bench --json result\n"
      "as one line, labelled LABEL, into a 1000x600 PNG.\n"
      "\n"
      "  --title TEXT  Title of the picture (default: from the runs' parameters).\n"
      "  -h, --help    Show this help and exit.\n"
      "\n"
      "Exit status: 0 written, 1 the PNG could not be written, 2 bad arguments or input.\n";

int fail(const QString &message)
{
    QTextStream(stderr) << "minimix-bench-plot: " << message << "\n\n" << Usage;
    return 2;
}
} // namespace

int main(int argc, char *argv[])
{
    // No display needed: draw into an image with the offscreen platform unless told otherwise.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("minimix-bench-plot"));
    QCoreApplication::setApplicationVersion(QStringLiteral(MINIMIX_VERSION));

    QStringList arguments = QCoreApplication::arguments().mid(1);
    QString output;
    QString title;
    QList<QPair<QString, QString>> inputs;
    while (!arguments.isEmpty()) {
        const QString argument = arguments.takeFirst();
        if (argument == QLatin1String("-h") || argument == QLatin1String("--help")) {
            QTextStream(stdout) << Usage;
            return 0;
        }
        if (argument == QLatin1String("--version")) {
            QTextStream(stdout) << "minimix-bench-plot " << MINIMIX_VERSION << Qt::endl;
            return 0;
        }
        if (argument == QLatin1String("--title")) {
            if (arguments.isEmpty())
                return fail(QStringLiteral("--title needs a text"));
            title = arguments.takeFirst();
            continue;
        }
        if (argument.startsWith(QLatin1String("--title="))) {
            title = argument.mid(8);
            continue;
        }
        if (argument.startsWith(QLatin1Char('-')) && argument.size() > 1)
            return fail(QStringLiteral("unknown option '%1'").arg(argument));
        if (output.isEmpty()) {
            if (argument.contains(QLatin1Char('=')))
                return fail(QStringLiteral("the first argument is the PNG to write, not '%1'").arg(argument));
            output = argument;
            continue;
        }
        const int equals = argument.indexOf(QLatin1Char('='));
        if (equals <= 0 || equals == argument.size() - 1)
            return fail(QStringLiteral("'%1' is not LABEL=FILE.json").arg(argument));
        inputs.append({ argument.left(equals), argument.mid(equals + 1) });
    }
    if (output.isEmpty())
        return fail(QStringLiteral("no output file"));
    if (inputs.isEmpty())
        return fail(QStringLiteral("no LABEL=FILE.json to draw"));

    LatencyPlot plot;
    plot.setTitle(title);
    for (const auto &input : std::as_const(inputs)) {
        LatencyRun run;
        QString error;
        if (!LatencyRun::load(input.first, input.second, &run, &error)) {
            QTextStream(stderr) << "minimix-bench-plot: " << error << Qt::endl;
            return 2;
        }
        plot.addRun(run);
    }
    const QImage image = plot.render();
    if (!image.save(output, "PNG")) {
        QTextStream(stderr) << "minimix-bench-plot: cannot write " << output << Qt::endl;
        return 1;
    }
    QTextStream(stdout) << "Plot: " << output << " (" << inputs.size()
                        << (inputs.size() == 1 ? " run)" : " runs)") << Qt::endl;
    return 0;
}
