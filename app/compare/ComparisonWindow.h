// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The side-by-side view of a ModeComparison: for each mode its own fan-out diagram,
// the scenario's progress on that side and, under it, the totals that tell the
// modes apart. Account-level on the left, classic on the right. A step that failed
// is named in red under its side. The window remembers its geometry (QSettings
// "compare/geometry") and closes with Esc or Ctrl+W.
#pragma once

#include <QHash>
#include <QTimer>
#include <QWidget>

class ComparisonSide;
class FanOutView;
class ModeComparison;
class QGridLayout;
class QLabel;
class QPushButton;

class ComparisonWindow : public QWidget
{
    Q_OBJECT
public:
    explicit ComparisonWindow(ModeComparison *comparison, QWidget *parent = nullptr);
    ~ComparisonWindow() override;

    static QSize screenshotSize() { return { 1800, 900 }; }
    static QString geometryKey() { return QStringLiteral("compare/geometry"); }
    // Where a window of this size goes with no saved geometry: centred over the
    // parent window (or the screen), moved inside the screen's available area.
    static QRect placement(const QSize &size, const QRect &over, const QRect &available);

    ModeComparison *comparison() const { return m_comparison; }
    FanOutView *view(ComparisonSide *side) const { return m_views.value(side); }
    // The red line under a side naming its failed step; hidden while none failed.
    QLabel *failureLabel(ComparisonSide *side) const { return m_failures.value(side); }
    QLabel *verdictLabel() const { return m_verdict; }

protected:
    void showEvent(QShowEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    // The side's view, progress, failure and totals, one per row of the grid's column.
    void buildColumn(ComparisonSide *side, QGridLayout *grid, int column);
    void updateTotals();
    void showDifferences();
    void showOutcome(ComparisonSide *side);
    void showFailure(ComparisonSide *side);
    QString failureVerdict() const;
    void restoreWindowGeometry();
    void saveWindowGeometry() const;

    ModeComparison *const m_comparison;
    QHash<ComparisonSide *, FanOutView *> m_views;
    QHash<ComparisonSide *, QLabel *> m_totals;
    QHash<ComparisonSide *, QLabel *> m_progress;
    QHash<ComparisonSide *, QLabel *> m_failures;
    QLabel *m_verdict = nullptr;
    class QListWidget *m_differences = nullptr;
    QPushButton *m_again = nullptr;
    bool m_placed = false; // geometry restored or defaulted, at the first show
    // Totals are recounted at most this often, however fast the trace runs.
    QTimer m_refresh;
};
