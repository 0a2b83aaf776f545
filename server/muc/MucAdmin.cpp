// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucAdmin.h"

#include "MucContext.h"
#include "Vocabulary.h"

namespace {
void refuse(MucContext &context, const QDomElement &iq, const MucRefusal &refusal)
{
    context.send(Stanza::errorReply(iq, refusal.type, refusal.condition, refusal.text));
}

const MucRefusal noFeature { Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                             QStringLiteral("an item needs a role or an affiliation") };
} // namespace

MucAdmin::MucAdmin(const QList<MucFeature *> &features)
    : m_features(features)
{ }

MucAdmin::Outcome MucAdmin::handle(MucContext &context, MucRoom *room, const QDomElement &iq) const
{
    const QDomElement query = Stanza::child(iq, QStringLiteral("query"), Ns::MucAdmin);
    const QList<QDomElement> items = Stanza::children(query, QStringLiteral("item"), Ns::MucAdmin);
    if (items.isEmpty()) {
        refuse(context, iq,
               { Stanza::ErrorType::Modify, QStringLiteral("bad-request"), QStringLiteral("no item") });
        return Outcome::Unchanged;
    }
    if (Stanza::type(iq) == QLatin1String("get")) {
        list(context, request(room, iq, items.first()), iq);
        return Outcome::Unchanged;
    }
    return change(context, room, iq, items);
}

MucAdminRequest MucAdmin::request(MucRoom *room, const QDomElement &iq, const QDomElement &item) const
{
    MucAdminRequest request;
    request.kind = Stanza::type(iq) == QLatin1String("get") ? MucAdminRequest::Kind::List
                                                            : MucAdminRequest::Kind::Change;
    request.room = room;
    request.item = item;
    request.actorJid = Stanza::from(iq);
    request.actorNick = room->nickOf(request.actorJid);
    request.actorAffiliation = room->affiliation(request.actorJid);
    const MucOccupant *actor = request.actorNick.isEmpty() ? nullptr : room->occupant(request.actorNick);
    request.actorRole = actor ? actor->role : MucRole::None;
    return request;
}

MucFeature *MucAdmin::featureFor(const MucAdminRequest &request) const
{
    for (MucFeature *feature : m_features) {
        if (feature->handlesAdminItem(request))
            return feature;
    }
    return nullptr;
}

void MucAdmin::list(MucContext &context, const MucAdminRequest &request, const QDomElement &iq) const
{
    const MucFeature *feature = featureFor(request);
    if (!feature) {
        refuse(context, iq, noFeature);
        return;
    }
    QDomElement result = Stanza::iqResult(iq);
    QDomElement list = Stanza::addChild(result, QStringLiteral("query"), Ns::MucAdmin);
    const MucRefusal refusal = feature->listAdminItems(request, list);
    if (refusal.isNull())
        context.send(result);
    else
        refuse(context, iq, refusal);
}

MucAdmin::Outcome MucAdmin::change(MucContext &context, MucRoom *room, const QDomElement &iq,
                                   const QList<QDomElement> &items) const
{
    QList<QPair<MucFeature *, MucAdminRequest>> changes;
    for (const QDomElement &item : items) {
        const MucAdminRequest change = request(room, iq, item);
        MucFeature *feature = featureFor(change);
        const MucRefusal refusal = feature ? feature->checkAdminItem(change) : noFeature;
        if (!refusal.isNull()) {
            refuse(context, iq, refusal);
            return Outcome::Unchanged;
        }
        changes.append({ feature, change });
    }
    // The occupants hear of the change before the requester's result (Prosody's order).
    for (const auto &change : qAsConst(changes))
        change.first->applyAdminItem(context, change.second);
    context.send(Stanza::iqResult(iq));
    return Outcome::Changed;
}
