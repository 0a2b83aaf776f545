// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "window/StanzaRateMeter.h"

StanzaRateMeter::StanzaRateMeter(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("stanzaRate"));
    setToolTip(tr("Stanzas delivered to sessions and sent by sessions in the last second"));
    m_clock.start();
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &StanzaRateMeter::refresh);
    m_timer.start();
    refresh();
}

void StanzaRateMeter::handleTrace(const TraceEvent &event)
{
    if (event.direction == TraceEvent::Direction::ServerToSession)
        m_deliveries << m_clock.elapsed();
    else if (event.direction == TraceEvent::Direction::SessionToServer)
        m_sent << m_clock.elapsed();
}

int StanzaRateMeter::countRecent(QVector<qint64> *times, qint64 now)
{
    // Drop what is older than a second; the rest is the rate.
    int stale = 0;
    while (stale < times->size() && times->at(stale) <= now - 1000)
        ++stale;
    times->remove(0, stale);
    return int(times->size());
}

int StanzaRateMeter::deliveriesPerSecond() const
{
    auto *self = const_cast<StanzaRateMeter *>(this);
    return countRecent(&self->m_deliveries, m_clock.elapsed());
}

int StanzaRateMeter::sentPerSecond() const
{
    auto *self = const_cast<StanzaRateMeter *>(this);
    return countRecent(&self->m_sent, m_clock.elapsed());
}

void StanzaRateMeter::refresh()
{
    setText(tr("\u2193 %1/s delivered  \u2191 %2/s sent").arg(deliveriesPerSecond()).arg(sentPerSecond()));
}
