// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/session/StanzaTap.h"

#include <QDomElement>

bool StanzaTap::handleStanza(const QDomElement &stanza)
{
    // Extensions also see stream negotiation (features, SASL); only stanzas count.
    const QString tag = stanza.tagName();
    if (tag != QLatin1String("message") && tag != QLatin1String("presence") && tag != QLatin1String("iq"))
        return false;
    emit stanzaSeen(stanza);
    // A room's messages are the lab's alone: the client has no manager for them, and left
    // to it, QXmppClient would parse each one into a QXmppMessage nobody listens to (a busy
    // room brings thousands a second). Everything else the client's own managers still
    // need (roster, version, discovery, pings; XEP-0198 counts below the extensions).
    return tag == QLatin1String("message")
        && stanza.attribute(QStringLiteral("type")) == QLatin1String("groupchat");
}
