// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The timeline on screen: a scroll area that paints only the rows in view, so it
// keeps up with thousands of events. The lane header stays put while rows scroll;
// it follows the newest row until one scrolls away from the bottom. Rows that come
// and go are taken in at most every FlushMs: a busy trace repaints once per batch.
// The stanza column fills the width the lanes leave; when the lanes need more than the
// view has, it stays pinned to the right edge and the lanes scroll under it. Zoom
// (PresentationZoom) scales rows, lanes and text alike.
#pragma once

#include "timeline/TimelineDrawing.h"
#include "ui/UpdateBatcher.h"

#include <QAbstractScrollArea>
#include <QTimer>
#include <memory>

class TimelineModel;

class TimelineView : public QAbstractScrollArea
{
    Q_OBJECT
    Q_PROPERTY(double zoom READ zoom WRITE setZoom)
public:
    explicit TimelineView(TimelineModel *model, QWidget *parent = nullptr);
    ~TimelineView() override;

    TimelineModel *model() const { return m_model; }
    int currentRow() const { return m_current; }
    void setCurrentRow(int row);
    // The row under a point of the viewport, or -1.
    int rowAt(const QPoint &position) const;
    // True while new rows scroll into view as they arrive.
    bool isFollowing() const { return m_follow; }
    void setFollowing(bool follow);
    // How many rows the last paint drew (for the tests: never all of a long trace).
    int paintedRows() const { return m_paintedRows; }

    double zoom() const { return m_zoom; }
    void setZoom(double factor);
    // A row and the lane header as tall as they are on screen, in pixels.
    qreal rowHeight() const { return TimelineDrawing::RowHeight * m_zoom; }
    qreal headerHeight() const { return TimelineDrawing::HeaderHeight * m_zoom; }
    // The stanza column on screen: its left edge in viewport pixels and its width.
    QRectF summaryColumn() const;

    QSize sizeHint() const override;
    // The header and a handful of rows (MinimumRows at 100 %): three rows show nothing.
    QSize minimumSizeHint() const override;
    static constexpr int MinimumRows = 6;

    static constexpr int FlushMs = UpdateBatch::IntervalMs;

signals:
    void currentRowChanged(int row);
    void followingChanged(bool follow);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    bool viewportEvent(QEvent *event) override;

private:
    void rebuildDrawing();
    void updateScrollBars();
    void ensureVisible(int row);
    void rowsInserted();
    void rowsRemoved(int count);
    // Scroll bars and the viewport catch up with the rows inserted and removed.
    void applyRowChanges();
    int visibleRowCapacity() const;
    // Places the stanza column for the current width and scroll position.
    void placeSummaryColumn();
    // How far the lanes scroll, in viewport pixels: none when they fit beside the column.
    int lanesScrollRange() const;

    TimelineModel *const m_model;
    std::unique_ptr<TimelineDrawing> m_drawing;
    int m_current = -1;
    bool m_follow = true;
    int m_paintedRows = 0;
    QTimer m_rowChanges;
    int m_removedRows = 0; // since the last applyRowChanges()
    bool m_painting = false;
    double m_zoom = 1.0;
};
