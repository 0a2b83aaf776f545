// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Mediated invitations (XEP-0045 §7.8.2): an occupant asks the room to invite
// someone; the room sends the invitation in its own name, and each feature may add
// to it (MucMembersOnly grants membership, MucPassword adds the password).
#pragma once

#include "MucFeature.h"
#include "MucRefusal.h"

#include <QList>

class MucInvitations
{
public:
    explicit MucInvitations(const QList<MucFeature *> &features);

    // Sends one invitation per <invite/> of the occupant's message, or none and refuses
    // the message (policy-violation) when it invites more than 'maxInvitees'.
    MucRefusal send(MucContext &context, MucRoom *room, const QDomElement &message, int maxInvitees) const;

private:
    const QList<MucFeature *> &m_features;
};
