// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// M(A,R) of the contract: the server's record that account A occupies room R.
#pragma once

#include <QDomElement>
#include <QHash>
#include <QMap>
#include <QStringList>

struct Membership
{
    enum class State { Joining, Joined, Leaving };

    QString account; // bare JID
    QString room; // bare JID
    QString nick;
    QString password; // the room password the account joined with
    State state = State::Joining;
    QStringList sessions; // joined sessions, in join order
    QHash<QString, QDomElement> sessionStatus; // each joined session's own presence
    // The room's other occupants' presences, by nick, as XML text without 'to'. Text, not
    // DOM: every account of a room keeps one per occupant, so this grows with the square
    // of the room's size; equal texts share one buffer (see AccountLevelJoining::intern).
    QMap<QString, QString> occupants;
    QDomElement selfPresence; // the account's presence as the room reported it
    QDomElement subject; // the last subject message
    QString sentPresenceKey; // show+status last sent to the room
    qint64 firstArchived = 0; // the room archive's sequence of the oldest message this membership received
};
