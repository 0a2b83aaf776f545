// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Parses one client's XML stream incrementally: bytes are fed as they arrive and
// each is parsed once (QXmlStreamReader keeps its state between chunks); top-level
// elements come out as DOM elements for the extension chain. Bounded before any
// allocation can grow: element size, attributes per element (counted on the raw
// bytes, before the parser's quadratic duplicate check), nesting depth. Anything
// XMPP forbids (RFC 6120 §11) is a fault that names its stream error.
#pragma once

#include <QByteArray>
#include <QDomElement>
#include <QHash>
#include <QString>
#include <QXmlStreamReader>
#include <memory>

class StanzaReader
{
public:
    enum class Event {
        NeedMore, // everything fed so far is consumed
        StreamOpened, // the stream header arrived: see streamAttribute()
        Element, // a top-level element arrived: see element()
        StreamClosed, // </stream:stream>
        Failed, // see fault()
    };

    StanzaReader();
    ~StanzaReader();

    // Largest element (and stream header) in characters, attributes per element, depth.
    void setLimits(int maxElementSize, int maxAttributes, int maxDepth);
    void setMaxElementSize(int maxElementSize);

    void feed(const QByteArray &bytes);
    // The next event; call until NeedMore (or Failed, which is final).
    Event next();

    // After StreamOpened: an attribute of the stream header ("to", "version", "xml:lang").
    QString streamAttribute(const QString &name) const { return m_header.value(name); }
    // After Element: the element, in a document of its own.
    QDomElement element() const { return m_element; }
    // True between StreamOpened and StreamClosed.
    bool isStreamOpen() const { return m_streamOpen; }

    // A new stream starts with the next byte fed (after STARTTLS and SASL success); input
    // fed but not yet read is discarded, as RFC 6120 says the client sends nothing more.
    void restart();

    // The stream error condition (RFC 6120 §4.9.3) of the fault, empty while none.
    QString faultCondition() const { return m_faultCondition; }
    QString faultText() const { return m_faultText; }

private:
    Event fail(const QString &condition, const QString &text);
    bool checkUtf8(const QByteArray &bytes);
    bool scanAttributes(const QByteArray &bytes);
    QDomElement startElement();
    void newParser();

    struct EntityWatch;
    std::unique_ptr<EntityWatch> m_entities; // notices undeclared entity references
    std::unique_ptr<QXmlStreamReader> m_xml;
    int m_maxElementSize = 256 * 1024;
    int m_maxAttributes = 100;
    int m_maxDepth = 32;
    bool m_started = false; // first byte of this stream seen
    bool m_streamOpen = false;
    bool m_closed = false;
    QHash<QString, QString> m_header;
    QDomDocument m_document;
    QDomElement m_element; // the finished element
    QDomDocument m_elementDocument; // its document: an element keeps no document alive
    QDomNode m_current; // the element being built, null between elements
    int m_depth = 0; // 0 outside the stream header, 1 between stanzas
    qint64 m_segmentStart = 0; // character offset where the current element (or gap) began
    QString m_faultCondition;
    QString m_faultText;

    // The raw-byte scanner that counts attributes per tag.
    enum class Scan { Text, TagOpen, Tag, Quoted, EndTag, Bang, Comment, CData, Declaration, Instruction };
    Scan m_scan = Scan::Text;
    char m_quote = 0;
    int m_attributes = 0;
    QByteArray m_bang; // bytes after "<!" until it is known what they open
    char m_last[2] = { 0, 0 };
    bool m_textSeen = false; // character data other than white space since the last '<'

    // UTF-8 is checked here (RFC 3629): QXmlStreamReader of Qt 5 stops silently at an
    // invalid sequence that is not in the first chunk, and buffers all that follows.
    int m_utf8Pending = 0; // continuation bytes still expected
    uchar m_utf8Low = 0x80; // the range of the next continuation byte
    uchar m_utf8High = 0xBF;
};
