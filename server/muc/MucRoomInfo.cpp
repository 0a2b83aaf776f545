// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucRoomInfo.h"

#include "Vocabulary.h"

MucRoomInfo::MucRoomInfo(const QList<MucFeature *> &features)
    : m_features(features)
{ }

QDomElement MucRoomInfo::answer(const MucRoom &room, const QDomElement &iq) const
{
    if (room.isLocked() && room.affiliation(Stanza::from(iq)) != MucAffiliation::Owner)
        return Stanza::errorReply(iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                                  QStringLiteral("no such room"));
    const MucRoomConfig &config = room.config();
    QDomElement result = Stanza::iqResult(iq);
    QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::DiscoInfo);
    QDomElement identity = Stanza::addChild(query, QStringLiteral("identity"));
    identity.setAttribute(QStringLiteral("category"), QStringLiteral("conference"));
    identity.setAttribute(QStringLiteral("type"), QStringLiteral("text"));
    identity.setAttribute(QStringLiteral("name"), config.name);
    QStringList features
        = { QString(Ns::Muc), QString(Ns::StanzaId), QString(Ns::Mam), QString(Ns::OccupantId) };
    for (const MucFeature *feature : m_features)
        features << feature->discoFeatures(config);
    for (const QString &feature : qAsConst(features))
        Stanza::addChild(query, QStringLiteral("feature")).setAttribute(QStringLiteral("var"), feature);
    QDomElement form = Stanza::addChild(query, QStringLiteral("x"), Ns::DataForms);
    form.setAttribute(QStringLiteral("type"), QStringLiteral("result"));
    const auto field = [&form](const QString &var, const QString &value) {
        QDomElement f = Stanza::addChild(form, QStringLiteral("field"));
        f.setAttribute(QStringLiteral("var"), var);
        Stanza::addTextChild(f, QStringLiteral("value"), value);
    };
    field(QStringLiteral("FORM_TYPE"), Ns::MucRoomInfo);
    field(QStringLiteral("muc#roominfo_description"), config.description);
    field(QStringLiteral("muc#roominfo_subject"), room.subject());
    field(QStringLiteral("muc#roominfo_occupants"), QString::number(room.occupants().size()));
    return result;
}
