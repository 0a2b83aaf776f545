// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// RFC 6121 presence for sessions: initial and unavailable presence are reflected to
// the account's available sessions; directed presence goes where it is addressed.
// QXmpp 1.4's server has no presence handling of its own.
#pragma once

#include "ServerExtension.h"

class SessionRegistry;

class SessionPresence : public ServerExtension
{
    Q_OBJECT
public:
    SessionPresence(StanzaRouter *router, SessionRegistry *sessions);

    QString extensionName() const override { return QStringLiteral("session-presence"); }
    int extensionPriority() const override { return SessionPresencePriority; }
    bool handleStanza(const QDomElement &stanza) override;

private:
    void broadcast(const QDomElement &presence, const QString &account);

    SessionRegistry *const m_sessions;
};
