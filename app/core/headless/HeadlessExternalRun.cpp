// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/headless/HeadlessExternalRun.h"

#include "core/headless/StepLog.h"
#include "core/host/ExternalServerTarget.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/session/ClientSideTrace.h"
#include "core/session/LabSession.h"
#include "core/trace/ModeTotals.h"

HeadlessExternalRun::HeadlessExternalRun(const ServerConnection &connection, const Scenario &scenario,
                                         QObject *parent)
    : QObject(parent)
    , m_scenario(scenario)
    , m_target(new ExternalServerTarget(connection, this))
    , m_runner(new ScenarioRunner(m_target, this))
    , m_out(stdout)
{
    watch();
}

HeadlessExternalRun::HeadlessExternalRun(ExternalServerTarget *target, ScenarioRunner *runner,
                                         const Scenario &scenario, QObject *parent)
    : QObject(parent)
    , m_scenario(scenario)
    , m_target(target)
    , m_runner(runner)
    , m_out(stdout)
{
    watch();
}

void HeadlessExternalRun::watch()
{
    const ServerConnection &connection = m_target->connection();
    m_trace = new ClientSideTrace(connection.effectiveMucDomain(), JoinMode::Classic, this);
    m_totals = new ModeTotals(m_target->jids().room(QStringLiteral("lobby")), JoinMode::Classic);
    for (LabSession *session : m_target->sessions())
        m_trace->watch(session);
    connect(m_trace, &ClientSideTrace::traced, this,
            [this](const TraceEvent &event) { m_totals->add(event); });
    connect(m_target, &ExternalServerTarget::sessionError, this,
            [](const QString &name, const QString &message) {
                QTextStream(stderr) << "minimix-lab: " << name << ": " << message << Qt::endl;
            });
}

HeadlessExternalRun::~HeadlessExternalRun()
{
    delete m_totals;
}

Scenario HeadlessExternalRun::helloScenario(const QStringList &sessions)
{
    Scenario scenario;
    scenario.name = QStringLiteral("Hello, lobby");
    scenario.rule = QStringLiteral("§11");
    scenario.description
        = QStringLiteral("Every session joins lobby and says hello; each hears every hello once.");
    scenario.mode = JoinMode::Classic;
    scenario.sessions = sessions;
    int number = 0;
    for (const QString &name : sessions) {
        ScenarioStep join;
        join.action = ScenarioStep::Action::Join;
        join.number = ++number;
        join.session = name;
        join.room = QStringLiteral("lobby");
        // A classic server makes each session its own occupant: nicks must differ.
        join.nick = QString(name).replace(QLatin1Char('/'), QLatin1Char('-'));
        scenario.steps << join;
    }
    for (const QString &name : sessions) {
        ScenarioStep say;
        say.action = ScenarioStep::Action::Say;
        say.number = ++number;
        say.session = name;
        say.room = QStringLiteral("lobby");
        say.body = QStringLiteral("hello from %1").arg(name);
        scenario.steps << say;
    }
    for (const QString &name : sessions) {
        ScenarioStep expect;
        expect.action = ScenarioStep::Action::ExpectReceive;
        expect.number = ++number;
        expect.session = name;
        expect.filter.kind = ScenarioFilter::Kind::GroupChat;
        expect.filter.from = QStringLiteral("lobby");
        expect.count = int(sessions.size());
        scenario.steps << expect;
    }
    return scenario;
}

void HeadlessExternalRun::start()
{
    const ServerConnection &connection = m_target->connection();
    m_out << QStringLiteral("Minimix Lab %1: \u201c%2\u201d on %3:%4 (domain %5, rooms at %6)")
                 .arg(QStringLiteral(MINIMIX_VERSION), m_scenario.name, connection.host)
                 .arg(connection.port)
                 .arg(connection.domain, connection.effectiveMucDomain())
          << '\n'
          << Qt::endl;
    // The server, not the file, decides how joins work; it is assumed classic, so
    // each session asks for its classic_nick where the file gives one.
    Scenario scenario = m_scenario;
    scenario.mode = JoinMode::Classic;
    QString error;
    if (!m_runner->load(scenario, &error)) {
        QTextStream(stderr) << "minimix-lab: cannot play the scenario: " << error << Qt::endl;
        QMetaObject::invokeMethod(
            this, [this] { emit finished(1); }, Qt::QueuedConnection);
        return;
    }
    m_runner->setDelay(0);
    StepLog::follow(m_runner, m_scenario, &m_out);
    connect(m_runner, &ScenarioRunner::finished, this, &HeadlessExternalRun::conclude);
    m_runner->play();
}

void HeadlessExternalRun::conclude()
{
    const ScenarioSummary summary = m_runner->summary();
    m_out << '\n';
    // A script's clients are its own, not the lab sessions this trace follows.
    if (!m_scenario.isScripted())
        m_out << "seen by the sessions in lobby: room sent " << m_totals->roomSent() << ", delivered "
              << m_totals->delivered() << ", presence broadcasts " << m_totals->presenceBroadcasts() << '\n';
    m_out << (summary.success() ? "Scenario passed: " : "Scenario FAILED: ") << summary.details() << Qt::endl;
    if (summary.neverStarted())
        QTextStream(stderr) << "minimix-lab: " << summary.error << Qt::endl;
    emit finished(StepLog::exitCode(summary));
}
