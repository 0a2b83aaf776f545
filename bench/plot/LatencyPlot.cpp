// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "LatencyPlot.h"

#include <QFile>
#include <QFontMetrics>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPolygonF>
#include <algorithm>
#include <cmath>
#include <utility>

namespace {
// Distinct, print-friendly line colours (one per run, repeating after ten).
const QColor Palette[] = { QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28), QColor(0x2c, 0xa0, 0x2c),
                           QColor(0xff, 0x7f, 0x0e), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                           QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                           QColor(0x17, 0xbe, 0xcf) };
constexpr int PaletteSize = int(sizeof(Palette) / sizeof(Palette[0]));

// The smallest latency the x axis shows: 1 µs. Zero latencies sit on the left edge.
constexpr double LowestLatency = 1e-3;

// The nearest of 1, 2, 5, 10, 20, 50 … at or below (above) a positive value.
double stepAtOrBelow(double value)
{
    const double base = std::pow(10.0, std::floor(std::log10(value)));
    for (const int step : { 5, 2, 1 }) {
        if (step * base <= value * (1 + 1e-9))
            return step * base;
    }
    return base;
}

double stepAtOrAbove(double value)
{
    const double base = std::pow(10.0, std::floor(std::log10(value)));
    for (const int step : { 1, 2, 5 }) {
        if (step * base >= value * (1 - 1e-9))
            return step * base;
    }
    return 10 * base;
}

// The latency at a percentile, interpolated between the CDF's points.
double latencyAt(const QList<QPointF> &cdf, double percentile)
{
    for (int i = 1; i < cdf.size(); ++i) {
        if (cdf[i].y() < percentile)
            continue;
        const QPointF &a = cdf[i - 1];
        const QPointF &b = cdf[i];
        if (b.y() <= a.y())
            return b.x();
        return a.x() + (b.x() - a.x()) * (percentile - a.y()) / (b.y() - a.y());
    }
    return cdf.isEmpty() ? 0 : cdf.last().x();
}

QString formatMs(double ms)
{
    if (ms >= 100)
        return QString::number(ms, 'f', 0);
    if (ms >= 10)
        return QString::number(ms, 'f', 1);
    if (ms >= 0.1)
        return QString::number(ms, 'f', 2);
    return QString::number(ms, 'f', 3);
}

QString tickLabel(double value)
{
    // 'g' with enough digits prints 0.001 … 100000 without exponents or noise.
    return QString::number(value, 'g', 6);
}

QFont pixelFont(const QFont &base, int pixels, bool bold = false)
{
    QFont font(base);
    font.setPixelSize(pixels);
    font.setBold(bold);
    return font;
}
} // namespace

bool LatencyRun::load(const QString &label, const QString &path, LatencyRun *run, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = QStringLiteral("%1 is not valid JSON: %2 at offset %3")
                     .arg(path, parseError.errorString())
                     .arg(parseError.offset);
        return false;
    }
    if (!document.isObject()) {
        *error = QStringLiteral("%1 is not a minimix-bench result (not a JSON object)").arg(path);
        return false;
    }
    QString reason;
    if (!fromJson(document.object(), run, &reason)) {
        *error = QStringLiteral("%1: %2").arg(path, reason);
        return false;
    }
    run->label = label;
    run->file = path;
    return true;
}

bool LatencyRun::fromJson(const QJsonObject &object, LatencyRun *run, QString *error)
{
    const QJsonValue cdfValue = object.value(QStringLiteral("latency_cdf_ms"));
    if (cdfValue.isUndefined() || cdfValue.isNull()) {
        *error = QStringLiteral("no latency_cdf_ms (is it a minimix-bench --json file?)");
        return false;
    }
    if (!cdfValue.isArray()) {
        *error = QStringLiteral("latency_cdf_ms is not an array");
        return false;
    }
    const QJsonArray cdf = cdfValue.toArray();
    QList<QPointF> points;
    for (int i = 0; i < cdf.size(); ++i) {
        const QJsonArray pair = cdf.at(i).toArray();
        const bool numbers = pair.size() == 2 && pair.at(0).isDouble() && pair.at(1).isDouble();
        const double percentile = numbers ? pair.at(0).toDouble() : -1;
        const double ms = numbers ? pair.at(1).toDouble() : -1;
        if (!numbers || percentile < 0 || percentile > 100 || !std::isfinite(ms) || ms < 0) {
            *error = QStringLiteral("latency_cdf_ms[%1] is not a [percentile 0-100, latency ms >= 0] pair")
                         .arg(i);
            return false;
        }
        points.append(QPointF(ms, percentile));
    }
    if (points.size() < 2) {
        *error = QStringLiteral(
                     "latency_cdf_ms has %1 point(s); a distribution needs at least 2 (no deliveries?)")
                     .arg(points.size());
        return false;
    }
    std::stable_sort(points.begin(), points.end(),
                     [](const QPointF &a, const QPointF &b) { return a.y() < b.y(); });
    run->cdf = points;

    const QJsonObject latency = object.value(QStringLiteral("latency_ms")).toObject();
    const QJsonValue p50 = latency.value(QStringLiteral("p50"));
    const QJsonValue p99 = latency.value(QStringLiteral("p99"));
    run->p50 = p50.isDouble() ? p50.toDouble() : latencyAt(points, 50);
    run->p99 = p99.isDouble() ? p99.toDouble() : latencyAt(points, 99);

    const QJsonObject parameters = object.value(QStringLiteral("parameters")).toObject();
    run->sessions = object.value(QStringLiteral("sessions_total")).toInt();
    run->messages = parameters.value(QStringLiteral("messages")).toInt();
    run->rate = parameters.value(QStringLiteral("rate")).toDouble();
    return true;
}

