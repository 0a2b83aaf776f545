// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/headless/HeadlessEmbeddedRun.h"

#include "JoinMode.h"
#include "core/headless/StepLog.h"
#include "core/host/LabScenarioTarget.h"
#include "core/host/LabServerHost.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/session/LabSession.h"

HeadlessEmbeddedRun::HeadlessEmbeddedRun(const Scenario &scenario, QObject *parent)
    : QObject(parent)
    , m_scenario(scenario)
    , m_host(new LabServerHost(this))
    , m_out(stdout)
{ }

void HeadlessEmbeddedRun::start()
{
    m_out << QStringLiteral("%1  %2 (%3 mode)")
                 .arg(m_scenario.rule, m_scenario.name, joinModeTitle(m_scenario.mode))
          << Qt::endl;
    // Only the sessions the scenario names, with accounts for users the lab lacks.
    // A scansion script brings its own clients and accounts.
    const QStringList names = m_scenario.isScripted() ? QStringList()
        : m_scenario.sessions.isEmpty()               ? LabServerHost::sessionNames()
                                                      : m_scenario.sessions;
    for (const QString &name : names) {
        const int slash = int(name.indexOf(QLatin1Char('/')));
        const QString user = name.left(slash);
        if (!LabServerHost::accountNames().contains(user) && !m_host->addedAccounts().contains(user)
            && !m_host->addAccount(user)) {
            QTextStream(stderr) << "minimix-scenario: cannot create the account " << user << Qt::endl;
            finishLater(StepLog::NotReadyExitCode);
            return;
        }
        m_sessions << new LabSession(user, m_host->domain(), name.mid(slash + 1), this);
    }
    m_target = new LabScenarioTarget(m_host, m_sessions, this);
    m_runner = new ScenarioRunner(m_target, this);
    QString error;
    if (!m_runner->load(m_scenario, &error)) {
        QTextStream(stderr) << "minimix-scenario: cannot play the scenario: " << error << Qt::endl;
        finishLater(1);
        return;
    }
    m_runner->setDelay(0);
    StepLog::follow(m_runner, m_scenario, &m_out);
    connect(m_runner, &ScenarioRunner::finished, this, &HeadlessEmbeddedRun::conclude);
    m_runner->play();
}

void HeadlessEmbeddedRun::conclude()
{
    const ScenarioSummary summary = m_runner->summary();
    m_out << (summary.success() ? "  passed: " : "  FAILED: ") << summary.details() << Qt::endl;
    if (summary.neverStarted())
        QTextStream(stderr) << "minimix-scenario: " << summary.error << Qt::endl;
    emit finished(StepLog::exitCode(summary));
}

void HeadlessEmbeddedRun::finishLater(int exitCode)
{
    // Queued: finished() is never emitted from inside start().
    QMetaObject::invokeMethod(
        this, [this, exitCode] { emit finished(exitCode); }, Qt::QueuedConnection);
}
