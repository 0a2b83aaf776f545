// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The scenario the lab plays, step by step: which step runs, which passed or failed
// and why, with play/pause, single step, stop and the pace between steps.
#pragma once

#include <QDockWidget>
#include <QPointer>

class ElidedLabel;
class QComboBox;
class QLabel;
class QListWidget;
class QProgressBar;
class QPushButton;
class ScenarioRunner;

class ScenarioDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit ScenarioDock(QWidget *parent = nullptr);

    // Shows the runner's scenario and follows its progress.
    void setRunner(ScenarioRunner *runner);
    // The pace the speed selector asks for, in ms between steps.
    int delay() const;
    QListWidget *stepList() const { return m_steps; }
    // Steps done of all, while a scenario runs.
    QProgressBar *progressBar() const { return m_progress; }
    // What the selected step does or expects, its note and its result, wrapped.
    QLabel *detailLabel() const { return m_detail; }
    // The pace selector's index (settings keep it between runs).
    int paceIndex() const;
    void setPaceIndex(int index);

    // Item data role holding the step's ScenarioRunner::StepState as an int.
    static constexpr int StateRole = Qt::UserRole + 1;

private:
    void rebuild();
    void updateStep(int index);
    void updateControls();
    void updateProgress();
    void showDetail(int index);

    QPointer<ScenarioRunner> m_runner;
    QLabel *m_title = nullptr;
    ElidedLabel *m_description = nullptr;
    QLabel *m_summary = nullptr;
    QListWidget *m_steps = nullptr;
    QPushButton *m_play = nullptr;
    QPushButton *m_step = nullptr;
    QPushButton *m_stop = nullptr;
    QComboBox *m_speed = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_detail = nullptr;
};
