// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The status bar's traffic reading: stanzas the server delivered to sessions and
// stanzas sessions sent, per second over the last second. Fed by trace events,
// refreshed by a 1 s timer, so a burst never repaints the status bar per stanza.
#pragma once

#include "TraceEvent.h"

#include <QElapsedTimer>
#include <QLabel>
#include <QTimer>
#include <QVector>

class StanzaRateMeter : public QLabel
{
    Q_OBJECT
public:
    explicit StanzaRateMeter(QWidget *parent = nullptr);

    // Deliveries (server to session) in the last second.
    int deliveriesPerSecond() const;
    int sentPerSecond() const;

public slots:
    void handleTrace(const TraceEvent &event);

private:
    void refresh();
    static int countRecent(QVector<qint64> *times, qint64 now);

    QElapsedTimer m_clock;
    QVector<qint64> m_deliveries; // ms on m_clock, oldest first
    QVector<qint64> m_sent;
    QTimer m_timer;
};
