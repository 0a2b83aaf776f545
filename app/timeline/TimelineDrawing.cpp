// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "timeline/TimelineDrawing.h"

#include "core/trace/TimelineModel.h"
#include "ui/LabPalette.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QtMath>

namespace {
constexpr qreal LanePadding = 22;
constexpr qreal MinLaneWidth = 92;
constexpr qreal HeadLength = 7;
constexpr qreal LabelSize = 11.5;
constexpr qreal CaptionSize = 9.5;
constexpr qreal RowTextSize = 11;

QColor withAlpha(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

QString captionOf(TimelineLane::Type type)
{
    switch (type) {
    case TimelineLane::Type::Server:
        return QStringLiteral("server");
    case TimelineLane::Type::Room:
        return QStringLiteral("room");
    case TimelineLane::Type::Account:
        return QStringLiteral("account");
    case TimelineLane::Type::Session:
        return QStringLiteral("session");
    }
    return QString();
}

TimelineShape line(const QPointF &a, const QPointF &b, const QColor &color, qreal width, const QString &role,
                   bool dashed = false)
{
    TimelineShape shape;
    shape.type = TimelineShape::Type::Line;
    shape.line = QLineF(a, b);
    shape.stroke = color;
    shape.width = width;
    shape.dashed = dashed;
    shape.role = role;
    return shape;
}

TimelineShape rect(const QRectF &area, const QColor &fill, const QString &role, qreal radius = 0)
{
    TimelineShape shape;
    shape.type = TimelineShape::Type::Rect;
    shape.rect = area;
    shape.fill = fill;
    shape.radius = radius;
    shape.role = role;
    return shape;
}

TimelineShape polygon(const QPolygonF &points, const QColor &fill, const QColor &stroke, const QString &role)
{
    TimelineShape shape;
    shape.type = TimelineShape::Type::Polygon;
    shape.polygon = points;
    shape.fill = fill;
    shape.stroke = stroke;
    shape.role = role;
    return shape;
}

TimelineShape ellipse(const QPointF &center, qreal radius, const QColor &fill, const QColor &stroke,
                      const QString &role)
{
    TimelineShape shape;
    shape.type = TimelineShape::Type::Ellipse;
    shape.rect = QRectF(center.x() - radius, center.y() - radius, 2 * radius, 2 * radius);
    shape.fill = fill;
    shape.stroke = stroke;
    shape.width = 1.5;
    shape.role = role;
    return shape;
}
} // namespace

TimelineDrawing::TimelineDrawing(const TimelineModel *model, bool compact)
    : m_model(model)
{
    // Lanes are as wide as their label needs, so exports never truncate a JID.
    TimelineShape probe;
    probe.fontSize = LabelSize;
    probe.bold = true;
    const QFontMetricsF metrics(font(probe));
    qreal x = TimeWidth + 8;
    int accountIndex = 0;
    for (const TimelineLane &lane : model->lanes()) {
        const bool shortened = compact && !lane.jid.isEmpty()
            && (lane.type == TimelineLane::Type::Room || lane.type == TimelineLane::Type::Account);
        m_labels << (shortened ? lane.jid.section(QLatin1Char('@'), 0, 0) : lane.label);
        const qreal width = qMax(MinLaneWidth, metrics.horizontalAdvance(m_labels.constLast()) + LanePadding);
        m_laneLeft << x;
        m_laneWidth << width;
        x += width;
        if (lane.type == TimelineLane::Type::Account)
            m_accent.insert(lane.jid, LabPalette::accountColor(accountIndex++));
    }
    m_summaryX = x + 12;
    m_columnX = m_summaryX;
}

void TimelineDrawing::setSummaryColumn(qreal x, qreal width)
{
    m_columnX = x;
    m_columnWidth = width;
}

qreal TimelineDrawing::laneCenter(int lane) const
{
    if (lane < 0 || lane >= m_laneLeft.size())
        return -1;
    return m_laneLeft.at(lane) + m_laneWidth.at(lane) / 2;
}

QFont TimelineDrawing::font(const TimelineShape &text)
{
    QFont font(text.monospace ? QStringLiteral("DejaVu Sans Mono") : QStringLiteral("DejaVu Sans"));
    font.setStyleHint(text.monospace ? QFont::Monospace : QFont::SansSerif);
    font.setPixelSize(qMax(1, qRound(text.fontSize)));
    font.setBold(text.bold);
    return font;
}

void TimelineDrawing::addText(QVector<TimelineShape> &shapes, const QPointF &at, const QString &text,
                              const QColor &color, qreal size, TimelineShape::Anchor anchor,
                              const QString &role, bool bold, bool monospace) const
{
    TimelineShape shape;
    shape.type = TimelineShape::Type::Text;
    shape.point = at;
    shape.text = text;
    shape.fill = color;
    shape.fontSize = size;
    shape.anchor = anchor;
    shape.bold = bold;
    shape.monospace = monospace;
    shape.role = role;
    shapes << shape;
}

QVector<TimelineShape> TimelineDrawing::header(qreal top) const
{
    QVector<TimelineShape> shapes;
    shapes << rect(QRectF(0, top, extent(), HeaderHeight), Qt::white, QStringLiteral("header"));
    const QVector<TimelineLane> &lanes = m_model->lanes();
    for (int i = 0; i < lanes.size(); ++i) {
        const TimelineLane &lane = lanes.at(i);
        const QColor accent = m_accent.value(lane.account, LabPalette::ink());
        if (lane.type == TimelineLane::Type::Account || lane.type == TimelineLane::Type::Session)
            shapes << rect(QRectF(m_laneLeft.at(i), top, m_laneWidth.at(i), HeaderHeight),
                           withAlpha(accent, lane.type == TimelineLane::Type::Account ? 34 : 16),
                           QStringLiteral("lane-band"));
        const qreal center = laneCenter(i);
        addText(shapes, QPointF(center, top + 18), captionOf(lane.type), LabPalette::mutedInk(), CaptionSize,
                TimelineShape::Anchor::Middle, QStringLiteral("lane-caption"));
        const QColor ink = lane.type == TimelineLane::Type::Session ? LabPalette::ink() : accent;
        addText(shapes, QPointF(center, top + 36), m_labels.at(i), ink, LabelSize,
                TimelineShape::Anchor::Middle, QStringLiteral("lane-label"),
                lane.type != TimelineLane::Type::Session);
    }
    addText(shapes, QPointF(10, top + 36), QStringLiteral("time (UTC)"), LabPalette::mutedInk(), CaptionSize,
            TimelineShape::Anchor::Start, QStringLiteral("column-caption"));
    if (isColumnPinned()) {
        shapes << rect(QRectF(m_columnX, top, m_columnWidth, HeaderHeight), Qt::white,
                       QStringLiteral("summary-backdrop"));
        shapes << line(QPointF(m_columnX, top), QPointF(m_columnX, top + HeaderHeight),
                       LabPalette::cardBorder(), 1, QStringLiteral("summary-rule"));
    }
    addText(shapes, QPointF(m_columnX + 8, top + 36), QStringLiteral("stanza"), LabPalette::mutedInk(),
            CaptionSize, TimelineShape::Anchor::Start, QStringLiteral("column-caption"));
    shapes << line(QPointF(0, top + HeaderHeight - 0.5), QPointF(extent(), top + HeaderHeight - 0.5),
                   LabPalette::cardBorder(), 1, QStringLiteral("header-rule"));
    return shapes;
}

QVector<TimelineShape> TimelineDrawing::background(qreal top, qreal bottom) const
{
    QVector<TimelineShape> shapes;
    const QVector<TimelineLane> &lanes = m_model->lanes();
    for (int i = 0; i < lanes.size(); ++i) {
        const TimelineLane &lane = lanes.at(i);
        if (lane.type == TimelineLane::Type::Account)
            shapes << rect(QRectF(m_laneLeft.at(i), top, m_laneWidth.at(i), bottom - top),
                           withAlpha(m_accent.value(lane.account), 12), QStringLiteral("lane-band"));
    }
    for (int i = 0; i < lanes.size(); ++i) {
        const bool strong = lanes.at(i).type != TimelineLane::Type::Session;
        const qreal x = laneCenter(i);
        shapes << line(QPointF(x, top), QPointF(x, bottom),
                       strong ? QColor(0xb4, 0xbb, 0xc6) : LabPalette::idleLine(), strong ? 1.5 : 1,
                       QStringLiteral("lifeline"), !strong);
    }
    return shapes;
}

QVector<TimelineShape> TimelineDrawing::rows(int first, int last, qreal top, int selected) const
{
    QVector<TimelineShape> shapes;
    first = qMax(0, first);
    last = qMin(last, m_model->rowCount() - 1);
    const TimelineRow *selectedRow
        = selected >= 0 && selected < m_model->rowCount() ? &m_model->row(selected) : nullptr;
    TimelineShape probe;
    probe.fontSize = RowTextSize;
    const QFontMetricsF metrics(font(probe));
    for (int i = first; i <= last; ++i) {
        const TimelineRow &row = m_model->row(i);
        const qreal y = top + (i - first) * RowHeight;
        const qreal mid = y + RowHeight / 2;
        const QColor kind = LabPalette::kindColor(row.kind);
        // The row's highlight, from a left edge to the right end of what is drawn.
        const auto highlight = [&](qreal left) {
            const QRectF area(left, y, extent() - left, RowHeight);
            if (i == selected)
                shapes << rect(area, QColor(0x2f, 0x6f, 0xde, 44), QStringLiteral("selected"));
            else if (selectedRow && row.sameFanOut(*selectedRow))
                shapes << rect(area, QColor(0xf2, 0xb8, 0x2e, 60), QStringLiteral("sibling"));
            else if (i % 2)
                shapes << rect(area, QColor(0x1f, 0x29, 0x37, 8), QStringLiteral("stripe"));
        };
        highlight(0);

        addText(shapes, QPointF(10, mid + 4), row.time.toUTC().toString(QStringLiteral("HH:mm:ss.zzz")),
                LabPalette::mutedInk(), 10.5, TimelineShape::Anchor::Start, QStringLiteral("time"), false,
                true);

        const int fromLane = m_model->laneIndex(row.fromLane);
        const int toLane = m_model->laneIndex(row.toLane);
        if (fromLane >= 0 && toLane >= 0 && fromLane != toLane) {
            const qreal x1 = laneCenter(fromLane);
            const qreal x2 = laneCenter(toLane);
            const qreal direction = x2 > x1 ? 1 : -1;
            shapes << ellipse(QPointF(x1, mid), 2.5, kind, QColor(), QStringLiteral("hop-origin"));
            TimelineShape arrow = line(QPointF(x1, mid), QPointF(x2 - direction * HeadLength, mid), kind, 1.8,
                                       QStringLiteral("hop"));
            arrow.type = TimelineShape::Type::Arrow;
            shapes << arrow;
            shapes << polygon(
                QPolygonF({ QPointF(x2, mid), QPointF(x2 - direction * HeadLength * 1.4, mid - 4.5),
                            QPointF(x2 - direction * HeadLength * 1.4, mid + 4.5) }),
                kind, QColor(), QStringLiteral("arrowhead"));
        }

        const int markerLane = m_model->laneIndex(row.markerLane);
        if (markerLane >= 0) {
            const qreal x = laneCenter(markerLane);
            if (row.direction == TraceEvent::Direction::ServerToSession) {
                shapes << ellipse(QPointF(x, mid), 4.5, kind, kind, QStringLiteral("delivery"));
                shapes << ellipse(QPointF(x, mid), 1.8, Qt::white, QColor(), QStringLiteral("delivery-core"));
            } else if (row.direction == TraceEvent::Direction::StreamError
                       || row.direction == TraceEvent::Direction::Storage) {
                const QColor red = LabPalette::failure();
                shapes << line(QPointF(x - 5, mid - 5), QPointF(x + 5, mid + 5), red, 2.5,
                               QStringLiteral("stream-error"));
                shapes << line(QPointF(x - 5, mid + 5), QPointF(x + 5, mid - 5), red, 2.5,
                               QStringLiteral("stream-error"));
            } else {
                const bool fork = row.direction == TraceEvent::Direction::Fork;
                const QString role = fork ? QStringLiteral("fork") : QStringLiteral("replay");
                qreal left = x;
                qreal right = x;
                QVector<qreal> targets;
                for (const QString &key : row.targetLanes) {
                    const qreal t = laneCenter(m_model->laneIndex(key));
                    if (t < 0)
                        continue;
                    targets << t;
                    left = qMin(left, t);
                    right = qMax(right, t);
                }
                if (right > left)
                    shapes << line(QPointF(left, mid), QPointF(right, mid), kind, 1.2,
                                   role + QStringLiteral("-span"), true);
                for (qreal t : std::as_const(targets))
                    shapes << ellipse(QPointF(t, mid), 3.5, Qt::white, kind,
                                      role + QStringLiteral("-target"));
                const qreal r = 6.5;
                if (TimelineModel::isSessionOffline(row)) {
                    // No stanza forked: a session of the account went offline (§5). A
                    // struck-through circle, not the fork's diamond.
                    const QColor grey = LabPalette::mutedInk();
                    shapes << ellipse(QPointF(x, mid), r - 1, Qt::white, grey, QStringLiteral("offline"));
                    shapes << line(QPointF(x - 3.5, mid + 3.5), QPointF(x + 3.5, mid - 3.5), grey, 1.5,
                                   QStringLiteral("offline"));
                } else {
                    const QPolygonF marker = fork
                        ? QPolygonF({ QPointF(x, mid - r), QPointF(x + r, mid), QPointF(x, mid + r),
                                      QPointF(x - r, mid) })
                        : QPolygonF({ QPointF(x - r + 1, mid - r + 1), QPointF(x + r - 1, mid - r + 1),
                                      QPointF(x + r - 1, mid + r - 1), QPointF(x - r + 1, mid + r - 1) });
                    shapes << polygon(marker, fork ? kind : Qt::white, kind, role);
                }
            }
        }

        if (isColumnPinned()) {
            // Over the lanes that scroll under it: its own backdrop, the row's highlight again.
            shapes << rect(QRectF(m_columnX, y, m_columnWidth, RowHeight), LabPalette::canvas(),
                           QStringLiteral("summary-backdrop"));
            highlight(m_columnX);
            shapes << line(QPointF(m_columnX, y), QPointF(m_columnX, y + RowHeight), LabPalette::cardBorder(),
                           1, QStringLiteral("summary-rule"));
        }
        const qreal textX = m_columnX + 8;
        shapes << rect(QRectF(textX, mid - 4, 8, 8), kind, QStringLiteral("kind-chip"), 2);
        const QString text = metrics.elidedText(row.label, Qt::ElideRight, m_columnWidth - 30);
        const bool decision = !row.markerLane.isEmpty();
        addText(shapes, QPointF(textX + 14, mid + 4), text,
                decision ? LabPalette::mutedInk() : LabPalette::ink(), RowTextSize,
                TimelineShape::Anchor::Start, QStringLiteral("summary"));
    }
    return shapes;
}

QVector<TimelineShape> TimelineDrawing::legend(qreal top) const
{
    QVector<TimelineShape> shapes;
    shapes << rect(QRectF(0, top, width(), LegendHeight), Qt::white, QStringLiteral("legend"));
    shapes << line(QPointF(0, top + 0.5), QPointF(width(), top + 0.5), LabPalette::cardBorder(), 1,
                   QStringLiteral("legend-rule"));
    const qreal mid = top + LegendHeight / 2;
    TimelineShape probe;
    probe.fontSize = 10.5;
    const QFontMetricsF metrics(font(probe));
    qreal x = 10;
    using Kind = TraceEvent::Kind;
    for (Kind kind : { Kind::GroupChat, Kind::Presence, Kind::Subject, Kind::Message, Kind::Iq, Kind::Error,
                       Kind::Other }) {
        const QColor color = LabPalette::kindColor(kind);
        shapes << line(QPointF(x, mid), QPointF(x + 16, mid), color, 1.8, QStringLiteral("legend-line"));
        shapes << polygon(
            QPolygonF({ QPointF(x + 22, mid), QPointF(x + 13, mid - 4), QPointF(x + 13, mid + 4) }), color,
            QColor(), QStringLiteral("legend-head"));
        const QString name = TraceEvent::kindName(kind);
        addText(shapes, QPointF(x + 28, mid + 4), name, LabPalette::ink(), 10.5, TimelineShape::Anchor::Start,
                QStringLiteral("legend-text"));
        x += 28 + metrics.horizontalAdvance(name) + 18;
    }
    const QColor grey = LabPalette::mutedInk();
    x += 8;
    shapes << polygon(
        QPolygonF({ QPointF(x, mid - 6), QPointF(x + 6, mid), QPointF(x, mid + 6), QPointF(x - 6, mid) }),
        grey, grey, QStringLiteral("legend-fork"));
    addText(shapes, QPointF(x + 12, mid + 4), QStringLiteral("fork to the joined sessions"),
            LabPalette::ink(), 10.5, TimelineShape::Anchor::Start, QStringLiteral("legend-text"));
    x += 12 + metrics.horizontalAdvance(QStringLiteral("fork to the joined sessions")) + 24;
    shapes << polygon(QPolygonF({ QPointF(x - 5, mid - 5), QPointF(x + 5, mid - 5), QPointF(x + 5, mid + 5),
                                  QPointF(x - 5, mid + 5) }),
                      Qt::white, grey, QStringLiteral("legend-replay"));
    addText(shapes, QPointF(x + 12, mid + 4), QStringLiteral("replay from the account's cache"),
            LabPalette::ink(), 10.5, TimelineShape::Anchor::Start, QStringLiteral("legend-text"));
    x += 12 + metrics.horizontalAdvance(QStringLiteral("replay from the account's cache")) + 24;
    shapes << ellipse(QPointF(x, mid), 4.5, grey, grey, QStringLiteral("legend-delivery"));
    shapes << ellipse(QPointF(x, mid), 1.8, Qt::white, QColor(), QStringLiteral("legend-delivery"));
    addText(shapes, QPointF(x + 12, mid + 4), QStringLiteral("delivered as the room addressed it (classic)"),
            LabPalette::ink(), 10.5, TimelineShape::Anchor::Start, QStringLiteral("legend-text"));
    return shapes;
}

void TimelineDrawing::paint(QPainter *painter, const QVector<TimelineShape> &shapes)
{
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setRenderHint(QPainter::TextAntialiasing);
    for (const TimelineShape &shape : shapes) {
        QPen pen = shape.stroke.isValid() ? QPen(shape.stroke, shape.width) : QPen(Qt::NoPen);
        if (shape.dashed)
            pen.setDashPattern({ 3, 3 });
        pen.setCapStyle(Qt::FlatCap);
        painter->setPen(pen);
        painter->setBrush(shape.fill.isValid() ? QBrush(shape.fill) : QBrush(Qt::NoBrush));
        switch (shape.type) {
        case TimelineShape::Type::Rect:
            if (shape.radius > 0)
                painter->drawRoundedRect(shape.rect, shape.radius, shape.radius);
            else
                painter->drawRect(shape.rect);
            break;
        case TimelineShape::Type::Line:
        case TimelineShape::Type::Arrow:
            painter->drawLine(shape.line);
            break;
        case TimelineShape::Type::Polygon:
            painter->drawPolygon(shape.polygon);
            break;
        case TimelineShape::Type::Ellipse:
            painter->drawEllipse(shape.rect);
            break;
        case TimelineShape::Type::Text: {
            const QFont font = TimelineDrawing::font(shape);
            painter->setFont(font);
            painter->setPen(shape.fill);
            const qreal advance = QFontMetricsF(font).horizontalAdvance(shape.text);
            qreal x = shape.point.x();
            if (shape.anchor == TimelineShape::Anchor::Middle)
                x -= advance / 2;
            else if (shape.anchor == TimelineShape::Anchor::End)
                x -= advance;
            painter->drawText(QPointF(x, shape.point.y()), shape.text);
            break;
        }
        }
    }
    painter->restore();
}
