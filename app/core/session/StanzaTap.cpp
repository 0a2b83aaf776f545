// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/session/StanzaTap.h"

#include <QDomElement>

bool StanzaTap::handleStanza(const QDomElement &stanza)
{
    // Extensions also see stream negotiation (features, SASL); only stanzas count.
    const QString tag = stanza.tagName();
    if (tag == QLatin1String("message") || tag == QLatin1String("presence") || tag == QLatin1String("iq"))
        emit stanzaSeen(stanza);
    return false; // the client's own managers still need it
}
