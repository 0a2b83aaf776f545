// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The numbers that tell the two join modes apart, counted from one server's trace
// for one room. Events are kept and counted on demand, because whose occupant a
// presence is becomes known only when that occupant's own presence (110) arrives,
// which may come after others received it.
#pragma once

#include "JoinMode.h"
#include "TraceEvent.h"

#include <QString>
#include <QVector>

class ModeTotals
{
public:
    ModeTotals(const QString &roomJid, JoinMode mode);

    void add(const TraceEvent &event);
    void clear();

    // RoomToAccount and RoomToSession hops: every stanza the room itself addressed,
    // to an account (account-level mode) or to a session (classic).
    int roomSent() const;
    // ServerToSession hops of the room's stanzas: every copy a session received.
    int delivered() const;
    // Presences from the room delivered to a session of another account than the
    // occupant's own: joins, leaves and occupant lists others had to receive.
    int presenceBroadcasts() const;
    // Join presences (available, carrying <x xmlns='…/muc'/>) that reached the room
    // and made a new occupant: AccountToRoom hops in account-level mode, a session's
    // own SessionToServer join in classic mode. A join the room refused (an error
    // answer to the joiner) is not counted.
    int roomJoins() const;

    JoinMode mode() const { return m_mode; }
    QString room() const { return m_room; }
    // "room sent 60, delivered 120, …" for logs and headless output.
    QString summary() const;

private:
    QString m_room;
    JoinMode m_mode;
    QVector<TraceEvent> m_events; // only this room's relevant hops, without their XML when unneeded
};
