// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "StanzaReader.h"

#include "Vocabulary.h"

namespace {
bool isXmlSpace(QStringView text)
{
    for (const QChar c : text) {
        if (c != QLatin1Char(' ') && c != QLatin1Char('\t') && c != QLatin1Char('\r')
            && c != QLatin1Char('\n'))
            return false;
    }
    return true;
}

bool isXmlSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
} // namespace

// QXmlStreamReader reports an undeclared entity as "not declared", a well-formedness
// error; XMPP names it restricted-xml (RFC 6120 §11.1). The parser asks this first.
struct StanzaReader::EntityWatch : QXmlStreamEntityResolver
{
    QString resolveUndeclaredEntity(const QString &) override
    {
        seen = true;
        return QString(); // unresolved: the parser fails
    }
    bool seen = false;
};

StanzaReader::StanzaReader()
    : m_entities(std::make_unique<EntityWatch>())
{
    newParser();
}

StanzaReader::~StanzaReader() = default;

void StanzaReader::setLimits(int maxElementSize, int maxAttributes, int maxDepth)
{
    m_maxElementSize = maxElementSize;
    m_maxAttributes = maxAttributes;
    m_maxDepth = maxDepth;
}

void StanzaReader::setMaxElementSize(int maxElementSize)
{
    m_maxElementSize = maxElementSize;
}

void StanzaReader::newParser()
{
    m_xml = std::make_unique<QXmlStreamReader>();
    m_xml->setEntityResolver(m_entities.get());
    m_entities->seen = false;
}

void StanzaReader::restart()
{
    newParser();
    m_started = false;
    m_streamOpen = false;
    m_closed = false;
    m_header.clear();
    m_element = QDomElement();
    m_elementDocument = QDomDocument();
    m_current = QDomNode();
    m_document = QDomDocument();
    m_depth = 0;
    m_segmentStart = 0;
    m_scan = Scan::Text;
    m_attributes = 0;
    m_bang.clear();
    m_last[0] = m_last[1] = 0;
    m_textSeen = false;
    m_utf8Pending = 0;
    m_utf8Low = 0x80;
    m_utf8High = 0xBF;
}

