// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/StanzaTemplate.h"

#include "Vocabulary.h"

#include <QDomNamedNodeMap>
#include <QRegularExpression>
#include <QSet>
#include <optional>

namespace {
const QString Any = QStringLiteral("{scansion:any}");

bool isStanzaNamespace(const QString &ns)
{
    return ns == QLatin1String("jabber:client") || ns == QLatin1String("jabber:server")
        || ns == QLatin1String("jabber:component:accept");
}

// "xml:lang", "scansion:strict" or the local name: how attributes are compared.
QString attributeKey(const QDomAttr &attribute)
{
    const QString ns = attribute.namespaceURI();
    const QString local = attribute.localName().isEmpty() ? attribute.name() : attribute.localName();
    if (ns == Ns::Xml)
        return QStringLiteral("xml:") + local;
    if (ns == StanzaTemplate::scansionNamespace())
        return QStringLiteral("scansion:") + local;
    if (!ns.isEmpty())
        return ns + QLatin1Char(':') + local;
    return attribute.name();
}

QHash<QString, QString> attributesOf(const QDomElement &element)
{
    QHash<QString, QString> result;
    const QDomNamedNodeMap map = element.attributes();
    for (int i = 0; i < map.count(); ++i) {
        const QDomAttr attribute = map.item(i).toAttr();
        const QString key = attributeKey(attribute);
        if (key == QLatin1String("xmlns") || key.startsWith(QLatin1String("xmlns:")))
            continue;
        result.insert(key, attribute.value());
    }
    return result;
}

QList<QDomElement> childElements(const QDomElement &element)
{
    QList<QDomElement> children;
    for (QDomElement child = element.firstChildElement(); !child.isNull(); child = child.nextSiblingElement())
        children << child;
    return children;
}

QString ownText(const QDomElement &element)
{
    QString text;
    for (QDomNode node = element.firstChild(); !node.isNull(); node = node.nextSibling()) {
        if (node.isText() || node.isCDATASection())
            text += node.nodeValue();
    }
    return text.trimmed();
}

QString name(const QDomElement &element)
{
    return element.localName().isEmpty() ? element.tagName() : element.localName();
}

class Matcher
{
public:
    explicit Matcher(StanzaTemplate::Captures *captures)
        : m_captures(captures)
    { }

    QString compare(const QDomElement &expected, const QDomElement &received, std::optional<bool> inherited,
                    const QString &path) const
    {
        const QString here = path + QLatin1Char('/') + name(expected);
        if (name(expected) != name(received) || expected.namespaceURI() != received.namespaceURI())
            return QStringLiteral("%1: got <%2 xmlns='%3'>, expected <%4 xmlns='%5'>")
                .arg(path.isEmpty() ? QStringLiteral("/") : path, name(received), received.namespaceURI(),
                     name(expected), expected.namespaceURI());
        QHash<QString, QString> wanted = attributesOf(expected);
        std::optional<bool> strictness = inherited;
        if (wanted.contains(QStringLiteral("scansion:strict")))
            strictness = wanted.take(QStringLiteral("scansion:strict")) == QLatin1String("true");
        const QDomElement parent = expected.parentNode().toElement();
        const bool ownNamespace = parent.isNull() || parent.namespaceURI() != expected.namespaceURI();
        const bool strict = strictness.value_or(ownNamespace && !isStanzaNamespace(expected.namespaceURI()));

        const QHash<QString, QString> got = attributesOf(received);
        for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
            if (!got.contains(it.key()))
                return QStringLiteral("%1: no attribute %2").arg(here, it.key());
            const QString value = got.value(it.key());
            if (it.value() == Any)
                continue;
            static const QRegularExpression capture(QStringLiteral("^\\{scansion:capture:([^}]*)\\}$"));
            const QRegularExpressionMatch m = capture.match(it.value());
            if (m.hasMatch()) {
                const QString key = m.captured(1);
                if (!m_captures->contains(key))
                    m_captures->insert(key, value);
                else if (m_captures->value(key) != value)
                    return QStringLiteral("%1: %2='%3', captured '%4' before")
                        .arg(here, it.key(), value, m_captures->value(key));
                continue;
            }
            if (value != it.value())
                return QStringLiteral("%1: %2='%3', expected '%4'").arg(here, it.key(), value, it.value());
        }
        if (strict) {
            for (auto it = got.cbegin(); it != got.cend(); ++it) {
                if (!wanted.contains(it.key()))
                    return QStringLiteral("%1: unexpected attribute %2='%3'").arg(here, it.key(), it.value());
            }
        }
        const QString wantedText = ownText(expected);
        const QString gotText = ownText(received);
        if ((strict || !wantedText.isEmpty()) && wantedText != Any && wantedText != gotText)
            return QStringLiteral("%1: text '%2', expected '%3'").arg(here, gotText, wantedText);

