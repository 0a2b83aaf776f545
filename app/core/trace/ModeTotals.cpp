// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/trace/ModeTotals.h"

#include "Jid.h"
#include "Vocabulary.h"
#include "XmlText.h"
#include "core/session/StanzaSummary.h"

#include <QDomElement>
#include <QHash>

namespace {
using Direction = TraceEvent::Direction;

bool isJoinPresence(const TraceEvent &event)
{
    if (event.kind != TraceEvent::Kind::Presence)
        return false;
    const QDomElement presence = XmlText::toElement(event.xml);
    if (!presence.attribute(QStringLiteral("type")).isEmpty())
        return false;
    for (QDomElement x = presence.firstChildElement(QStringLiteral("x")); !x.isNull();
         x = x.nextSiblingElement(QStringLiteral("x"))) {
        if (x.namespaceURI() == Ns::Muc)
            return true;
    }
    return false;
}
} // namespace

ModeTotals::ModeTotals(const QString &roomJid, JoinMode mode)
    : m_room(roomJid)
    , m_mode(mode)
{ }

void ModeTotals::add(const TraceEvent &event)
{
    if (event.room != m_room)
        return;
    switch (event.direction) {
    case Direction::RoomToAccount:
    case Direction::RoomToSession:
    case Direction::ServerToSession:
    case Direction::AccountToRoom:
    case Direction::SessionToServer:
        m_events.append(event);
        break;
    default:
        break;
    }
}

void ModeTotals::clear()
{
    m_events.clear();
}

int ModeTotals::roomSent() const
{
    int count = 0;
    for (const TraceEvent &event : m_events)
        count += event.direction == Direction::RoomToAccount || event.direction == Direction::RoomToSession;
    return count;
}

int ModeTotals::delivered() const
{
    int count = 0;
    for (const TraceEvent &event : m_events)
        count += event.direction == Direction::ServerToSession && Jid::bare(event.from) == m_room;
    return count;
}

int ModeTotals::presenceBroadcasts() const
{
    // Whose is each occupant JID: the account its own presence (110) was delivered to.
    QHash<QString, QString> owner;
    for (const TraceEvent &event : m_events) {
        if (event.direction == Direction::ServerToSession && event.kind == TraceEvent::Kind::Presence
            && StanzaSummary::mucStatusCodes(XmlText::toElement(event.xml)).contains(MucStatus::SelfPresence))
            owner.insert(event.from, event.account);
    }
    int count = 0;
    for (const TraceEvent &event : m_events) {
        if (event.direction != Direction::ServerToSession || event.kind != TraceEvent::Kind::Presence
            || Jid::bare(event.from) != m_room)
            continue;
        const QString occupant = owner.value(event.from);
        count += !occupant.isEmpty() && occupant != event.account;
    }
    return count;
}

int ModeTotals::roomJoins() const
{
    const Direction joinHop
        = m_mode == JoinMode::AccountLevel ? Direction::AccountToRoom : Direction::SessionToServer;
    int count = 0;
    for (int i = 0; i < m_events.size(); ++i) {
        const TraceEvent &join = m_events.at(i);
        if (join.direction != joinHop || !isJoinPresence(join))
            continue;
        // The room's first answer to the joiner decides: an error means no occupant.
        const QString joiner = joinHop == Direction::AccountToRoom ? join.account : join.session;
        bool refused = false;
        for (int j = i + 1; j < m_events.size(); ++j) {
            const TraceEvent &answer = m_events.at(j);
            const bool toJoiner = joinHop == Direction::AccountToRoom
                ? answer.direction == Direction::RoomToAccount && answer.account == joiner
                : answer.direction == Direction::RoomToSession && answer.session == joiner;
            if (!toJoiner || answer.kind == TraceEvent::Kind::GroupChat)
                continue;
            if (answer.kind == TraceEvent::Kind::Error
                || answer.xml.contains(QLatin1String("type=\"error\""))) {
                refused = true;
                break;
            }
            if (answer.kind == TraceEvent::Kind::Presence
                && StanzaSummary::mucStatusCodes(XmlText::toElement(answer.xml))
                       .contains(MucStatus::SelfPresence))
                break;
        }
        count += !refused;
    }
    return count;
}

QString ModeTotals::summary() const
{
    return QStringLiteral("room sent %1, delivered %2, presence broadcasts %3, room joins %4")
        .arg(roomSent())
        .arg(delivered())
        .arg(presenceBroadcasts())
        .arg(roomJoins());
}
