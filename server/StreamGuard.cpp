#include "StreamGuard.h"

#include "Vocabulary.h"

#include <QDomDocument>
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

bool isNameStartChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
}

bool isXmlChar(uint cp)
{
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

QByteArray unescaped(QByteArray value)
{
    value.replace("&apos;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">");
    return value.replace("&amp;", "&");
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
    case Fault::InvalidFrom:
        return QStringLiteral("invalid-from");
    }
    return QString();
}

void StreamGuard::setSender(const QString &jid)
{
    m_allowedSenders.clear();
    if (jid.isEmpty())
        return;
    const QByteArray full = jid.toUtf8();
    const int slash = full.indexOf('/');
    m_allowedSenders = { full, slash < 0 ? full : full.left(slash) };
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
    const QByteArray text = m_buffer.mid(m_pos, end - m_pos);
    if (!checkReferences(text))
        return Step::Failed;
    if (text.contains("]]>")) {
        fail(Fault::NotWellFormed, QStringLiteral("']]>' in character data"));
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
            if (m_stanzaStart >= 0 && !completeStanza())
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
    if (name.isEmpty() || !isNameStartChar(name.at(0)) || (i < contentEnd && !isSpace(b.at(i)))) {
        fail(Fault::NotWellFormed, QStringLiteral("malformed start tag"));
        return Step::Failed;
    }
    // Attributes: name="value" or name='value', names unique.
    QList<QByteArray> attributeNames;
    QByteArray defaultNamespace;
    QByteArray streamPrefixNamespace;
    QByteArray from;
    bool hasFrom = false;
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
        if (attrName.isEmpty() || !isNameStartChar(attrName.at(0)) || i >= contentEnd || b.at(i) != '=') {
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
        if (!checkReferences(value))
            return Step::Failed;
        if (attributeNames.contains(attrName)) {
            fail(Fault::NotWellFormed, QStringLiteral("duplicate attribute"));
            return Step::Failed;
        }
        attributeNames << attrName;
        if (attrName == "xmlns")
            defaultNamespace = value;
        else if (attrName == "xmlns:stream")
            streamPrefixNamespace = value;
        else if (attrName == "from") {
            from = unescaped(value);
            hasFrom = true;
        }
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
        m_streamHeader = b.mid(m_pos, end + 1 - m_pos);
        m_pos = end + 1;
        m_released = m_pos;
        m_streamOpened = true;
        return Step::Done;
    }
    if (m_openTags.isEmpty()) {
        fail(Fault::InvalidNamespace, QStringLiteral("expected a stream:stream element"));
        return Step::Failed;
    }
    if (m_openTags.size() == 1) {
        if (hasFrom && !m_allowedSenders.isEmpty() && !m_allowedSenders.contains(from)) {
            fail(Fault::InvalidFrom, QStringLiteral("'from' must be this stream's own JID"));
            return Step::Failed;
        }
        m_stanzaStart = m_pos;
    }
    m_pos = end + 1;
    if (selfClosing) {
        if (m_openTags.size() == 1) {
            if (!completeStanza())
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

bool StreamGuard::checkReferences(const QByteArray &text)
{
    int pos = 0;
    while ((pos = text.indexOf('&', pos)) >= 0) {
        const int end = text.indexOf(';', pos);
        const QByteArray name = end < 0 ? QByteArray() : text.mid(pos + 1, end - pos - 1);
        static const QList<QByteArray> predefined = { "amp", "lt", "gt", "quot", "apos" };
        if (name.startsWith('#')) {
            bool ok = false;
            const uint codePoint
                = name.startsWith("#x") ? name.mid(2).toUInt(&ok, 16) : name.mid(1).toUInt(&ok, 10);
            if (!ok || !isXmlChar(codePoint)) {
                fail(Fault::NotWellFormed, QStringLiteral("invalid character reference"));
                return false;
            }
        } else if (!predefined.contains(name)) {
            // XMPP allows only the five predefined entities (RFC 6120 §11.1).
            fail(Fault::RestrictedXml, QStringLiteral("unknown or malformed entity reference"));
            return false;
        }
        pos = end + 1;
    }
    return true;
}

bool StreamGuard::completeStanza()
{
    if (m_pos - m_stanzaStart > m_maxStanzaBytes) {
        fail(Fault::PolicyViolation, QStringLiteral("stanza larger than %1 bytes").arg(m_maxStanzaBytes));
        return false;
    }
    if (!checkCharacters(m_stanzaStart, m_pos))
        return false;
    const QByteArray wrapped
        = m_streamHeader + m_buffer.mid(m_stanzaStart, m_pos - m_stanzaStart) + "</stream:stream>";
    QDomDocument document;
    QString message;
    if (!document.setContent(QString::fromUtf8(wrapped), true, &message)) {
        fail(Fault::NotWellFormed, message);
        return false;
    }
    return true;
}

bool StreamGuard::checkCharacters(int from, int to)
{
    // UTF-8 as RFC 3629 defines it, and only characters XML allows (no controls,
    // surrogates, U+FFFE/U+FFFF, nothing above U+10FFFF, no overlong forms).
    const auto *data = reinterpret_cast<const unsigned char *>(m_buffer.constData());
    int i = from;
    while (i < to) {
        const unsigned char c = data[i];
        int extra = 0;
        uint codePoint = c;
        uint minimum = 0;
        if (c < 0x80) {
            extra = 0;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            codePoint = c & 0x1F;
            minimum = 0x80;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            codePoint = c & 0x0F;
            minimum = 0x800;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            codePoint = c & 0x07;
            minimum = 0x10000;
        } else {
            fail(Fault::NotWellFormed, QStringLiteral("invalid UTF-8"));
            return false;
        }
        for (int k = 1; k <= extra; ++k) {
            if (i + k >= to || (data[i + k] & 0xC0) != 0x80) {
                fail(Fault::NotWellFormed, QStringLiteral("invalid UTF-8"));
                return false;
            }
            codePoint = (codePoint << 6) | (data[i + k] & 0x3F);
        }
        if (codePoint < minimum) {
            fail(Fault::NotWellFormed, QStringLiteral("invalid UTF-8 (overlong form)"));
            return false;
        }
        if (!isXmlChar(codePoint)) {
            fail(Fault::NotWellFormed,
                 QStringLiteral("character U+%1 is not allowed in XML")
                     .arg(codePoint, 4, 16, QLatin1Char('0'))
                     .toUpper());
            return false;
        }
        i += extra + 1;
    }
    return true;
}
