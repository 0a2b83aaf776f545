// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A link in the fan-out diagram (room→account, account→session, or room→session in
// classic mode). It keeps only the time it was last lit; the view's frame timer
// asks it to repaint while that glow fades, so a burst of stanzas costs nothing extra.
#pragma once

#include "TraceEvent.h"

#include <QGraphicsItem>
#include <QPainterPath>

class FanOutNode;

class FanOutEdge : public QGraphicsItem
{
public:
    enum { Type = UserType + 2 };
    static constexpr qint64 FadeMs = 1100;
    static constexpr qint64 TravelMs = 450;

    FanOutEdge(FanOutNode *upper, FanOutNode *lower);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    FanOutNode *upper() const { return m_upper; }
    FanOutNode *lower() const { return m_lower; }
    QString label() const;
    QPainterPath path() const { return m_path; }

    // Recomputes the curve from the nodes' anchors; start is spread along the upper node.
    void setEnds(const QPointF &start, const QPointF &end);
    // The view's scale (FanOutView::textScale()): lines and the running dot follow it.
    void setUnit(qreal unit);
    // In use: both ends take part in the room.
    void setActive(bool active);
    bool isActive() const { return m_active; }

    // A stanza crossed this edge now (downward: towards the session).
    void flash(TraceEvent::Kind kind, bool downward, const QString &xml, qint64 nowMs);
    // Moves the glow on; false once it has faded out.
    bool advance(qint64 nowMs);

    int count() const { return m_count; }
    void resetCount();
    QString lastXml() const { return m_lastXml; }
    TraceEvent::Kind lastKind() const { return m_lastKind; }

private:
    FanOutNode *const m_upper;
    FanOutNode *const m_lower;
    QPainterPath m_path;
    qreal m_unit = 1;
    bool m_active = false;
    qint64 m_litAt = 0;
    qreal m_glow = 0; // 1 just lit .. 0 faded
    qreal m_travel = -1; // position of the moving dot along the path, -1 when none
    bool m_downward = true;
    TraceEvent::Kind m_lastKind = TraceEvent::Kind::Other;
    QString m_lastXml;
    int m_count = 0;
};
