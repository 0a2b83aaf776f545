// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "timeline/TimelineView.h"

#include "core/trace/TimelineModel.h"
#include "ui/LabPalette.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>
#include <cmath>

TimelineView::TimelineView(TimelineModel *model, QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_model(model)
{
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    viewport()->setAutoFillBackground(false);
    verticalScrollBar()->setSingleStep(int(rowHeight()));
    horizontalScrollBar()->setSingleStep(20);
    m_rowChanges.setSingleShot(true);
    m_rowChanges.setInterval(FlushMs);
    connect(&m_rowChanges, &QTimer::timeout, this, &TimelineView::applyRowChanges);
    rebuildDrawing();
    connect(model, &TimelineModel::lanesChanged, this, &TimelineView::rebuildDrawing);
    connect(model, &QAbstractItemModel::rowsInserted, this, &TimelineView::rowsInserted);
    connect(model, &QAbstractItemModel::rowsRemoved, this,
            [this](const QModelIndex &, int first, int last) { rowsRemoved(last - first + 1); });
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        m_current = -1;
        m_removedRows = 0;
        m_rowChanges.stop();
        updateScrollBars();
        viewport()->update();
        emit currentRowChanged(-1);
    });
    // A fork redraws the row of the stanza it answers: with the next batch too.
    connect(model, &QAbstractItemModel::dataChanged, this, [this] {
        if (!m_rowChanges.isActive())
            m_rowChanges.start();
    });
    // Scrolling up stops following the newest rows; back at the bottom resumes it.
    connect(verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        QScrollBar *bar = verticalScrollBar();
        setFollowing(bar->sliderPosition() >= bar->maximum());
    });
}

TimelineView::~TimelineView() = default;

QSize TimelineView::sizeHint() const
{
    return { 900, 420 };
}

QSize TimelineView::minimumSizeHint() const
{
    // MinimumRows at 100 %; zoomed, the rows grow but fewer need to show (four at least),
    // or at 200 % the docks and cards would not fit 1080 pixels.
    const int frame = 2 * frameWidth();
    const qreal rows = qMax(MinimumRows * TimelineDrawing::RowHeight, 4 * rowHeight());
    return { 240, int(headerHeight() + rows) + frame + horizontalScrollBar()->sizeHint().height() };
}

void TimelineView::setZoom(double factor)
{
    factor = qBound(0.5, factor, 4.0);
    if (qFuzzyCompare(factor, m_zoom))
        return;
    // The same rows in view: the scroll position is in pixels, which change with the zoom.
    const double ratio = factor / m_zoom;
    m_zoom = factor;
    verticalScrollBar()->setSingleStep(int(rowHeight()));
    const int vertical = verticalScrollBar()->value();
    const int horizontal = horizontalScrollBar()->value();
    updateScrollBars();
    if (!m_follow)
        verticalScrollBar()->setValue(int(vertical * ratio));
    horizontalScrollBar()->setValue(int(horizontal * ratio));
    updateGeometry();
    viewport()->update();
}

int TimelineView::lanesScrollRange() const
{
    // In drawing units, then pixels: the lanes and a column of at least MinSummaryWidth.
    const qreal visible = viewport()->width() / m_zoom;
    const qreal column
        = qMin<qreal>(TimelineDrawing::SummaryWidth, qMax(TimelineDrawing::MinSummaryWidth, visible * 0.4));
    const qreal lanes = m_drawing->summaryX();
    if (lanes + TimelineDrawing::MinSummaryWidth <= visible)
        return 0;
    return qMax(0, int(std::ceil((lanes - (visible - column)) * m_zoom)));
}

