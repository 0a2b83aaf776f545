// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "fanout/FanOutNode.h"

#include "ui/LabPalette.h"

#include <QPainter>

FanOutNode::FanOutNode(Role role, const QString &jid, const QColor &accent)
    : m_role(role)
    , m_jid(jid)
    , m_accent(accent)
    , m_size(sizeFor(role))
{
    setZValue(2);
    setAcceptHoverEvents(false);
    updateToolTip();
}

QSizeF FanOutNode::sizeFor(Role role)
{
    switch (role) {
    case Role::Room:
        return { 300, 64 };
    case Role::Account:
        return { 176, 52 };
    case Role::Session:
        return { 150, 66 };
    }
    return {};
}

void FanOutNode::setSize(const QSizeF &size)
{
    if (size == m_size)
        return;
    prepareGeometryChange();
    m_size = size;
}

QRectF FanOutNode::boundingRect() const
{
    const QSizeF s = size();
    // Room for the shadow and the counter badge that overhangs the corner.
    return QRectF(-s.width() / 2 - 12, -s.height() / 2 - 12, s.width() + 24, s.height() + 24);
}

QPointF FanOutNode::topAnchor() const
{
    return mapToScene(QPointF(0, -size().height() / 2));
}

QPointF FanOutNode::bottomAnchor() const
{
    return mapToScene(QPointF(0, size().height() / 2));
}

void FanOutNode::setTitle(const QString &title)
{
    m_title = title;
    updateToolTip();
    update();
}

void FanOutNode::setSubtitle(const QString &subtitle)
{
    if (subtitle == m_subtitle)
        return;
    m_subtitle = subtitle;
    updateToolTip();
    update();
}

void FanOutNode::setLit(bool lit)
{
    if (lit == m_lit)
        return;
    m_lit = lit;
    update();
}

void FanOutNode::setDetached(bool detached)
{
    if (detached == m_detached)
        return;
    m_detached = detached;
    update();
}

void FanOutNode::setCounter(int counter)
{
    if (counter == m_counter)
        return;
    m_counter = counter;
    updateToolTip();
    update();
}

void FanOutNode::updateToolTip()
{
    QString tip = QStringLiteral("%1\n%2").arg(m_jid, m_subtitle);
    if (m_role == Role::Session)
        tip += m_counter == 1
            ? QStringLiteral("\nBadge: 1 room stanza delivered to it by the server")
            : QStringLiteral("\nBadge: %1 room stanzas delivered to it by the server").arg(m_counter);
    setToolTip(tip);
}

void FanOutNode::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const QSizeF s = size();
    const QRectF box(-s.width() / 2, -s.height() / 2, s.width(), s.height());
    const qreal radius = m_role == Role::Session ? 10 : 14;
    painter->setRenderHint(QPainter::Antialiasing);

    if (m_lit) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(QColor(20, 30, 50, 28));
        painter->drawRoundedRect(box.translated(0, 3), radius, radius);
    }

    QColor fill;
    QColor border;
    QColor titleInk;
    QColor subtitleInk;
    switch (m_role) {
    case Role::Room:
        fill = m_lit ? QColor(0x1f, 0x2a, 0x44) : QColor(0xe4, 0xe7, 0xed);
        border = m_lit ? fill : LabPalette::idleLine();
        titleInk = m_lit ? QColor(Qt::white) : LabPalette::mutedInk();
        subtitleInk = m_lit ? QColor(0xb8, 0xc4, 0xe0) : LabPalette::mutedInk();
        break;
    case Role::Account:
        fill = m_lit ? m_accent : QColor(Qt::white);
        border = m_lit ? m_accent.darker(115) : LabPalette::idleLine();
        titleInk = m_lit ? QColor(Qt::white) : LabPalette::mutedInk();
        subtitleInk = m_lit ? QColor(255, 255, 255, 200) : LabPalette::mutedInk();
        break;
    case Role::Session:
        fill = m_lit ? QColor(Qt::white) : QColor(0xf1, 0xf3, 0xf6);
        border = m_lit ? m_accent : LabPalette::idleLine();
        titleInk = m_lit ? LabPalette::ink() : LabPalette::mutedInk();
        subtitleInk = LabPalette::mutedInk();
        break;
    }
    if (m_detached)
        border = LabPalette::detached();
    QPen pen(border, (m_lit || m_detached) && m_role == Role::Session ? 2.0 : 1.2);
    if ((!m_lit || m_detached) && m_role != Role::Room)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(fill);
    painter->drawRoundedRect(box, radius, radius);
    if (m_detached) {
        // Hatched: present in the room, absent on the network.
        QColor hatch = LabPalette::detached();
        hatch.setAlpha(70);
        painter->setPen(Qt::NoPen);
        painter->setBrush(QBrush(hatch, Qt::BDiagPattern));
        painter->drawRoundedRect(box, radius, radius);
    }

    if (m_role == Role::Session) {
        // The account's colour as a strip, so a session's owner reads at a glance.
        QColor strip = m_accent;
        if (!m_lit)
            strip.setAlpha(90);
        painter->setPen(Qt::NoPen);
        painter->setBrush(strip);
        painter->drawRoundedRect(QRectF(box.left() + 6, box.top() + 8, 4, box.height() - 16), 2, 2);
    }

    // Pixels, not points: the view's readable minimum is in pixels on screen.
    QFont titleFont = painter->font();
    titleFont.setBold(true);
    titleFont.setPixelSize(qRound(m_role == Role::Room ? RoomTitlePixels : TitlePixels));
    QFont subtitleFont = painter->font();
    subtitleFont.setPixelSize(qRound(SubtitlePixels));

    const QRectF text = box.adjusted(m_role == Role::Session ? 16 : 10, 6, -10, -6);
    painter->setFont(titleFont);
    painter->setPen(titleInk);
    const Qt::Alignment align = m_role == Role::Session ? Qt::AlignLeft : Qt::AlignHCenter;
    // Narrowed on a crowded row: cut with "…", the tooltip has the whole JID.
    const QString title = painter->fontMetrics().elidedText(m_title, Qt::ElideRight, int(text.width()));
    painter->drawText(QRectF(text.left(), text.top(), text.width(), text.height() * 0.55),
                      align | Qt::AlignBottom, title);
    painter->setFont(subtitleFont);
    painter->setPen(subtitleInk);
    const QString subtitle = painter->fontMetrics().elidedText(m_subtitle, Qt::ElideRight, int(text.width()));
    painter->drawText(
        QRectF(text.left(), text.top() + text.height() * 0.58, text.width(), text.height() * 0.42),
        align | Qt::AlignTop, subtitle);

    if (m_role == Role::Session) {
        // Counter badge in the top-right corner.
        QFont badgeFont = painter->font();
        badgeFont.setBold(true);
        badgeFont.setPixelSize(qRound(SubtitlePixels));
        painter->setFont(badgeFont);
        const QString number = QString::number(m_counter);
        const qreal width = qMax<qreal>(24, painter->fontMetrics().horizontalAdvance(number) + 12);
        const QRectF badge(box.right() - width + 8, box.top() - 9, width, 20);
        painter->setPen(QPen(Qt::white, 1.5));
        painter->setBrush(m_counter > 0 && m_lit
                              ? m_accent
                              : (m_counter > 0 ? QColor(0x9a, 0xa3, 0xb0) : QColor(0xd5, 0xd9, 0xe0)));
        painter->drawRoundedRect(badge, 10, 10);
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, number);
    }
}
