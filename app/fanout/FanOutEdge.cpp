// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "fanout/FanOutEdge.h"

#include "fanout/FanOutNode.h"
#include "ui/LabPalette.h"

#include <QPainter>
#include <QPainterPathStroker>

namespace {
QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                            a.blueF() + (b.blueF() - a.blueF()) * t);
}
} // namespace

FanOutEdge::FanOutEdge(FanOutNode *upper, FanOutNode *lower)
    : m_upper(upper)
    , m_lower(lower)
{
    setZValue(1);
}

QString FanOutEdge::label() const
{
    return QStringLiteral("%1 \u2192 %2").arg(m_upper->jid(), m_lower->jid());
}

void FanOutEdge::setEnds(const QPointF &start, const QPointF &end)
{
    prepareGeometryChange();
    const qreal bend = (end.y() - start.y()) * 0.55;
    m_path = QPainterPath(start);
    m_path.cubicTo(start + QPointF(0, bend), end - QPointF(0, bend), end);
}

void FanOutEdge::setUnit(qreal unit)
{
    if (qFuzzyCompare(unit, m_unit))
        return;
    prepareGeometryChange();
    m_unit = unit;
}

QRectF FanOutEdge::boundingRect() const
{
    const qreal halo = 10 * qMax<qreal>(1, m_unit);
    return m_path.boundingRect().adjusted(-halo, -halo, halo, halo);
}

QPainterPath FanOutEdge::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(12 * qMax<qreal>(1, m_unit)); // easy to hover for the tooltip
    return stroker.createStroke(m_path);
}

void FanOutEdge::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    update();
}

void FanOutEdge::flash(TraceEvent::Kind kind, bool downward, const QString &xml, qint64 nowMs)
{
    m_litAt = nowMs;
    m_lastKind = kind;
    m_lastXml = xml;
    m_downward = downward;
    ++m_count;
    // Painted at the view's next frame (advance()), not once per stanza.
}

bool FanOutEdge::advance(qint64 nowMs)
{
    const qint64 age = nowMs - m_litAt;
    const qreal glow = m_count > 0 && age < FadeMs ? 1.0 - qreal(age) / FadeMs : 0.0;
    const qreal travel = m_count > 0 && age < TravelMs ? qreal(age) / TravelMs : -1.0;
    if (glow != m_glow || travel != m_travel) {
        m_glow = glow;
        m_travel = travel;
        update();
    }
    return m_glow > 0;
}

void FanOutEdge::resetCount()
{
    m_count = 0;
    m_glow = 0;
    m_travel = -1;
    m_lastXml.clear();
    update();
}

void FanOutEdge::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setBrush(Qt::NoBrush);
    const QColor kind = LabPalette::kindColor(m_lastKind);

    QColor base = m_active ? QColor(0x9a, 0xa3, 0xb3) : LabPalette::idleLine();
    if (m_active && m_count > 0)
        base = mix(base, kind, 0.25); // a trace of what it carried last, after the glow is gone
    const qreal u = m_unit;
    QPen pen(base, (m_active ? 2.2 : 1.4) * u, m_active ? Qt::SolidLine : Qt::DashLine, Qt::RoundCap);
    painter->setPen(pen);
    painter->drawPath(m_path);

    if (m_glow > 0) {
        QColor halo = kind;
        halo.setAlphaF(0.18 * m_glow);
        painter->setPen(QPen(halo, (4 + 10 * m_glow) * u, Qt::SolidLine, Qt::RoundCap));
        painter->drawPath(m_path);
        QColor core = kind;
        core.setAlphaF(0.35 + 0.65 * m_glow);
        painter->setPen(QPen(core, (2.2 + 2.0 * m_glow) * u, Qt::SolidLine, Qt::RoundCap));
        painter->drawPath(m_path);
    }
    if (m_travel >= 0) {
        // A dot running the way the stanza went.
        const qreal t = m_downward ? m_travel : 1.0 - m_travel;
        const QPointF at = m_path.pointAtPercent(qBound<qreal>(0, t, 1));
        painter->setPen(QPen(Qt::white, 2 * u));
        painter->setBrush(kind);
        painter->drawEllipse(at, 6 * u, 6 * u);
    }
}