void TimelineView::placeSummaryColumn()
{
    const qreal visible = viewport()->width() / m_zoom;
    const qreal lanes = m_drawing->summaryX();
    if (lanesScrollRange() == 0) {
        // Beside the lanes, as wide as the view allows.
        m_drawing->setSummaryColumn(lanes, qMax(TimelineDrawing::MinSummaryWidth, visible - lanes));
        return;
    }
    const qreal column
        = qMin<qreal>(TimelineDrawing::SummaryWidth, qMax(TimelineDrawing::MinSummaryWidth, visible * 0.4));
    const qreal offset = horizontalScrollBar()->value() / m_zoom;
    m_drawing->setSummaryColumn(offset + visible - column, column);
}

QRectF TimelineView::summaryColumn() const
{
    const qreal offset = horizontalScrollBar()->value() / m_zoom;
    return { (m_drawing->summaryColumnX() - offset) * m_zoom, 0, m_drawing->summaryColumnWidth() * m_zoom,
             qreal(viewport()->height()) };
}

void TimelineView::rebuildDrawing()
{
    m_drawing = std::make_unique<TimelineDrawing>(m_model, true);
    updateScrollBars();
    viewport()->update();
}

int TimelineView::visibleRowCapacity() const
{
    return qMax(1, int((viewport()->height() - headerHeight()) / rowHeight()));
}

void TimelineView::updateScrollBars()
{
    const int content = int(std::ceil(m_model->rowCount() * rowHeight()));
    const int visible = qMax(0, viewport()->height() - int(headerHeight()));
    QScrollBar *vertical = verticalScrollBar();
    vertical->setPageStep(visible);
    vertical->setRange(0, qMax(0, content - visible));
    if (m_follow)
        vertical->setValue(vertical->maximum());
    QScrollBar *horizontal = horizontalScrollBar();
    horizontal->setPageStep(viewport()->width());
    horizontal->setRange(0, lanesScrollRange());
}

void TimelineView::setFollowing(bool follow)
{
    if (m_follow == follow)
        return;
    m_follow = follow;
    if (follow && m_rowChanges.isActive())
        applyRowChanges(); // follows to the newest row, including those not taken in yet
    else if (follow)
        verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    emit followingChanged(follow);
}

void TimelineView::rowsInserted()
{
    if (!m_rowChanges.isActive())
        m_rowChanges.start();
}

void TimelineView::rowsRemoved(int count)
{
    // Rows leave at the top when the model reaches its capacity: the selection stays on
    // the same row at once, the view on the same events with the next batch.
    if (m_current >= 0) {
        m_current -= count;
        if (m_current < 0) {
            m_current = -1;
            emit currentRowChanged(-1);
        }
    }
    m_removedRows += count;
    if (!m_rowChanges.isActive())
        m_rowChanges.start();
}

void TimelineView::applyRowChanges()
{
    m_rowChanges.stop();
    if (!m_follow && m_removedRows > 0) {
        QScrollBar *vertical = verticalScrollBar();
        vertical->setValue(vertical->value() - int(m_removedRows * rowHeight()));
    }
    m_removedRows = 0;
    updateScrollBars();
    if (!m_painting)
        viewport()->update();
}

int TimelineView::rowAt(const QPoint &position) const
{
    if (position.y() < headerHeight())
        return -1;
    const int row = int((position.y() - headerHeight() + verticalScrollBar()->value()) / rowHeight());
    return row < m_model->rowCount() ? row : -1;
}

void TimelineView::setCurrentRow(int row)
{
    if (row < -1 || row >= m_model->rowCount())
        row = -1;
    if (row == m_current)
        return;
    m_current = row;
    if (row >= 0)
        ensureVisible(row);
    viewport()->update();
    emit currentRowChanged(row);
}

void TimelineView::ensureVisible(int row)
{
    if (m_rowChanges.isActive())
        applyRowChanges(); // the scroll range must know the row
    QScrollBar *vertical = verticalScrollBar();
    const int top = int(row * rowHeight());
    const int bottom = top + int(rowHeight());
    const int visible = vertical->pageStep();
    // Out of view: centre it, so the rows of its fan-out around it show too.
    if (top < vertical->value() || bottom > vertical->value() + visible)
        vertical->setValue(top - (visible - int(rowHeight())) / 2);
    setFollowing(vertical->value() >= vertical->maximum() && row == m_model->rowCount() - 1);
}

