// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The end of the chain: delivers what no extension consumed to local sessions
// (RFC 6121 §8.5) and answers every request nobody handled with an error, never
// silence.
#pragma once

#include "ServerExtension.h"

class SessionRegistry;

class FallbackRouting : public ServerExtension
{
    Q_OBJECT
public:
    FallbackRouting(StanzaRouter *router, SessionRegistry *sessions);

    QString extensionName() const override { return QStringLiteral("fallback-routing"); }
    int extensionPriority() const override { return FallbackPriority; }
    bool handleStanza(const QDomElement &stanza) override;

private:
    void toAccount(const QDomElement &stanza, const QString &account);
    SessionRegistry *const m_sessions;
};
