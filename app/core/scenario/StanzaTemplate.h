// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// An expected stanza as a scansion script writes it, and the rules it is matched by:
// an element that declares a namespace of its own (not jabber:client) is compared
// strictly (the same attributes, the same children in the same order), any other
// element loosely (its attributes and children must be there, more may be);
// scansion:strict="true|false" decides for an element and what it contains.
// "{scansion:any}" accepts any value, "{scansion:capture:NAME}" takes the value the
// first time and requires the same value afterwards.
#pragma once

#include <QDomElement>
#include <QHash>
#include <QString>

class StanzaTemplate
{
public:
    using Captures = QHash<QString, QString>;

    // False with *error (a line and column) when the text is not one well-formed element.
    // Unprefixed elements are in jabber:client; the scansion: prefix needs no declaration.
    static bool parse(const QString &xml, StanzaTemplate *stanza, QString *error);

    bool isNull() const { return m_element.isNull(); }
    QDomElement element() const { return m_element; }

    // Empty when the stanza matches; else where and why not ("/presence/x: 2 children,
    // expected 3"). Captures taken by a match are added to *captures, none on a mismatch.
    QString mismatch(const QDomElement &stanza, Captures *captures) const;

    static QString scansionNamespace();

private:
    QDomElement m_element;
    QDomDocument m_document; // keeps m_element alive
};
