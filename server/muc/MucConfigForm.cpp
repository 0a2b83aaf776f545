// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucConfigForm.h"

#include "MucForm.h"
#include "Stanza.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QDomDocument>

MucConfigForm::MucConfigForm(const QList<MucFeature *> &features)
    : m_features(features)
{ }

void MucConfigForm::addForm(const MucRoom &room, QDomElement parent) const
{
    QDomElement form = Stanza::addChild(parent, QStringLiteral("x"), Ns::DataForms);
    form.setAttribute(QStringLiteral("type"), QStringLiteral("form"));
    Stanza::addTextChild(form, QStringLiteral("title"),
                         QStringLiteral("Configuration of %1").arg(room.jid()));
    MucForm::addField(form, QStringLiteral("FORM_TYPE"), QStringLiteral("hidden"), QString(),
                      Ns::MucRoomConfig);
    for (const MucFeature *feature : m_features)
        feature->addConfigFields(room.config(), form);
}

bool MucConfigForm::apply(MucRoom *room, const QDomElement &form, QString *error) const
{
    MucRoomConfig next = room->config();
    for (QDomElement field = form.firstChildElement(QStringLiteral("field")); !field.isNull();
         field = field.nextSiblingElement(QStringLiteral("field"))) {
        const QString var = field.attribute(QStringLiteral("var"));
        QStringList values;
        for (QDomElement value = field.firstChildElement(QStringLiteral("value")); !value.isNull();
             value = value.nextSiblingElement(QStringLiteral("value")))
            values << value.text();
        FieldStatus status = FieldStatus::Unknown; // unknown fields are ignored
        for (auto it = m_features.cbegin(); it != m_features.cend() && status == FieldStatus::Unknown; ++it)
            status = (*it)->applyConfigValues(var, values, next);
        if (status == FieldStatus::Invalid) {
            *error = QStringLiteral("invalid value '%1' for %2").arg(values.join(QLatin1Char(' ')), var);
            return false;
        }
    }
    for (const MucFeature *feature : m_features) {
        *error = feature->checkConfig(next);
        if (!error->isEmpty())
            return false;
    }
    room->setConfig(next);
    return true;
}

QDomElement MucConfigForm::changeNotice(const MucRoom &room, const MucRoomConfig &before) const
{
    // Compared through the forms, so every feature's fields count without a list here.
    const auto formText = [this, &room](const MucRoomConfig &config) {
        MucRoom probe(room.jid());
        probe.restore(config, false);
        QDomDocument document;
        QDomElement parent = document.createElement(QStringLiteral("query"));
        document.appendChild(parent);
        addForm(probe, parent);
        return XmlText::fromElement(parent);
    };
    MucRoomConfig sameWhois = before;
    sameWhois.nonAnonymous = room.config().nonAnonymous;
    QList<int> codes;
    if (formText(sameWhois) != formText(room.config()))
        codes << MucStatus::ConfigurationChanged;
    if (before.nonAnonymous != room.config().nonAnonymous)
        codes << (room.config().nonAnonymous ? MucStatus::NowNonAnonymous : MucStatus::NowSemiAnonymous);
    if (codes.isEmpty())
        return QDomElement();
    QDomElement message
        = Stanza::create(QStringLiteral("message"), room.jid(), QString(), QStringLiteral("groupchat"));
    QDomElement x = Stanza::addChild(message, QStringLiteral("x"), Ns::MucUser);
    for (int code : qAsConst(codes))
        Stanza::addChild(x, QStringLiteral("status"))
            .setAttribute(QStringLiteral("code"), QString::number(code));
    return message;
}

MucRefusal MucConfigForm::checkJoin(const MucRoom &room, const QDomElement &presence) const
{
    if (room.isLocked() && room.affiliation(Stanza::from(presence)) != MucAffiliation::Owner)
        return { Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                 QStringLiteral("this room is locked until its owner configures it") };
    return {};
}

QStringList MucConfigForm::discoFeatures(const MucRoomConfig &config) const
{
    return {
        config.persistent ? QStringLiteral("muc_persistent") : QStringLiteral("muc_temporary"),
        config.isPublic ? QStringLiteral("muc_public") : QStringLiteral("muc_hidden"),
    };
}

void MucConfigForm::addConfigFields(const MucRoomConfig &config, QDomElement form) const
{
    const QString text = QStringLiteral("text-single");
    const QString boolean = QStringLiteral("boolean");
    MucForm::addField(form, QStringLiteral("muc#roomconfig_roomname"), text, QStringLiteral("Name"),
                      config.name);
    MucForm::addField(form, QStringLiteral("muc#roomconfig_roomdesc"), text, QStringLiteral("Description"),
                      config.description);
    MucForm::addField(form, QStringLiteral("muc#roomconfig_persistentroom"), boolean,
                      QStringLiteral("Persistent"), MucForm::boolText(config.persistent));
    MucForm::addField(form, QStringLiteral("muc#roomconfig_publicroom"), boolean,
                      QStringLiteral("Listed in the directory"), MucForm::boolText(config.isPublic));
}

MucFeature::FieldStatus MucConfigForm::applyConfigField(const QString &var, const QString &value,
                                                        MucRoomConfig &next) const
{
    bool ok = true;
    if (var == QLatin1String("muc#roomconfig_roomname"))
        next.name = value;
    else if (var == QLatin1String("muc#roomconfig_roomdesc"))
        next.description = value;
    else if (var == QLatin1String("muc#roomconfig_persistentroom"))
        next.persistent = MucForm::parseBool(value, &ok);
    else if (var == QLatin1String("muc#roomconfig_publicroom"))
        next.isPublic = MucForm::parseBool(value, &ok);
    else
        return FieldStatus::Unknown;
    return ok ? FieldStatus::Accepted : FieldStatus::Invalid;
}