        const QList<QDomElement> wantedChildren = childElements(expected);
        const QList<QDomElement> gotChildren = childElements(received);
        if (strict) {
            if (wantedChildren.size() != gotChildren.size()) {
                QStringList names;
                for (const QDomElement &child : gotChildren)
                    names << name(child);
                return QStringLiteral("%1: %2 children (%3), expected %4")
                    .arg(here)
                    .arg(gotChildren.size())
                    .arg(names.join(QStringLiteral(", ")))
                    .arg(wantedChildren.size());
            }
            for (int i = 0; i < wantedChildren.size(); ++i) {
                const QString why = compare(wantedChildren.at(i), gotChildren.at(i), strictness, here);
                if (!why.isEmpty())
                    return why;
            }
            return QString();
        }
        // Loose: each expected child matches a different received child, in any order.
        QSet<int> used;
        for (const QDomElement &child : wantedChildren) {
            QString last;
            bool found = false;
            for (int i = 0; i < gotChildren.size() && !found; ++i) {
                if (used.contains(i))
                    continue;
                StanzaTemplate::Captures trial = *m_captures;
                const QString why = Matcher(&trial).compare(child, gotChildren.at(i), strictness, here);
                if (why.isEmpty()) {
                    used.insert(i);
                    *m_captures = trial;
                    found = true;
                } else if (name(gotChildren.at(i)) == name(child)) {
                    last = why;
                }
            }
            if (!found)
                return last.isEmpty()
                    ? QStringLiteral("%1: no <%2 xmlns='%3'>").arg(here, name(child), child.namespaceURI())
                    : last;
        }
        return QString();
    }

private:
    StanzaTemplate::Captures *const m_captures;
};
} // namespace

QString StanzaTemplate::scansionNamespace()
{
    return QStringLiteral("https://matthewwild.co.uk/projects/scansion");
}

bool StanzaTemplate::parse(const QString &xml, StanzaTemplate *stanza, QString *error)
{
    // A wrapper gives the stanza its default namespace and declares the scansion: prefix.
    const QString wrapped = QStringLiteral("<scansion-template xmlns='jabber:client' xmlns:scansion='%1'>%2"
                                           "</scansion-template>")
                                .arg(scansionNamespace(), xml);
    QDomDocument document;
    QString message;
    int line = 0;
    int column = 0;
    if (!document.setContent(wrapped, true, &message, &line, &column)) {
        if (error)
            *error = QStringLiteral("not well-formed XML (line %1, column %2): %3")
                         .arg(line)
                         .arg(column)
                         .arg(message);
        return false;
    }
    const QList<QDomElement> elements = childElements(document.documentElement());
    if (elements.size() != 1) {
        if (error)
            *error = QStringLiteral("%1 elements where one stanza was expected").arg(elements.size());
        return false;
    }
    stanza->m_document = document;
    stanza->m_element = elements.constFirst();
    return true;
}

QString StanzaTemplate::mismatch(const QDomElement &stanza, Captures *captures) const
{
    Captures trial = *captures;
    const QString why = Matcher(&trial).compare(m_element, stanza, std::nullopt, QString());
    if (why.isEmpty())
        *captures = trial;
    return why;
}