QString LatencyPlot::title() const
{
    if (!m_title.isEmpty())
        return m_title;
    const QString plain = QStringLiteral("Delivery latency");
    if (m_runs.isEmpty())
        return plain;
    const LatencyRun &first = m_runs.first();
    for (const LatencyRun &run : m_runs) {
        if (run.sessions != first.sessions || run.messages != first.messages || run.rate != first.rate)
            return plain;
    }
    if (first.sessions <= 0 || first.messages <= 0)
        return plain;
    const QString pace
        = first.rate > 0 ? QStringLiteral("at %1 msg/s").arg(first.rate) : QStringLiteral("burst");
    return QStringLiteral("%1: %2 sessions, %3 messages, %4")
        .arg(plain)
        .arg(first.sessions)
        .arg(first.messages)
        .arg(pace);
}

QImage LatencyPlot::render(const QSize &size) const
{
    const QFont base = QGuiApplication::font();
    const QFont titleFont = pixelFont(base, 20, true);
    const QFont subtitleFont = pixelFont(base, 13);
    const QFont tickFont = pixelFont(base, 13);
    const QFont axisFont = pixelFont(base, 14, true);
    const QFont legendFont = pixelFont(base, 14);
    const QFont legendBold = pixelFont(base, 14, true);
    const QColor ink(0x22, 0x22, 0x22);
    const QColor muted(0x66, 0x66, 0x66);
    const QColor majorGrid(0xcc, 0xcc, 0xcc);
    const QColor minorGrid(0xee, 0xee, 0xee);

    const QRectF plot(QPointF(80, 74), QPointF(size.width() - 40, size.height() - 66));

    // The x range: from the 1-2-5 step at or below the lowest latency to the one at or
    // above the highest, at least a factor of 2 wide.
    double lowest = 0;
    double highest = 0;
    bool zeros = false;
    for (const LatencyRun &run : m_runs) {
        for (const QPointF &point : run.cdf) {
            zeros = zeros || point.x() <= 0;
            if (point.x() > 0 && (lowest == 0 || point.x() < lowest))
                lowest = point.x();
            highest = std::max(highest, point.x());
        }
    }
    const double from = std::max(lowest > 0 ? stepAtOrBelow(lowest) : 1.0, LowestLatency);
    const double to = std::max(highest > 0 ? stepAtOrAbove(highest) : 10 * from, stepAtOrAbove(2 * from));
    const double logFrom = std::log10(from);
    const double span = std::log10(to) - logFrom;

    const auto xFor = [&](double ms) {
        const double exponent = ms > 0 ? std::max(std::log10(ms), logFrom) : logFrom;
        return plot.left() + (exponent - logFrom) / span * plot.width();
    };
    const auto yFor = [&](double percentile) { return plot.bottom() - percentile / 100.0 * plot.height(); };

    // Each run's line in image coordinates.
    QList<QPolygonF> lines;
    for (const LatencyRun &run : m_runs) {
        QPolygonF line;
        for (const QPointF &point : run.cdf)
            line.append(QPointF(xFor(point.x()), yFor(point.y())));
        lines.append(line);
    }

    // The legend: label and p50/p99 of each run. Inside the plot, in the corner the lines
    // cross least (bottom right first: a CDF leaves it empty), or below the plot when the
    // lines cross every corner; the picture then grows to make room.
    const QFontMetrics boldMetrics(legendBold);
    const QFontMetrics metrics(legendFont);
    int labelWidth = 0;
    int figuresWidth = 0;
    QStringList figures;
    for (const LatencyRun &run : m_runs) {
        labelWidth = std::max(labelWidth, boldMetrics.horizontalAdvance(run.label));
        figures.append(QStringLiteral("p50 %1 ms   p99 %2 ms").arg(formatMs(run.p50), formatMs(run.p99)));
        figuresWidth = std::max(figuresWidth, metrics.horizontalAdvance(figures.last()));
    }
    const int rowHeight = 24;
    const int swatch = 28;
    const int padding = 12;
    const int entryWidth = swatch + 10 + labelWidth + 18 + figuresWidth;
    const QSizeF insideSize(padding + entryWidth + padding,
                            padding + rowHeight * m_runs.size() + padding - 4);
    const QRectF inner = plot.adjusted(14, 14, -14, -14);
    const QRectF corners[] = {
        QRectF(inner.bottomRight() - QPointF(insideSize.width(), insideSize.height()), insideSize),
        QRectF(inner.topLeft(), insideSize),
        QRectF(QPointF(inner.right() - insideSize.width(), inner.top()), insideSize),
        QRectF(QPointF(inner.left(), inner.bottom() - insideSize.height()), insideSize),
    };
    const auto crossings = [&lines](const QRectF &area) {
        int count = 0;
        for (const QPolygonF &line : lines) {
            for (int j = 1; j < line.size(); ++j) {
                for (int k = 0; k <= 8; ++k)
                    count += area.contains(line[j - 1] + (line[j] - line[j - 1]) * (k / 8.0)) ? 1 : 0;
            }
        }
        return count;
    };
    QRectF legendBox = corners[0];
    int fewest = crossings(legendBox);
    for (const QRectF &corner : corners) {
        const int count = crossings(corner);
        if (count < fewest) {
            fewest = count;
            legendBox = corner;
        }
    }
    const bool legendBelow = fewest > 0 && !m_runs.isEmpty();
    int columns = 1;
    if (legendBelow) {
        columns = std::max(1, std::min(int(m_runs.size()), int(plot.width() + 30) / (entryWidth + 30)));
        const int rows = (int(m_runs.size()) + columns - 1) / columns;
        const double width = columns * entryWidth + (columns - 1) * 30 + 2 * padding;
        legendBox = QRectF(plot.center().x() - width / 2, size.height() - 4, width,
                           padding + rowHeight * rows + padding - 4);
    }
    const int height = legendBelow ? int(std::ceil(legendBox.bottom())) + 14 : size.height();

    QImage image(QSize(size.width(), height), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);

    // Title and what is drawn.
    painter.setPen(ink);
    painter.setFont(titleFont);
    painter.drawText(QRect(0, 12, size.width(), 28), Qt::AlignHCenter | Qt::AlignVCenter, title());
    painter.setFont(subtitleFont);
    painter.setPen(muted);
    painter.drawText(QRect(0, 40, size.width(), 20), Qt::AlignHCenter | Qt::AlignVCenter,
                     QStringLiteral("cumulative distribution: share of deliveries (percentile) "
                                    "that arrived within a latency"));

    // Grid: a line at every decade, fainter ones at 2..9 times it; every 10th percentile.
    struct TickLabel
    {
        double x;
        QString text;
        int priority; // 0 drawn first: decades, then the ends of the axis, then 2 and 5
    };
    QList<TickLabel> tickLabels;
    const bool labelTwoAndFive = span <= 2.5;
    for (int decade = int(std::floor(logFrom)); decade <= int(std::ceil(std::log10(to))); ++decade) {
        for (int step = 1; step <= 9; ++step) {
            const double value = step * std::pow(10.0, decade);
            if (value < from * (1 - 1e-9) || value > to * (1 + 1e-9))
                continue;
            const double x = xFor(value);
            const bool atEnd = value <= from * (1 + 1e-9) || value >= to * (1 - 1e-9);
            const bool labelled = step == 1 || atEnd || (labelTwoAndFive && (step == 2 || step == 5));
            painter.setPen(QPen(step == 1 ? majorGrid : minorGrid, 1));
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
            painter.setPen(ink);
            painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + (labelled ? 6 : 3)));
            if (!labelled)
                continue;
            // Latencies below the axis (0 ms, or under 1 µs) are drawn on its left edge.
            const bool below = value <= from * (1 + 1e-9) && (zeros || lowest < from);
            tickLabels.append({ x, (below ? QStringLiteral("≤ ") : QString()) + tickLabel(value),
                                step == 1 ? 0 : (atEnd ? 1 : 2) });
        }
    }
    std::stable_sort(tickLabels.begin(), tickLabels.end(),
                     [](const TickLabel &a, const TickLabel &b) { return a.priority < b.priority; });
    painter.setFont(tickFont);
    const QFontMetrics tickMetrics(tickFont);
    QList<QRectF> drawn;
    for (const TickLabel &label : std::as_const(tickLabels)) {
        const double width = tickMetrics.horizontalAdvance(label.text) + 10;
        const QRectF area(label.x - width / 2, plot.bottom() + 8, width, 18);
        if (std::any_of(drawn.cbegin(), drawn.cend(),
                        [&area](const QRectF &other) { return other.intersects(area); }))
            continue;
        drawn.append(area);
        painter.setPen(label.priority == 2 ? muted : ink);
        painter.drawText(area, Qt::AlignHCenter | Qt::AlignTop, label.text);
    }
    for (int percentile = 0; percentile <= 100; percentile += 10) {
        const double y = yFor(percentile);
        painter.setPen(QPen(majorGrid, 1));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(ink);
        painter.drawLine(QPointF(plot.left() - 6, y), QPointF(plot.left(), y));
        painter.drawText(QRectF(plot.left() - 50, y - 9, 40, 18), Qt::AlignRight | Qt::AlignVCenter,
                         QString::number(percentile));
    }
    // p50 and p99, where the legend's figures are read; named in the right margin.
    for (const int percentile : { 50, 99 }) {
        const double y = yFor(percentile);
        painter.setPen(QPen(muted, 1, Qt::DashLine));
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.setPen(muted);
        painter.drawText(QRectF(plot.right() + 4, y - 9, 40, 18), Qt::AlignLeft | Qt::AlignVCenter,
                         QStringLiteral("p%1").arg(percentile));
    }

    // Axes and their names.
    painter.setPen(QPen(ink, 1.5));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.drawLine(plot.bottomLeft(), plot.topLeft());
    painter.setFont(axisFont);
    painter.drawText(QRectF(plot.left(), size.height() - 34, plot.width(), 22),
                     Qt::AlignHCenter | Qt::AlignVCenter, QStringLiteral("latency (ms, log scale)"));
    painter.save();
    painter.translate(22, plot.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-plot.height() / 2, -11, plot.height(), 22), Qt::AlignHCenter | Qt::AlignVCenter,
                     QStringLiteral("percentile of deliveries"));
    painter.restore();

    // One line per run, a dot at its p50 and p99.
    painter.setClipRect(plot.adjusted(-5, -5, 5, 5));
    for (int i = 0; i < m_runs.size(); ++i) {
        const LatencyRun &run = m_runs.at(i);
        const QColor colour = Palette[i % PaletteSize];
        painter.setPen(QPen(colour, 2.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter.setBrush(Qt::NoBrush);
        painter.drawPolyline(lines.at(i));
        painter.setPen(QPen(Qt::white, 1.5));
        painter.setBrush(colour);
        painter.drawEllipse(QPointF(xFor(run.p50), yFor(50)), 4.5, 4.5);
        painter.drawEllipse(QPointF(xFor(run.p99), yFor(99)), 4.5, 4.5);
    }
    painter.setClipping(false);

    if (!m_runs.isEmpty()) {
        painter.setPen(QPen(majorGrid, 1));
        painter.setBrush(QColor(255, 255, 255, 235));
        painter.drawRoundedRect(legendBox, 6, 6);
        for (int i = 0; i < m_runs.size(); ++i) {
            const QColor colour = Palette[i % PaletteSize];
            const int column = legendBelow ? i % columns : 0;
            const int row = legendBelow ? i / columns : i;
            const double x = legendBox.left() + padding + column * (entryWidth + 30);
            const double y = legendBox.top() + padding + rowHeight * row + rowHeight / 2.0 - 2;
            painter.setPen(QPen(colour, 3, Qt::SolidLine, Qt::RoundCap));
            painter.drawLine(QPointF(x, y), QPointF(x + swatch, y));
            painter.setPen(ink);
            painter.setFont(legendBold);
            painter.drawText(QRectF(x + swatch + 10, y - rowHeight / 2.0, labelWidth + 4, rowHeight),
                             Qt::AlignLeft | Qt::AlignVCenter, m_runs.at(i).label);
            painter.setFont(legendFont);
            painter.setPen(muted);
            painter.drawText(
                QRectF(x + swatch + 10 + labelWidth + 18, y - rowHeight / 2.0, figuresWidth + 4, rowHeight),
                Qt::AlignLeft | Qt::AlignVCenter, figures.at(i));
        }
    }
    painter.end();
    return image;
}
