// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A room's disco#info (XEP-0045 §6.4): identity, the features every room feature
// announces, and the muc#roominfo form.
#pragma once

#include "MucFeature.h"

#include <QList>

class MucRoomInfo
{
public:
    explicit MucRoomInfo(const QList<MucFeature *> &features);

    // The answer to a disco#info request: a result, or an error while the room is locked.
    QDomElement answer(const MucRoom &room, const QDomElement &iq) const;

private:
    const QList<MucFeature *> &m_features;
};
