// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The room subject (XEP-0045 §8.1): who may change it, its broadcast, and the
// subject message that ends every join.
#pragma once

#include "MucFeature.h"

class MucSubject : public MucFeature
{
public:
    // The subject as sent to 'to', from the occupant who set it (or the room): a change's
    // broadcast.
    static QDomElement subjectMessage(const MucRoom &room, const QString &to);
    // The subject that ends a join (XEP-0045 §7.2.15): as above, with
    // <delay xmlns='urn:xmpp:delay' from='room' stamp='when it was set'/> (XEP-0203) when
    // that time is known, so clients don't take it for a change at the join.
    static QDomElement joinSubject(const MucRoom &room, const QString &to);
    // A subject change from the occupant 'nick'; refused or stored and broadcast.
    MucRefusal change(MucContext &context, MucRoom *room, const QString &nick, const QDomElement &message);

    void addConfigFields(const MucRoomConfig &config, QDomElement form) const override;
    FieldStatus applyConfigField(const QString &var, const QString &value,
                                 MucRoomConfig &next) const override;
};
