// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The one path every stanza takes inside the server. route() sends a stanza
// through the extension chain (as QXmppServer does for client input), deliver()
// writes it to a session's connection. Both emit trace events; the fan-out id
// links a room stanza to every copy delivered while it is being handled.
//
// Nothing acknowledged is lost (§10): what a stanza causes is held until the
// storage has committed what it wrote. If the commit fails, the writes are rolled
// back, nothing it caused is sent, and its sender gets an error instead.
#pragma once

#include "TraceEvent.h"

#include <QDomElement>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QVector>
#include <array>
#include <vector>

class ClientStream;
class Database;
class QXmppServer;
class SessionRegistry;

class StanzaRouter : public QObject
{
    Q_OBJECT
public:
    StanzaRouter(QXmppServer *server, SessionRegistry *sessions, const QString &mucDomain,
                 QObject *parent = nullptr);

    // A stanza a session sent (already stamped with its full JID).
    void routeFromSession(const QDomElement &stanza);
    // A stanza the server itself produced, e.g. an account speaking to a room.
    void route(const QDomElement &stanza);
    // Writes the stanza to the session named by its full 'to' JID. False when no such session.
    bool deliver(const QDomElement &stanza);
    // Delivers one stanza to each of these sessions (full JIDs), 'to' set to each in turn;
    // serialised once when nobody traces. Returns how many got it.
    int deliverToSessions(QDomElement stanza, const QStringList &sessions);
    // While one lives, 'stanza' is routed to many recipients and nothing changes in it but
    // its 'to': deliverToSessions() serialises it once for all of them, not once per
    // recipient account (a room broadcasting a message to its occupants).
    class Broadcast
    {
    public:
        Broadcast(StanzaRouter *router, const QDomElement &stanza);
        ~Broadcast();
        Broadcast(const Broadcast &) = delete;
        Broadcast &operator=(const Broadcast &) = delete;

    private:
        StanzaRouter *const m_router;
    };
    // Delivers to every available session of the bare 'to' JID; returns how many got it.
    int deliverToAccount(const QDomElement &stanza);
    // Delivers one stanza to each of these sessions with its 'to' as it is: a stanza for the
    // account (a bare JID) reaches its sessions unchanged (RFC 6120 §10.5.3.2).
    int deliverUnchanged(const QDomElement &stanza, const QStringList &sessions);

    // Records a decision (fork, replay) about a stanza under the current fan-out.
    void traceDecision(TraceEvent::Direction direction, const QDomElement &stanza, const QString &account,
                       const QString &room, const QStringList &targets, const QString &note);
    void traceStreamError(const QString &peer, const QString &condition, const QString &text);

    // The storage committed when a stanza is settled (none: nothing is held back).
    void setDatabase(Database *database) { m_database = database; }
    bool isStorageHealthy() const { return m_storageHealthy; }
    // Commits writes made outside any routed stanza (timers, start-up); between stanzas only.
    void commitWrites();

    void setTracing(bool enabled) { m_tracing = enabled; }
    bool isTracing() const { return m_tracing; }

    QString domain() const;
    QString mucDomain() const { return m_mucDomain; }
    bool isLocalAccount(const QString &jid) const;
    bool isRoomJid(const QString &jid) const;
    // Whom a request for an account service (roster, PEP, archive) is for: its 'to', or
    // the sender's own bare JID when it has none (RFC 6120 §10.3.3). QXmpp's stream
    // stamps a missing 'to' with the domain, and the server offers no such service itself.
    QString accountAddressed(const QDomElement &request) const;

    // Counters by name (e.g. "delivered", "routed.room>account").
    QHash<QString, quint64> counters() const;
    // Adds to a counter of an extension's own (e.g. "muc.presence-in").
    void count(const QString &name) { ++m_counters[name]; }

signals:
    void traced(const TraceEvent &event);
    // The storage stopped taking writes (reason says why) or took them again (healthy).
    // Emitted on each change of state only, not for every stanza refused.
    void storageStateChanged(bool healthy, const QString &reason);
    // A stanza has been handled and its writes committed, or rolled back (then caches of
    // stored state must be read again, and state made for it undone).
    void settled(bool committed);

private:
    TraceEvent::Direction classify(const QDomElement &stanza) const;
    quint64 emitTrace(TraceEvent::Direction direction, const QDomElement &stanza, quint64 fanOutId);
    // When a handled stanza's writes are committed: at once, or with the other stanzas of
    // the same turn of the event loop (group commit, for stanzas whose rollback only
    // drops what they caused: room and chat messages).
    enum class Settle { Now, WithBatch };
    void dispatch(const QDomElement &stanza, TraceEvent::Direction direction, Settle when = Settle::Now);
    // The outermost stanza has been handled: commit, then send or drop what it and the
    // batched stanzas before it caused.
    void settle(const QDomElement &stanza, TraceEvent::Direction direction);
    void settleBatch();
    void send(ClientStream *stream, const QByteArray &data);
    void traceStorage(const QDomElement &stanza, const QString &note);
    // An event that is not part of any stanza's fan-out (storage state, stream errors).
    TraceEvent standaloneEvent(TraceEvent::Direction direction, const QString &note);
    bool changesStoredState(const QDomElement &stanza) const;
    bool storageTakesWrites();
    // Answers a session's stanza that the storage could not take.
    void refuse(const QDomElement &stanza, const QString &reason);

    QXmppServer *const m_server;
    SessionRegistry *const m_sessions;
    const QString m_mucDomain;
    bool m_tracing = false;
    quint64 m_nextId = 1;
    QVector<quint64> m_fanOutStack;
    int m_depth = 0;
    QHash<QString, quint64> m_counters;
    // The counters every stanza moves, by direction: not a string key per delivery.
    static constexpr int DirectionCount = int(TraceEvent::Direction::Storage) + 1;
    std::array<quint64, DirectionCount> m_routed {}; // "routed.<direction>"
    std::array<quint64, DirectionCount> m_decided {}; // "<direction>": trace decisions
    quint64 m_delivered = 0; // "delivered"
    Database *m_database = nullptr;
    bool m_storageHealthy = true;
    QString m_storageReason; // why the last commit failed
    struct Held
    {
        QPointer<ClientStream> stream;
        QByteArray data;
    };
    std::vector<Held> m_held; // what the stanzas being handled caused, until they are committed
    // Session stanzas handled but not yet committed (their output is in m_held); settled
    // at the end of the turn of the event loop, or when there are this many.
    QVector<QDomElement> m_batch;
    bool m_batchSettleQueued = false;
    // The stanza of the live Broadcast, and once serialised: its bytes with a marker for
    // 'to' and where the marker is.
    QDomElement m_broadcast;
    QByteArray m_broadcastBytes;
    int m_broadcastTo = -1;
};
