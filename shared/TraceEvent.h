// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The trace model: one event per stanza hop and per fork decision. The server emits
// these, the lab draws them and the tests assert on them. Plain values only, so an
// event can cross threads.
#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QStringList>

class QDomElement;

struct TraceEvent
{
    enum class Direction {
        SessionToServer, // a session sent a stanza
        ServerToSession, // the server delivered a stanza to a session
        AccountToRoom, // account-level joining spoke to a room as the account
        RoomToAccount, // a room addressed an account (bare JID)
        RoomToSession, // a room addressed a session directly (classic mode)
        Internal, // any other hop inside the server
        Fork, // decision: which sessions get a copy of a room stanza
        Replay, // decision: a late session is served from the membership cache
        StreamError, // a connection was closed for bad input
        Storage, // the storage refused a stanza's writes (nothing it caused was sent), or recovered
    };
    enum class Kind { Message, GroupChat, Presence, Subject, Error, Iq, Other };

    quint64 id = 0;
    quint64 fanOutId = 0; // shared by a room stanza and every copy forked from it
    QDateTime time;
    Direction direction = Direction::Internal;
    Kind kind = Kind::Other;
    QString session; // full JID of the session involved, if any
    QString account; // bare JID of the account involved, if any
    QString room; // bare JID of the room involved, if any
    QString from;
    QString to;
    QStringList targets; // Fork/Replay: the sessions served
    QString note; // short human explanation of a decision
    QString xml;

    static Kind classify(const QDomElement &stanza);
    static QString directionName(Direction direction);
    static QString kindName(Kind kind);
    // One line for logs and consoles.
    QString summary() const;
};

Q_DECLARE_METATYPE(TraceEvent)
