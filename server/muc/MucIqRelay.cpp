// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucIqRelay.h"

#include "Jid.h"
#include "MucRoom.h"
#include "Stanza.h"

QDomElement MucIqRelay::relay(const MucRoom &room, const QString &senderNick, const QDomElement &iq)
{
    const QString targetNick = Jid::resource(Stanza::to(iq));
    const QString id = QStringLiteral("muc-relay-%1").arg(m_nextId++);
    m_relayed.insert(
        id, Relayed { Stanza::from(iq), iq.attribute(QStringLiteral("id")), room.jid(), targetNick });
    QDomElement relayed = Stanza::copy(iq);
    relayed.setAttribute(QStringLiteral("from"), Jid::full(room.jid(), senderNick));
    relayed.setAttribute(QStringLiteral("to"), room.occupants().value(targetNick).realJid);
    relayed.setAttribute(QStringLiteral("id"), id);
    return relayed;
}

QDomElement MucIqRelay::answer(const QDomElement &iq)
{
    const auto it = m_relayed.find(iq.attribute(QStringLiteral("id")));
    if (it == m_relayed.end())
        return {};
    const Relayed relayed = it.value();
    m_relayed.erase(it);
    QDomElement answer = Stanza::copy(iq);
    answer.setAttribute(QStringLiteral("from"), Jid::full(relayed.room, relayed.targetNick));
    answer.setAttribute(QStringLiteral("to"), relayed.requester);
    answer.setAttribute(QStringLiteral("id"), relayed.id);
    return answer;
}
