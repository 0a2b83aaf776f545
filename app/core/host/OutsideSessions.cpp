// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/host/OutsideSessions.h"

#include "TraceEvent.h"
#include "Vocabulary.h"
#include "XmlText.h"
#include "core/host/LabServerHost.h"
#include "core/session/StanzaSummary.h"

#include <QDomElement>

OutsideSessions::OutsideSessions(LabServerHost *host, IsLabSession isLabSession, QObject *parent)
    : QObject(parent)
    , m_isLabSession(std::move(isLabSession))
{
    connect(host, &LabServerHost::sessionOnline, this, &OutsideSessions::onOnline);
    connect(host, &LabServerHost::sessionOffline, this, &OutsideSessions::onOffline);
    connect(host, &LabServerHost::traced, this, &OutsideSessions::onTrace);
    connect(host, &LabServerHost::restarted, this, &OutsideSessions::clear);
}

bool OutsideSessions::isJoined(const QString &fullJid, const QString &room) const
{
    return m_rooms.value(fullJid).contains(room);
}

void OutsideSessions::onOnline(const QString &fullJid)
{
    if (m_sessions.contains(fullJid) || (m_isLabSession && m_isLabSession(fullJid)))
        return;
    m_sessions << fullJid;
    emit appeared(fullJid);
}

void OutsideSessions::onOffline(const QString &fullJid)
{
    if (!m_sessions.removeOne(fullJid))
        return;
    m_rooms.remove(fullJid);
    emit gone(fullJid);
}

void OutsideSessions::clear()
{
    const QStringList sessions = m_sessions;
    m_sessions.clear();
    m_rooms.clear();
    for (const QString &session : sessions)
        emit gone(session);
}

void OutsideSessions::onTrace(const TraceEvent &event)
{
    if (event.direction != TraceEvent::Direction::ServerToSession || event.kind != TraceEvent::Kind::Presence
        || event.room.isEmpty() || !m_sessions.contains(event.session))
        return;
    // Only the room's presences about the session itself (status 110) say whether it is in.
    const QDomElement presence = XmlText::toElement(event.xml);
    const QList<int> codes = StanzaSummary::mucStatusCodes(presence);
    if (!codes.contains(MucStatus::SelfPresence) || codes.contains(MucStatus::NickChanged))
        return;
    const QString type = presence.attribute(QStringLiteral("type"));
    bool joined = false;
    if (type.isEmpty())
        joined = true;
    else if (type != QLatin1String("unavailable"))
        return;
    QSet<QString> &rooms = m_rooms[event.session];
    if (rooms.contains(event.room) == joined)
        return;
    if (joined)
        rooms.insert(event.room);
    else
        rooms.remove(event.room);
    emit joinedChanged(event.session, event.room, joined);
}
