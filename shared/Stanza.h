// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Building and inspecting stanzas as DOM elements (server, lab and tests alike), with
// namespaces set the way QXmppServer::sendElement() serialises them.
#pragma once

#include <QDomElement>
#include <QList>
#include <QString>

namespace Stanza {

enum class ErrorType { Cancel, Continue, Modify, Auth, Wait };

// A new top-level stanza (message, presence, iq) in jabber:client.
QDomElement create(const QString &tag, const QString &from, const QString &to,
                   const QString &type = QString(), const QString &id = QString());
// A child element in namespace ns (empty: the parent's namespace).
QDomElement addChild(QDomElement parent, const QString &name, const QString &ns = QString());
QDomElement addTextChild(QDomElement parent, const QString &name, const QString &text,
                         const QString &ns = QString());
// The first child element with this local name and namespace (null if absent).
QDomElement child(const QDomElement &parent, const QString &name, const QString &ns);
QList<QDomElement> children(const QDomElement &parent, const QString &name, const QString &ns);
// Removes every child element with this local name and namespace.
void removeChildren(QDomElement parent, const QString &name, const QString &ns);
// A deep copy in a document of its own, safe to keep and to modify.
QDomElement copy(const QDomElement &stanza);

// The error answer to a request: from/to swapped, same id, payload kept.
QDomElement errorReply(const QDomElement &request, ErrorType type, const QString &condition,
                       const QString &text = QString());
// An empty IQ result for an IQ get/set.
QDomElement iqResult(const QDomElement &request);

bool isIq(const QDomElement &stanza);
bool isMessage(const QDomElement &stanza);
bool isPresence(const QDomElement &stanza);
bool isRequest(const QDomElement &iq); // get or set
QString type(const QDomElement &stanza);
QString from(const QDomElement &stanza);
QString to(const QDomElement &stanza);
// The error condition of an error stanza, e.g. "conflict".
QString errorCondition(const QDomElement &stanza);

} // namespace Stanza
