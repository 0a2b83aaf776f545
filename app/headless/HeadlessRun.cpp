// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "headless/HeadlessRun.h"

#include "core/host/LabServerHost.h"
#include "core/scenario/DemoScript.h"
#include "fanout/FanOutView.h"
#include "headless/Screenshot.h"
#include "window/LabWindow.h"

HeadlessRun::HeadlessRun(LabWindow *window, const QString &screenshotPath, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_screenshotPath(screenshotPath)
    , m_out(stdout)
{ }

void HeadlessRun::start()
{
    // Laid out and painted like a shown window, but never mapped on any screen.
    m_window->setAttribute(Qt::WA_DontShowOnScreen);
    m_window->resize(screenshotSize());
    m_window->show();

    const LabServerHost *server = m_window->server();
    m_out << "Minimix Lab " << MINIMIX_VERSION << ": server " << server->host() << ':' << server->port()
          << ", room " << m_window->room() << ", "
          << (server->joinMode() == JoinMode::AccountLevel ? "account-level joining" : "classic MUC")
          << Qt::endl;
    connect(m_window, &LabWindow::demoStarted, this, &HeadlessRun::watch);
    connect(m_window, &LabWindow::demoFinished, this, &HeadlessRun::conclude);
    m_window->runDemo();
}

void HeadlessRun::watch(DemoScript *script)
{
    connect(script, &DemoScript::stepPassed, this,
            [this, script](int index, const QString &title, qint64 ms) {
                m_out << QStringLiteral("  ok    %1/%2  %3  (%4 ms)")
                             .arg(index + 1, 2)
                             .arg(script->stepCount())
                             .arg(title)
                             .arg(ms)
                      << Qt::endl;
            });
    connect(
        script, &DemoScript::stepFailed, this,
        [this, script](int index, const QString &, const QString &why) {
            m_out << QStringLiteral("  FAIL  %1/%2  %3").arg(index + 1, 2).arg(script->stepCount()).arg(why)
                  << Qt::endl;
        });
}

void HeadlessRun::conclude(bool success)
{
    m_out << "\nWho received what (groupchat bodies in order; \"(history)\" came with <delay/>):\n";
    for (const QString &line : m_window->receivedReport())
        m_out << "  " << line << '\n';
    const FanOutView *view = m_window->fanOutView();
    m_out << "\nFan-out: the room sent " << view->roomStanzas()
          << " stanzas to occupants; the server delivered " << view->deliveries() << " copies to sessions.\n";

    const bool saved = Screenshot::save(m_window, m_screenshotPath, m_out);
    m_out << (success ? "Demo passed." : "Demo FAILED.") << Qt::endl;
    emit finished(success && saved ? 0 : 1);
}
