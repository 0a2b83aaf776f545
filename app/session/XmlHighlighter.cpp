// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/XmlHighlighter.h"

#include "ui/LabPalette.h"

XmlHighlighter::XmlHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
    , m_tagPattern(QStringLiteral("</?[A-Za-z_][\\w:.-]*|/?>"))
    , m_attributePattern(QStringLiteral("([A-Za-z_][\\w:.-]*)\\s*=\\s*(\"[^\"]*\"|'[^']*')"))
    , m_commentPattern(QStringLiteral("<!--.*-->"))
{
    m_tag.setForeground(QColor(0x1d, 0x4e, 0x9e));
    m_tag.setFontWeight(QFont::DemiBold);
    m_attribute.setForeground(QColor(0x8a, 0x4b, 0x08));
    m_value.setForeground(QColor(0x1b, 0x7a, 0x3e));
    m_comment.setForeground(LabPalette::mutedInk());
    m_comment.setFontItalic(true);
    m_incoming.setForeground(LabPalette::kindColor(TraceEvent::Kind::Presence).darker(120));
    m_incoming.setFontWeight(QFont::Bold);
    m_outgoing.setForeground(LabPalette::kindColor(TraceEvent::Kind::Iq).darker(120));
    m_outgoing.setFontWeight(QFont::Bold);
    m_header.setForeground(LabPalette::mutedInk());
}

void XmlHighlighter::setActive(bool active)
{
    if (active == m_active)
        return;
    m_active = active;
    if (active && m_stale)
        rehighlight();
    m_stale = false;
}

void XmlHighlighter::highlightBlock(const QString &text)
{
    if (!m_active) {
        m_stale = true;
        return;
    }
    // The console's entry header: "▼ in  12:00:01.234  presence …" or "▲ out …".
    if (text.startsWith(QChar(0x25bc)) || text.startsWith(QChar(0x25b2))) {
        setFormat(0, text.size(), m_header);
        setFormat(0, 1, text.startsWith(QChar(0x25bc)) ? m_incoming : m_outgoing);
        return;
    }
    // Tags first, then attributes over them; text content keeps the default colour.
    auto tags = m_tagPattern.globalMatch(text);
    while (tags.hasNext()) {
        const auto match = tags.next();
        setFormat(int(match.capturedStart()), int(match.capturedLength()), m_tag);
    }
    auto attributes = m_attributePattern.globalMatch(text);
    while (attributes.hasNext()) {
        const auto match = attributes.next();
        setFormat(int(match.capturedStart(1)), int(match.capturedLength(1)), m_attribute);
        setFormat(int(match.capturedStart(2)), int(match.capturedLength(2)), m_value);
    }
    auto comments = m_commentPattern.globalMatch(text);
    while (comments.hasNext()) {
        const auto match = comments.next();
        setFormat(int(match.capturedStart()), int(match.capturedLength()), m_comment);
    }
}
