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

    // The least a stanza column shows on screen before the lanes scroll under it.
    static constexpr qreal MinSummaryWidth = 280;

    // Compact (on screen): room and account lanes are labelled by their JID's node
    // ("lobby", "alice"; the caption above says which) and so take less width; the
    // exports keep the whole JIDs.
    explicit TimelineDrawing(const TimelineModel *model, bool compact = false);

    // As exported: the lanes, then the stanza column SummaryWidth wide.
    qreal width() const { return m_summaryX + SummaryWidth; }
    qreal laneCenter(int lane) const;
    // Where the lanes end and, unless moved, the stanza column starts.
    qreal summaryX() const { return m_summaryX; }
    // On screen the stanza column may sit elsewhere: wider to fill the view, or pinned to
    // its right edge over lanes that scroll (x < summaryX()), with a backdrop of its own.
    void setSummaryColumn(qreal x, qreal width);
    qreal summaryColumnX() const { return m_columnX; }
    qreal summaryColumnWidth() const { return m_columnWidth; }

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

    // Right end of what is drawn: the lanes and the stanza column wherever it is.
    qreal extent() const { return qMax(m_summaryX, m_columnX) + m_columnWidth; }
    bool isColumnPinned() const { return m_columnX < m_summaryX - 0.5; }

    const TimelineModel *const m_model;
    QStringList m_labels; // by lane, as drawn
    QVector<qreal> m_laneLeft;
    QVector<qreal> m_laneWidth;
    QHash<QString, QColor> m_accent; // by account bare JID
    qreal m_summaryX = 0;
    qreal m_columnX = 0;
    qreal m_columnWidth = SummaryWidth;
};
