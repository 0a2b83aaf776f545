// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Sessions on the lab's own server that no LabSession drives: real clients brought
// by the user (Gajim as alice/gajim beside the lab's alice/phone). The server says
// when they come and go; the rooms they are in are read from the self-presences
// (status 110) it delivers to them, as a client reads them.
#pragma once

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <functional>

class LabServerHost;
struct TraceEvent;

class OutsideSessions : public QObject
{
    Q_OBJECT
public:
    // isLabSession tells the lab's own sessions (by full JID), which are not followed here.
    using IsLabSession = std::function<bool(const QString &fullJid)>;
    OutsideSessions(LabServerHost *host, IsLabSession isLabSession, QObject *parent = nullptr);

    // Full JIDs, in the order they came online.
    QStringList sessions() const { return m_sessions; }
    bool isJoined(const QString &fullJid, const QString &room) const;

signals:
    void appeared(const QString &fullJid);
    void joinedChanged(const QString &fullJid, const QString &room, bool joined);
    // Offline, or its server was replaced (a restart ends every session).
    void gone(const QString &fullJid);

private:
    void onOnline(const QString &fullJid);
    void onOffline(const QString &fullJid);
    void onTrace(const TraceEvent &event);
    void clear();

    const IsLabSession m_isLabSession;
    QStringList m_sessions;
    QHash<QString, QSet<QString>> m_rooms; // by session: the rooms it is in
};
