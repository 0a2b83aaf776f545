#include "StreamGuard.h"

#include "Vocabulary.h"

#include <QList>

namespace {
constexpr int MaxDepth = 64;

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isNameChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
        || c == '-' || c == '.' || c == ':';
}

// Checks entity references in character data or attribute values: only the five
// predefined entities and character references are allowed in XMPP.
bool entitiesValid(const QByteArray &text)
{
    int pos = 0;
    while ((pos = text.indexOf('&', pos)) >= 0) {
        const int end = text.indexOf(';', pos);
        if (end < 0)
            return false;
        const QByteArray name = text.mid(pos + 1, end - pos - 1);
        static const QList<QByteArray> predefined = { "amp", "lt", "gt", "quot", "apos" };
        if (!predefined.contains(name)) {
            bool ok = false;
            if (name.startsWith("#x"))
                name.mid(2).toUInt(&ok, 16);
            else if (name.startsWith('#'))
                name.mid(1).toUInt(&ok, 10);
            if (!ok)
                return false;
        }
        pos = end + 1;
    }
    return true;
}
} // namespace

StreamGuard::StreamGuard(int maxStanzaBytes)
    : m_maxStanzaBytes(maxStanzaBytes)
{ }

QString StreamGuard::faultCondition() const
{
    switch (m_fault) {
    case Fault::None:
        return QString();
    case Fault::NotWellFormed:
        return QStringLiteral("not-well-formed");
    case Fault::InvalidNamespace:
        return QStringLiteral("invalid-namespace");
    case Fault::RestrictedXml:
        return QStringLiteral("restricted-xml");
    case Fault::PolicyViolation:
        return QStringLiteral("policy-violation");
    case Fault::BadFormat:
        return QStringLiteral("bad-format");
    }
    return QString();
}

void StreamGuard::fail(Fault fault, const QString &text)
{
    m_fault = fault;
    m_faultText = text;
}

QByteArray StreamGuard::feed(const QByteArray &bytes)
{
    if (m_fault != Fault::None)
        return {};
    m_buffer.append(bytes);
    while (m_pos < m_buffer.size() && m_fault == Fault::None) {
        const Step step = m_buffer.at(m_pos) == '<' ? scanMarkup() : scanText();
        if (step != Step::Done)
            break;
    }
    if (m_fault == Fault::None) {
        const int pending
            = m_stanzaStart >= 0 ? m_buffer.size() - m_stanzaStart : m_buffer.size() - m_released;
        if (pending > m_maxStanzaBytes)
            fail(Fault::PolicyViolation, QStringLiteral("stanza larger than %1 bytes").arg(m_maxStanzaBytes));
    }
    const QByteArray ready = m_buffer.left(m_released);
    m_buffer.remove(0, m_released);
    m_pos -= m_released;
    if (m_stanzaStart >= 0)
        m_stanzaStart -= m_released;
    m_released = 0;
    return ready;
}

StreamGuard::Step StreamGuard::scanText()
{
    int end = m_buffer.indexOf('<', m_pos);
    const bool complete = end >= 0;
    if (!complete)
        end = m_buffer.size();
    if (m_openTags.size() <= 1) {
        // Between stanzas only whitespace (keep-alives) is allowed.
        for (int i = m_pos; i < end; ++i) {
            if (!isSpace(m_buffer.at(i))) {
                fail(Fault::NotWellFormed, QStringLiteral("text outside of a stanza"));
                return Step::Failed;
            }
        }
        m_pos = end;
        if (m_stanzaStart < 0)
            m_released = m_pos;
        return Step::Done;
    }
    if (!complete) {
        // Wait for the end of the text so an entity reference is checked whole.
        return Step::NeedMore;
    }
    for (int i = m_pos; i < end; ++i) {
        const auto c = static_cast<unsigned char>(m_buffer.at(i));
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            fail(Fault::NotWellFormed, QStringLiteral("control character in text"));
            return Step::Failed;
        }
    }
    if (!entitiesValid(m_buffer.mid(m_pos, end - m_pos))) {
        fail(Fault::RestrictedXml, QStringLiteral("unknown or malformed entity reference"));
        return Step::Failed;
    }
    m_pos = end;
    return Step::Done;
}

