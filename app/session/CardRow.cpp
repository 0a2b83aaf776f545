// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/CardRow.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QScrollBar>

CardRow::CardRow(QWidget *parent)
    : QScrollArea(parent)
{
    setObjectName(QStringLiteral("cardRow"));
    setFrameShape(QFrame::NoFrame);
    setWidgetResizable(true);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    // It asks for the cards' whole height; denied it (narrow cards at 200 % zoom), it scrolls.
    setVerticalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    auto *cards = new QWidget;
    cards->setObjectName(QStringLiteral("cards"));
    cards->setAutoFillBackground(false);
    m_layout = new QHBoxLayout(cards);
    m_layout->setContentsMargins(0, 0, 0, 0);
    setWidget(cards);
    viewport()->setAutoFillBackground(false);
    // The cards' least size changes with zoom and with cards coming and going.
    cards->installEventFilter(this);
}

int CardRow::scrollBarSpace() const
{
    return widget()->minimumSizeHint().width() > viewport()->width()
        ? horizontalScrollBar()->sizeHint().height()
        : 0;
}

QSize CardRow::minimumSizeHint() const
{
    // Any width (it scrolls), but never shorter than the cards: vertically nothing scrolls.
    return { 120, widget()->minimumSizeHint().height() + scrollBarSpace() + 2 * frameWidth() };
}

QSize CardRow::sizeHint() const
{
    const QSize cards = widget()->sizeHint();
    return { cards.width() + 2 * frameWidth(), cards.height() + scrollBarSpace() + 2 * frameWidth() };
}

bool CardRow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == widget() && event->type() == QEvent::LayoutRequest)
        updateGeometry();
    return QScrollArea::eventFilter(watched, event);
}

void CardRow::resizeEvent(QResizeEvent *event)
{
    QScrollArea::resizeEvent(event);
    updateGeometry(); // the scroll bar comes or goes with the width
}
