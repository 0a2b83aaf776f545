// Which sessions (bound full JIDs) are connected, which of them are available
// (sent initial presence), and their current presence.
#pragma once

#include <QDomElement>
#include <QHash>
#include <QObject>
#include <QStringList>

class QXmppIncomingClient;

class SessionRegistry : public QObject
{
    Q_OBJECT
public:
    explicit SessionRegistry(QObject *parent = nullptr);

    // Starts watching a new stream; it becomes a session when it binds a resource.
    void watch(QXmppIncomingClient *client);

    bool isConnected(const QString &fullJid) const;
    QXmppIncomingClient *client(const QString &fullJid) const;
    QStringList sessions() const;
    QStringList sessions(const QString &bareJid) const;
    QStringList availableSessions(const QString &bareJid) const;

    void setPresence(const QString &fullJid, const QDomElement &presence);
    void clearPresence(const QString &fullJid);
    bool isAvailable(const QString &fullJid) const;

    // Closes a session's connection as a network loss would (no unavailable presence).
    void dropSession(const QString &fullJid);

signals:
    void sessionOnline(const QString &fullJid);
    void sessionOffline(const QString &fullJid);
    // The session sent unavailable presence without closing its stream.
    void sessionUnavailable(const QString &fullJid);
    // A stanza from a bound session, with 'from' stamped to its full JID.
    void stanzaFromSession(const QDomElement &stanza);

private:
    struct Session
    {
        QXmppIncomingClient *client = nullptr;
        QDomElement presence; // null while not available
    };
    QHash<QString, Session> m_sessions;
    QHash<QString, QStringList> m_byAccount;
};
