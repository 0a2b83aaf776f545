// The scenario the lab plays, step by step: which step runs, which passed or failed
// and why, with play/pause, single step, stop and the pace between steps.
#pragma once

#include <QDockWidget>
#include <QPointer>

class QComboBox;
class QLabel;
class QListWidget;
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

    // Item data role holding the step's ScenarioRunner::StepState as an int.
    static constexpr int StateRole = Qt::UserRole + 1;

private:
    void rebuild();
    void updateStep(int index);
    void updateControls();

    QPointer<ScenarioRunner> m_runner;
    QLabel *m_title = nullptr;
    QLabel *m_description = nullptr;
    QLabel *m_summary = nullptr;
    QListWidget *m_steps = nullptr;
    QPushButton *m_play = nullptr;
    QPushButton *m_step = nullptr;
    QPushButton *m_stop = nullptr;
    QComboBox *m_speed = nullptr;
};
