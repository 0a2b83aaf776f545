// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "headless/HeadlessExternalWindowRun.h"

#include "core/headless/HeadlessExternalRun.h"
#include "external/ExternalServerWindow.h"
#include "headless/Screenshot.h"

#include <QTextStream>

HeadlessExternalWindowRun::HeadlessExternalWindowRun(const ServerConnection &connection,
                                                     const Scenario &scenario, const QString &screenshotPath,
                                                     QObject *parent)
    : QObject(parent)
    , m_screenshotPath(screenshotPath)
    // The server, not the file, decides how joins work; a headless run assumes classic.
    , m_window(new ExternalServerWindow(connection, JoinMode::Classic))
    , m_run(new HeadlessExternalRun(m_window->target(), m_window->runner(), scenario, this))
{
    connect(m_run, &HeadlessExternalRun::finished, this, &HeadlessExternalWindowRun::conclude);
}

HeadlessExternalWindowRun::~HeadlessExternalWindowRun()
{
    // The run only borrows the window's target and runner: it goes first.
    delete m_run;
    delete m_window;
}

void HeadlessExternalWindowRun::start()
{
    Screenshot::showOffscreen(m_window, screenshotSize());
    m_run->start();
}

void HeadlessExternalWindowRun::conclude(int exitCode)
{
    // Also when the sessions could not get online: the window says why, per session.
    QTextStream out(stdout);
    const bool saved = Screenshot::save(m_window, m_screenshotPath, out);
    out.flush();
    emit finished(exitCode == 0 && !saved ? 1 : exitCode);
}
