// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "scenario/ScenarioDock.h"

#include "core/scenario/ScenarioRunner.h"
#include "core/scenario/ScenarioWriter.h"
#include "ui/ElidedLabel.h"
#include "ui/LabPalette.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace {
// The dock's content asks for a width that leaves six session cards room beside it
// at 1400 pixels; QMainWindow sizes a dock by its content, not by the dock.
class NarrowContent : public QWidget
{
public:
    QSize sizeHint() const override
    {
        return { qMin(470, QWidget::sizeHint().width()), QWidget::sizeHint().height() };
    }
};

// A small round badge per step state, drawn so it matches the lab's colours.
QIcon stateIcon(ScenarioRunner::StepState state)
{
    using State = ScenarioRunner::StepState;
    QPixmap pixmap(28, 28);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF circle(3, 3, 22, 22);
    QPen pen(Qt::white, 3, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    switch (state) {
    case State::Passed:
        painter.setPen(Qt::NoPen);
        painter.setBrush(LabPalette::success());
        painter.drawEllipse(circle);
        painter.setPen(pen);
        painter.drawPolyline(QPolygonF({ { 8.5, 14.5 }, { 12.5, 18.5 }, { 19.5, 10 } }));
        break;
    case State::Failed:
        painter.setPen(Qt::NoPen);
        painter.setBrush(LabPalette::failure());
        painter.drawEllipse(circle);
        painter.setPen(pen);
        painter.drawLine(QPointF(10, 10), QPointF(18, 18));
        painter.drawLine(QPointF(18, 10), QPointF(10, 18));
        break;
    case State::Running:
        painter.setPen(Qt::NoPen);
        painter.setBrush(LabPalette::kindColor(TraceEvent::Kind::GroupChat));
        painter.drawEllipse(circle);
        painter.setBrush(Qt::white);
        painter.drawPolygon(QPolygonF({ { 11, 8.5 }, { 19.5, 14 }, { 11, 19.5 } }));
        break;
    case State::Pending:
    case State::NotRun:
        painter.setPen(QPen(LabPalette::idleLine(), 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(circle.adjusted(2, 2, -2, -2));
        break;
    }
    return QIcon(pixmap);
}
} // namespace

ScenarioDock::ScenarioDock(QWidget *parent)
    : QDockWidget(tr("Scenario"), parent)
{
    setObjectName(QStringLiteral("scenarioDock"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable);

    m_title = new QLabel;
    m_title->setWordWrap(true);
    m_title->setTextFormat(Qt::RichText);
    // One line, the whole in its tooltip and under the steps until one is picked: a
    // long description must not take the steps' height.
    m_description = new ElidedLabel;
    m_description->setObjectName(QStringLiteral("scenarioDescription"));
    QPalette muted = m_description->palette();
    muted.setColor(QPalette::WindowText, LabPalette::mutedInk());
    m_description->setPalette(muted);

    m_steps = new QListWidget;
    m_steps->setObjectName(QStringLiteral("scenarioSteps"));
    m_steps->setWordWrap(true);
    // Whole titles, wrapped to the dock's width, re-laid out when it changes.
    m_steps->setTextElideMode(Qt::ElideNone);
    m_steps->setResizeMode(QListView::Adjust);
    m_steps->setIconSize(QSize(14, 14));
    m_steps->setSpacing(1);
    m_steps->setSelectionMode(QAbstractItemView::SingleSelection);
    m_steps->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_steps->setStyleSheet(
        QStringLiteral("QListWidget { border: 1px solid %1; border-radius: 6px; background: white; }")
            .arg(LabPalette::cardBorder().name()));
    // A handful of steps in view however crowded the dock's side gets.
    m_steps->setMinimumHeight(6 * (m_steps->fontMetrics().lineSpacing() + 6));

    m_play = new QPushButton;
    m_play->setObjectName(QStringLiteral("scenarioPlay"));
    m_step = new QPushButton(style()->standardIcon(QStyle::SP_MediaSkipForward), tr("Step"));
    m_step->setObjectName(QStringLiteral("scenarioStep"));
    m_step->setToolTip(tr("Run the next step, then pause"));
    m_stop = new QPushButton(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop"));
    m_stop->setObjectName(QStringLiteral("scenarioStop"));
    // The debugger's keys: F5 play or pause, F6 one step, Shift+F5 stop.
    m_play->setShortcut(QKeySequence(Qt::Key_F5));
    m_play->setToolTip(tr("Play or pause (F5)"));
    m_step->setShortcut(QKeySequence(Qt::Key_F6));
    m_step->setToolTip(tr("Run the next step, then pause (F6)"));
    m_stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_stop->setToolTip(tr("Stop the run (Shift+F5)"));
    m_speed = new QComboBox;
    m_speed->setObjectName(QStringLiteral("scenarioSpeed"));
    m_speed->setToolTip(tr("Pause between steps"));
    m_speed->addItem(tr("Full speed"), 0);
    m_speed->addItem(tr("Fast"), 150);
    m_speed->addItem(tr("Readable"), 600);
    m_speed->addItem(tr("Slow"), 1500);
    m_speed->setCurrentIndex(2);

    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("scenarioSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("scenarioProgress"));
    m_progress->setTextVisible(true);
    m_progress->setMaximumHeight(16);

    // Long failure texts and notes wrap here rather than stretch the dock.
    m_detail = new QLabel;
    m_detail->setObjectName(QStringLiteral("scenarioStepDetail"));
    m_detail->setWordWrap(true);
    m_detail->setTextFormat(Qt::RichText);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_detail->setMinimumHeight(60);
    m_detail->setContentsMargins(8, 6, 8, 6);
    m_detail->setStyleSheet(
        QStringLiteral("#scenarioStepDetail { background: white; border: 1px solid %1; border-radius: 6px; }")
            .arg(LabPalette::cardBorder().name()));

    auto *controls = new QHBoxLayout;
    controls->setSpacing(6);
    controls->addWidget(m_play);
    controls->addWidget(m_step);
    controls->addWidget(m_stop);
    controls->addStretch(1);
    controls->addWidget(m_speed);

    auto *content = new NarrowContent;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(10, 6, 10, 10);
    layout->setSpacing(6);
    layout->addWidget(m_title);
    layout->addWidget(m_description);
    layout->addLayout(controls);
    layout->addWidget(m_progress);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_detail);
    layout->addWidget(m_summary);
    setWidget(content);

    connect(m_play, &QPushButton::clicked, this, [this] {
        if (!m_runner)
            return;
        if (m_runner->state() == ScenarioRunner::State::Running
            || m_runner->state() == ScenarioRunner::State::Preparing)
            m_runner->pause();
        else
            m_runner->play();
    });
    connect(m_step, &QPushButton::clicked, this, [this] {
        if (m_runner)
            m_runner->step();
    });
    connect(m_stop, &QPushButton::clicked, this, [this] {
        if (m_runner)
            m_runner->stop();
    });
    connect(m_steps, &QListWidget::currentRowChanged, this, &ScenarioDock::showDetail);
    connect(m_speed, QOverload<int>::of(&QComboBox::currentIndexChanged), this, [this] {
        if (m_runner)
            m_runner->setDelay(delay());
    });
    updateControls();
}

int ScenarioDock::delay() const
{
    return m_speed->currentData().toInt();
}

int ScenarioDock::paceIndex() const
{
    return m_speed->currentIndex();
}

void ScenarioDock::setPaceIndex(int index)
{
    if (index >= 0 && index < m_speed->count())
        m_speed->setCurrentIndex(index);
}

void ScenarioDock::setRunner(ScenarioRunner *runner)
{
    if (m_runner)
        disconnect(m_runner, nullptr, this, nullptr);
    m_runner = runner;
    if (runner) {
        runner->setDelay(delay());
        // Gone (a newer run replaced it): the dock says so rather than show its last steps.
        connect(runner, &QObject::destroyed, this, &ScenarioDock::rebuild);
        connect(runner, &ScenarioRunner::stepStarted, this, [this](int index) {
            updateStep(index);
            updateControls();
            m_steps->scrollToItem(m_steps->item(index));
        });
        connect(runner, &ScenarioRunner::stepPassed, this, &ScenarioDock::updateStep);
        connect(runner, &ScenarioRunner::stepFailed, this, &ScenarioDock::updateStep);
        connect(runner, &ScenarioRunner::stateChanged, this, &ScenarioDock::updateControls);
        connect(runner, &ScenarioRunner::finished, this, [this] {
            for (int i = 0; i < m_steps->count(); ++i)
                updateStep(i);
            updateControls();
        });
    }
    rebuild();
}

void ScenarioDock::rebuild()
{
    m_steps->clear();
    if (!m_runner) {
        m_title->clear();
        m_description->clear();
        updateControls();
        updateProgress();
        showDetail(-1);
        return;
    }
    const Scenario &scenario = m_runner->scenario();
    m_title->setText(
        QStringLiteral("<b>%1</b> &nbsp;<span style='color:%3'>%2 \u00b7 %4</span>")
            .arg(scenario.name.toHtmlEscaped(), scenario.rule.toHtmlEscaped(), LabPalette::mutedInk().name(),
                 scenario.mode == JoinMode::Classic ? tr("classic mode") : tr("account-level mode")));
    m_description->setText(scenario.description);
    for (int i = 0; i < scenario.steps.size(); ++i) {
        auto *item = new QListWidgetItem(m_steps);
        Q_UNUSED(item)
        updateStep(i);
    }
    updateControls();
    updateProgress();
    showDetail(-1);
}

void ScenarioDock::updateStep(int index)
{
    QListWidgetItem *item = m_steps->item(index);
    if (!item || !m_runner)
        return;
    using State = ScenarioRunner::StepState;
    const ScenarioStep &step = m_runner->scenario().steps.at(index);
    const State state = m_runner->stepState(index);
    const QString message = m_runner->stepMessage(index);
    QString text = QStringLiteral("%1. %2").arg(index + 1).arg(step.title());
    // Why a step failed belongs in the list itself; for passed steps a tooltip will do.
    if (state == State::Failed && !message.isEmpty())
        text += QStringLiteral("\n\u2192 ") + message;
    item->setText(text);
    item->setIcon(stateIcon(state));
    item->setData(StateRole, int(state));
    QStringList tip { step.title() };
    if (!step.note.isEmpty())
        tip << step.note;
    if (!message.isEmpty())
        tip << message;
    item->setToolTip(tip.join(QStringLiteral("\n\n")));
    QColor color = LabPalette::ink();
    if (state == State::Failed)
        color = LabPalette::failure().darker(115);
    else if (state == State::NotRun || state == State::Pending)
        color = LabPalette::mutedInk();
    item->setForeground(color);
    QFont font = m_steps->font();
    font.setItalic(step.isExpectation());
    font.setBold(state == State::Running);
    item->setFont(font);
    if (m_steps->currentRow() == index)
        showDetail(index);
    updateProgress();
}

void ScenarioDock::updateProgress()
{
    using State = ScenarioRunner::StepState;
    const int count = m_runner ? int(m_runner->scenario().steps.size()) : 0;
    int done = 0;
    for (int i = 0; i < count; ++i) {
        const State state = m_runner->stepState(i);
        done += state == State::Passed || state == State::Failed ? 1 : 0;
    }
    // No steps, no progress to show: "0 of 0 steps done" would say nothing true.
    m_progress->setVisible(count > 0);
    m_progress->setRange(0, qMax(1, count));
    m_progress->setValue(done);
    const bool running = m_runner && m_runner->state() == ScenarioRunner::State::Running;
    m_progress->setFormat(running
                              ? tr("Step %1 of %2").arg(qMin(m_runner->currentStep() + 1, count)).arg(count)
                              : tr("%1 of %2 steps done").arg(done).arg(count));
}

void ScenarioDock::showDetail(int index)
{
    if (!m_runner || index < 0 || index >= m_runner->scenario().steps.size()) {
        const QString description = m_runner ? m_runner->scenario().description.toHtmlEscaped() : QString();
        m_detail->setText((description.isEmpty() ? QString() : description + QStringLiteral("<br>"))
                          + tr("<span style='color:%1'>Click a step to see what it does or expects.</span>")
                                .arg(LabPalette::mutedInk().name()));
        return;
    }
    using State = ScenarioRunner::StepState;
    const ScenarioStep &step = m_runner->scenario().steps.at(index);
    const State state = m_runner->stepState(index);
    QStringList parts;
    parts << QStringLiteral("<b>%1. %2</b>").arg(index + 1).arg(step.title().toHtmlEscaped());
    if (!step.note.isEmpty())
        parts << QStringLiteral("<i>%1</i>").arg(step.note.toHtmlEscaped());
    if (step.action == ScenarioStep::Action::ExpectReceive)
        parts << tr("Looks for: %1, %2.")
                     .arg(step.filter.describe().toHtmlEscaped(),
                          step.count < 0 ? tr("at least one") : tr("exactly %1").arg(step.count));
    else if (step.action == ScenarioStep::Action::ExpectNothing)
        parts << tr("Looks for: no %1.").arg(step.filter.describe().toHtmlEscaped());
    const QString message = m_runner->stepMessage(index);
    if (!message.isEmpty()) {
        const QColor color
            = state == State::Failed ? LabPalette::failure().darker(115) : LabPalette::success().darker(130);
        parts << QStringLiteral("<span style='color:%1'>%2 %3</span>")
                     .arg(color.name(), state == State::Failed ? tr("Failed:") : tr("Result:"),
                          message.toHtmlEscaped());
    }
    parts << QStringLiteral("<span style='color:%1; font-family:monospace'>%2</span>")
                 .arg(LabPalette::mutedInk().name(), ScenarioWriter::stepJson(step).toHtmlEscaped());
    m_detail->setText(parts.join(QStringLiteral("<br>")));
}

void ScenarioDock::updateControls()
{
    using State = ScenarioRunner::State;
    const State state = m_runner ? m_runner->state() : State::Idle;
    const bool active = state == State::Running || state == State::Preparing;
    m_play->setEnabled(m_runner);
    m_play->setIcon(style()->standardIcon(active ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_play->setText(active ? tr("Pause") : state == State::Finished ? tr("Replay") : tr("Play"));
    // A button's text without "&" replaces its shortcut: F5 must survive every relabel.
    m_play->setShortcut(QKeySequence(Qt::Key_F5));
    m_step->setEnabled(m_runner
                       && (state == State::Paused || state == State::Idle || state == State::Finished));
    m_stop->setEnabled(active || state == State::Paused);

    QString text;
    QColor color = LabPalette::mutedInk();
    m_summary->setToolTip(QString());
    switch (state) {
    case State::Idle:
        text = m_runner ? tr("Ready: %1 steps.").arg(m_runner->scenario().steps.size())
                        : tr("No scenario loaded. Run one from Lab \u203a Scenarios or Run scenario\u2026");
        break;
    case State::Preparing:
        text = tr("Restarting the server and bringing the sessions online\u2026");
        break;
    case State::Running:
        text = tr("Running step %1 of %2\u2026")
                   .arg(m_runner->currentStep() + 1)
                   .arg(m_runner->scenario().steps.size());
        break;
    case State::Paused:
        text = tr("Paused before step %1 of %2.")
                   .arg(m_runner->currentStep() + 1)
                   .arg(m_runner->scenario().steps.size());
        break;
    case State::Finished: {
        const ScenarioSummary summary = m_runner->summary();
        text = summary.success()
            ? tr("Passed: %1 steps, %2 expectations.").arg(summary.steps).arg(summary.expectations)
            : summary.text();
        // Which steps failed, and why, without crowding the dock: on hover.
        m_summary->setToolTip(summary.failures.join(QLatin1Char('\n')));
        color = summary.success() ? LabPalette::success().darker(115) : LabPalette::failure().darker(115);
        break;
    }
    }
    updateProgress();
    m_summary->setText(text);
    QPalette palette = m_summary->palette();
    palette.setColor(QPalette::WindowText, color);
    m_summary->setPalette(palette);
    QFont font = m_summary->font();
    font.setBold(state == State::Finished);
    m_summary->setFont(font);
}
