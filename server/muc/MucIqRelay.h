// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// IQs between occupants (XEP-0045 §7.7): a request to room/nick goes to that
// occupant's real JID under an id of the room's, and its answer comes back to the
// requester under the requester's id. Real JIDs stay hidden both ways. The room's id
// is an unguessable nonce, and an answer counts only when it comes from the occupant
// asked, addressed to the requester: nobody else can answer in its name.
//
// Nothing waits forever: a request not answered in time gets an error answer
// (recipient-unavailable), one whose target leaves or whose room ends gets one at once
// (item-not-found), one whose requester leaves is forgotten, and one requester has at
// most so many open at a time. One timer for the whole service sweeps the requests in
// the order of their deadlines.
#pragma once

#include <QDomElement>
#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <functional>
#include <set>
#include <utility>

class MucRoom;

class MucIqRelay
{
public:
    // 'send' routes the error answers the relay makes on its own (timeouts, departures).
    explicit MucIqRelay(std::function<void(const QDomElement &)> send);

    // At most 'maxPendingPerRequester' open requests per requester (real JID), each
    // answered with an error after 'timeoutSeconds' (<= 0: never).
    void setLimits(int maxPendingPerRequester, int timeoutSeconds);

    // True when this requester may not open one more request.
    bool isAtLimit(const QString &requester) const;
    // The request as the target occupant receives it.
    QDomElement relay(const MucRoom &room, const QString &senderNick, const QDomElement &iq);
    // The answer as the requester receives it, or a null element for an id the room never
    // gave (or no longer waits for) or an answer from anyone but the target occupant (the
    // request stays open).
    QDomElement answer(const QDomElement &iq);

    // The occupant with this real JID is no longer in the room: the requests it was asked
    // get an error answer, those it asked are forgotten.
    void occupantLeft(const QString &roomJid, const QString &realJid);
    // The room is gone: every request in it gets an error answer.
    void roomEnded(const QString &roomJid);

    // Requests waiting for their answer (all rooms).
    int pendingCount() const { return m_relayed.size(); }

private:
    struct Relayed
    {
        QString requester; // real JID that asked
        QString id; // its id
        QString room;
        QString targetNick;
        QString target; // the target occupant's real JID: bare (account-level) or full
        QString requesterNick; // the answer goes to room/requesterNick
        qint64 deadline = 0; // on m_clock, ms; 0: none
    };
    using Deadline = std::pair<qint64, QString>; // (deadline, room's id)

    // Forgets the request; with a condition, its requester gets that error first.
    // The id by value: callers pass keys of the containers it erases from.
    void finish(QString id, const QString &condition = QString(), const QString &text = QString());
    void expire();
    void schedule();

    std::function<void(const QDomElement &)> m_send;
    int m_maxPendingPerRequester;
    qint64 m_timeoutMs;
    QHash<QString, Relayed> m_relayed; // by the id the target sees
    QHash<QString, int> m_pendingPerRequester;
    QHash<QString, QSet<QString>> m_idsByRoom;
    std::set<Deadline> m_deadlines;
    QElapsedTimer m_clock;
    QTimer m_timer;
};