void StanzaReader::feed(const QByteArray &bytes)
{
    if (!m_faultCondition.isEmpty() || m_closed || bytes.isEmpty())
        return;
    QByteArray data = bytes;
    if (!m_started) {
        // White space before the stream is dropped, whether it comes alone or with the header
        // (the parser would fail an XML declaration after it: the outcome would depend on the
        // TCP segments).
        int i = 0;
        while (i < data.size() && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
            ++i;
        data.remove(0, i);
        if (data.isEmpty())
            return; // nothing but white space yet
        // A stream starts with '<' or a UTF-8 byte order mark, which the parser's UTF-8
        // decoder drops, also when it arrives in pieces.
        if (data[0] != '<' && data[0] != '\xEF') {
            fail(QStringLiteral("not-well-formed"), QStringLiteral("a stream starts with '<'"));
            return;
        }
        m_started = true;
    }
    // XMPP is UTF-8 (RFC 6120 §11.6): the parser would guess UTF-16 or UTF-32 from a NUL among
    // the first four bytes ("<\0"), and U+0000 is no XML character anywhere.
    if (data.contains('\0')) {
        fail(QStringLiteral("not-well-formed"), QStringLiteral("a NUL byte"));
        return;
    }
    if (!checkUtf8(data) || !scanAttributes(data))
        return;
    m_xml->addData(data);
}

bool StanzaReader::checkUtf8(const QByteArray &bytes)
{
    for (const char c : bytes) {
        const auto byte = uchar(c);
        if (m_utf8Pending > 0) {
            if (byte < m_utf8Low || byte > m_utf8High) {
                fail(QStringLiteral("not-well-formed"), QStringLiteral("invalid UTF-8"));
                return false;
            }
            --m_utf8Pending;
            m_utf8Low = 0x80;
            m_utf8High = 0xBF;
            continue;
        }
        if (byte < 0x80)
            continue;
        // The lead byte says how many bytes follow and narrows the range of the first:
        // no overlong forms, no surrogates, nothing above U+10FFFF.
        if (byte >= 0xC2 && byte <= 0xDF) {
            m_utf8Pending = 1;
        } else if (byte >= 0xE0 && byte <= 0xEF) {
            m_utf8Pending = 2;
            if (byte == 0xE0)
                m_utf8Low = 0xA0;
            else if (byte == 0xED)
                m_utf8High = 0x9F;
        } else if (byte >= 0xF0 && byte <= 0xF4) {
            m_utf8Pending = 3;
            if (byte == 0xF0)
                m_utf8Low = 0x90;
            else if (byte == 0xF4)
                m_utf8High = 0x8F;
        } else {
            fail(QStringLiteral("not-well-formed"), QStringLiteral("invalid UTF-8"));
            return false;
        }
    }
    return true; // a sequence may go on in the next chunk
}

bool StanzaReader::scanAttributes(const QByteArray &bytes)
{
    for (const char c : bytes) {
        switch (m_scan) {
        case Scan::Text:
            if (c == '<') {
                m_scan = Scan::TagOpen;
                m_textSeen = false;
            } else if (c == '>' && m_last[0] == ']' && m_last[1] == ']') {
                // XML 1.0 §2.4; QXmlStreamReader misses it when it is cut across chunks.
                fail(QStringLiteral("not-well-formed"), QStringLiteral("']]>' in character data"));
                return false;
            } else if (!isXmlSpace(c)) {
                m_textSeen = true;
            }
            break;
        case Scan::TagOpen:
            if (c == '!') {
                m_scan = Scan::Bang;
                m_bang.clear();
            } else if (c == '?') {
                m_scan = Scan::Instruction;
            } else if (c == '/') {
                m_scan = Scan::EndTag;
            } else {
                m_scan = Scan::Tag;
                m_attributes = 0;
            }
            break;
        case Scan::Tag:
            if (c == '"' || c == '\'') {
                m_quote = c;
                m_scan = Scan::Quoted;
            } else if (c == '=') {
                if (++m_attributes > m_maxAttributes) {
                    fail(QStringLiteral("policy-violation"),
                         QStringLiteral("more than %1 attributes on one element").arg(m_maxAttributes));
                    return false;
                }
            } else if (c == '>') {
                m_scan = Scan::Text;
            }
            break;
        case Scan::Quoted:
            if (c == m_quote)
                m_scan = Scan::Tag;
            break;
        case Scan::EndTag:
            if (c == '>')
                m_scan = Scan::Text;
            break;
        case Scan::Bang:
            m_bang.append(c);
            if (m_bang == "--")
                m_scan = Scan::Comment;
            else if (m_bang == "[CDATA[")
                m_scan = Scan::CData;
            else if (!QByteArrayLiteral("--").startsWith(m_bang)
                     && !QByteArrayLiteral("[CDATA[").startsWith(m_bang))
                m_scan = c == '>' ? Scan::Text : Scan::Declaration;
            break;
        case Scan::Comment:
            if (c == '>' && m_last[0] == '-' && m_last[1] == '-')
                m_scan = Scan::Text;
            break;
        case Scan::CData:
            if (c == '>' && m_last[0] == ']' && m_last[1] == ']')
                m_scan = Scan::Text;
            break;
        case Scan::Declaration:
            if (c == '>')
                m_scan = Scan::Text;
            break;
        case Scan::Instruction:
            if (c == '>' && m_last[1] == '?')
                m_scan = Scan::Text;
            break;
        }
        m_last[0] = m_last[1];
        m_last[1] = c;
    }
    return true;
}

StanzaReader::Event StanzaReader::fail(const QString &condition, const QString &text)
{
    if (m_faultCondition.isEmpty()) {
        m_faultCondition = condition;
        m_faultText = text;
    }
    return Event::Failed;
}

QDomElement StanzaReader::startElement()
{
    // Elements are known by namespace and local name: a prefix the client chose
    // (<sasl:auth xmlns:sasl='...'/>) is dropped, so tagName() is the local name everywhere.
    const QString ns = m_xml->namespaceUri().toString();
    const QString name = ns.isEmpty() ? m_xml->qualifiedName().toString() : m_xml->name().toString();
    QDomElement element
        = ns.isEmpty() ? m_document.createElement(name) : m_document.createElementNS(ns, name);
    for (const QXmlStreamAttribute &attribute : m_xml->attributes()) {
        if (attribute.namespaceUri().isEmpty())
            element.setAttribute(attribute.name().toString(), attribute.value().toString());
        else
            element.setAttributeNS(attribute.namespaceUri().toString(), attribute.qualifiedName().toString(),
                                   attribute.value().toString());
    }
    return element;
}

StanzaReader::Event StanzaReader::next()
{
    if (!m_faultCondition.isEmpty())
        return Event::Failed;
    if (m_closed)
        return Event::NeedMore;
    for (;;) {
        const QXmlStreamReader::TokenType token = m_xml->readNext();
        if (m_xml->characterOffset() - m_segmentStart > m_maxElementSize)
            return fail(QStringLiteral("policy-violation"),
                        QStringLiteral("an element larger than %1 characters").arg(m_maxElementSize));
        if (token == QXmlStreamReader::Invalid) {
            if (m_xml->error() == QXmlStreamReader::PrematureEndOfDocumentError) {
                // All input is read. Text at the end, between stanzas, gives no token until
                // a '<' follows: it is refused now, not when the client sends more.
                if (m_depth == 1 && m_scan == Scan::Text && m_textSeen)
                    return fail(QStringLiteral("bad-format"), QStringLiteral("text between stanzas"));
                return Event::NeedMore;
            }
            if (m_entities->seen)
                return fail(
                    QStringLiteral("restricted-xml"),
                    QStringLiteral("entity references other than the predefined five are not allowed"));
            return fail(QStringLiteral("not-well-formed"), m_xml->errorString());
        }
        switch (token) {
        case QXmlStreamReader::StartDocument:
            if (!m_xml->documentEncoding().isEmpty()
                && m_xml->documentEncoding().compare(QLatin1String("UTF-8"), Qt::CaseInsensitive) != 0)
                return fail(QStringLiteral("unsupported-encoding"), QStringLiteral("XMPP streams are UTF-8"));
            break;
        case QXmlStreamReader::Comment:
        case QXmlStreamReader::DTD:
        case QXmlStreamReader::EntityReference:
        case QXmlStreamReader::ProcessingInstruction:
            return fail(QStringLiteral("restricted-xml"),
                        QStringLiteral("%1 is not allowed in XMPP").arg(m_xml->tokenString()));
        case QXmlStreamReader::StartElement:
            if (m_depth == 0) {
                if (m_xml->namespaceUri() != Ns::Stream || m_xml->name() != QLatin1String("stream"))
                    return fail(QStringLiteral("invalid-namespace"),
                                QStringLiteral("the root element is <stream:stream/> in %1").arg(Ns::Stream));
                bool clientNamespace = false;
                for (const QXmlStreamNamespaceDeclaration &declaration : m_xml->namespaceDeclarations()) {
                    if (declaration.prefix().isEmpty())
                        clientNamespace = declaration.namespaceUri() == Ns::Client;
                }
                if (!clientNamespace)
                    return fail(QStringLiteral("invalid-namespace"),
                                QStringLiteral("the default namespace is %1").arg(Ns::Client));
                for (const QXmlStreamAttribute &attribute : m_xml->attributes())
                    m_header.insert(attribute.qualifiedName().toString(), attribute.value().toString());
                m_depth = 1;
                m_streamOpen = true;
                m_segmentStart = m_xml->characterOffset();
                return Event::StreamOpened;
            }
            if (m_depth > m_maxDepth)
                return fail(QStringLiteral("policy-violation"),
                            QStringLiteral("elements nested deeper than %1").arg(m_maxDepth));
            if (m_depth == 1) {
                m_document = QDomDocument();
                m_current = m_document.appendChild(startElement());
            } else {
                m_current = m_current.appendChild(startElement());
            }
            ++m_depth;
            break;
        case QXmlStreamReader::EndElement:
            --m_depth;
            if (m_depth == 0) {
                m_streamOpen = false;
                m_closed = true;
                return Event::StreamClosed;
            }
            if (m_depth == 1) {
                m_element = m_current.toElement();
                m_elementDocument = m_document;
                m_current = QDomNode();
                m_document = QDomDocument();
                m_segmentStart = m_xml->characterOffset();
                return Event::Element;
            }
            m_current = m_current.parentNode();
            break;
        case QXmlStreamReader::Characters:
            if (m_depth == 1) {
                // Between stanzas only white space (keep-alives) may appear.
                if (!isXmlSpace(m_xml->text()))
                    return fail(QStringLiteral("bad-format"), QStringLiteral("text between stanzas"));
                m_segmentStart = m_xml->characterOffset();
            } else if (m_depth > 1) {
                m_current.appendChild(m_document.createTextNode(m_xml->text().toString()));
            }
            break;
        default:
            break;
        }
    }
}
