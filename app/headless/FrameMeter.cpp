// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "headless/FrameMeter.h"

#include <QAbstractScrollArea>
#include <QApplication>
#include <QEvent>
#include <QWidget>

namespace {
QString painterName(const QWidget *widget)
{
    // A scroll area paints in its viewport; name the area (QListWidget, TimelineView…).
    if (const auto *area = qobject_cast<const QAbstractScrollArea *>(widget->parentWidget())) {
        if (area->viewport() == widget)
            widget = area;
    }
    const QString name = QString::fromLatin1(widget->metaObject()->className());
    // A plain QWidget is some container: say whose.
    if (name == QLatin1String("QWidget") && widget->parentWidget())
        return name + QStringLiteral(" in ") + painterName(widget->parentWidget());
    return name;
}
} // namespace

FrameMeter::FrameMeter(QWidget *window, QObject *parent)
    : QObject(parent)
    , m_window(window)
{
    m_clock.start();
}

FrameMeter::~FrameMeter()
{
    stop();
}

void FrameMeter::start()
{
    if (m_running || !m_window)
        return;
    m_running = true;
    // Application-wide: the window's UpdateRequest and the Paint events of all its widgets.
    qApp->installEventFilter(this);
}

void FrameMeter::stop()
{
    if (!m_running)
        return;
    m_running = false;
    qApp->removeEventFilter(this);
}

void FrameMeter::attribute(qint64 now)
{
    m_byClass[m_painter] += now - m_mark;
    m_mark = now;
}

bool FrameMeter::eventFilter(QObject *watched, QEvent *event)
{
    const QEvent::Type type = event->type();
    if (type == QEvent::Paint && m_inFrame && watched->isWidgetType()) {
        // The backing store paints one widget after another: the previous one ends here.
        auto *widget = static_cast<QWidget *>(watched);
        if (widget->window() == m_window) {
            attribute(m_clock.nsecsElapsed());
            m_painter = painterName(widget);
            ++m_paints[m_painter];
            m_painted = true;
        }
        return false;
    }
    if (type != QEvent::UpdateRequest || watched != m_window || m_inFrame)
        return false;
    // The frame is the whole delivery of this event: deliver it here, nested (the rest of
    // the chain, filters included, sees it as usual), and take the time around it.
    m_inFrame = true;
    m_frameStart = m_clock.nsecsElapsed();
    m_mark = m_frameStart;
    m_painter = QStringLiteral("(backing store)");
    m_painted = false;
    QCoreApplication::sendEvent(watched, event);
    const qint64 end = m_clock.nsecsElapsed();
    m_inFrame = false;
    // An update request that found nothing dirty painted no frame.
    if (!m_painted)
        return true;
    attribute(end);
    const qint64 frame = end - m_frameStart;
    m_frames << frame;
    emit framePainted(frame);
    return true;
}
