// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucIqRelay.h"

#include "Jid.h"
#include "MucRoom.h"
#include "Stanza.h"

#include <QRandomGenerator>

QDomElement MucIqRelay::relay(const MucRoom &room, const QString &senderNick, const QDomElement &iq)
{
    const QString targetNick = Jid::resource(Stanza::to(iq));
    const QString target = room.occupants().value(targetNick).realJid;
    // 128 random bits: an id nobody can guess, so nobody can answer before the target.
    QRandomGenerator *random = QRandomGenerator::system();
    QString id;
    do {
        id = QStringLiteral("muc-relay-%1%2")
                 .arg(random->generate64(), 16, 16, QLatin1Char('0'))
                 .arg(random->generate64(), 16, 16, QLatin1Char('0'));
    } while (m_relayed.contains(id));
    m_relayed.insert(id,
                     Relayed { Stanza::from(iq), iq.attribute(QStringLiteral("id")), room.jid(), targetNick,
                               target, senderNick });
    QDomElement relayed = Stanza::copy(iq);
    relayed.setAttribute(QStringLiteral("from"), Jid::full(room.jid(), senderNick));
    relayed.setAttribute(QStringLiteral("to"), target);
    relayed.setAttribute(QStringLiteral("id"), id);
    return relayed;
}

QDomElement MucIqRelay::answer(const QDomElement &iq)
{
    const auto it = m_relayed.find(iq.attribute(QStringLiteral("id")));
    if (it == m_relayed.end())
        return {};
    const Relayed relayed = it.value();
    // From the occupant asked (any session of it when the occupant is an account), to
    // the one who asked; anything else is someone answering in another's name.
    const QString from = Stanza::from(iq);
    const bool fromTarget
        = Jid::isFull(relayed.target) ? from == relayed.target : Jid::bare(from) == relayed.target;
    if (!fromTarget || Stanza::to(iq) != Jid::full(relayed.room, relayed.requesterNick))
        return {};
    m_relayed.erase(it);
    QDomElement answer = Stanza::copy(iq);
    answer.setAttribute(QStringLiteral("from"), Jid::full(relayed.room, relayed.targetNick));
    answer.setAttribute(QStringLiteral("to"), relayed.requester);
    answer.setAttribute(QStringLiteral("id"), relayed.id);
    return answer;
}
