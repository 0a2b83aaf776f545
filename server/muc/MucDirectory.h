// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The service's own disco (XEP-0045 §6.1, §6.3): its identity and features, and the
// list of public rooms that are open for joining.
#pragma once

#include "MucRoom.h"

#include <QHash>
#include <memory>

class MucDirectory
{
public:
    // The answer to a request sent to the service's own JID.
    static QDomElement answer(const QDomElement &iq, const QHash<QString, std::shared_ptr<MucRoom>> &rooms);
};
