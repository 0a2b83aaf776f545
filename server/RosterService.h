// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A valid, empty roster (RFC 6121 §2) so standard clients finish logging in.
// Rosters are not stored: a roster push is refused with a clear error.
#pragma once

#include "ServerExtension.h"

class RosterService : public ServerExtension
{
    Q_OBJECT
public:
    using ServerExtension::ServerExtension;

    QString extensionName() const override { return QStringLiteral("roster"); }
    int extensionPriority() const override { return ServicePriority; }
    QStringList discoveryFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;
};
