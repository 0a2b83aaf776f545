// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0199: the server answers pings to itself and to an account's bare JID.
#pragma once

#include "ServerExtension.h"

class PingService : public ServerExtension
{
    Q_OBJECT
public:
    using ServerExtension::ServerExtension;

    QString extensionName() const override { return QStringLiteral("ping"); }
    int extensionPriority() const override { return ServicePriority; }
    QStringList discoveryFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;
};
