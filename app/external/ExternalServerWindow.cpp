// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "external/ExternalServerWindow.h"

#include "core/headless/HeadlessExternalRun.h"
#include "core/host/ExternalServerTarget.h"
#include "core/scenario/ScenarioParser.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/session/ClientSideTrace.h"
#include "core/session/LabSession.h"
#include "core/trace/ModeTotals.h"
#include "fanout/FanOutView.h"
#include "ui/LabPalette.h"
#include "ui/PresentationZoom.h"

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>

ExternalServerWindow::ExternalServerWindow(const ServerConnection &connection, JoinMode assumedMode,
                                           QWidget *parent)
    : QWidget(parent)
    , m_target(new ExternalServerTarget(connection, this))
    , m_trace(new ClientSideTrace(connection.effectiveMucDomain(), assumedMode, this))
    , m_totals(new ModeTotals(QStringLiteral("lobby@") + connection.effectiveMucDomain(), assumedMode))
    , m_runner(new ScenarioRunner(m_target, this))
    , m_mode(assumedMode)
{
    setWindowTitle(
        tr("Minimix Lab \u2014 %1:%2 (%3)").arg(connection.host).arg(connection.port).arg(connection.domain));
    setPalette(LabPalette::windowPalette());
    setAutoFillBackground(true);
    resize(1300, 760);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("externalStatus"));
    m_status->setWordWrap(true);
    m_hello = new QPushButton(tr("Play hello check"));
    m_hello->setToolTip(tr("Every session joins lobby and says hello; each must hear every hello once"));
    m_scenario = new QPushButton(tr("Play scenario\u2026"));
    auto *reconnect = new QPushButton(tr("Connect"));
    connect(reconnect, &QPushButton::clicked, this, &ExternalServerWindow::connectSessions);
    connect(m_hello, &QPushButton::clicked, this, &ExternalServerWindow::playHello);
    connect(m_scenario, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Play a scenario on this server"),
                                                          QStringLiteral(MINIMIX_SCENARIO_DIR),
                                                          tr("Scenario files (*.json)"));
        if (!path.isEmpty())
            playFile(path);
    });
    auto *top = new QHBoxLayout;
    top->addWidget(m_status, 1);
    top->addWidget(reconnect);
    top->addWidget(m_hello);
    top->addWidget(m_scenario);

    m_view = new FanOutView(m_totals->room());
    const QStringList accounts = connection.accountOrder;
    for (const LabSession *session : m_target->sessions())
        m_view->addSession(session->jid(), LabPalette::accountColor(int(accounts.indexOf(session->user()))));
    m_view->setJoinMode(assumedMode);
    for (LabSession *session : m_target->sessions()) {
        m_trace->watch(session);
        connect(session, &LabSession::joinedChanged, m_view,
                [this, session](const QString &room, bool joined) {
                    if (room == m_view->room())
                        m_view->setSessionJoined(session->jid(), joined);
                });
        connect(session, &LabSession::connectionChanged, this, &ExternalServerWindow::updateSessions);
    }
    connect(m_trace, &ClientSideTrace::traced, m_view, &FanOutView::handleTrace);
    connect(m_trace, &ClientSideTrace::traced, this, [this](const TraceEvent &event) {
        m_totals->add(event);
        if (!m_refresh.isActive())
            m_refresh.start();
    });
    connect(m_target, &ExternalServerTarget::sessionError, this, &ExternalServerWindow::updateSessions);
    connect(m_target, &ScenarioTarget::prepared, this, [this](const QString &error) {
        m_loggingIn = false;
        m_prepareError = error;
        // Why the login failed says more than the run's "FAILED".
        if (!error.isEmpty())
            m_statusFollowsSessions = true;
        updateSessions();
    });
    // A run logs the sessions in again first.
    connect(m_runner, &ScenarioRunner::stateChanged, this, [this](ScenarioRunner::State state) {
        if (state != ScenarioRunner::State::Preparing)
            return;
        m_loggingIn = true;
        m_statusFollowsSessions = true;
        updateSessions();
    });
    connect(m_runner, &ScenarioRunner::stepStarted, this, [this](int index, const QString &title) {
        m_statusFollowsSessions = false;
        m_status->setText(
            tr("step %1/%2: %3").arg(index + 1).arg(m_runner->scenario().steps.size()).arg(title));
    });
    connect(m_runner, &ScenarioRunner::finished, this, [this] {
        updateTotals(); // now, not when the refresh timer fires
        m_statusFollowsSessions = false;
        const ScenarioSummary summary = m_runner->summary();
        m_status->setText(
            summary.success()
                ? QStringLiteral("<span style='color:%1'>%2</span>")
                      .arg(LabPalette::success().name(), tr("passed: %1").arg(summary.details()))
                : QStringLiteral("<span style='color:%1'>%2</span>")
                      .arg(LabPalette::failure().name(),
                           tr("FAILED: %1").arg(summary.details()).toHtmlEscaped()));
    });
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(100);
    connect(&m_refresh, &QTimer::timeout, this, &ExternalServerWindow::updateTotals);

    m_sessions = new QLabel;
    m_sessions->setTextFormat(Qt::RichText);
    m_numbers = new QLabel;
    m_numbers->setTextFormat(Qt::RichText);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_sessions, 1);
    bottom->addWidget(m_numbers);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_view, 1);
    layout->addLayout(bottom);
    updateSessions();
    updateTotals();
    // The main window's scaling rules: the remembered presentation zoom, Ctrl++/-/0.
    PresentationZoom::attachTo(this);
}

