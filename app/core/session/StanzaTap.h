// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A client extension that is shown every incoming stanza first, so a session can
// record exactly what the server delivered. It consumes groupchat messages only (the
// lab's clients have no manager for them); every other stanza goes on to the client.
#pragma once

#include <QXmppClientExtension.h>

class StanzaTap : public QXmppClientExtension
{
    Q_OBJECT
public:
    bool handleStanza(const QDomElement &stanza) override;

signals:
    void stanzaSeen(const QDomElement &stanza);
};
