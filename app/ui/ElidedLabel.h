// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A plain-text label that never widens its layout: too long for its width, it shows a
// shorter form of its text if it has one that fits, else breaks between words (up to
// maximumLines()), else ends in "…"; then its tooltip gives the whole text (and the
// explanation, if any).
// Works through a QLabel pointer too: setText() there is seen at the next paint.
#pragma once

#include <QLabel>

class ElidedLabel : public QLabel
{
    Q_OBJECT
public:
    explicit ElidedLabel(const QString &text = QString(), QWidget *parent = nullptr);

    // Hides QLabel::setText() so the tooltip follows at once, painted or not.
    void setText(const QString &text);
    // What the tooltip says besides the whole text, e.g. what a count counts.
    void setExplanation(const QString &explanation);
    QString explanation() const { return m_explanation; }

    // Shorter forms of the text, longest first, shown whole when the text does not fit:
    // "12 received" for "12 stanzas received · 3 groupchat". Only the last one is cut.
    void setShorterTexts(const QStringList &texts);
    QStringList shorterTexts() const { return m_shorter; }
    // Up to this many lines, broken between words, before a shorter form or "…" (1 by default).
    void setMaximumLines(int lines);
    int maximumLines() const { return m_maxLines; }

    // The text as painted at the current width; its lines joined by "\n".
    QString displayedText() const;
    // The painted text is not the whole text: shortened or cut with "…".
    bool isElided() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QRect textRect() const;
    QString displayedText(int width) const;
    int extraHeight() const; // for the lines beyond the first
    void updateToolTip();

    QString m_explanation;
    QStringList m_shorter;
    int m_maxLines = 1;
    int m_shownLines = 1; // as the size hints last said
    QString m_shownToolTip; // as this class last set it
};
