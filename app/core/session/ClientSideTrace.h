// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// External server mode has no server trace, so this builds one from what the
// sessions receive: each stanza a session got from the room is a delivery
// (ServerToSession), and copies of one room stanza are grouped into one fan-out
// by their XEP-0359 stanza-id (by the room) or, lacking one, by sender, kind,
// type and content within a short time. Each group also yields the room's own
// hop, as the view and ModeTotals expect: RoomToSession per copy when the server
// is assumed classic (each session its own occupant), RoomToAccount once per
// account when it is assumed to join at account level.
#pragma once

#include "JoinMode.h"
#include "TraceEvent.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

class LabSession;
class QDomElement;

class ClientSideTrace : public QObject
{
    Q_OBJECT
public:
    ClientSideTrace(const QString &mucDomain, JoinMode assumedMode, QObject *parent = nullptr);

    void watch(LabSession *session);
    static constexpr int GroupWindowMs = 2000;

signals:
    void traced(const TraceEvent &event);

private:
    void received(LabSession *session, const QDomElement &stanza);
    QString groupKey(const QDomElement &stanza, const QString &room) const;

    const QString m_mucDomain;
    const JoinMode m_mode;
    struct Group
    {
        quint64 id = 0;
        QDateTime first;
        QStringList accounts; // accounts the room hop was drawn for (account level)
    };
    QHash<QString, Group> m_groups;
    quint64 m_nextId = 1;
};
