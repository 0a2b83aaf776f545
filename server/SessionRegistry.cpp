// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "SessionRegistry.h"

#include "ClientStream.h"
#include "Jid.h"

SessionRegistry::SessionRegistry(QObject *parent)
    : QObject(parent)
{ }

void SessionRegistry::watch(ClientStream *stream)
{
    m_streams.append(stream);
    connect(stream, &ClientStream::bound, this, [this, stream] { add(stream); });
    connect(stream, &ClientStream::stanzaReceived, this, &SessionRegistry::stanzaFromSession);
    connect(stream, &ClientStream::detached, this,
            [this, stream] { emit sessionDetached(stream->jid(), stream->resumeSecondsLeft()); });
    connect(stream, &ClientStream::resumed, this, [this, stream] { emit sessionResumed(stream->jid()); });
    // Closed streams go at once; one that is deleted unannounced (a stream whose
    // connection resumed another session) goes when it is destroyed.
    const quint64 id = stream->id();
    const auto forget = [this, stream, id] {
        m_streams.removeOne(stream);
        remove(id);
    };
    connect(stream, &ClientStream::closed, this, forget);
    connect(stream, &QObject::destroyed, this, forget);
}

void SessionRegistry::add(ClientStream *stream)
{
    const QString jid = stream->jid();
    // RFC 6120 §7.7.2.2: a new session with the same resource replaces the old one.
    if (const quint64 previous = m_byJid.value(jid)) {
        ClientStream *old = m_sessions.value(previous).stream;
        remove(previous);
        if (old)
            old->closeWithError(QStringLiteral("conflict"), QStringLiteral("replaced by a new session"));
    }
    m_sessions.insert(stream->id(), Session { stream, jid, QDomElement() });
    m_byJid.insert(jid, stream->id());
    m_byAccount[Jid::bare(jid)].append(jid);
    emit sessionOnline(jid);
}

void SessionRegistry::remove(quint64 id)
{
    auto it = m_sessions.find(id);
    if (it == m_sessions.end())
        return; // never bound, or already replaced
    const QString jid = it->jid;
    m_sessions.erase(it);
    m_byJid.remove(jid);
    QStringList &list = m_byAccount[Jid::bare(jid)];
    list.removeAll(jid);
    if (list.isEmpty())
        m_byAccount.remove(Jid::bare(jid));
    emit sessionOffline(jid);
}

bool SessionRegistry::isConnected(const QString &fullJid) const
{
    return m_byJid.contains(fullJid);
}

ClientStream *SessionRegistry::stream(const QString &fullJid) const
{
    const auto it = m_byJid.constFind(fullJid);
    return it == m_byJid.constEnd() ? nullptr : m_sessions.value(*it).stream;
}

ClientStream *SessionRegistry::resumable(const QString &resumptionId) const
{
    if (resumptionId.isEmpty())
        return nullptr;
    for (const Session &session : m_sessions) {
        if (session.stream->resumptionId() == resumptionId)
            return session.stream;
    }
    return nullptr;
}

ClientStream *SessionRegistry::onlyDetached(const QString &bareJid) const
{
    ClientStream *found = nullptr;
    for (const QString &jid : m_byAccount.value(bareJid)) {
        ClientStream *candidate = stream(jid);
        if (candidate && candidate->state() == ClientStream::State::Detached) {
            if (found)
                return nullptr;
            found = candidate;
        }
    }
    return found;
}

QStringList SessionRegistry::sessions() const
{
    return m_byJid.keys();
}

QStringList SessionRegistry::sessions(const QString &bareJid) const
{
    return m_byAccount.value(bareJid);
}

QStringList SessionRegistry::availableSessions(const QString &bareJid) const
{
    QStringList available;
    for (const QString &jid : m_byAccount.value(bareJid)) {
        if (isAvailable(jid))
            available << jid;
    }
    return available;
}

QStringList SessionRegistry::detachedSessions() const
{
    QStringList detached;
    for (const Session &session : m_sessions) {
        if (session.stream->state() == ClientStream::State::Detached)
            detached << session.jid;
    }
    return detached;
}

void SessionRegistry::setPresence(const QString &fullJid, const QDomElement &presence)
{
    auto it = m_sessions.find(m_byJid.value(fullJid));
    if (it != m_sessions.end())
        it->presence = presence;
}

void SessionRegistry::clearPresence(const QString &fullJid)
{
    auto it = m_sessions.find(m_byJid.value(fullJid));
    if (it == m_sessions.end() || it->presence.isNull())
        return;
    it->presence = QDomElement();
    emit sessionUnavailable(fullJid);
}

QStringList SessionRegistry::messageTargets(const QString &bareJid) const
{
    const QStringList available = availableSessions(bareJid);
    return available.isEmpty() ? sessions(bareJid) : available;
}

bool SessionRegistry::isAvailable(const QString &fullJid) const
{
    const auto it = m_byJid.constFind(fullJid);
    return it != m_byJid.constEnd() && !m_sessions.value(*it).presence.isNull();
}

void SessionRegistry::dropSession(const QString &fullJid)
{
    if (ClientStream *session = stream(fullJid))
        session->abortSession();
}

void SessionRegistry::closeAll()
{
    // The server is stopping: the extensions said their last words (status 332), nobody
    // is told of each session going.
    const QList<ClientStream *> streams = m_streams;
    m_streams.clear();
    m_sessions.clear();
    m_byJid.clear();
    m_byAccount.clear();
    for (ClientStream *stream : streams) {
        stream->disconnect(this);
        stream->flushOutput();
        stream->abortSession();
    }
}
