// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Colours XML in a QTextDocument: tags, attribute names and values, comments, and
// the console's direction arrows, so a long stanza reads at a glance.
#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

class XmlHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT
public:
    explicit XmlHighlighter(QTextDocument *document);

    // Off: blocks stay plain (what nobody sees need not be coloured). Switching it on
    // again colours the whole document.
    void setActive(bool active);
    bool isActive() const { return m_active; }

protected:
    void highlightBlock(const QString &text) override;

private:
    QTextCharFormat m_tag;
    QTextCharFormat m_attribute;
    QTextCharFormat m_value;
    QTextCharFormat m_comment;
    QTextCharFormat m_incoming;
    QTextCharFormat m_outgoing;
    QTextCharFormat m_header;
    QRegularExpression m_tagPattern;
    QRegularExpression m_attributePattern;
    QRegularExpression m_commentPattern;
    bool m_active = true;
    bool m_stale = false; // blocks came in while off
};
