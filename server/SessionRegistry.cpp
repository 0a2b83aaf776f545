#include "SessionRegistry.h"

#include "Jid.h"

#include <QXmppIncomingClient.h>

SessionRegistry::SessionRegistry(QObject *parent)
    : QObject(parent)
{ }

void SessionRegistry::watch(QXmppIncomingClient *client)
{
    connect(client, &QXmppStream::connected, this, [this, client] {
        const QString jid = client->jid();
        const bool replaced = m_sessions.contains(jid);
        if (replaced)
            emit sessionOffline(jid); // QXmppServer closes the replaced stream
        m_sessions.insert(jid, Session { client, QDomElement() });
        QStringList &list = m_byAccount[Jid::bare(jid)];
        if (!list.contains(jid))
            list.append(jid);
        emit sessionOnline(jid);
    });
    connect(client, &QXmppStream::disconnected, this, [this, client] {
        const QString jid = client->jid();
        auto it = m_sessions.find(jid);
        if (it == m_sessions.end() || it->client != client)
            return; // never bound, or already replaced by a newer stream
        m_sessions.erase(it);
        QStringList &list = m_byAccount[Jid::bare(jid)];
        list.removeAll(jid);
        if (list.isEmpty())
            m_byAccount.remove(Jid::bare(jid));
        emit sessionOffline(jid);
    });
    connect(client, &QXmppIncomingClient::elementReceived, this, [this, client](const QDomElement &element) {
        const QString jid = client->jid();
        auto it = m_sessions.constFind(jid);
        if (it == m_sessions.constEnd() || it->client != client || Jid::resource(jid).isEmpty())
            return; // not bound yet: nothing may be routed for it
        // The server stamps 'from': a session can never speak as another account or resource.
        QDomElement stanza(element);
        stanza.setAttribute(QStringLiteral("from"), jid);
        emit stanzaFromSession(stanza);
    });
}

bool SessionRegistry::isConnected(const QString &fullJid) const
{
    return m_sessions.contains(fullJid);
}

QXmppIncomingClient *SessionRegistry::client(const QString &fullJid) const
{
    return m_sessions.value(fullJid).client;
}

QStringList SessionRegistry::sessions() const
{
    return m_sessions.keys();
}

QStringList SessionRegistry::sessions(const QString &bareJid) const
{
    return m_byAccount.value(bareJid);
}

QStringList SessionRegistry::availableSessions(const QString &bareJid) const
{
    QStringList available;
    for (const QString &jid : m_byAccount.value(bareJid)) {
        if (!m_sessions.value(jid).presence.isNull())
            available << jid;
    }
    return available;
}

void SessionRegistry::setPresence(const QString &fullJid, const QDomElement &presence)
{
    auto it = m_sessions.find(fullJid);
    if (it != m_sessions.end())
        it->presence = presence;
}

void SessionRegistry::clearPresence(const QString &fullJid)
{
    auto it = m_sessions.find(fullJid);
    if (it == m_sessions.end() || it->presence.isNull())
        return;
    it->presence = QDomElement();
    emit sessionUnavailable(fullJid);
}

bool SessionRegistry::isAvailable(const QString &fullJid) const
{
    return !m_sessions.value(fullJid).presence.isNull();
}

void SessionRegistry::dropSession(const QString &fullJid)
{
    if (QXmppIncomingClient *stream = client(fullJid))
        stream->disconnectFromHost();
}
