// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The session cards side by side. Narrower than their least width (six cards at 200 %
// zoom beside the Session dock), the row scrolls sideways rather than cut them or
// push the window wider than the screen; it asks to be as tall as the cards need, and
// scrolls up and down only when the window cannot give it that height.
#pragma once

#include <QScrollArea>

class QHBoxLayout;

class CardRow : public QScrollArea
{
    Q_OBJECT
public:
    explicit CardRow(QWidget *parent = nullptr);

    // Add the cards here.
    QHBoxLayout *cardLayout() const { return m_layout; }
    QWidget *cards() const { return widget(); }

    QSize minimumSizeHint() const override;
    QSize sizeHint() const override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    // The scroll bar's height when the cards do not fit the width, else 0.
    int scrollBarSpace() const;

    QHBoxLayout *m_layout = nullptr;
};
