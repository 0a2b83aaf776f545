// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "scenario/RecorderControl.h"

#include "core/scenario/ScansionParser.h"
#include "core/scenario/ScenarioRecorder.h"
#include "core/scenario/ScenarioTarget.h"
#include "core/scenario/ScenarioWriter.h"

#include <QAction>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QPainter>
#include <QWidget>

namespace {
// A red dot, the universal sign for "recording".
QIcon recordIcon()
{
    QPixmap pixmap(36, 36);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0xd6, 0x3b, 0x3b));
    painter.drawEllipse(QRectF(7, 7, 22, 22));
    return QIcon(pixmap);
}
} // namespace

RecorderControl::RecorderControl(QWidget *window, const Hooks &hooks)
    : QObject(window)
    , m_window(window)
    , m_hooks(hooks)
{
    m_action = new QAction(recordIcon(), tr("Record scenario"), this);
    m_action->setObjectName(QStringLiteral("recordScenario"));
    m_action->setCheckable(true);
    m_action->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_action->setToolTip(tr("Record what you do by hand, and what every session receives, as a "
                            "scenario file (starts on a fresh server)"));
    connect(m_action, &QAction::toggled, this, [this](bool on) {
        if (on && !isRecording())
            start();
        else if (!on && isRecording())
            stop();
    });
}

ScenarioRecorder *RecorderControl::recorder() const
{
    return m_recorder;
}

bool RecorderControl::isRecording() const
{
    return m_recorder && m_recorder->isActive();
}

void RecorderControl::start()
{
    if (isRecording())
        return;
    ScenarioTarget *target = m_hooks.makeTarget(this);
    auto *recorder = new ScenarioRecorder(target, target);
    m_recorder = recorder;
    connect(recorder, &ScenarioRecorder::started, this, [this] {
        emit message(tr("Recording: act by hand in the lab, then stop recording to save the scenario."));
        emit started();
    });
    connect(recorder, &ScenarioRecorder::stepRecorded, this,
            [this, recorder](int index, const QString &title) {
                // Qt picks a plural form only from a loaded translation, so English picks it here.
                const int actions = recorder->actionCount();
                emit message((actions == 1 ? tr("Recording, %n action: %1", nullptr, actions)
                                           : tr("Recording, %n actions: %1", nullptr, actions))
                                 .arg(title));
                emit stepRecorded(index, title);
            });
    connect(recorder, &ScenarioRecorder::finished, this, &RecorderControl::save);
    connect(recorder, &ScenarioRecorder::failed, this, [this](const QString &error) {
        emit message(tr("Recording failed: %1").arg(error));
        emit failed(error);
        finish();
    });
    m_action->setText(tr("Stop recording"));
    {
        const QSignalBlocker blocker(m_action);
        m_action->setChecked(true);
    }
    emit message(tr("Recording: restarting the server and bringing the sessions online\u2026"));
    emit recordingChanged(true);
    recorder->start(m_hooks.joinMode());
}

void RecorderControl::stop()
{
    if (!m_recorder)
        return;
    emit message(tr("Recording: waiting for the last action's answers\u2026"));
    m_recorder->stop();
    // Stopped while still preparing: nothing to save.
    if (m_recorder && !m_recorder->isActive() && m_recorder->scenario().steps.isEmpty())
        finish();
}

void RecorderControl::save(const Scenario &recorded)
{
    Scenario scenario = recorded;
    if (scenario.steps.isEmpty()) {
        emit message(tr("Recording stopped: nothing was done, nothing saved."));
        finish();
        return;
    }
    const QString when = QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
    scenario.name = tr("Recorded in the lab, %1").arg(when);
    scenario.rule = tr("recorded");
    scenario.description = m_recorder->description();
    QString path = m_savePath;
    m_savePath.clear();
    if (path.isEmpty())
        path = QFileDialog::getSaveFileName(
            m_window, tr("Save recorded scenario"),
            QDir::home().filePath(
                QStringLiteral("recorded-%1.json")
                    .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm")))),
            tr("Scenario files (*.json);;Scansion scripts (*.scs)"));
    if (path.isEmpty()) {
        emit message(tr("Recording discarded."));
        finish();
        return;
    }
    // A .scs file gets the recording as a scansion script: every stanza, as it was.
    if (ScansionParser::isScansionPath(path)) {
        const Scenario script = m_recorder->scansionScript();
        scenario.clients = script.clients;
        scenario.sessions = script.sessions;
        scenario.steps = script.steps;
    }
    QString error;
    if (!ScenarioWriter::save(scenario, path, &error)) {
        emit message(tr("Recording not saved: %1").arg(error));
        QMessageBox::warning(m_window, tr("Save recorded scenario"), error);
        emit failed(error);
        finish();
        return;
    }
    const int steps = int(scenario.steps.size());
    emit message((steps == 1 ? tr("Recorded %n step to %1", nullptr, steps)
                             : tr("Recorded %n steps to %1", nullptr, steps))
                     .arg(QDir::toNativeSeparators(path)));
    finish();
    emit saved(QFileInfo(path).absoluteFilePath());
}

void RecorderControl::finish()
{
    if (m_recorder) {
        // The target goes with it; never from inside one of its signals.
        m_recorder->parent()->deleteLater();
        m_recorder = nullptr;
    }
    m_action->setText(tr("Record scenario"));
    {
        const QSignalBlocker blocker(m_action);
        m_action->setChecked(false);
    }
    emit recordingChanged(false);
}