ExternalServerWindow::~ExternalServerWindow()
{
    delete m_totals;
}

void ExternalServerWindow::connectSessions()
{
    m_loggingIn = true;
    m_statusFollowsSessions = true;
    m_target->prepare(JoinMode::Classic);
    updateSessions();
}

void ExternalServerWindow::playHello()
{
    play(HeadlessExternalRun::helloScenario(m_target->sessionNames()));
}

void ExternalServerWindow::playFile(const QString &path)
{
    Scenario scenario;
    QString error;
    if (!ScenarioParser::load(path, &scenario, &error)) {
        QMessageBox::warning(this, tr("Play scenario"), error);
        return;
    }
    play(scenario);
}

void ExternalServerWindow::play(const Scenario &file)
{
    // The server decides how joins work: play as the mode it is assumed to have, so
    // a classic server gets each session's classic_nick.
    Scenario scenario = file;
    scenario.mode = m_mode;
    QString error;
    if (!m_runner->load(scenario, &error)) {
        QMessageBox::warning(this, tr("Play scenario"), error);
        return;
    }
    m_totals->clear();
    m_view->resetRoom();
    m_runner->play();
}

void ExternalServerWindow::updateSessions()
{
    QStringList lines;
    for (const LabSession *session : m_target->sessions()) {
        const QString error = m_target->lastError(session->name());
        const QString state = session->isConnected() ? tr("online")
            : !error.isEmpty()                       ? error
                                                     : tr("offline");
        const QColor colour = session->isConnected() ? LabPalette::success()
            : error.isEmpty()                        ? LabPalette::mutedInk()
                                                     : LabPalette::failure();
        lines << QStringLiteral("<b>%1</b>: <span style='color:%2'>%3</span>")
                     .arg(session->jid().toHtmlEscaped(), colour.name(), state.toHtmlEscaped());
    }
    m_sessions->setText(lines.join(QStringLiteral("<br>")));
    if (m_statusFollowsSessions)
        m_status->setText(connectionStatus());
}

QString ExternalServerWindow::connectionStatus() const
{
    const ServerConnection &connection = m_target->connection();
    const QString server = QStringLiteral("%1:%2").arg(connection.host).arg(connection.port);
    const int total = int(m_target->sessions().size());
    const int online = int(std::count_if(m_target->sessions().begin(), m_target->sessions().end(),
                                         [](const LabSession *session) { return session->isConnected(); }));
    // Always rich text: the label also shows the run's coloured verdict.
    const auto coloured = [](const QColor &colour, const QString &text) {
        return QStringLiteral("<span style='color:%1'>%2</span>").arg(colour.name(), text.toHtmlEscaped());
    };
    if (m_loggingIn)
        return coloured(LabPalette::ink(),
                        tr("logging in to %1\u2026 (%2 of %3 online)").arg(server).arg(online).arg(total));
    if (!m_prepareError.isEmpty())
        return coloured(LabPalette::failure(), m_prepareError);
    if (online == total && total > 0)
        return coloured(LabPalette::success(),
                        total == 1 ? tr("the session is online on %1").arg(server)
                                   : tr("all %1 sessions online on %2").arg(total).arg(server));
    if (online == 0)
        return coloured(LabPalette::mutedInk(), tr("not connected to %1").arg(server));
    return coloured(LabPalette::ink(),
                    tr("%1 of %2 sessions online on %3").arg(online).arg(total).arg(server));
}

void ExternalServerWindow::updateTotals()
{
    m_numbers->setText(tr("<table cellpadding='2'><tr><td align='right'><b>%1</b></td><td>room stanzas (as "
                          "received)</td></tr><tr><td align='right'><b>%2</b></td><td>delivered to sessions"
                          "</td></tr><tr><td align='right'><b>%3</b></td><td>presence broadcasts to other "
                          "accounts</td></tr></table>")
                           .arg(m_totals->roomSent())
                           .arg(m_totals->delivered())
                           .arg(m_totals->presenceBroadcasts()));
}
