// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "Stanza.h"

#include "Vocabulary.h"

#include <QDomDocument>

namespace Stanza {

QDomElement create(const QString &tag, const QString &from, const QString &to, const QString &type,
                   const QString &id)
{
    QDomDocument document;
    QDomElement stanza = document.createElementNS(Ns::Client, tag);
    document.appendChild(stanza);
    if (!from.isEmpty())
        stanza.setAttribute(QStringLiteral("from"), from);
    if (!to.isEmpty())
        stanza.setAttribute(QStringLiteral("to"), to);
    if (!type.isEmpty())
        stanza.setAttribute(QStringLiteral("type"), type);
    if (!id.isEmpty())
        stanza.setAttribute(QStringLiteral("id"), id);
    return stanza;
}

QDomElement addChild(QDomElement parent, const QString &name, const QString &ns)
{
    QDomElement element
        = parent.ownerDocument().createElementNS(ns.isEmpty() ? parent.namespaceURI() : ns, name);
    parent.appendChild(element);
    return element;
}

QDomElement addTextChild(QDomElement parent, const QString &name, const QString &text, const QString &ns)
{
    QDomElement element = addChild(parent, name, ns);
    element.appendChild(parent.ownerDocument().createTextNode(text));
    return element;
}

QDomElement child(const QDomElement &parent, const QString &name, const QString &ns)
{
    for (QDomElement e = parent.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
        if (e.localName() == name || e.tagName() == name) {
            if (e.namespaceURI() == ns)
                return e;
        }
    }
    return {};
}

QList<QDomElement> children(const QDomElement &parent, const QString &name, const QString &ns)
{
    QList<QDomElement> found;
    for (QDomElement e = parent.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
        if ((e.localName() == name || e.tagName() == name) && e.namespaceURI() == ns)
            found << e;
    }
    return found;
}

void removeChildren(QDomElement parent, const QString &name, const QString &ns)
{
    for (const QDomElement &found : children(parent, name, ns))
        parent.removeChild(found);
}

QDomElement copy(const QDomElement &stanza)
{
    QDomDocument document;
    QDomElement element = document.importNode(stanza, true).toElement();
    document.appendChild(element);
    return element;
}

static QString errorTypeName(ErrorType type)
{
    switch (type) {
    case ErrorType::Cancel:
        return QStringLiteral("cancel");
    case ErrorType::Continue:
        return QStringLiteral("continue");
    case ErrorType::Modify:
        return QStringLiteral("modify");
    case ErrorType::Auth:
        return QStringLiteral("auth");
    case ErrorType::Wait:
        return QStringLiteral("wait");
    }
    return QString();
}

QDomElement errorReply(const QDomElement &request, ErrorType type, const QString &condition,
                       const QString &text)
{
    QDomElement reply = copy(request);
    // A request without 'to' was for the sender's own account (RFC 6120 §10.3.3): the
    // answer has no 'from' either, never an empty one, which is no address at all.
    const QString to = request.attribute(QStringLiteral("to"));
    if (to.isEmpty())
        reply.removeAttribute(QStringLiteral("from"));
    else
        reply.setAttribute(QStringLiteral("from"), to);
    reply.setAttribute(QStringLiteral("to"), request.attribute(QStringLiteral("from")));
    reply.setAttribute(QStringLiteral("type"), QStringLiteral("error"));
    QDomElement error = addChild(reply, QStringLiteral("error"), Ns::Client);
    error.setAttribute(QStringLiteral("type"), errorTypeName(type));
    addChild(error, condition, Ns::Stanzas);
    if (!text.isEmpty())
        addTextChild(error, QStringLiteral("text"), text, Ns::Stanzas);
    return reply;
}

QDomElement iqResult(const QDomElement &request)
{
    return create(QStringLiteral("iq"), request.attribute(QStringLiteral("to")),
                  request.attribute(QStringLiteral("from")), QStringLiteral("result"),
                  request.attribute(QStringLiteral("id")));
}

bool isIq(const QDomElement &stanza)
{
    return stanza.tagName() == QLatin1String("iq");
}
bool isMessage(const QDomElement &stanza)
{
    return stanza.tagName() == QLatin1String("message");
}
bool isPresence(const QDomElement &stanza)
{
    return stanza.tagName() == QLatin1String("presence");
}

bool isRequest(const QDomElement &iq)
{
    const QString t = type(iq);
    return t == QLatin1String("get") || t == QLatin1String("set");
}

QString type(const QDomElement &stanza)
{
    return stanza.attribute(QStringLiteral("type"));
}
QString from(const QDomElement &stanza)
{
    return stanza.attribute(QStringLiteral("from"));
}
QString to(const QDomElement &stanza)
{
    return stanza.attribute(QStringLiteral("to"));
}

QString errorCondition(const QDomElement &stanza)
{
    const QDomElement error = stanza.firstChildElement(QStringLiteral("error"));
    for (QDomElement e = error.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
        if (e.namespaceURI() == Ns::Stanzas && e.localName() != QLatin1String("text"))
            return e.localName();
    }
    return QString();
}

} // namespace Stanza
