// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The side-by-side view of a ModeComparison: for each mode its own fan-out diagram,
// the scenario's progress on that side and, under it, the totals that tell the
// modes apart. Account-level on the left, classic on the right.
#pragma once

#include <QHash>
#include <QTimer>
#include <QWidget>

class ComparisonSide;
class FanOutView;
class ModeComparison;
class QLabel;
class QPushButton;

class ComparisonWindow : public QWidget
{
    Q_OBJECT
public:
    explicit ComparisonWindow(ModeComparison *comparison, QWidget *parent = nullptr);

    static QSize screenshotSize() { return { 1800, 600 }; }
    FanOutView *view(ComparisonSide *side) const { return m_views.value(side); }

private:
    QWidget *buildColumn(ComparisonSide *side);
    void updateTotals();
    void showOutcome(ComparisonSide *side);

    ModeComparison *const m_comparison;
    QHash<ComparisonSide *, FanOutView *> m_views;
    QHash<ComparisonSide *, QLabel *> m_totals;
    QHash<ComparisonSide *, QLabel *> m_progress;
    QLabel *m_verdict = nullptr;
    QPushButton *m_again = nullptr;
    // Totals are recounted at most this often, however fast the trace runs.
    QTimer m_refresh;
};
