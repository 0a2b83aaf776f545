// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One row of the timeline: a stanza hop drawn as an arrow between two lanes, or a
// decision (fork, replay, stream error) drawn as a marker on one lane.
#pragma once

#include "TraceEvent.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

struct TimelineRow
{
    quint64 id = 0;
    quint64 fanOutId = 0;
    // Trace ids restart with every fresh server; the epoch keeps fan-outs apart.
    quint32 epoch = 0;
    QDateTime time;
    TraceEvent::Direction direction = TraceEvent::Direction::Internal;
    TraceEvent::Kind kind = TraceEvent::Kind::Other;
    QString fromLane; // lane keys, both set for a hop
    QString toLane;
    QString markerLane; // set for a decision
    QStringList targetLanes; // the sessions a fork or replay served
    // One line for people. A stanza hop's is worked out from its XML when first asked
    // for (TimelineModel::row()): only the rows someone looks at need it.
    mutable QString label;
    mutable bool labelPending = false;
    QString from;
    QString to;
    QString note;
    QString xml;

    bool isHop() const { return !fromLane.isEmpty() && !toLane.isEmpty(); }
    bool sameFanOut(const TimelineRow &other) const
    {
        return epoch == other.epoch && fanOutId == other.fanOutId;
    }
};
