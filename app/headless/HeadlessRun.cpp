// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "headless/HeadlessRun.h"

#include "core/headless/StepLog.h"
#include "core/host/LabServerHost.h"
#include "core/scenario/ScenarioRunner.h"
#include "fanout/FanOutView.h"
#include "headless/Screenshot.h"
#include "headless/ViewJson.h"
#include "window/LabWindow.h"

HeadlessRun::HeadlessRun(LabWindow *window, const QString &screenshotPath, const QString &viewJsonPath,
                         QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_screenshotPath(screenshotPath)
    , m_viewJsonPath(viewJsonPath)
    , m_out(stdout)
{ }

void HeadlessRun::start()
{
    Screenshot::showOffscreen(m_window, screenshotSize());

    const LabServerHost *server = m_window->server();
    m_out << "Minimix Lab " << MINIMIX_VERSION << ": server " << server->host() << ':' << server->port()
          << ", room " << m_window->room() << ", "
          << (server->joinMode() == JoinMode::AccountLevel ? "account-level joining" : "classic MUC")
          << Qt::endl;
    connect(m_window, &LabWindow::demoStarted, this, &HeadlessRun::watch);
    connect(m_window, &LabWindow::demoFinished, this, &HeadlessRun::conclude);
    m_window->runDemo();
}

void HeadlessRun::watch(ScenarioRunner *runner)
{
    runner->setDelay(0); // nobody watches: full speed
    StepLog::follow(runner, runner->scenario(), &m_out);
}

void HeadlessRun::conclude(bool success)
{
    m_out << "\nWho received what (groupchat bodies in order; \"(history)\" came with <delay/>):\n";
    for (const QString &line : m_window->receivedReport())
        m_out << "  " << line << '\n';
    const FanOutView *view = m_window->fanOutView();
    m_out << "\nFan-out: the room sent " << view->roomStanzas()
          << " stanzas to occupants; the server delivered " << view->deliveries() << " copies to sessions.\n";

    bool saved = Screenshot::save(m_window, m_screenshotPath, m_out);
    if (!m_viewJsonPath.isEmpty())
        saved = ViewJson::write(m_window, m_viewJsonPath, m_out) && saved;
    m_out << (success ? "Demo passed." : "Demo FAILED.") << Qt::endl;
    emit finished(success && saved ? 0 : 1);
}