StreamGuard::Step StreamGuard::scanMarkup()
{
    const QByteArray &b = m_buffer;
    if (m_pos + 1 >= b.size())
        return Step::NeedMore;
    const char next = b.at(m_pos + 1);
    if (next == '?') {
        const int end = b.indexOf("?>", m_pos);
        if (end < 0)
            return Step::NeedMore;
        if (!b.mid(m_pos, end - m_pos).startsWith("<?xml ") || m_openTags.size() > 1) {
            fail(Fault::RestrictedXml, QStringLiteral("processing instructions are not allowed"));
            return Step::Failed;
        }
        m_pos = end + 2;
        if (m_stanzaStart < 0)
            m_released = m_pos;
        return Step::Done;
    }
    if (next == '!') {
        if (b.mid(m_pos, 9).startsWith("<![CDATA[") && m_openTags.size() > 1) {
            const int end = b.indexOf("]]>", m_pos);
            if (end < 0)
                return Step::NeedMore;
            m_pos = end + 3;
            return Step::Done;
        }
        if (b.size() - m_pos < 9 && QByteArray("<![CDATA[").startsWith(b.mid(m_pos)))
            return Step::NeedMore;
        fail(Fault::RestrictedXml, QStringLiteral("comments and DTDs are not allowed"));
        return Step::Failed;
    }
    // Find the end of the tag, skipping '>' inside quoted attribute values.
    char quote = 0;
    int end = -1;
    for (int i = m_pos + 1; i < b.size(); ++i) {
        const char c = b.at(i);
        if (quote) {
            if (c == quote)
                quote = 0;
            else if (c == '<') {
                fail(Fault::NotWellFormed, QStringLiteral("'<' in an attribute value"));
                return Step::Failed;
            }
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            end = i;
            break;
        } else if (c == '<') {
            fail(Fault::NotWellFormed, QStringLiteral("'<' inside a tag"));
            return Step::Failed;
        }
    }
    if (end < 0)
        return Step::NeedMore;

    if (next == '/') {
        const QByteArray name = b.mid(m_pos + 2, end - m_pos - 2).trimmed();
        if (m_openTags.isEmpty() || m_openTags.last() != name) {
            fail(
                Fault::NotWellFormed,
                QStringLiteral("end tag </%1> does not match the open element").arg(QString::fromUtf8(name)));
            return Step::Failed;
        }
        m_openTags.removeLast();
        m_pos = end + 1;
        if (m_openTags.size() <= 1) {
            if (m_stanzaStart >= 0 && !checkUtf8(m_stanzaStart, m_pos))
                return Step::Failed;
            m_stanzaStart = -1;
            m_released = m_pos;
        }
        return Step::Done;
    }
    return scanStartTag(end);
}

