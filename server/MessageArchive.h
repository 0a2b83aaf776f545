// Each account's archive of the groupchat messages its rooms sent it (§8 of the
// contract): one copy per message, whatever the number of sessions.
#pragma once

#include "HistoryRequest.h"

#include <QHash>
#include <QSet>

class MessageArchive
{
public:
    // Stores the message unless a message with the same room stanza-id is stored.
    // Returns false for a duplicate.
    bool store(const QString &account, const QString &room, const QDomElement &message,
               const QDateTime &stamp);
    QVector<HistoryEntry> messages(const QString &account, const QString &room) const;
    int count(const QString &account, const QString &room) const;

private:
    struct Conversation
    {
        QVector<HistoryEntry> entries;
        QSet<QString> stanzaIds;
    };
    QHash<QString, Conversation> m_conversations; // key: account + '\n' + room
};
