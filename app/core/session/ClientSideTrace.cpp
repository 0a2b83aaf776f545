// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/session/ClientSideTrace.h"

#include "Jid.h"
#include "Vocabulary.h"
#include "XmlText.h"
#include "core/session/LabSession.h"
#include "core/session/StanzaSummary.h"

#include <QDomElement>

ClientSideTrace::ClientSideTrace(const QString &mucDomain, JoinMode assumedMode, QObject *parent)
    : QObject(parent)
    , m_mucDomain(mucDomain)
    , m_mode(assumedMode)
{ }

void ClientSideTrace::watch(LabSession *session)
{
    connect(session, &LabSession::elementReceived, this,
            [this, session](const QDomElement &stanza) { received(session, stanza); });
}

QString ClientSideTrace::groupKey(const QDomElement &stanza, const QString &room) const
{
    for (QDomElement id = stanza.firstChildElement(QStringLiteral("stanza-id")); !id.isNull();
         id = id.nextSiblingElement(QStringLiteral("stanza-id"))) {
        if (id.namespaceURI() == Ns::StanzaId && id.attribute(QStringLiteral("by")) == room)
            return QStringLiteral("sid:") + id.attribute(QStringLiteral("id"));
    }
    // Own presences carry 110 and others' do not: leave the codes out of the key.
    return QStringList { stanza.tagName(),
                         stanza.attribute(QStringLiteral("from")),
                         stanza.attribute(QStringLiteral("type")),
                         stanza.firstChildElement(QStringLiteral("body")).text(),
                         stanza.firstChildElement(QStringLiteral("subject")).text(),
                         stanza.firstChildElement(QStringLiteral("show")).text() }
        .join(QLatin1Char('\x1f'));
}

void ClientSideTrace::received(LabSession *session, const QDomElement &stanza)
{
    const QString from = stanza.attribute(QStringLiteral("from"));
    const QString room = Jid::bare(from);
    if (Jid::domain(room) != m_mucDomain || Jid::node(room).isEmpty())
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString key = groupKey(stanza, room);
    Group &group = m_groups[key];
    const bool fresh = group.id == 0 || group.first.msecsTo(now) > GroupWindowMs;
    if (fresh) {
        group = Group();
        group.id = m_nextId++;
        group.first = now;
    }

    TraceEvent event;
    event.fanOutId = group.id;
    event.time = now;
    event.kind = TraceEvent::classify(stanza);
    event.room = room;
    event.from = from;
    event.account = session->account();
    event.xml = XmlText::fromElement(stanza);

    if (m_mode == JoinMode::Classic || !group.accounts.contains(event.account)) {
        TraceEvent hop = event;
        hop.id = m_nextId++;
        if (m_mode == JoinMode::Classic) {
            hop.direction = TraceEvent::Direction::RoomToSession;
            hop.session = session->jid();
            hop.to = session->jid();
        } else {
            hop.direction = TraceEvent::Direction::RoomToAccount;
            hop.to = session->account();
            group.accounts << event.account;
        }
        emit traced(hop);
    }
    event.id = m_nextId++;
    event.direction = TraceEvent::Direction::ServerToSession;
    event.session = session->jid();
    event.to = session->jid();
    emit traced(event);
}
