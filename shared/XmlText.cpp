// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "XmlText.h"

#include <QDomDocument>
#include <QTextStream>
#include <QXmlStreamWriter>

namespace {
void writeElement(QXmlStreamWriter &writer, const QDomElement &element, const QString &parentNamespace)
{
    writer.writeStartElement(element.localName().isEmpty() ? element.tagName() : element.localName());
    const QString ns = element.namespaceURI();
    if (!ns.isEmpty() && ns != parentNamespace)
        writer.writeDefaultNamespace(ns);
    const QDomNamedNodeMap attributes = element.attributes();
    for (int i = 0; i < attributes.count(); ++i) {
        const QDomAttr attribute = attributes.item(i).toAttr();
        if (attribute.name() == QLatin1String("xmlns")
            || attribute.name().startsWith(QLatin1String("xmlns:")))
            continue;
        // Parsed with namespaces, xml:lang's name() is only 'lang'; the xml prefix is
        // always bound, so it can be written as such.
        const QString attributeNs = attribute.namespaceURI();
        if (attributeNs.isEmpty())
            writer.writeAttribute(attribute.name(), attribute.value());
        else if (attributeNs == QLatin1String("http://www.w3.org/XML/1998/namespace"))
            writer.writeAttribute(QStringLiteral("xml:") + attribute.localName(), attribute.value());
        else // the writer declares a prefix for it
            writer.writeAttribute(attributeNs, attribute.localName(), attribute.value());
    }
    for (QDomNode child = element.firstChild(); !child.isNull(); child = child.nextSibling()) {
        if (child.isElement())
            writeElement(writer, child.toElement(), ns.isEmpty() ? parentNamespace : ns);
        else if (child.isText() || child.isCDATASection())
            writer.writeCharacters(child.nodeValue());
    }
    writer.writeEndElement();
}
} // namespace

namespace XmlText {

QString fromElement(const QDomElement &element)
{
    // Not QDomNode::save(): through QTextStream it costs ten times as much.
    QString text;
    QXmlStreamWriter writer(&text);
    writeElement(writer, element, QString());
    return text;
}

QByteArray streamBytes(const QDomElement &stanza)
{
    QByteArray data;
    QXmlStreamWriter writer(&data);
    writeElement(writer, stanza, QStringLiteral("jabber:client"));
    return data;
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
