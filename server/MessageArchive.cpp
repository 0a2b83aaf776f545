#include "MessageArchive.h"

#include "Stanza.h"
#include "Vocabulary.h"
#include "XmlText.h"

namespace {
QString keyOf(const QString &account, const QString &room)
{
    return account + QLatin1Char('\n') + room;
}

// The room's stanza-id (XEP-0359), or an empty string.
QString roomStanzaId(const QDomElement &message, const QString &room)
{
    for (const QDomElement &id : Stanza::children(message, QStringLiteral("stanza-id"), Ns::StanzaId)) {
        if (id.attribute(QStringLiteral("by")) == room)
            return id.attribute(QStringLiteral("id"));
    }
    return QString();
}
} // namespace

qint64 MessageArchive::store(const QString &account, const QString &room, const QDomElement &message,
                             const QDateTime &stamp)
{
    Conversation &conversation = m_conversations[keyOf(account, room)];
    const QString id = roomStanzaId(message, room);
    const qint64 sequence = m_nextSequence;
    if (!id.isEmpty()) {
        const auto known = conversation.sequenceById.constFind(id);
        if (known != conversation.sequenceById.constEnd())
            return known.value();
        conversation.sequenceById.insert(id, sequence);
    }
    ++m_nextSequence;
    QDomElement stored = Stanza::copy(message);
    stored.removeAttribute(QStringLiteral("to"));
    for (QDomElement delay : Stanza::children(stored, QStringLiteral("delay"), Ns::Delay))
        stored.removeChild(delay);
    conversation.entries.append(
        HistoryEntry { stored, stamp, int(XmlText::fromElement(stored).size()), sequence });
    return sequence;
}

QVector<HistoryEntry> MessageArchive::messages(const QString &account, const QString &room) const
{
    return m_conversations.value(keyOf(account, room)).entries;
}

int MessageArchive::count(const QString &account, const QString &room) const
{
    return m_conversations.value(keyOf(account, room)).entries.size();
}
