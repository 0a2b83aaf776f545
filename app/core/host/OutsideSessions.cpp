// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/host/OutsideSessions.h"

#include "Jid.h"
#include "TraceEvent.h"
#include "Vocabulary.h"
#include "XmlText.h"
#include "core/host/LabServerHost.h"
#include "core/session/StanzaSummary.h"

#include <QDomElement>
#include <QRegularExpression>

OutsideSessions::OutsideSessions(LabServerHost *host, IsLabSession isLabSession, QObject *parent)
    : QObject(parent)
    , m_host(host)
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

QStringList OutsideSessions::rooms(const QString &fullJid) const
{
    QStringList rooms = m_rooms.value(fullJid).values();
    rooms.sort();
    return rooms;
}

QString OutsideSessions::clientName(const QString &fullJid) const
{
    return m_clientNames.value(fullJid);
}

void OutsideSessions::onOnline(const QString &fullJid)
{
    if (m_sessions.contains(fullJid) || (m_isLabSession && m_isLabSession(fullJid)))
        return;
    m_sessions << fullJid;
    emit appeared(fullJid);
    // The lab's own sessions are never asked: their streams stay as the scenarios expect.
    // Both at once: some clients tell their version to contacts only (Gajim), and their
    // disco identity names them meanwhile.
    if (m_host->isScriptAccount(Jid::bare(fullJid))) {
        // A scripted client receives what its script expects, nothing more: never asked.
        const QString name = QStringLiteral("scansion script");
        m_clientNames.insert(fullJid, name);
        emit clientNameChanged(fullJid, name);
        return;
    }
    m_host->requestSoftwareVersion(fullJid);
    m_host->requestDiscoInfo(fullJid);
}

void OutsideSessions::onOffline(const QString &fullJid)
{
    if (!m_sessions.removeOne(fullJid))
        return;
    m_rooms.remove(fullJid);
    m_clientNames.remove(fullJid);
    m_versioned.remove(fullJid);
    m_identified.remove(fullJid);
    emit gone(fullJid);
}

void OutsideSessions::clear()
{
    const QStringList sessions = m_sessions;
    m_sessions.clear();
    m_rooms.clear();
    m_clientNames.clear();
    m_versioned.clear();
    m_identified.clear();
    for (const QString &session : sessions)
        emit gone(session);
}

void OutsideSessions::onTrace(const TraceEvent &event)
{
    if (event.xml.isEmpty() || !m_sessions.contains(event.session))
        return;
    if (event.direction == TraceEvent::Direction::SessionToServer) {
        emit stanzaSent(event.session, event.xml);
        if (event.kind == TraceEvent::Kind::Iq || event.kind == TraceEvent::Kind::Presence)
            identify(event.session, XmlText::toElement(event.xml));
        return;
    }
    if (event.direction != TraceEvent::Direction::ServerToSession)
        return;
    emit stanzaReceived(event.session, event.xml);
    if (event.kind != TraceEvent::Kind::Presence || event.room.isEmpty())
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

void OutsideSessions::identify(const QString &fullJid, const QDomElement &stanza)
{
    QString name;
    if (stanza.tagName() == QLatin1String("iq")) {
        const QString id = stanza.attribute(QStringLiteral("id"));
        const QString type = stanza.attribute(QStringLiteral("type"));
        const QDomElement query = stanza.firstChildElement(QStringLiteral("query"));
        if (type == QLatin1String("result") && query.namespaceURI() == Ns::DiscoInfo
            && id.startsWith(QLatin1String("minimix-disco-"))) {
            if (m_versioned.contains(fullJid) || m_identified.contains(fullJid))
                return; // the version says more
            for (QDomElement identity = query.firstChildElement(QStringLiteral("identity"));
                 !identity.isNull(); identity = identity.nextSiblingElement(QStringLiteral("identity"))) {
                if (identity.attribute(QStringLiteral("category")) == QLatin1String("client"))
                    name = identity.attribute(QStringLiteral("name")).simplified().left(MaxClientNameLength);
            }
            if (name.isEmpty())
                return;
            m_identified.insert(fullJid); // a name the client gave: it wins over the caps node
            if (m_clientNames.value(fullJid) != name) {
                m_clientNames.insert(fullJid, name);
                emit clientNameChanged(fullJid, name);
            }
            return;
        }
        // The answer to the server's XEP-0092 question (MinimixServer::requestSoftwareVersion).
        if (type != QLatin1String("result") || query.namespaceURI() != Ns::SoftwareVersion)
            return;
        name = query.firstChildElement(QStringLiteral("name")).text().simplified();
        const QString version = query.firstChildElement(QStringLiteral("version")).text().simplified();
        if (!version.isEmpty())
            name += QLatin1Char(' ') + version;
        name = name.trimmed().left(MaxClientNameLength);
        if (name.isEmpty())
            return;
        m_versioned.insert(fullJid);
    } else {
        if (m_versioned.contains(fullJid) || m_identified.contains(fullJid))
            return;
        // XEP-0115: the node names the client's web site ("https://gajim.org").
        QDomElement caps = stanza.firstChildElement(QStringLiteral("c"));
        while (!caps.isNull() && caps.namespaceURI() != Ns::Caps)
            caps = caps.nextSiblingElement(QStringLiteral("c"));
        QString node = caps.attribute(QStringLiteral("node"));
        node.remove(QRegularExpression(QStringLiteral("^[a-z]+://")));
        name = node.section(QLatin1Char('/'), 0, 0).left(MaxClientNameLength);
        if (name.isEmpty())
            return;
    }
    if (m_clientNames.value(fullJid) == name)
        return;
    m_clientNames.insert(fullJid, name);
    emit clientNameChanged(fullJid, name);
}
