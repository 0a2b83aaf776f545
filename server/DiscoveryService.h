// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0030 for the server itself and for an account's own bare JID: the server
// lists its services (the MUC service) and the features its extensions declare.
#pragma once

#include "ServerExtension.h"

class DiscoveryService : public ServerExtension
{
    Q_OBJECT
public:
    using ServerExtension::ServerExtension;

    QString extensionName() const override { return QStringLiteral("disco"); }
    int extensionPriority() const override { return ServicePriority; }
    QStringList discoveryFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;
};
