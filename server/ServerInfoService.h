// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// What the server says about itself: XEP-0092 software version ("Minimix Lab", the
// project's version, the OS) and XEP-0202 entity time, both to the server's JID only.
#pragma once

#include "ServerExtension.h"

class ServerInfoService : public ServerExtension
{
    Q_OBJECT
public:
    using ServerExtension::ServerExtension;

    QString extensionName() const override { return QStringLiteral("server-info"); }
    int extensionPriority() const override { return ServicePriority; }
    QStringList discoveryFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;
};
