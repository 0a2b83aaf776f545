// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ui/ElidedLabel.h"

#include <QEvent>
#include <QPainter>
#include <QStyle>
#include <utility>

ElidedLabel::ElidedLabel(const QString &text, QWidget *parent)
    : QLabel(text, parent)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    // Its whole text when there is room; minimumSizeHint() lets the layout narrow it.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    updateToolTip();
}

void ElidedLabel::setText(const QString &text)
{
    // The same text again (a view refreshed on every stanza) measures nothing.
    if (text == QLabel::text())
        return;
    QLabel::setText(text);
    updateToolTip();
}

void ElidedLabel::setExplanation(const QString &explanation)
{
    if (explanation == m_explanation && toolTip() == m_shownToolTip)
        return;
    m_explanation = explanation;
    m_shownToolTip = toolTip();
    updateToolTip();
}

QRect ElidedLabel::textRect() const
{
    // contentsRect() holds the frame and a style sheet's padding; margin() comes on top.
    return contentsRect().adjusted(margin(), margin(), -margin(), -margin());
}

void ElidedLabel::setShorterTexts(const QStringList &texts)
{
    if (texts == m_shorter)
        return;
    m_shorter = texts;
    updateToolTip();
    update();
}

void ElidedLabel::setMaximumLines(int lines)
{
    m_maxLines = qMax(1, lines);
    updateGeometry();
    update();
}

namespace {
// Greedy, between words: as many words on a line as fit the width.
QStringList wrapped(const QString &text, const QFontMetrics &metrics, int width)
{
    QStringList lines;
    const QStringList words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (!lines.isEmpty() && metrics.horizontalAdvance(lines.last() + QLatin1Char(' ') + word) <= width)
            lines.last() += QLatin1Char(' ') + word;
        else
            lines << word;
    }
    return lines;
}
} // namespace

QString ElidedLabel::displayedText() const
{
    return displayedText(qMax(0, textRect().width()));
}

QString ElidedLabel::displayedText(int width) const
{
    const QFontMetrics metrics = fontMetrics();
    const QString whole = text();
    if (metrics.horizontalAdvance(whole) <= width)
        return whole;
    QStringList lines;
    if (m_maxLines > 1) {
        lines = wrapped(whole, metrics, width);
        bool fits = lines.size() <= m_maxLines;
        for (const QString &line : std::as_const(lines))
            fits = fits && metrics.horizontalAdvance(line) <= width;
        if (fits)
            return lines.join(QLatin1Char('\n'));
    }
    for (const QString &shorter : m_shorter) {
        if (metrics.horizontalAdvance(shorter) <= width)
            return shorter;
    }
    if (!m_shorter.isEmpty() || m_maxLines == 1)
        return metrics.elidedText(m_shorter.isEmpty() ? whole : m_shorter.constLast(), Qt::ElideRight, width);
    // As many lines as allowed, each cut where it must be, the last one holding the rest.
    while (lines.size() > m_maxLines) {
        const QString rest = lines.takeLast();
        lines.last() += QLatin1Char(' ') + rest;
    }
    for (QString &line : lines)
        line = metrics.elidedText(line, Qt::ElideRight, width);
    return lines.join(QLatin1Char('\n'));
}

bool ElidedLabel::isElided() const
{
    QString shown = displayedText();
    shown.replace(QLatin1Char('\n'), QLatin1Char(' '));
    return shown != text();
}

int ElidedLabel::extraHeight() const
{
    if (m_maxLines == 1)
        return 0;
    const int lines = int(displayedText().count(QLatin1Char('\n'))) + 1;
    return (lines - 1) * fontMetrics().lineSpacing();
}

QSize ElidedLabel::sizeHint() const
{
    const QSize hint = QLabel::sizeHint();
    return { hint.width(), hint.height() + extraHeight() };
}

QSize ElidedLabel::minimumSizeHint() const
{
    // Two letters and the ellipsis: enough to tell labels apart.
    const QString shortest = m_shorter.isEmpty() ? text() : m_shorter.constLast();
    const QString stub = shortest.left(2) + QChar(0x2026);
    const int width
        = qMin(fontMetrics().horizontalAdvance(stub) + 2, fontMetrics().horizontalAdvance(shortest));
    const QMargins margins = contentsMargins();
    return { width + margins.left() + margins.right() + 2 * margin(),
             QLabel::minimumSizeHint().height() + extraHeight() };
}

void ElidedLabel::paintEvent(QPaintEvent *event)
{
    QFrame::paintEvent(event); // the frame and a style sheet's background
    updateToolTip();
    QPainter painter(this);
    const Qt::Alignment align = QStyle::visualAlignment(layoutDirection(), alignment());
    style()->drawItemText(&painter, textRect(), int(align), palette(), isEnabled(), displayedText(),
                          foregroundRole());
}

void ElidedLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    updateToolTip();
    // Broken into more or fewer lines at this width: the layout gives it the height.
    if (m_maxLines > 1) {
        const int lines = int(displayedText().count(QLatin1Char('\n'))) + 1;
        if (lines != m_shownLines) {
            m_shownLines = lines;
            updateGeometry();
        }
    }
}

void ElidedLabel::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        updateToolTip();
}

void ElidedLabel::updateToolTip()
{
    // A tooltip set through QWidget::setToolTip() stays, as the explanation.
    if (toolTip() != m_shownToolTip)
        m_explanation = toolTip();
    QStringList parts;
    if (isElided())
        parts << text();
    if (!m_explanation.isEmpty() && !parts.contains(m_explanation))
        parts << m_explanation;
    m_shownToolTip = parts.join(QStringLiteral("\n\n"));
    if (toolTip() != m_shownToolTip)
        setToolTip(m_shownToolTip);
}
