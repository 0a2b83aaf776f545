#include "XmlText.h"

#include <QDomDocument>
#include <QTextStream>

namespace XmlText {

QString fromElement(const QDomElement &element)
{
    QString text;
    QTextStream stream(&text);
    element.save(stream, -1);
    return text;
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
