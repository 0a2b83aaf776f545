// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/DemoScript.h"

DemoScript::DemoScript(QObject *parent)
    : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, &DemoScript::timedOut);
}

void DemoScript::start()
{
    if (m_running)
        return;
    m_running = true;
    m_failure.clear();
    begin(0);
}

void DemoScript::begin(int index)
{
    m_current = index;
    if (index >= m_steps.size()) {
        m_running = false;
        emit finished(true);
        return;
    }
    const Step &step = m_steps.at(index);
    emit stepStarted(index, step.title);
    m_stepClock.start();
    m_timeout.start(step.timeoutMs);
    // The action may emit the very signals check() listens to; judge only afterwards.
    m_inAction = true;
    if (step.action)
        step.action();
    m_inAction = false;
    check();
}

void DemoScript::check()
{
    if (!m_running || m_inAction || m_current < 0 || m_current >= m_steps.size())
        return;
    const Step &step = m_steps.at(m_current);
    if (step.done && !step.done())
        return;
    m_timeout.stop();
    const int index = m_current;
    emit stepPassed(index, step.title, m_stepClock.elapsed());
    // Queued: never start the next action from inside whatever signal brought us here.
    m_current = -1;
    QMetaObject::invokeMethod(
        this, [this, index] { begin(index + 1); }, Qt::QueuedConnection);
}

void DemoScript::timedOut()
{
    if (!m_running || m_current < 0)
        return;
    const Step &step = m_steps.at(m_current);
    m_running = false;
    m_failure = QStringLiteral("step %1 (%2): not done within %3 s")
                    .arg(m_current + 1)
                    .arg(step.title)
                    .arg(step.timeoutMs / 1000.0);
    emit stepFailed(m_current, step.title, m_failure);
    emit finished(false);
}