void TimelineView::paintEvent(QPaintEvent *)
{
    // Painted for another reason before the batch is due: take the rows in now.
    m_painting = true;
    if (m_rowChanges.isActive())
        applyRowChanges();
    m_painting = false;
    QPainter painter(viewport());
    painter.fillRect(viewport()->rect(), LabPalette::canvas());
    // From here on in drawing units: the zoom scales rows, lanes and text together.
    placeSummaryColumn();
    const qreal z = m_zoom;
    const qreal scrolled = horizontalScrollBar()->value() / z;
    painter.scale(z, z);
    painter.translate(-scrolled, 0);

    const qreal header = TimelineDrawing::HeaderHeight;
    const qreal row = TimelineDrawing::RowHeight;
    const qreal offset = verticalScrollBar()->value() / z;
    const qreal height = viewport()->height() / z;
    const int first = int(offset / row);
    const int last = qMin(m_model->rowCount() - 1, first + visibleRowCapacity() + 1);
    const qreal top = header + first * row - offset;
    const qreal bottom = header + qMax(0.0, m_model->rowCount() * row - offset);

    painter.setClipRect(QRectF(scrolled, header, viewport()->width() / z, height - header));
    TimelineDrawing::paint(&painter, m_drawing->background(header, qMin<qreal>(bottom, height)));
    TimelineDrawing::paint(&painter, m_drawing->rows(first, last, top, m_current));
    m_paintedRows = qMax(0, last - first + 1);
    painter.setClipping(false);
    TimelineDrawing::paint(&painter, m_drawing->header(0));

    if (m_model->rowCount() == 0) {
        painter.resetTransform();
        QFont hint = font();
        hint.setPointSizeF(hint.pointSizeF() * z);
        painter.setFont(hint);
        painter.setPen(LabPalette::mutedInk());
        painter.drawText(viewport()->rect().adjusted(12, int(headerHeight()), -12, 0),
                         Qt::AlignCenter | Qt::TextWordWrap,
                         tr("No stanzas yet. Run the demo or join a session: every hop and every fork "
                            "decision appears here."));
    }
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBars();
}

void TimelineView::scrollContentsBy(int, int)
{
    if (!m_painting)
        viewport()->update();
}

bool TimelineView::viewportEvent(QEvent *event)
{
    // The row's text is far right in a narrow dock: hovering a row tells it anyway.
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const int row = rowAt(help->pos());
        if (row >= 0)
            QToolTip::showText(help->globalPos(),
                               m_model->data(m_model->index(row), Qt::ToolTipRole).toString(), viewport());
        else
            QToolTip::hideText();
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const int row = rowAt(event->pos());
        if (row >= 0)
            setCurrentRow(row);
    }
    QAbstractScrollArea::mousePressEvent(event);
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    const int count = m_model->rowCount();
    if (count == 0)
        return QAbstractScrollArea::keyPressEvent(event);
    const int page = visibleRowCapacity();
    int row = m_current;
    switch (event->key()) {
    case Qt::Key_Up:
        row = row < 0 ? count - 1 : qMax(0, row - 1);
        break;
    case Qt::Key_Down:
        row = row < 0 ? 0 : qMin(count - 1, row + 1);
        break;
    case Qt::Key_PageUp:
        row = qMax(0, (row < 0 ? count - 1 : row) - page);
        break;
    case Qt::Key_PageDown:
        row = qMin(count - 1, (row < 0 ? 0 : row) + page);
        break;
    case Qt::Key_Home:
        row = 0;
        break;
    case Qt::Key_End:
        row = count - 1;
        break;
    case Qt::Key_Escape:
        row = -1;
        break;
    default:
        return QAbstractScrollArea::keyPressEvent(event);
    }
    setCurrentRow(row);
}
