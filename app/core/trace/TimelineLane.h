// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One column of the timeline: the room, an account or one of its sessions (or, when
// asked for, the server itself). Keys name lanes independently of their position,
// so rows stay valid when a new lane is inserted between others.
#pragma once

#include <QString>

struct TimelineLane
{
    enum class Type { Server, Room, Account, Session };

    Type type = Type::Server;
    QString key; // "room:<jid>", "account:<jid>", "session:<jid>" or "server"
    QString jid;
    QString label; // what the header shows: room and account bare JIDs, "user/resource"
    QString account; // the bare JID an account or session lane belongs to

    static QString roomKey(const QString &jid) { return QStringLiteral("room:") + jid; }
    static QString accountKey(const QString &jid) { return QStringLiteral("account:") + jid; }
    static QString sessionKey(const QString &jid) { return QStringLiteral("session:") + jid; }
    static QString serverKey() { return QStringLiteral("server"); }
};
