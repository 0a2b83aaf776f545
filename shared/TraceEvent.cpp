// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "TraceEvent.h"

#include <QDomElement>

TraceEvent::Kind TraceEvent::classify(const QDomElement &stanza)
{
    const QString tag = stanza.tagName();
    const QString type = stanza.attribute(QStringLiteral("type"));
    if (type == QLatin1String("error"))
        return Kind::Error;
    if (tag == QLatin1String("presence"))
        return Kind::Presence;
    if (tag == QLatin1String("iq"))
        return Kind::Iq;
    if (tag == QLatin1String("message")) {
        if (type == QLatin1String("groupchat")) {
            const bool subjectOnly = !stanza.firstChildElement(QStringLiteral("subject")).isNull()
                && stanza.firstChildElement(QStringLiteral("body")).isNull();
            return subjectOnly ? Kind::Subject : Kind::GroupChat;
        }
        return Kind::Message;
    }
    return Kind::Other;
}

QString TraceEvent::directionName(Direction direction)
{
    switch (direction) {
    case Direction::SessionToServer:
        return QStringLiteral("session>server");
    case Direction::ServerToSession:
        return QStringLiteral("server>session");
    case Direction::AccountToRoom:
        return QStringLiteral("account>room");
    case Direction::RoomToAccount:
        return QStringLiteral("room>account");
    case Direction::RoomToSession:
        return QStringLiteral("room>session");
    case Direction::Internal:
        return QStringLiteral("internal");
    case Direction::Fork:
        return QStringLiteral("fork");
    case Direction::Replay:
        return QStringLiteral("replay");
    case Direction::StreamError:
        return QStringLiteral("stream-error");
    case Direction::Storage:
        return QStringLiteral("storage");
    }
    return QString();
}

QString TraceEvent::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Message:
        return QStringLiteral("message");
    case Kind::GroupChat:
        return QStringLiteral("groupchat");
    case Kind::Presence:
        return QStringLiteral("presence");
    case Kind::Subject:
        return QStringLiteral("subject");
    case Kind::Error:
        return QStringLiteral("error");
    case Kind::Iq:
        return QStringLiteral("iq");
    case Kind::Other:
        return QStringLiteral("other");
    }
    return QString();
}

QString TraceEvent::summary() const
{
    QString line = QStringLiteral("#%1 [%2] %3 %4 -> %5")
                       .arg(id)
                       .arg(directionName(direction), kindName(kind), from, to);
    if (fanOutId)
        line += QStringLiteral(" fan-out #%1").arg(fanOutId);
    if (!targets.isEmpty())
        line += QStringLiteral(" to {%1}").arg(targets.join(QStringLiteral(", ")));
    if (!note.isEmpty())
        line += QStringLiteral(" (%1)").arg(note);
    return line;
}
