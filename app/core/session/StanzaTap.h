// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A client extension that is shown every incoming stanza first and never consumes
// it, so a session can record exactly what the server delivered.
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
