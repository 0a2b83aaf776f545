// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Which sessions (bound full JIDs) exist, which of them are available (sent initial
// presence), and their current presence. Sessions are kept by their stream's id, a
// stable identity: a replaced, closed or resumed stream can never leave a JID
// pointing at a stream that is gone. A detached session (XEP-0198, waiting for
// resumption) is still a session: what is sent to it is queued.
#pragma once

#include <QDomElement>
#include <QHash>
#include <QObject>
#include <QStringList>

class ClientStream;

class SessionRegistry : public QObject
{
    Q_OBJECT
public:
    explicit SessionRegistry(QObject *parent = nullptr);

    // Starts watching a new stream; it becomes a session when it binds a resource.
    void watch(ClientStream *stream);

    bool isConnected(const QString &fullJid) const;
    ClientStream *stream(const QString &fullJid) const;
    // The session a XEP-0198 resumption id names (detached or not), or null.
    ClientStream *resumable(const QString &resumptionId) const;
    // The account's only detached session, or null when it has none or several.
    ClientStream *onlyDetached(const QString &bareJid) const;
    QStringList sessions() const;
    QStringList sessions(const QString &bareJid) const;
    QStringList availableSessions(const QString &bareJid) const;
    // Where a headline or other unstored message to the bare JID goes: every available
    // session, or, with none, any connected one. Chats and normal messages follow
    // OfflineMessages' rules instead (priority, offline storage; RFC 6121 §8.5.2).
    QStringList messageTargets(const QString &bareJid) const;
    // Sessions waiting for their client to resume.
    QStringList detachedSessions() const;

    void setPresence(const QString &fullJid, const QDomElement &presence);
    void clearPresence(const QString &fullJid);
    bool isAvailable(const QString &fullJid) const;

    // Closes a session's connection as a network loss would (no unavailable presence, no resumption).
    void dropSession(const QString &fullJid);
    // Ends every stream at once, silently (the server stops): what was queued goes out first.
    void closeAll();

signals:
    void sessionOnline(const QString &fullJid);
    void sessionOffline(const QString &fullJid);
    // The session's connection was lost; it waits for resumption (XEP-0198).
    void sessionDetached(const QString &fullJid, int resumeSeconds);
    void sessionResumed(const QString &fullJid);
    // The session sent unavailable presence without closing its stream.
    void sessionUnavailable(const QString &fullJid);
    // A stanza from a bound session, with 'from' stamped to its full JID.
    void stanzaFromSession(const QDomElement &stanza);

private:
    void add(ClientStream *stream);
    void remove(quint64 id);

    struct Session
    {
        ClientStream *stream = nullptr;
        QString jid;
        QDomElement presence; // null while not available
    };
    QHash<quint64, Session> m_sessions; // by stream id
    QHash<QString, quint64> m_byJid;
    QHash<QString, QStringList> m_byAccount;
    QList<ClientStream *> m_streams; // every stream watched, bound or not
};
