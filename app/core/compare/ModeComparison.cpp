// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/compare/ModeComparison.h"

#include "core/compare/ComparisonSide.h"
#include "core/host/LabServerHost.h"

ModeComparison::ModeComparison(const Scenario &scenario, QObject *parent)
    : QObject(parent)
    , m_scenario(scenario)
    , m_accountLevel(new ComparisonSide(JoinMode::AccountLevel, scenario.sessions, this))
    , m_classic(new ComparisonSide(JoinMode::Classic, scenario.sessions, this))
{
    for (ComparisonSide *side : { m_accountLevel, m_classic })
        connect(side, &ComparisonSide::finished, this, &ModeComparison::sideFinished);
}

bool ModeComparison::start(QString *error)
{
    // The embedded servers know only the lab's accounts.
    const QStringList accounts = LabServerHost::accountNames();
    for (const QString &session : m_scenario.sessions) {
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
    emit started();
    m_accountLevel->play();
    m_classic->play();
}

void ModeComparison::sideFinished(bool success)
{
    if (m_running == 0)
        return;
    m_success = m_success && success;
    if (--m_running == 0)
        emit finished(m_success);
}
