// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucSubject.h"

#include "Jid.h"
#include "MucContext.h"
#include "MucForm.h"
#include "Vocabulary.h"

#include <QUuid>

QDomElement MucSubject::subjectMessage(const MucRoom &room, const QString &to)
{
    const QString from
        = room.subjectNick().isEmpty() ? room.jid() : Jid::full(room.jid(), room.subjectNick());
    QDomElement message = Stanza::create(
        QStringLiteral("message"), from, to, QStringLiteral("groupchat"),
        QStringLiteral("subject-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces)));
    Stanza::addTextChild(message, QStringLiteral("subject"), room.subject());
    return message;
}

QDomElement MucSubject::joinSubject(const MucRoom &room, const QString &to)
{
    QDomElement message = subjectMessage(room, to);
    if (room.subjectStamp().isValid()) {
        QDomElement delay = Stanza::addChild(message, QStringLiteral("delay"), Ns::Delay);
        delay.setAttribute(QStringLiteral("from"), room.jid());
        delay.setAttribute(QStringLiteral("stamp"), room.subjectStamp().toString(Qt::ISODateWithMs));
    }
    return message;
}

MucRefusal MucSubject::change(MucContext &context, MucRoom *room, const QString &nick,
                              const QDomElement &message)
{
    const MucOccupant *sender = room->occupant(nick);
    if (!room->config().occupantsMayChangeSubject && sender->role != MucRole::Moderator)
        return { Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                 QStringLiteral("only moderators may change the subject of this room") };
    room->setSubject(message.firstChildElement(QStringLiteral("subject")).text(), nick,
                     QDateTime::currentDateTimeUtc());
    context.save(room);
    const QStringList recipients = room->occupantJids(); // a copy: routing may change the room
    for (const QString &to : recipients)
        context.send(subjectMessage(*room, to));
    return {};
}

void MucSubject::addConfigFields(const MucRoomConfig &config, QDomElement form) const
{
    MucForm::addField(form, QStringLiteral("muc#roomconfig_changesubject"), QStringLiteral("boolean"),
                      QStringLiteral("Occupants may change the subject"),
                      MucForm::boolText(config.occupantsMayChangeSubject));
}

MucFeature::FieldStatus MucSubject::applyConfigField(const QString &var, const QString &value,
                                                     MucRoomConfig &next) const
{
    if (var != QLatin1String("muc#roomconfig_changesubject"))
        return FieldStatus::Unknown;
    bool ok = true;
    next.occupantsMayChangeSubject = MucForm::parseBool(value, &ok);
    return ok ? FieldStatus::Accepted : FieldStatus::Invalid;
}
