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
class QDomElement;
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
    QStringList rooms(const QString &fullJid) const;
    // Which client it is: "Gajim 1.7.3" once it answered XEP-0092 (asked when it
    // appears), else the name of its disco identity ("Gajim"), else the node of its
    // XEP-0115 caps ("gajim.org"), else empty.
    QString clientName(const QString &fullJid) const;
    // A client names itself: what it says beyond this is not shown.
    static constexpr int MaxClientNameLength = 60;

signals:
    void appeared(const QString &fullJid);
    void clientNameChanged(const QString &fullJid, const QString &name);
    // Every stanza of its stream as the server saw it: sent by the client (outgoing) or
    // delivered to it (incoming, 'to' its full JID).
    void stanzaSent(const QString &fullJid, const QString &xml);
    void stanzaReceived(const QString &fullJid, const QString &xml);
    void joinedChanged(const QString &fullJid, const QString &room, bool joined);
    // Offline, or its server was replaced (a restart ends every session).
    void gone(const QString &fullJid);

private:
    void onOnline(const QString &fullJid);
    void onOffline(const QString &fullJid);
    void onTrace(const TraceEvent &event);
    void clear();

    void identify(const QString &fullJid, const QDomElement &stanza);

    LabServerHost *const m_host;
    const IsLabSession m_isLabSession;
    QStringList m_sessions;
    QHash<QString, QSet<QString>> m_rooms; // by session: the rooms it is in
    QHash<QString, QString> m_clientNames; // by session
    QSet<QString> m_versioned; // sessions whose name came from XEP-0092 (it wins over all)
    QSet<QString> m_identified; // sessions named by their disco identity (it wins over caps)
};
