// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One room feature (members-only, password, moderation, ...) as a unit, the way
// Prosody splits its MUC into libraries: MucService announces the room's events
// and each feature answers those it cares about; the defaults do nothing. Features
// keep no state: all of it is in the MucRoom, so one instance serves every room.
// Features are asked in the order MucService registers them.
#pragma once

#include "MucAdminRequest.h"
#include "MucRefusal.h"
#include "MucRoom.h"

#include <QStringList>

class MucContext;

class MucFeature
{
public:
    enum class FieldStatus { Unknown, Accepted, Invalid };

    virtual ~MucFeature();

    // May this available presence enter the (existing) room? A null refusal admits.
    virtual MucRefusal checkJoin(const MucRoom &room, const QDomElement &presence) const;
    // The newcomer has been given the occupants' presences and its own.
    virtual void occupantJoined(MucContext &context, MucRoom *room, const MucOccupant &newcomer,
                                const QDomElement &presence);
    // May an occupant stay after its affiliation became 'affiliation'?
    virtual bool admits(const MucRoom &room, MucAffiliation affiliation) const;

    // May this occupant send a groupchat message (not a subject change)?
    virtual MucRefusal checkGroupchat(const MucRoom &room, const MucOccupant &sender) const;
    // A groupchat message from 'sender', 'from' already the sender's occupant JID, about
    // to be sent to every occupant; a feature may amend it for the features after it.
    virtual void messageBroadcast(MucRoom *room, QDomElement message, const MucOccupant &sender);
    // An invitation about to be sent to 'invitee'; 'x' is its muc#user payload.
    virtual void invitationSent(MucContext &context, MucRoom *room, const QString &invitee, QDomElement x);

    // disco#info features of the room (muc_membersonly, ...).
    virtual QStringList discoFeatures(const MucRoomConfig &config) const;
    // Adds this feature's fields to the owner's configuration form.
    virtual void addConfigFields(const MucRoomConfig &config, QDomElement form) const;
    // A submitted field: Unknown if it is not this feature's.
    virtual FieldStatus applyConfigField(const QString &var, const QString &value, MucRoomConfig &next) const;
    // A submitted field with all its values (list-multi); by default its first value
    // goes to applyConfigField().
    virtual FieldStatus applyConfigValues(const QString &var, const QStringList &values,
                                          MucRoomConfig &next) const;
    // The whole submitted configuration: an error text refuses it.
    virtual QString checkConfig(const MucRoomConfig &next) const;
    // The new configuration is in place; the owner is answered next.
    virtual void configChanged(MucContext &context, MucRoom *room, const MucRoomConfig &before);

    // muc#admin: whether this feature reads or changes such an item.
    virtual bool handlesAdminItem(const MucAdminRequest &request) const;
    // Fills 'list' (an IQ get), or refuses.
    virtual MucRefusal listAdminItems(const MucAdminRequest &request, QDomElement list) const;
    // Every item of a set is checked before any is applied: a request applies whole or not at all.
    virtual MucRefusal checkAdminItem(const MucAdminRequest &request) const;
    virtual void applyAdminItem(MucContext &context, const MucAdminRequest &request);
};
