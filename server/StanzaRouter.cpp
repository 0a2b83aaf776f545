// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "StanzaRouter.h"

#include "ClientStream.h"
#include "Database.h"
#include "Jid.h"
#include "SessionRegistry.h"
#include "Stanza.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QXmlStreamWriter>
#include <QXmppServer.h>

namespace {
// Group commit: session stanzas that only add messages are committed together, once per
// turn of the event loop, or after this many (which bounds what a failed commit refuses
// and what waits unsent).
constexpr int MaxBatchedStanzas = 64;
} // namespace

StanzaRouter::StanzaRouter(QXmppServer *server, SessionRegistry *sessions, const QString &mucDomain,
                           QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_sessions(sessions)
    , m_mucDomain(mucDomain)
{ }

QString StanzaRouter::domain() const
{
    return m_server->domain();
}

bool StanzaRouter::isLocalAccount(const QString &jid) const
{
    return Jid::domainView(jid) == m_server->domain() && !Jid::nodeView(jid).isEmpty();
}

bool StanzaRouter::isRoomJid(const QString &jid) const
{
    return Jid::domainView(jid) == m_mucDomain && !Jid::nodeView(jid).isEmpty();
}

QString StanzaRouter::accountAddressed(const QDomElement &request) const
{
    QString to = request.attribute(QStringLiteral("to"));
    if (to.isEmpty() || to == domain())
        return Jid::bare(request.attribute(QStringLiteral("from")));
    return to;
}

TraceEvent::Direction StanzaRouter::classify(const QDomElement &stanza) const
{
    const QString from = stanza.attribute(QStringLiteral("from"));
    const QString to = stanza.attribute(QStringLiteral("to"));
    if (Jid::domainView(from) == m_mucDomain && isLocalAccount(to))
        return Jid::isBare(to) ? TraceEvent::Direction::RoomToAccount : TraceEvent::Direction::RoomToSession;
    if (isLocalAccount(from) && Jid::isBare(from) && Jid::domainView(to) == m_mucDomain)
        return TraceEvent::Direction::AccountToRoom;
    return TraceEvent::Direction::Internal;
}

quint64 StanzaRouter::emitTrace(TraceEvent::Direction direction, const QDomElement &stanza, quint64 fanOutId)
{
    const quint64 id = m_nextId++;
    if (!m_tracing)
        return id;
    TraceEvent event;
    event.id = id;
    event.fanOutId = fanOutId ? fanOutId : id;
    event.time = QDateTime::currentDateTimeUtc();
    event.direction = direction;
    event.kind = TraceEvent::classify(stanza);
    event.from = stanza.attribute(QStringLiteral("from"));
    event.to = stanza.attribute(QStringLiteral("to"));
    for (const QString &jid : { event.from, event.to }) {
        if (isRoomJid(jid))
            event.room = Jid::bare(jid);
        else if (isLocalAccount(jid)) {
            event.account = Jid::bare(jid);
            if (Jid::isFull(jid))
                event.session = jid;
        }
    }
    event.xml = XmlText::fromElement(stanza);
    emit traced(event);
    return id;
}

void StanzaRouter::routeFromSession(const QDomElement &stanza)
{
    if (m_database && changesStoredState(stanza) && !storageTakesWrites()) {
        // A change of state is refused before it is made when the storage cannot take
        // writes, so what the server holds in memory does not run ahead of its storage.
        emitTrace(TraceEvent::Direction::SessionToServer, stanza, 0);
        refuse(stanza, m_storageReason);
        return;
    }
    dispatch(stanza, TraceEvent::Direction::SessionToServer,
             m_database && !changesStoredState(stanza) ? Settle::WithBatch : Settle::Now);
}

QHash<QString, quint64> StanzaRouter::counters() const
{
    QHash<QString, quint64> all = m_counters;
    for (int i = 0; i < DirectionCount; ++i) {
        const QString name = TraceEvent::directionName(TraceEvent::Direction(i));
        if (m_routed[i])
            all.insert(QStringLiteral("routed.") + name, m_routed[i]);
        if (m_decided[i])
            all.insert(name, m_decided[i]);
    }
    if (m_delivered)
        all.insert(QStringLiteral("delivered"), m_delivered);
    return all;
}

void StanzaRouter::route(const QDomElement &stanza)
{
    dispatch(stanza, classify(stanza));
}

void StanzaRouter::dispatch(const QDomElement &stanza, TraceEvent::Direction direction, Settle when)
{
    ++m_routed[size_t(direction)];
    // A room stanza to an account opens a new fan-out; anything else joins the current one.
    const bool opensFanOut = direction != TraceEvent::Direction::Internal || m_fanOutStack.isEmpty();
    const quint64 parent = opensFanOut ? 0 : m_fanOutStack.last();
    const quint64 id = emitTrace(direction, stanza, parent);
    m_fanOutStack.append(opensFanOut ? id : parent);
    ++m_depth;
    m_server->handleElement(stanza);
    --m_depth;
    m_fanOutStack.removeLast();
    if (m_depth != 0)
        return;
    // A stanza that wrote nothing and follows no batch has nothing to wait for.
    if (when == Settle::Now || (m_batch.isEmpty() && !m_database->inTransaction())
        || m_batch.size() + 1 >= MaxBatchedStanzas) {
        settle(stanza, direction);
        return;
    }
    m_batch.append(stanza);
    if (!m_batchSettleQueued) {
        m_batchSettleQueued = true;
        QMetaObject::invokeMethod(this, &StanzaRouter::settleBatch, Qt::QueuedConnection);
    }
}

void StanzaRouter::settleBatch()
{
    m_batchSettleQueued = false;
    if (m_depth == 0 && !m_batch.isEmpty())
        settle(QDomElement(), TraceEvent::Direction::Internal);
}

void StanzaRouter::send(ClientStream *stream, const QByteArray &data)
{
    // Between stanzas too while a batch waits, so that a session's stanzas keep their order.
    if (m_database && (m_depth > 0 || !m_batch.isEmpty()))
        m_held.push_back({ stream, data });
    else
        stream->sendStanzaData(data);
}

void StanzaRouter::settle(const QDomElement &stanza, TraceEvent::Direction direction)
{
    std::vector<Held> held;
    held.swap(m_held);
    const QVector<QDomElement> batch = std::exchange(m_batch, {});
    const bool wrote = m_database && m_database->inTransaction();
    if (!m_database || m_database->commit()) {
        for (const Held &item : held) {
            if (item.stream)
                item.stream->sendStanzaData(item.data);
        }
        if (wrote) {
            ++m_counters[QStringLiteral("storage.commits")];
            emit settled(true);
        }
        if (!m_storageHealthy && wrote) { // only a write that went through proves recovery
            m_storageHealthy = true;
            traceStorage(QDomElement(), QStringLiteral("writes committed again"));
            emit storageStateChanged(true, QString());
        }
        return;
    }
    // Rolled back: whatever the stanza caused (reflection, forks, answers) never leaves.
    const QString reason = m_database->batchError();
    m_storageReason = reason;
    m_counters[QStringLiteral("storage.dropped")] += held.size();
    emit settled(false);
    // What undoing the stanza wrote (forgetting a room it made) does not keep the database
    // locked until the next stanza; if it cannot be written either, the resynchronisation
    // at recovery writes it.
    if (m_database->inTransaction())
        m_database->commit();
    for (const QDomElement &batched : batch)
        traceStorage(batched, QStringLiteral("cannot store (%1): nothing it caused was sent").arg(reason));
    if (!stanza.isNull())
        traceStorage(stanza,
                     QStringLiteral("cannot store (%1): nothing it caused was sent (%2 stanza(s) dropped)")
                         .arg(reason)
                         .arg(held.size()));
    if (m_storageHealthy) {
        traceStorage(QDomElement(),
                     QStringLiteral("writes fail (%1): the server refuses what it cannot store").arg(reason));
        m_storageHealthy = false;
        emit storageStateChanged(false, reason);
    }
    for (const QDomElement &batched : batch)
        refuse(batched, reason); // session stanzas, all of them
    if (direction == TraceEvent::Direction::SessionToServer)
        refuse(stanza, reason);
}

void StanzaRouter::refuse(const QDomElement &stanza, const QString &reason)
{
    // The sender learns its stanza was not taken (never an error for an error or an answer).
    ++m_counters[QStringLiteral("storage.refused")];
    if (Stanza::type(stanza) == QLatin1String("error")
        || (Stanza::isIq(stanza) && !Stanza::isRequest(stanza)))
        return;
    const bool full = reason.contains(QLatin1String("full"), Qt::CaseInsensitive);
    QDomElement error = Stanza::errorReply(
        stanza, Stanza::ErrorType::Wait,
        full ? QStringLiteral("resource-constraint") : QStringLiteral("internal-server-error"),
        QStringLiteral("The server cannot store this right now (%1); nothing was sent. Try again later.")
            .arg(reason));
    if (error.attribute(QStringLiteral("from")).isEmpty())
        error.setAttribute(QStringLiteral("from"), domain());
    deliver(error); // between stanzas, so it goes out at once
}

void StanzaRouter::commitWrites()
{
    if (m_depth != 0)
        return;
    if (!m_storageHealthy && m_database)
        m_database->probeWrite(); // recover by ourselves once the disk has room again
    settle(QDomElement(), TraceEvent::Direction::Internal);
}

bool StanzaRouter::storageTakesWrites()
{
    // A message rolls back cleanly, a change of room or membership would leave memory
    // ahead of the storage: a small write first tells whether the disk takes writes.
    m_database->probeWrite();
    settle(QDomElement(), TraceEvent::Direction::Internal);
    return m_storageHealthy;
}

bool StanzaRouter::changesStoredState(const QDomElement &stanza) const
{
    // What writes more than the archive: room joins, leaves, nick changes and subjects,
    // subscriptions, and IQ sets (configuration, affiliations, PEP, rosters). A room message only adds to the
    // archive, and rolling that back leaves nothing behind.
    if (Stanza::isIq(stanza))
        return Stanza::type(stanza) == QLatin1String("set");
    if (Stanza::isPresence(stanza)) {
        // Subscriptions change both rosters (RFC 6121 §3).
        static const QStringList subscription { QStringLiteral("subscribe"), QStringLiteral("subscribed"),
                                                QStringLiteral("unsubscribe"),
                                                QStringLiteral("unsubscribed") };
        if (subscription.contains(Stanza::type(stanza)))
            return true;
    }
    const QString to = Stanza::to(stanza);
    if (Jid::domainView(to) != m_mucDomain)
        return false;
    if (Stanza::isPresence(stanza))
        return true;
    return !Stanza::child(stanza, QStringLiteral("subject"), Ns::Client).isNull();
}

void StanzaRouter::traceStorage(const QDomElement &stanza, const QString &note)
{
    if (!m_tracing)
        return;
    TraceEvent event = standaloneEvent(TraceEvent::Direction::Storage, note);
    if (!stanza.isNull()) {
        event.kind = TraceEvent::classify(stanza);
        event.from = stanza.attribute(QStringLiteral("from"));
        event.to = stanza.attribute(QStringLiteral("to"));
        event.xml = XmlText::fromElement(stanza);
    }
    emit traced(event);
}

bool StanzaRouter::deliver(const QDomElement &stanza)
{
    ClientStream *stream = m_sessions->stream(stanza.attribute(QStringLiteral("to")));
    if (!stream)
        return false;
    ++m_delivered;
    emitTrace(TraceEvent::Direction::ServerToSession, stanza,
              m_fanOutStack.isEmpty() ? 0 : m_fanOutStack.last());
    send(stream, XmlText::streamBytes(stanza));
    return true;
}

int StanzaRouter::deliverToSessions(QDomElement stanza, const QStringList &sessions)
{
    const QString to = stanza.attribute(QStringLiteral("to"));
    int count = 0;
    if (m_tracing || sessions.size() < 2) {
        // Each copy is traced as it is (and one copy needs no splicing).
        for (const QString &session : sessions) {
            stanza.setAttribute(QStringLiteral("to"), session);
            count += deliver(stanza) ? 1 : 0;
        }
        stanza.setAttribute(QStringLiteral("to"), to);
        return count;
    }
    // Serialise once with a marker for 'to', then splice each session's JID in: a room
    // message forked to many sessions costs one serialisation, not one per session (and
    // one for all recipient accounts during a Broadcast).
    static const QString marker = QStringLiteral("minimix-fork-target");
    static const QByteArray placeholder = "to=\"" + marker.toUtf8() + '"';
    const bool broadcasting = !m_broadcast.isNull() && m_broadcast == stanza;
    QByteArray data;
    int at = -1;
    if (broadcasting && m_broadcastTo >= 0) {
        data = m_broadcastBytes;
        at = m_broadcastTo;
    } else {
        stanza.setAttribute(QStringLiteral("to"), marker);
        data = XmlText::streamBytes(stanza);
        stanza.setAttribute(QStringLiteral("to"), to);
        at = data.indexOf(placeholder);
        if (at < 0)
            return 0;
        if (broadcasting) {
            m_broadcastBytes = data;
            m_broadcastTo = at;
        }
    }
    const int tail = at + placeholder.size();
    for (const QString &session : sessions) {
        ClientStream *stream = m_sessions->stream(session);
        if (!stream)
            continue;
        const QByteArray &jid = stream->jidAttributeBytes();
        QByteArray copy;
        copy.reserve(data.size() - placeholder.size() + jid.size() + 5);
        copy.append(data.constData(), at).append("to=\"", 4).append(jid).append('"');
        copy.append(data.constData() + tail, data.size() - tail);
        send(stream, copy);
        ++count;
        ++m_delivered;
    }
    return count;
}

StanzaRouter::Broadcast::Broadcast(StanzaRouter *router, const QDomElement &stanza)
    : m_router(router)
{
    m_router->m_broadcast = stanza;
    m_router->m_broadcastTo = -1;
}

StanzaRouter::Broadcast::~Broadcast()
{
    m_router->m_broadcast = QDomElement();
    m_router->m_broadcastBytes.clear();
    m_router->m_broadcastTo = -1;
}

int StanzaRouter::deliverUnchanged(const QDomElement &stanza, const QStringList &sessions)
{
    const QByteArray data = XmlText::streamBytes(stanza);
    int count = 0;
    for (const QString &session : sessions) {
        ClientStream *stream = m_sessions->stream(session);
        if (!stream)
            continue;
        emitTrace(TraceEvent::Direction::ServerToSession, stanza,
                  m_fanOutStack.isEmpty() ? 0 : m_fanOutStack.last());
        send(stream, data);
        ++count;
        ++m_delivered;
    }
    return count;
}

int StanzaRouter::deliverToAccount(const QDomElement &stanza)
{
    const QString account = Jid::bare(stanza.attribute(QStringLiteral("to")));
    QDomElement copy(stanza);
    int count = 0;
    for (const QString &session : m_sessions->availableSessions(account)) {
        copy.setAttribute(QStringLiteral("to"), session);
        count += deliver(copy) ? 1 : 0;
    }
    copy.setAttribute(QStringLiteral("to"), account);
    return count;
}

void StanzaRouter::traceDecision(TraceEvent::Direction direction, const QDomElement &stanza,
                                 const QString &account, const QString &room, const QStringList &targets,
                                 const QString &note)
{
    ++m_decided[size_t(direction)];
    if (!m_tracing)
        return;
    TraceEvent event;
    event.id = m_nextId++;
    event.fanOutId = m_fanOutStack.isEmpty() ? event.id : m_fanOutStack.last();
    event.time = QDateTime::currentDateTimeUtc();
    event.direction = direction;
    event.kind = stanza.isNull() ? TraceEvent::Kind::Other : TraceEvent::classify(stanza);
    event.account = account;
    event.room = room;
    event.targets = targets;
    event.note = note;
    if (!stanza.isNull()) {
        event.from = stanza.attribute(QStringLiteral("from"));
        event.to = stanza.attribute(QStringLiteral("to"));
        event.xml = XmlText::fromElement(stanza);
    }
    emit traced(event);
}

void StanzaRouter::traceStreamError(const QString &peer, const QString &condition, const QString &text)
{
    ++m_counters[QStringLiteral("stream-errors")];
    if (!m_tracing)
        return;
    TraceEvent event
        = standaloneEvent(TraceEvent::Direction::StreamError, QStringLiteral("%1: %2").arg(condition, text));
    event.from = peer;
    emit traced(event);
}

TraceEvent StanzaRouter::standaloneEvent(TraceEvent::Direction direction, const QString &note)
{
    TraceEvent event;
    event.id = m_nextId++;
    event.fanOutId = event.id; // a fan-out of its own
    event.time = QDateTime::currentDateTimeUtc();
    event.direction = direction;
    event.note = note;
    return event;
}
