#include "LatencyPlot.h"

#include <QFile>
#include <QFontMetrics>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>
#include <cmath>

namespace {
// Distinct, print-friendly line colours (one per run, repeating after ten).
const QColor Palette[] = { QColor(0x1f, 0x77, 0xb4), QColor(0xd6, 0x27, 0x28), QColor(0x2c, 0xa0, 0x2c),
                           QColor(0xff, 0x7f, 0x0e), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                           QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                           QColor(0x17, 0xbe, 0xcf) };
constexpr int PaletteSize = int(sizeof(Palette) / sizeof(Palette[0]));

// The smallest latency the x axis shows: 1 µs. Zero latencies sit on the left edge.
constexpr int LowestDecade = -3;

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
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);

    const QFont base = painter.font();
    const QFont titleFont = pixelFont(base, 20, true);
    const QFont subtitleFont = pixelFont(base, 13);
    const QFont tickFont = pixelFont(base, 13);
    const QFont axisFont = pixelFont(base, 14, true);
    const QFont legendFont = pixelFont(base, 14);
    const QFont legendBold = pixelFont(base, 14, true);
    const QColor ink(0x22, 0x22, 0x22);
    const QColor muted(0x66, 0x66, 0x66);

    // Title and what is drawn.
    painter.setPen(ink);
    painter.setFont(titleFont);
    painter.drawText(QRect(0, 12, size.width(), 28), Qt::AlignHCenter | Qt::AlignVCenter, title());
    painter.setFont(subtitleFont);
    painter.setPen(muted);
    painter.drawText(QRect(0, 40, size.width(), 20), Qt::AlignHCenter | Qt::AlignVCenter,
                     QStringLiteral("cumulative distribution: share of deliveries (percentile) "
                                    "that arrived within a latency"));

    const QRectF plot(QPointF(80, 74), QPointF(size.width() - 36, size.height() - 66));

    // The x range: whole decades around every latency drawn.
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
    int firstDecade = lowest > 0 ? int(std::floor(std::log10(lowest))) : 0;
    int lastDecade = highest > 0 ? int(std::ceil(std::log10(highest))) : firstDecade + 1;
    firstDecade = std::max(firstDecade, LowestDecade);
    lastDecade = std::max(lastDecade, firstDecade + 1);
    const double decades = lastDecade - firstDecade;

    const auto xFor = [&](double ms) {
        const double exponent = ms > 0 ? std::max(std::log10(ms), double(firstDecade)) : firstDecade;
        return plot.left() + (exponent - firstDecade) / decades * plot.width();
    };
    const auto yFor = [&](double percentile) { return plot.bottom() - percentile / 100.0 * plot.height(); };

    // Grid: a line at every decade, fainter ones at 2..9 times it; every 10th percentile.
    const QColor majorGrid(0xcc, 0xcc, 0xcc);
    const QColor minorGrid(0xee, 0xee, 0xee);
    painter.setFont(tickFont);
    const QFontMetrics tickMetrics(tickFont);
    const bool labelMinor = decades <= 2;
    for (int decade = firstDecade; decade <= lastDecade; ++decade) {
        const double value = std::pow(10.0, decade);
        const double x = xFor(value);
        painter.setPen(QPen(majorGrid, 1));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter.setPen(ink);
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 6));
        // Latencies below the axis (0 ms, or under 1 µs) are drawn on its left edge.
        const bool edge = decade == firstDecade && (zeros || lowest < value);
        painter.drawText(QRectF(x - 40, plot.bottom() + 8, 80, 18), Qt::AlignHCenter | Qt::AlignTop,
                         (edge ? QStringLiteral("≤ ") : QString()) + tickLabel(value));
        if (decade == lastDecade)
            break;
        for (int step = 2; step <= 9; ++step) {
            const double minorX = xFor(step * value);
            painter.setPen(QPen(minorGrid, 1));
            painter.drawLine(QPointF(minorX, plot.top()), QPointF(minorX, plot.bottom()));
            painter.setPen(ink);
            painter.drawLine(QPointF(minorX, plot.bottom()), QPointF(minorX, plot.bottom() + 3));
            if (labelMinor && (step == 2 || step == 5)) {
                painter.setPen(muted);
                painter.drawText(QRectF(minorX - 40, plot.bottom() + 8, 80, 18),
                                 Qt::AlignHCenter | Qt::AlignTop, tickLabel(step * value));
            }
        }
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
    // p50 and p99, where the legend's figures are read.
    painter.setPen(QPen(muted, 1, Qt::DashLine));
    for (const int percentile : { 50, 99 }) {
        const double y = yFor(percentile);
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        painter.drawText(QRectF(plot.right() - 44, y - (percentile == 99 ? 0 : 18), 40, 18),
                         Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("p%1").arg(percentile));
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
    painter.setClipRect(plot.adjusted(-4, -4, 4, 4));
    for (int i = 0; i < m_runs.size(); ++i) {
        const LatencyRun &run = m_runs.at(i);
        const QColor colour = Palette[i % PaletteSize];
        QPainterPath path;
        for (int j = 0; j < run.cdf.size(); ++j) {
            const QPointF point(xFor(run.cdf[j].x()), yFor(run.cdf[j].y()));
            if (j == 0)
                path.moveTo(point);
            else
                path.lineTo(point);
        }
        painter.setPen(QPen(colour, 2.5, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
        painter.setPen(QPen(Qt::white, 1.5));
        painter.setBrush(colour);
        painter.drawEllipse(QPointF(xFor(run.p50), yFor(50)), 4.5, 4.5);
        painter.drawEllipse(QPointF(xFor(run.p99), yFor(99)), 4.5, 4.5);
    }
    painter.setClipping(false);

    // Legend inside the plot, in the corner the lines cross least: bottom right (slow but
    // rare: a CDF leaves it empty) unless the lines are there after all.
    if (!m_runs.isEmpty()) {
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
        const QSizeF boxSize(padding + swatch + 10 + labelWidth + 18 + figuresWidth + padding,
                             padding + rowHeight * m_runs.size() + padding - 4);
        const QRectF inner = plot.adjusted(14, 14, -14, -14);
        const QRectF corners[] = {
            QRectF(inner.bottomRight() - QPointF(boxSize.width(), boxSize.height()), boxSize),
            QRectF(inner.topLeft(), boxSize),
            QRectF(QPointF(inner.right() - boxSize.width(), inner.top()), boxSize),
            QRectF(QPointF(inner.left(), inner.bottom() - boxSize.height()), boxSize),
        };
        const auto crossings = [&](const QRectF &area) {
            int count = 0;
            for (const LatencyRun &run : m_runs) {
                for (int j = 1; j < run.cdf.size(); ++j) {
                    const QPointF a(xFor(run.cdf[j - 1].x()), yFor(run.cdf[j - 1].y()));
                    const QPointF b(xFor(run.cdf[j].x()), yFor(run.cdf[j].y()));
                    for (int k = 0; k <= 8; ++k)
                        count += area.contains(a + (b - a) * (k / 8.0)) ? 1 : 0;
                }
            }
            return count;
        };
        QRectF box = corners[0];
        int fewest = crossings(box);
        for (const QRectF &corner : corners) {
            const int count = crossings(corner);
            if (count < fewest) {
                fewest = count;
                box = corner;
            }
        }
        painter.setPen(QPen(majorGrid, 1));
        painter.setBrush(QColor(255, 255, 255, 235));
        painter.drawRoundedRect(box, 6, 6);
        for (int i = 0; i < m_runs.size(); ++i) {
            const QColor colour = Palette[i % PaletteSize];
            const double y = box.top() + padding + rowHeight * i + rowHeight / 2.0 - 2;
            const double x = box.left() + padding;
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
