// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Frame times of one QWidget window: a frame is the handling of the top-level
// widget's QEvent::UpdateRequest, in which the backing store paints every dirty
// widget of the window and flushes. Also splits the frames' time by widget class
// (the time from one widget's paint to the next one's), to say where it goes.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QVector>

class QWidget;

class FrameMeter : public QObject
{
    Q_OBJECT
public:
    explicit FrameMeter(QWidget *window, QObject *parent = nullptr);
    ~FrameMeter() override;

    void start();
    void stop();
    bool isRunning() const { return m_running; }

    // Each frame's duration in nanoseconds, in the order painted; an update request
    // that found nothing to paint is no frame.
    const QVector<qint64> &frameTimes() const { return m_frames; }
    // Nanoseconds spent in frames, by the class of the widget painting ("(backing store)":
    // before the first paint of a frame). A scroll area's viewport counts as its area.
    const QHash<QString, qint64> &paintTimeByClass() const { return m_byClass; }
    // How many paint events each class handled in frames: who keeps asking for them.
    const QHash<QString, int> &paintsByClass() const { return m_paints; }

signals:
    void framePainted(qint64 nanoseconds);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void attribute(qint64 now);

    QPointer<QWidget> m_window;
    bool m_running = false;
    bool m_inFrame = false;
    bool m_painted = false; // a widget painted in the current frame
    QElapsedTimer m_clock;
    qint64 m_frameStart = 0;
    qint64 m_mark = 0; // when the current painter (m_painter) began
    QString m_painter;
    QVector<qint64> m_frames;
    QHash<QString, qint64> m_byClass;
    QHash<QString, int> m_paints;
};
