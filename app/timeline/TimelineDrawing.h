// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The timeline's geometry and look, as shapes: lanes as labelled columns, one row per
// event with its time, an arrow per hop and a marker per fork or replay decision. The
// view asks for the visible rows only; the exports ask for all of them.
#pragma once

#include "timeline/TimelineShape.h"

#include <QColor>
#include <QFont>
#include <QHash>
#include <QVector>

class QPainter;
class TimelineModel;

class TimelineDrawing
{
public:
    static constexpr qreal RowHeight = 22;
    static constexpr qreal HeaderHeight = 50;
    static constexpr qreal TimeWidth = 100;
    static constexpr qreal SummaryWidth = 460;
    static constexpr qreal LegendHeight = 34;

    explicit TimelineDrawing(const TimelineModel *model);

    qreal width() const { return m_summaryX + SummaryWidth; }
    qreal laneCenter(int lane) const;
    qreal summaryX() const { return m_summaryX; }

    // The lane captions and labels, in a band of HeaderHeight starting at top.
    QVector<TimelineShape> header(qreal top) const;
    // Account bands and lifelines behind the rows, from top to bottom.
    QVector<TimelineShape> background(qreal top, qreal bottom) const;
    // Rows first..last, the first one at top. The selected row and its fan-out
    // siblings are highlighted (selected < 0: none).
    QVector<TimelineShape> rows(int first, int last, qreal top, int selected) const;
    // What the colours and markers mean, in a band of LegendHeight.
    QVector<TimelineShape> legend(qreal top) const;

    static QFont font(const TimelineShape &text);
    static void paint(QPainter *painter, const QVector<TimelineShape> &shapes);

private:
    void addText(QVector<TimelineShape> &shapes, const QPointF &at, const QString &text, const QColor &color,
                 qreal size, TimelineShape::Anchor anchor, const QString &role, bool bold = false,
                 bool monospace = false) const;

    const TimelineModel *const m_model;
    QVector<qreal> m_laneLeft;
    QVector<qreal> m_laneWidth;
    QHash<QString, QColor> m_accent; // by account bare JID
    qreal m_summaryX = 0;
};
