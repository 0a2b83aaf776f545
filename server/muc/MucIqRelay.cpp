// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucIqRelay.h"

#include "Jid.h"
#include "MucRoom.h"
#include "ServiceLimits.h"
#include "Stanza.h"

#include <QRandomGenerator>

MucIqRelay::MucIqRelay(std::function<void(const QDomElement &)> send)
    : m_send(std::move(send))
    , m_maxPendingPerRequester(ServiceDefaults::MaxPendingRelayedIqsPerRequester)
    , m_timeoutMs(qint64(ServiceDefaults::RelayedIqTimeoutSeconds) * 1000)
{
    m_clock.start();
    m_timer.setSingleShot(true);
    QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] { expire(); });
}

void MucIqRelay::setLimits(int maxPendingPerRequester, int timeoutSeconds)
{
    m_maxPendingPerRequester = maxPendingPerRequester;
    m_timeoutMs = timeoutSeconds > 0 ? qint64(timeoutSeconds) * 1000 : 0;
}

bool MucIqRelay::isAtLimit(const QString &requester) const
{
    return m_pendingPerRequester.value(requester) >= m_maxPendingPerRequester;
}

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
    const qint64 deadline = m_timeoutMs > 0 ? m_clock.elapsed() + m_timeoutMs : 0;
    const QString requester = Stanza::from(iq);
    m_relayed.insert(id,
                     Relayed { requester, iq.attribute(QStringLiteral("id")), room.jid(), targetNick, target,
                               senderNick, deadline });
    ++m_pendingPerRequester[requester];
    m_idsByRoom[room.jid()].insert(id);
    if (deadline > 0) {
        m_deadlines.insert({ deadline, id });
        if (!m_timer.isActive())
            schedule();
    }
    QDomElement relayed = Stanza::copy(iq);
    relayed.setAttribute(QStringLiteral("from"), Jid::full(room.jid(), senderNick));
    relayed.setAttribute(QStringLiteral("to"), target);
    relayed.setAttribute(QStringLiteral("id"), id);
    return relayed;
}

QDomElement MucIqRelay::answer(const QDomElement &iq)
{
    const auto it = m_relayed.constFind(iq.attribute(QStringLiteral("id")));
    if (it == m_relayed.cend())
        return {};
    const Relayed relayed = it.value();
    // From the occupant asked (any session of it when the occupant is an account), to
    // the one who asked; anything else is someone answering in another's name.
    const QString from = Stanza::from(iq);
    const bool fromTarget
        = Jid::isFull(relayed.target) ? from == relayed.target : Jid::bare(from) == relayed.target;
    if (!fromTarget || Stanza::to(iq) != Jid::full(relayed.room, relayed.requesterNick))
        return {};
    finish(it.key());
    QDomElement answer = Stanza::copy(iq);
    answer.setAttribute(QStringLiteral("from"), Jid::full(relayed.room, relayed.targetNick));
    answer.setAttribute(QStringLiteral("to"), relayed.requester);
    answer.setAttribute(QStringLiteral("id"), relayed.id);
    return answer;
}

void MucIqRelay::occupantLeft(const QString &roomJid, const QString &realJid)
{
    const auto room = m_idsByRoom.constFind(roomJid);
    if (room == m_idsByRoom.cend())
        return;
    const QSet<QString> ids = room.value(); // a copy: finish() changes the index
    for (const QString &id : ids) {
        const Relayed &relayed = m_relayed[id];
        if (relayed.requester == realJid)
            finish(id); // nobody left to tell
        else if (relayed.target == realJid)
            finish(id, QStringLiteral("item-not-found"),
                   QStringLiteral("the occupant left before answering"));
    }
}

void MucIqRelay::roomEnded(const QString &roomJid)
{
    const QSet<QString> ids = m_idsByRoom.value(roomJid);
    for (const QString &id : ids)
        finish(id, QStringLiteral("item-not-found"), QStringLiteral("the room is gone"));
}

void MucIqRelay::finish(QString id, const QString &condition, const QString &text)
{
    const Relayed relayed = m_relayed.take(id);
    if (relayed.deadline > 0)
        m_deadlines.erase({ relayed.deadline, id });
    if (--m_pendingPerRequester[relayed.requester] <= 0)
        m_pendingPerRequester.remove(relayed.requester);
    auto room = m_idsByRoom.find(relayed.room);
    if (room != m_idsByRoom.end()) {
        room->remove(id);
        if (room->isEmpty())
            m_idsByRoom.erase(room);
    }
    if (condition.isEmpty())
        return;
    // As if the target had answered with this error (RFC 6120 §8.3: to the requester's id).
    const QDomElement request
        = Stanza::create(QStringLiteral("iq"), relayed.requester, Jid::full(relayed.room, relayed.targetNick),
                         QStringLiteral("get"), relayed.id);
    const Stanza::ErrorType type = condition == QLatin1String("recipient-unavailable")
        ? Stanza::ErrorType::Wait
        : Stanza::ErrorType::Cancel;
    m_send(Stanza::errorReply(request, type, condition, text));
}

void MucIqRelay::expire()
{
    const qint64 now = m_clock.elapsed();
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        // RFC 6120 §8.3.3.13: the intended recipient is (temporarily) not answering; "wait"
        // says asking again later may work. remote-server-timeout would blame a server.
        finish(m_deadlines.begin()->second, QStringLiteral("recipient-unavailable"),
               QStringLiteral("the occupant did not answer in %1 s").arg(m_timeoutMs / 1000));
    }
    schedule();
}

void MucIqRelay::schedule()
{
    if (m_deadlines.empty()) {
        m_timer.stop();
        return;
    }
    m_timer.start(int(qBound<qint64>(0, m_deadlines.begin()->first - m_clock.elapsed(), 24 * 3600 * 1000)));
}
