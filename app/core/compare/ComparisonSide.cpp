// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/compare/ComparisonSide.h"

#include "core/host/LabScenarioTarget.h"
#include "core/host/LabServerHost.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/session/LabSession.h"

namespace {
QString roomOf(const LabServerHost *host)
{
    return QStringLiteral("lobby@") + host->mucDomain();
}
} // namespace

ComparisonSide::ComparisonSide(JoinMode mode, const QStringList &sessionNames, QObject *parent)
    : QObject(parent)
    , m_mode(mode)
    , m_host(new LabServerHost(this))
    , m_room(roomOf(m_host))
    , m_totals(m_room, mode)
{
    m_host->setJoinMode(mode);
    for (const QString &name : sessionNames) {
        const int slash = name.indexOf(QLatin1Char('/'));
        m_sessions << new LabSession(name.left(slash), m_host->domain(), name.mid(slash + 1), this);
    }
    m_target = new LabScenarioTarget(m_host, m_sessions, this);
    m_runner = new ScenarioRunner(m_target, this);
    connect(m_host, &LabServerHost::traced, this, [this](const TraceEvent &event) {
        m_totals.add(event);
        emit traced(event);
    });
    // Each run starts on a fresh server: count only what this run caused.
    connect(m_host, &LabServerHost::restarted, this, [this] { m_totals.clear(); });
    connect(m_runner, &ScenarioRunner::finished, this, &ComparisonSide::finished);
}

ComparisonSide::~ComparisonSide()
{
    // Sessions go before the server, so they never wait on a stream nobody serves.
    delete m_runner;
    delete m_target;
    qDeleteAll(m_sessions);
}

bool ComparisonSide::start()
{
    return m_host->start();
}

QString ComparisonSide::errorString() const
{
    return m_host->errorString();
}

bool ComparisonSide::load(const Scenario &scenario, QString *error)
{
    Scenario inMode = scenario;
    inMode.mode = m_mode;
    if (!m_runner->load(inMode, error))
        return false;
    // Count and draw the room the scenario plays in (a script's own room, not the lobby).
    const QString room = inMode.firstRoom(m_target->jids());
    m_room = room.isEmpty() ? roomOf(m_host) : room;
    m_totals = ModeTotals(m_room, m_mode);
    return true;
}

void ComparisonSide::play()
{
    m_totals.clear();
    m_runner->play();
}
