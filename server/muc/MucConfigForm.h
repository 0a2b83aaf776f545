// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The owner's configuration form (muc#roomconfig, XEP-0045 §10.2) made of every
// feature's fields, and the basic room settings: name, description, persistence,
// listing. A new room stays locked until its owner submits the form.
#pragma once

#include "MucFeature.h"

#include <QList>

class MucConfigForm : public MucFeature
{
public:
    // 'features' is the service's list (this one included), asked in its order.
    explicit MucConfigForm(const QList<MucFeature *> &features);

    // Adds the form with the room's current values to 'parent'.
    void addForm(const MucRoom &room, QDomElement parent) const;
    // Applies a submitted form whole, or nothing and false with a reason.
    bool apply(MucRoom *room, const QDomElement &form, QString *error) const;
    // What occupants are told after a submission changed the configuration (Prosody 0.12):
    // a groupchat message from the room with status 104 for any change other than who
    // sees real JIDs, 172 or 173 for that one; a null element when nothing changed.
    QDomElement changeNotice(const MucRoom &room, const MucRoomConfig &before) const;

    MucRefusal checkJoin(const MucRoom &room, const QDomElement &presence) const override;
    QStringList discoFeatures(const MucRoomConfig &config) const override;
    void addConfigFields(const MucRoomConfig &config, QDomElement form) const override;
    FieldStatus applyConfigField(const QString &var, const QString &value,
                                 MucRoomConfig &next) const override;

private:
    const QList<MucFeature *> &m_features;
};
