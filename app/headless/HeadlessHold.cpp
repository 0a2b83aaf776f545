// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "headless/HeadlessHold.h"

#include "core/host/LabServerHost.h"
#include "core/host/OutsideSessions.h"
#include "headless/HeadlessRun.h"
#include "headless/Screenshot.h"
#include "headless/ViewJson.h"
#include "window/LabWindow.h"

#include <QHostAddress>
#include <limits>

HeadlessHold::HeadlessHold(LabWindow *window, double seconds, const Output &output, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_seconds(seconds)
    , m_output(output)
    , m_out(stdout)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &HeadlessHold::conclude);
}

QString HeadlessHold::connectLine(LabWindow *window, double seconds)
{
    const LabServerHost *server = window->server();
    QStringList accounts;
    for (const QString &name : LabServerHost::accountNames() + server->addedAccounts())
        accounts << name + QLatin1Char(':') + LabServerHost::password();
    // The address the server listens on, as a client would dial it (every address: loopback).
    const QHostAddress listening = server->listenAddress();
    const bool any = listening == QHostAddress::Any || listening == QHostAddress::AnyIPv4
        || listening == QHostAddress::AnyIPv6;
    QString line = QStringLiteral("Hold: host=%1 port=%2 domain=%3 muc=%4 accounts=%5")
                       .arg(any ? server->host() : listening.toString())
                       .arg(server->port())
                       .arg(server->domain(), server->mucDomain(), accounts.join(QLatin1Char(',')));
    if (!server->certificateFingerprint().isEmpty())
        line += QStringLiteral(" sha256=") + server->certificateFingerprint();
    line += QStringLiteral(" seconds=%1").arg(seconds);
    return line;
}

void HeadlessHold::start()
{
    Screenshot::showOffscreen(m_window, HeadlessRun::screenshotSize());
    const LabServerHost *server = m_window->server();
    m_out << "Minimix Lab " << MINIMIX_VERSION << ": server " << server->host() << ':' << server->port()
          << ", room " << m_window->room() << ", "
          << (server->joinMode() == JoinMode::AccountLevel ? "account-level joining" : "classic MUC")
          << Qt::endl;
    m_out << connectLine(m_window, m_seconds) << Qt::endl;
    const OutsideSessions *outside = m_window->outsideSessions();
    connect(outside, &OutsideSessions::appeared, this,
            [this](const QString &fullJid) { m_out << "  " << fullJid << " online" << Qt::endl; });
    connect(outside, &OutsideSessions::joinedChanged, this,
            [this](const QString &fullJid, const QString &room, bool joined) {
                m_out << "  " << fullJid << (joined ? " joined " : " left ") << room << Qt::endl;
            });
    connect(outside, &OutsideSessions::clientNameChanged, this,
            [this](const QString &fullJid, const QString &name) {
                m_out << "  " << fullJid << " is " << name << Qt::endl;
            });
    connect(outside, &OutsideSessions::gone, this,
            [this](const QString &fullJid) { m_out << "  " << fullJid << " offline" << Qt::endl; });
    m_timer.start(int(qMin<double>(m_seconds * 1000, std::numeric_limits<int>::max())));
}

void HeadlessHold::conclude()
{
    m_out << "Hold over." << Qt::endl;
    bool saved = true;
    if (!m_output.screenshotPath.isEmpty())
        saved = Screenshot::save(m_window, m_output.screenshotPath, m_out) && saved;
    if (!m_output.viewJsonPath.isEmpty())
        saved = ViewJson::write(m_window, m_output.viewJsonPath, m_out) && saved;
    m_out.flush();
    emit finished(saved ? 0 : 1);
}
