// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "XmlText.h"

#include "Vocabulary.h"

#include <QDomDocument>
#include <QStringList>

namespace {
// Appends 'text' escaped for character data, or for an attribute value in double quotes
// (where a tab or line break must be a reference to survive attribute normalisation).
// Characters XML 1.0 does not allow are left out, so the result is always well-formed.
void appendEscaped(QString &out, QStringView text, bool inAttribute)
{
    const QChar *begin = text.data();
    const QChar *end = begin + text.size();
    const QChar *run = begin; // start of the characters not yet appended
    for (const QChar *c = begin; c != end; ++c) {
        const ushort u = c->unicode();
        if (u > '>' && u < 0xFFFE)
            continue;
        const char *replacement = nullptr;
        switch (u) {
        case '&':
            replacement = "&amp;";
            break;
        case '<':
            replacement = "&lt;";
            break;
        case '>':
            replacement = "&gt;";
            break;
        case '"':
            replacement = inAttribute ? "&quot;" : nullptr;
            break;
        case '\n':
            replacement = inAttribute ? "&#10;" : nullptr;
            break;
        case '\r':
            replacement = "&#13;";
            break;
        case '\t':
            replacement = inAttribute ? "&#9;" : nullptr;
            break;
        default:
            if (u < 0x20 || u >= 0xFFFE)
                replacement = ""; // not an XML character: dropped
            break;
        }
        if (!replacement)
            continue;
        out.append(run, int(c - run));
        out.append(QLatin1String(replacement));
        run = c + 1;
    }
    out.append(run, int(end - run));
}

// Compact XML of a DOM element, by hand: QDomNode::save() through QTextStream costs about
// ten times as much, QXmlStreamWriter about three. An element's namespace is declared as
// the default one where it differs from the parent's (an element of no namespace takes its
// parent's, as the DOM of a stanza built without one expects); a namespaced attribute gets
// a prefix declared on its element.
void writeElement(QString &out, const QDomElement &element, const QString &parentNamespace)
{
    const QString name = element.localName().isEmpty() ? element.tagName() : element.localName();
    out.append(QLatin1Char('<')).append(name);
    const QString ns = element.namespaceURI();
    if (!ns.isEmpty() && ns != parentNamespace) {
        out.append(QLatin1String(" xmlns=\""));
        appendEscaped(out, ns, true);
        out.append(QLatin1Char('"'));
    }
    const QDomNamedNodeMap attributes = element.attributes();
    QStringList prefixed; // namespaces of attributes, by prefix number
    for (int i = 0, count = attributes.count(); i < count; ++i) {
        const QDomAttr attribute = attributes.item(i).toAttr();
        const QString attributeName = attribute.name();
        if (attributeName == QLatin1String("xmlns") || attributeName.startsWith(QLatin1String("xmlns:")))
            continue;
        const QString attributeNs = attribute.namespaceURI();
        out.append(QLatin1Char(' '));
        if (attributeNs.isEmpty()) {
            out.append(attributeName);
        } else if (attributeNs == Ns::Xml) {
            out.append(QLatin1String("xml:")).append(attribute.localName());
        } else {
            int number = prefixed.indexOf(attributeNs);
            if (number < 0) {
                number = prefixed.size();
                prefixed.append(attributeNs);
                out.append(QLatin1String("xmlns:n"))
                    .append(QString::number(number))
                    .append(QLatin1String("=\""));
                appendEscaped(out, attributeNs, true);
                out.append(QLatin1String("\" "));
            }
            out.append(QLatin1Char('n')).append(QString::number(number)).append(QLatin1Char(':'));
            out.append(attribute.localName());
        }
        out.append(QLatin1String("=\""));
        appendEscaped(out, attribute.value(), true);
        out.append(QLatin1Char('"'));
    }
    QDomNode child = element.firstChild();
    if (child.isNull()) {
        out.append(QLatin1String("/>"));
        return;
    }
    out.append(QLatin1Char('>'));
    const QString &childParent = ns.isEmpty() ? parentNamespace : ns;
    for (; !child.isNull(); child = child.nextSibling()) {
        if (child.isElement())
            writeElement(out, child.toElement(), childParent);
        else if (child.isText() || child.isCDATASection())
            appendEscaped(out, child.nodeValue(), false);
    }
    out.append(QLatin1String("</")).append(name).append(QLatin1Char('>'));
}
} // namespace

namespace XmlText {

QString fromElement(const QDomElement &element)
{
    QString text;
    text.reserve(512);
    writeElement(text, element, QString());
    return text;
}

QByteArray streamBytes(const QDomElement &stanza)
{
    QString text;
    text.reserve(512);
    writeElement(text, stanza, QStringLiteral("jabber:client"));
    return text.toUtf8();
}

QDomElement toElement(const QString &xml, QString *errorMessage)
{
    QDomDocument document;
    QString message;
    int line = 0;
    int column = 0;
    if (!document.setContent(xml, true, &message, &line, &column)) {
        if (errorMessage)
            *errorMessage = QStringLiteral("%1 (line %2, column %3)").arg(message).arg(line).arg(column);
        return {};
    }
    return document.documentElement();
}

QString indented(const QString &xml)
{
    QDomDocument document;
    if (!document.setContent(xml, false))
        return xml;
    return document.toString(2).trimmed();
}

} // namespace XmlText
