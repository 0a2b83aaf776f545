// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Conversions between DOM elements and XML text: stanzas cross threads and reach
// the lab only as text, because QDomElement is not thread-safe.
#pragma once

#include <QDomElement>
#include <QString>

namespace XmlText {
// Compact serialisation of one element (no XML declaration, no indentation).
QString fromElement(const QDomElement &element);
// A stanza as written on a client stream: UTF-8, jabber:client implied (not repeated).
QByteArray streamBytes(const QDomElement &stanza);
// Parses one element; returns a null element when the text is not well-formed.
QDomElement toElement(const QString &xml, QString *errorMessage = nullptr);
// Human-friendly indented form for consoles.
QString indented(const QString &xml);
} // namespace XmlText
