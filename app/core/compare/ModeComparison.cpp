// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/compare/ModeComparison.h"

#include "core/compare/ComparisonSide.h"
#include "core/host/LabServerHost.h"
#include "core/scenario/ScenarioRunner.h"

ModeComparison::ModeComparison(const Scenario &scenario, QObject *parent)
    : QObject(parent)
    , m_scenario(scenario)
    // A scansion script brings its own clients: no lab sessions on either side.
    , m_accountLevel(new ComparisonSide(JoinMode::AccountLevel,
                                        scenario.isScripted() ? QStringList() : scenario.sessions, this))
    , m_classic(new ComparisonSide(JoinMode::Classic,
                                   scenario.isScripted() ? QStringList() : scenario.sessions, this))
{
    for (ComparisonSide *side : { m_accountLevel, m_classic }) {
        side->runner()->setScriptFailure(ScenarioRunner::ScriptFailure::PlayOn);
        connect(side, &ComparisonSide::finished, this, &ModeComparison::sideFinished);
        connect(side->runner(), &ScenarioRunner::stateChanged, this, &ModeComparison::sideSettled);
    }
    m_pace.setSingleShot(true);
    connect(&m_pace, &QTimer::timeout, this, &ModeComparison::stepBoth);
}

void ModeComparison::setDelay(int ms)
{
    m_delayMs = qMax(0, ms);
    // The runners keep the pace too, should one be played on its own.
    for (ComparisonSide *side : { m_accountLevel, m_classic })
        side->runner()->setDelay(m_delayMs);
}

bool ModeComparison::start(QString *error)
{
    // The embedded servers know only the lab's accounts.
    const QStringList accounts = LabServerHost::accountNames();
    for (const QString &session : m_scenario.sessions) {
        if (m_scenario.isScripted())
            break; // a script's accounts are made on the fly
        const QString account = session.section(QLatin1Char('/'), 0, 0);
        if (!accounts.contains(account)) {
            *error = QStringLiteral("session \"%1\": the lab's servers have only the accounts %2")
                         .arg(session, accounts.join(QStringLiteral(", ")));
            return false;
        }
    }
    for (ComparisonSide *side : { m_accountLevel, m_classic }) {
        if (!side->start()) {
            *error = QStringLiteral("a server did not start: %1").arg(side->errorString());
            return false;
        }
        if (!side->load(m_scenario, error))
            return false;
    }
    return true;
}

void ModeComparison::play()
{
    if (isRunning())
        return;
    m_running = 2;
    m_success = true;
    m_lockStep = m_delayMs > 0;
    m_pace.stop();
    emit started();
    for (ComparisonSide *side : { m_accountLevel, m_classic }) {
        side->play();
        // Paced: prepare, then wait at step 1 for the other side, so both start it together.
        if (m_lockStep)
            side->runner()->pause();
    }
}

void ModeComparison::sideSettled()
{
    if (!m_lockStep || m_running == 0)
        return;
    bool paused = false;
    for (ComparisonSide *side : { m_accountLevel, m_classic }) {
        const ScenarioRunner::State state = side->runner()->state();
        if (state == ScenarioRunner::State::Running || state == ScenarioRunner::State::Preparing)
            return;
        paused = paused || state == ScenarioRunner::State::Paused;
    }
    if (paused && !m_pace.isActive())
        m_pace.start(m_delayMs);
}

void ModeComparison::stepBoth()
{
    // A side that failed an action has finished; the other plays on alone, at the same pace.
    for (ComparisonSide *side : { m_accountLevel, m_classic }) {
        if (side->runner()->state() == ScenarioRunner::State::Paused)
            side->runner()->step();
    }
}

void ModeComparison::sideFinished(bool success)
{
    if (m_running == 0)
        return;
    m_success = m_success && success;
    if (--m_running == 0)
        emit finished(m_success);
}
