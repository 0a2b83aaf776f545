// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "StanzaSplitter.h"

#include <cstring>

namespace StanzaSplitter {
namespace {
bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// The index after the '>' of the tag whose '<' is at 'from', quoted values skipped; -1 when
// it ends at or after 'end'.
int tagEnd(const char *data, int end, int from)
{
    char quote = 0;
    for (int i = from + 1; i < end; ++i) {
        const char c = data[i];
        if (quote) {
            if (c == quote)
                quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i + 1;
        }
    }
    return -1;
}

bool isSelfClosing(const char *data, int tagEnd)
{
    return data[tagEnd - 2] == '/';
}

bool equals(const char *data, int begin, int end, const char *literal)
{
    const int length = int(std::strlen(literal));
    return end - begin == length && std::memcmp(data + begin, literal, size_t(length)) == 0;
}

// XML character data (UTF-8, the five predefined entities, character references) as text;
// false on anything else after a '&'.
bool decode(const char *data, int begin, int end, QString *text)
{
    if (!std::memchr(data + begin, '&', size_t(end - begin))) {
        *text = QString::fromUtf8(data + begin, end - begin);
        return true;
    }
    QString decoded;
    int run = begin;
    for (int i = begin; i < end; ++i) {
        if (data[i] != '&')
            continue;
        decoded += QString::fromUtf8(data + run, i - run);
        const void *found = std::memchr(data + i, ';', size_t(end - i));
        if (!found)
            return false;
        const int semicolon = int(static_cast<const char *>(found) - data);
        const int name = i + 1;
        if (equals(data, name, semicolon, "lt")) {
            decoded += QLatin1Char('<');
        } else if (equals(data, name, semicolon, "gt")) {
            decoded += QLatin1Char('>');
        } else if (equals(data, name, semicolon, "amp")) {
            decoded += QLatin1Char('&');
        } else if (equals(data, name, semicolon, "quot")) {
            decoded += QLatin1Char('"');
        } else if (equals(data, name, semicolon, "apos")) {
            decoded += QLatin1Char('\'');
        } else if (semicolon - name >= 2 && data[name] == '#') {
            const bool hex = data[name + 1] == 'x';
            bool ok = false;
            const uint code = QByteArray(data + name + (hex ? 2 : 1), semicolon - name - (hex ? 2 : 1))
                                  .toUInt(&ok, hex ? 16 : 10);
            if (!ok || code == 0 || code > 0x10FFFF)
                return false;
            const char32_t codePoint = code;
            decoded += QString::fromUcs4(&codePoint, 1);
        } else {
            return false;
        }
        i = semicolon;
        run = semicolon + 1;
    }
    decoded += QString::fromUtf8(data + run, end - run);
    *text = decoded;
    return true;
}
} // namespace

int headerEnd(const QByteArray &data, int from)
{
    const char *d = data.constData();
    const int n = int(data.size());
    int i = from;
    while (true) {
        while (i < n && isSpace(d[i]))
            ++i;
        if (i + 1 >= n)
            return NeedMore;
        if (d[i] != '<')
            return Opaque;
        if (d[i + 1] == '?') { // the XML declaration
            const int close = int(data.indexOf("?>", i + 2));
            if (close < 0)
                return NeedMore;
            i = close + 2;
            continue;
        }
        if (d[i + 1] == '!' || d[i + 1] == '/')
            return Opaque;
        const int end = tagEnd(d, n, i);
        return end < 0 ? NeedMore : end;
    }
}

int elementEnd(const QByteArray &data, int from)
{
    const char *d = data.constData();
    const int n = int(data.size());
    if (from >= n)
        return NeedMore;
    if (d[from] != '<')
        return Opaque;
    int depth = 0;
    int i = from;
    while (true) {
        if (d[i] != '<') {
            const void *next = std::memchr(d + i, '<', size_t(n - i));
            if (!next)
                return NeedMore;
            i = int(static_cast<const char *>(next) - d);
        }
        if (i + 1 >= n)
            return NeedMore;
        const char kind = d[i + 1];
        if (kind == '!' || kind == '?')
            return Opaque;
        if (kind == '/' && depth == 0)
            return Opaque; // the stream's end
        const int end = tagEnd(d, n, i);
        if (end < 0)
            return NeedMore;
        if (kind == '/') {
            if (--depth == 0)
                return end;
        } else if (!isSelfClosing(d, end)) {
            ++depth;
        } else if (depth == 0) {
            return end;
        }
        i = end;
        if (i >= n)
            return NeedMore;
    }
}

bool readGroupchat(const QByteArray &data, int from, int end, Groupchat *message)
{
    const char *d = data.constData();
    if (end - from < 10 || std::memcmp(d + from, "<message", 8) != 0
        || !(isSpace(d[from + 8]) || d[from + 8] == '>' || d[from + 8] == '/'))
        return false;
    const int rootEnd = tagEnd(d, end, from);
    if (rootEnd < 0)
        return false;
    const int attributesEnd = rootEnd - (isSelfClosing(d, rootEnd) ? 2 : 1);
    Groupchat read;
    QString type;
    for (int i = from + 8;;) {
        while (i < attributesEnd && isSpace(d[i]))
            ++i;
        if (i >= attributesEnd)
            break;
        const int name = i;
        while (i < attributesEnd && d[i] != '=' && !isSpace(d[i]))
            ++i;
        const int nameEnd = i;
        while (i < attributesEnd && isSpace(d[i]))
            ++i;
        if (i >= attributesEnd || d[i] != '=')
            return false;
        ++i;
        while (i < attributesEnd && isSpace(d[i]))
            ++i;
        if (i >= attributesEnd || (d[i] != '"' && d[i] != '\''))
            return false;
        const char quote = d[i];
        const int value = i + 1;
        const void *close = std::memchr(d + value, quote, size_t(attributesEnd - value));
        if (!close)
            return false;
        const int valueEnd = int(static_cast<const char *>(close) - d);
        i = valueEnd + 1;
        QString *target = equals(d, name, nameEnd, "type") ? &type
            : equals(d, name, nameEnd, "from")             ? &read.from
            : equals(d, name, nameEnd, "id")               ? &read.id
                                                           : nullptr;
        if (target && !decode(d, value, valueEnd, target))
            return false;
        if (equals(d, name, nameEnd, "xmlns") && !equals(d, value, valueEnd, "jabber:client"))
            return false;
    }
    if (type != QLatin1String("groupchat"))
        return false;
    if (isSelfClosing(d, rootEnd)) {
        *message = read;
        return true;
    }

    int depth = 1;
    for (int i = rootEnd; i < end;) {
        const void *next = std::memchr(d + i, '<', size_t(end - i));
        if (!next)
            return false;
        i = int(static_cast<const char *>(next) - d);
        if (i + 1 >= end || d[i + 1] == '!' || d[i + 1] == '?')
            return false;
        const int tag = tagEnd(d, end, i);
        if (tag < 0)
            return false;
        if (d[i + 1] == '/') {
            --depth;
            i = tag;
            continue;
        }
        int nameEnd = i + 1;
        while (nameEnd < tag && !isSpace(d[nameEnd]) && d[nameEnd] != '/' && d[nameEnd] != '>')
            ++nameEnd;
        int local = nameEnd;
        while (local > i + 1 && d[local - 1] != ':')
            --local;
        if (equals(d, local, nameEnd, "delay"))
            read.delayed = true;
        const bool selfClosing = isSelfClosing(d, tag);
        if (depth == 1 && read.body.isNull() && equals(d, i + 1, nameEnd, "body")) {
            if (selfClosing) {
                read.body = QLatin1String("");
                i = tag;
                continue;
            }
            // Text only up to </body>: markup inside is for the parser.
            const void *textEnd = std::memchr(d + tag, '<', size_t(end - tag));
            if (!textEnd)
                return false;
            const int close = int(static_cast<const char *>(textEnd) - d);
            if (close + 7 > end || std::memcmp(d + close, "</body", 6) != 0)
                return false;
            if (!decode(d, tag, close, &read.body))
                return false;
            i = close; // the end tag, next
            ++depth;
            continue;
        }
        if (!selfClosing)
            ++depth;
        i = tag;
    }
    if (depth != 0)
        return false;
    *message = read;
    return true;
}

} // namespace StanzaSplitter