StreamGuard::Step StreamGuard::scanStartTag(int end)
{
    const QByteArray &b = m_buffer;
    const bool selfClosing = b.at(end - 1) == '/';
    const int contentEnd = selfClosing ? end - 1 : end;
    int i = m_pos + 1;
    const int nameStart = i;
    while (i < contentEnd && isNameChar(b.at(i)))
        ++i;
    const QByteArray name = b.mid(nameStart, i - nameStart);
    if (name.isEmpty() || (i < contentEnd && !isSpace(b.at(i)))) {
        fail(Fault::NotWellFormed, QStringLiteral("malformed start tag"));
        return Step::Failed;
    }
    // Attributes: name="value" or name='value', names unique.
    QList<QByteArray> attributeNames;
    QByteArray defaultNamespace;
    QByteArray streamPrefixNamespace;
    while (true) {
        while (i < contentEnd && isSpace(b.at(i)))
            ++i;
        if (i >= contentEnd)
            break;
        const int attrStart = i;
        while (i < contentEnd && isNameChar(b.at(i)))
            ++i;
        const QByteArray attrName = b.mid(attrStart, i - attrStart);
        while (i < contentEnd && isSpace(b.at(i)))
            ++i;
        if (attrName.isEmpty() || i >= contentEnd || b.at(i) != '=') {
            fail(Fault::NotWellFormed, QStringLiteral("malformed attribute"));
            return Step::Failed;
        }
        ++i;
        while (i < contentEnd && isSpace(b.at(i)))
            ++i;
        if (i >= contentEnd || (b.at(i) != '"' && b.at(i) != '\'')) {
            fail(Fault::NotWellFormed, QStringLiteral("unquoted attribute value"));
            return Step::Failed;
        }
        const char quote = b.at(i);
        const int valueEnd = b.indexOf(quote, i + 1);
        if (valueEnd < 0 || valueEnd >= contentEnd) {
            fail(Fault::NotWellFormed, QStringLiteral("unterminated attribute value"));
            return Step::Failed;
        }
        const QByteArray value = b.mid(i + 1, valueEnd - i - 1);
        if (!entitiesValid(value)) {
            fail(Fault::RestrictedXml, QStringLiteral("unknown or malformed entity reference"));
            return Step::Failed;
        }
        if (attributeNames.contains(attrName)) {
            fail(Fault::NotWellFormed, QStringLiteral("duplicate attribute"));
            return Step::Failed;
        }
        attributeNames << attrName;
        if (attrName == "xmlns")
            defaultNamespace = value;
        else if (attrName == "xmlns:stream")
            streamPrefixNamespace = value;
        i = valueEnd + 1;
        if (i < contentEnd && !isSpace(b.at(i))) {
            fail(Fault::NotWellFormed, QStringLiteral("attributes must be separated by white space"));
            return Step::Failed;
        }
    }

    // A stream header: the first element, or a restart after authentication.
    if (m_openTags.size() <= 1 && name.endsWith(":stream")) {
        if (name != "stream:stream" || streamPrefixNamespace != QByteArray(Ns::Stream.data())) {
            fail(Fault::InvalidNamespace,
                 QStringLiteral("the stream element must be stream:stream in %1").arg(Ns::Stream));
            return Step::Failed;
        }
        if (defaultNamespace != QByteArray(Ns::Client.data())) {
            fail(Fault::InvalidNamespace, QStringLiteral("the content namespace must be %1").arg(Ns::Client));
            return Step::Failed;
        }
        if (selfClosing) {
            fail(Fault::NotWellFormed, QStringLiteral("empty stream element"));
            return Step::Failed;
        }
        m_openTags = { name };
        m_pos = end + 1;
        m_released = m_pos;
        m_streamOpened = true;
        return Step::Done;
    }
    if (m_openTags.isEmpty()) {
        fail(Fault::InvalidNamespace, QStringLiteral("expected a stream:stream element"));
        return Step::Failed;
    }
    if (m_openTags.size() == 1)
        m_stanzaStart = m_pos;
    m_pos = end + 1;
    if (selfClosing) {
        if (m_openTags.size() == 1) {
            if (!checkUtf8(m_stanzaStart, m_pos))
                return Step::Failed;
            m_stanzaStart = -1;
            m_released = m_pos;
        }
        return Step::Done;
    }
    if (m_openTags.size() >= MaxDepth) {
        fail(Fault::PolicyViolation, QStringLiteral("elements nested deeper than %1").arg(MaxDepth));
        return Step::Failed;
    }
    m_openTags.append(name);
    return Step::Done;
}

bool StreamGuard::checkUtf8(int from, int to)
{
    const auto *data = reinterpret_cast<const unsigned char *>(m_buffer.constData());
    int i = from;
    while (i < to) {
        const unsigned char c = data[i];
        int extra = 0;
        if (c < 0x80)
            extra = 0;
        else if ((c & 0xE0) == 0xC0 && c >= 0xC2)
            extra = 1;
        else if ((c & 0xF0) == 0xE0)
            extra = 2;
        else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
            extra = 3;
        else
            extra = -1;
        if (extra < 0) {
            fail(Fault::NotWellFormed, QStringLiteral("invalid UTF-8"));
            return false;
        }
        for (int k = 1; k <= extra; ++k) {
            if (i + k >= to || (data[i + k] & 0xC0) != 0x80) {
                fail(Fault::NotWellFormed, QStringLiteral("invalid UTF-8"));
                return false;
            }
        }
        i += extra + 1;
    }
    return true;
}
