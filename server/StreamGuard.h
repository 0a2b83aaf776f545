// Checks the raw bytes a client sends before QXmpp parses them. QXmpp 1.4 buffers
// until its DOM parser succeeds, so garbage or a huge stanza would just grow the
// buffer forever; this scanner finds the first fault, names the stream error for it
// (RFC 6120 §4.9.3) and hands on only complete top-level elements, so QXmpp never
// sees half a stanza or half a UTF-8 character.
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVector>

class StreamGuard
{
public:
    enum class Fault {
        None,
        NotWellFormed,
        InvalidNamespace,
        RestrictedXml,
        PolicyViolation,
        BadFormat,
        InvalidFrom,
    };

    explicit StreamGuard(int maxStanzaBytes = 64 * 1024);

    // Appends bytes and returns those ready to pass on (complete elements, the
    // stream header, whitespace between stanzas). After a fault it returns the
    // valid prefix once and nothing afterwards.
    QByteArray feed(const QByteArray &bytes);

    Fault fault() const { return m_fault; }
    QString faultText() const { return m_faultText; }
    // The RFC 6120 stream error condition element name for the fault.
    QString faultCondition() const;
    // True once the client's stream header passed (the server has answered with its own).
    bool streamOpened() const { return m_streamOpened; }
    int maxStanzaBytes() const { return m_maxStanzaBytes; }
    // The JID the stream is authenticated as; a stanza may then only carry this 'from'
    // (full or bare), or none (RFC 6120 §8.1.2.1). Empty: not checked.
    void setSender(const QString &jid);

private:
    enum class Step { Done, NeedMore, Failed };
    Step scanMarkup();
    Step scanText();
    Step scanStartTag(int end);
    void fail(Fault fault, const QString &text);
    bool checkCharacters(int from, int to);
    // Entity and character references: predefined entities and legal characters only.
    bool checkReferences(const QByteArray &text);
    // Size, characters, and a parse with the same parser QXmpp uses, so nothing we pass
    // on can leave QXmpp buffering forever.
    bool completeStanza();

    const int m_maxStanzaBytes;
    QByteArray m_buffer; // bytes not yet released
    int m_pos = 0; // scan position inside m_buffer
    int m_released = 0; // bytes of m_buffer that may be released
    int m_stanzaStart = -1;
    QVector<QByteArray> m_openTags;
    QByteArray m_streamHeader;
    QList<QByteArray> m_allowedSenders;
    bool m_streamOpened = false;
    Fault m_fault = Fault::None;
    QString m_faultText;
};
