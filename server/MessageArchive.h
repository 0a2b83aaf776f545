// Each account's archive of the groupchat messages its rooms sent it (§8 of the
// contract): one copy per message, whatever the number of sessions.
#pragma once

#include "HistoryRequest.h"

#include <QHash>

class MessageArchive
{
public:
    // Stores the message unless a message with the same room stanza-id is stored.
    // Returns the sequence number of the stored entry (of the earlier one for a duplicate).
    qint64 store(const QString &account, const QString &room, const QDomElement &message,
                 const QDateTime &stamp);
    // The sequence number the next stored message will get.
    qint64 nextSequence() const { return m_nextSequence; }
    QVector<HistoryEntry> messages(const QString &account, const QString &room) const;
    int count(const QString &account, const QString &room) const;

private:
    struct Conversation
    {
        QVector<HistoryEntry> entries;
        QHash<QString, qint64> sequenceById;
    };
    QHash<QString, Conversation> m_conversations; // key: account + '\n' + room
    qint64 m_nextSequence = 1;
};
