// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucPassword.h"

#include "MucForm.h"
#include "Vocabulary.h"

bool MucPassword::isProtected(const MucRoomConfig &config)
{
    return config.passwordProtected || !config.password.isEmpty();
}

MucRefusal MucPassword::checkJoin(const MucRoom &room, const QDomElement &presence) const
{
    if (!isProtected(room.config()) || room.affiliation(Stanza::from(presence)) == MucAffiliation::Owner)
        return {};
    const QDomElement x = Stanza::child(presence, QStringLiteral("x"), Ns::Muc);
    if (x.firstChildElement(QStringLiteral("password")).text() == room.config().password)
        return {};
    return { Stanza::ErrorType::Auth, QStringLiteral("not-authorized"),
             QStringLiteral("a password is required to enter this room") };
}

void MucPassword::invitationSent(MucContext &, MucRoom *room, const QString &, QDomElement x)
{
    if (isProtected(room->config()))
        Stanza::addTextChild(x, QStringLiteral("password"), room->config().password);
}

QStringList MucPassword::discoFeatures(const MucRoomConfig &config) const
{
    return { isProtected(config) ? QStringLiteral("muc_passwordprotected")
                                 : QStringLiteral("muc_unsecured") };
}

void MucPassword::addConfigFields(const MucRoomConfig &config, QDomElement form) const
{
    MucForm::addField(form, QStringLiteral("muc#roomconfig_passwordprotectedroom"), QStringLiteral("boolean"),
                      QStringLiteral("Password protected"), MucForm::boolText(isProtected(config)));
    MucForm::addField(form, QStringLiteral("muc#roomconfig_roomsecret"), QStringLiteral("text-private"),
                      QStringLiteral("Password"), config.password);
}

MucFeature::FieldStatus MucPassword::applyConfigField(const QString &var, const QString &value,
                                                      MucRoomConfig &next) const
{
    bool ok = true;
    if (var == QLatin1String("muc#roomconfig_passwordprotectedroom"))
        next.passwordProtected = MucForm::parseBool(value, &ok);
    else if (var == QLatin1String("muc#roomconfig_roomsecret"))
        next.password = value;
    else
        return FieldStatus::Unknown;
    return ok ? FieldStatus::Accepted : FieldStatus::Invalid;
}

QString MucPassword::checkConfig(const MucRoomConfig &next) const
{
    if (next.passwordProtected && next.password.isEmpty())
        return QStringLiteral("a password-protected room needs a password");
    return QString();
}
