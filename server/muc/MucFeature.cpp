// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucFeature.h"

MucFeature::~MucFeature() = default;

MucRefusal MucFeature::checkJoin(const MucRoom &, const QDomElement &) const
{
    return {};
}

void MucFeature::occupantJoined(MucContext &, MucRoom *, const MucOccupant &, const QDomElement &)
{ }

bool MucFeature::admits(const MucRoom &, MucAffiliation) const
{
    return true;
}

MucRefusal MucFeature::checkGroupchat(const MucRoom &, const MucOccupant &) const
{
    return {};
}

void MucFeature::messageBroadcast(MucRoom *, QDomElement, const MucOccupant &)
{ }

void MucFeature::invitationSent(MucContext &, MucRoom *, const QString &, QDomElement)
{ }

QStringList MucFeature::discoFeatures(const MucRoomConfig &) const
{
    return {};
}

void MucFeature::addConfigFields(const MucRoomConfig &, QDomElement) const
{ }

MucFeature::FieldStatus MucFeature::applyConfigField(const QString &, const QString &, MucRoomConfig &) const
{
    return FieldStatus::Unknown;
}

MucFeature::FieldStatus MucFeature::applyConfigValues(const QString &var, const QStringList &values,
                                                      MucRoomConfig &next) const
{
    return applyConfigField(var, values.value(0), next);
}

QString MucFeature::checkConfig(const MucRoomConfig &) const
{
    return QString();
}

void MucFeature::configChanged(MucContext &, MucRoom *, const MucRoomConfig &)
{ }

bool MucFeature::handlesAdminItem(const MucAdminRequest &) const
{
    return false;
}

MucRefusal MucFeature::listAdminItems(const MucAdminRequest &, QDomElement) const
{
    return {};
}

MucRefusal MucFeature::checkAdminItem(const MucAdminRequest &) const
{
    return {};
}

void MucFeature::applyAdminItem(MucContext &, const MucAdminRequest &)
{ }
