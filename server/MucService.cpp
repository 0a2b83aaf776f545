// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucService.h"

#include "Jid.h"
#include "MessageArchive.h"
#include "RoomStore.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"
#include "muc/MucAdmin.h"
#include "muc/MucAffiliations.h"
#include "muc/MucAnonymity.h"
#include "muc/MucConfigForm.h"
#include "muc/MucDirectory.h"
#include "muc/MucHistory.h"
#include "muc/MucInvitations.h"
#include "muc/MucIqRelay.h"
#include "muc/MucMembersOnly.h"
#include "muc/MucModeration.h"
#include "muc/MucOccupantPresence.h"
#include "muc/MucPassword.h"
#include "muc/MucRoomInfo.h"
#include "muc/MucStanzaIds.h"
#include "muc/MucSubject.h"

namespace {
bool isValidRoomNode(const QString &node)
{
    if (node.isEmpty() || node.size() > 256)
        return false;
    for (const QChar c : node) {
        if (c.isSpace() || c == QLatin1Char('@') || c == QLatin1Char('/') || c == QLatin1Char('"')
            || c == QLatin1Char('&') || c == QLatin1Char('\'') || c == QLatin1Char(':')
            || c == QLatin1Char('<') || c == QLatin1Char('>'))
            return false;
    }
    return true;
}

MucRefusal nickConflict()
{
    return { Stanza::ErrorType::Cancel, QStringLiteral("conflict"),
             QStringLiteral("that nickname is already in use") };
}
} // namespace

MucService::MucService(StanzaRouter *router, const QString &domain, MessageArchive *archive, RoomStore *store)
    : ServerExtension(router)
    , m_domain(domain)
    , m_archive(archive)
    , m_store(store)
    , m_configForm(new MucConfigForm(m_features))
    , m_history(new MucHistory(archive))
    , m_subject(new MucSubject)
    , m_admin(std::make_unique<MucAdmin>(m_features))
    , m_roomInfo(std::make_unique<MucRoomInfo>(m_features))
    , m_invitations(std::make_unique<MucInvitations>(m_features))
    , m_iqRelay(
          std::make_unique<MucIqRelay>([this](const QDomElement &stanza) { this->router()->route(stanza); }))
{
    m_features = { m_configForm,    new MucAffiliations, new MucMembersOnly, new MucModeration, m_subject,
                   new MucPassword, new MucAnonymity,    new MucStanzaIds,   m_history };
}

MucService::~MucService()
{
    qDeleteAll(m_features);
}

bool MucService::start()
{
    for (const std::shared_ptr<MucRoom> &room : m_store->load()) {
        m_history->restore(room.get());
        m_rooms.insert(room->jid(), room);
    }
    return true;
}

void MucService::persistAll()
{
    for (const std::shared_ptr<MucRoom> &stored : m_store->load()) {
        if (!m_rooms.contains(stored->jid()))
            m_store->remove(stored->jid());
    }
    for (const std::shared_ptr<MucRoom> &room : std::as_const(m_rooms))
        m_store->save(*room);
}

void MucService::removeUnusedRooms()
{
    const QStringList roomJids = m_rooms.keys();
    for (const QString &roomJid : roomJids)
        destroyIfUnused(roomJid);
}

void MucService::send(const QDomElement &stanza)
{
    router()->route(stanza);
}

void MucService::save(const MucRoom *room)
{
    if (!m_stopping)
        m_store->saveSettings(*room);
}

void MucService::setAffiliation(MucRoom *room, const QString &bareJid, MucAffiliation affiliation)
{
    room->setAffiliation(bareJid, affiliation);
    if (!m_stopping)
        m_store->setAffiliation(room->jid(), Jid::bare(bareJid), affiliation);
}

int MucService::roomsOwnedBy(const QString &account) const
{
    int owned = 0;
    for (const std::shared_ptr<MucRoom> &room : m_rooms)
        owned += room->affiliation(account) == MucAffiliation::Owner ? 1 : 0;
    return owned;
}

bool MucService::admits(const MucRoom &room, MucAffiliation affiliation) const
{
    for (const MucFeature *feature : m_features) {
        if (!feature->admits(room, affiliation))
            return false;
    }
    return true;
}

void MucService::setLimits(const ServiceLimits &limits)
{
    m_limits = limits;
    m_iqRelay->setLimits(limits.maxPendingRelayedIqsPerRequester, limits.relayedIqTimeoutSeconds);
}

int MucService::pendingRelayedIqs() const
{
    return m_iqRelay->pendingCount();
}

void MucService::forget(const QString &roomJid)
{
    m_iqRelay->roomEnded(roomJid);
    m_rooms.remove(roomJid);
    if (m_stopping)
        return; // a shutdown keeps every room for the restart
    m_store->remove(roomJid);
    m_archive->removeOwner(roomJid);
}

QStringList MucService::rooms() const
{
    return m_rooms.keys();
}

const MucRoom *MucService::room(const QString &roomJid) const
{
    return m_rooms.value(roomJid).get();
}

void MucService::removeOccupant(const QString &realJid)
{
    const QStringList roomJids = m_rooms.keys();
    for (const QString &roomJid : roomJids) {
        MucRoom *room = m_rooms.value(roomJid).get();
        const QString nick = room ? room->nickOf(realJid) : QString();
        if (nick.isEmpty())
            continue;
        QDomElement gone = Stanza::create(QStringLiteral("presence"), realJid, Jid::full(roomJid, nick),
                                          QStringLiteral("unavailable"));
        router()->count(QStringLiteral("muc.presence-in")); // the unavailable the session could not send
        leave(room, nick, gone);
    }
}

bool MucService::handleStanza(const QDomElement &stanza)
{
    const QString to = Stanza::to(stanza);
    if (Jid::domain(to) != m_domain)
        return false;
    if (Jid::node(to).isEmpty()) {
        if (Stanza::isIq(stanza))
            handleServiceIq(stanza);
        else if (Stanza::isMessage(stanza))
            replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("service-unavailable"));
        return true;
    }
    if (Stanza::isPresence(stanza))
        handlePresence(stanza);
    else if (Stanza::isMessage(stanza))
        handleMessage(stanza);
    else if (Stanza::isIq(stanza))
        handleIq(stanza);
    return true;
}

void MucService::handleServiceIq(const QDomElement &iq)
{
    if (Stanza::isRequest(iq))
        router()->route(MucDirectory::answer(iq, m_rooms));
}

void MucService::presenceError(const QDomElement &presence, const MucRefusal &refusal)
{
    router()->route(Stanza::errorReply(presence, refusal.type, refusal.condition, refusal.text));
}

QDomElement MucService::occupantPresence(MucRoom *room, const MucOccupant &about,
                                         const MucOccupant &recipient, const QString &type,
                                         const QList<int> &statusCodes) const
{
    router()->count(QStringLiteral("muc.presence-out")); // each one built is sent to its recipient
    return MucOccupantPresence::build(*room, about, recipient, type, statusCodes);
}

void MucService::handlePresence(const QDomElement &presence)
{
    router()->count(QStringLiteral("muc.presence-in"));
    const QString from = Stanza::from(presence);
    const QString roomJid = Jid::bare(Stanza::to(presence));
    const QString nick = Jid::resource(Stanza::to(presence));
    const QString type = Stanza::type(presence);
    MucRoom *room = m_rooms.value(roomJid).get();
    const QString currentNick = room ? room->nickOf(from) : QString();

    if (type == QLatin1String("unavailable")) {
        if (room && !currentNick.isEmpty())
            leave(room, currentNick, presence);
        return;
    }
    if (!type.isEmpty())
        return; // errors, probes and subscriptions mean nothing to a room

    if (nick.isEmpty()) {
        presenceError(presence,
                      { Stanza::ErrorType::Modify, QStringLiteral("jid-malformed"),
                        QStringLiteral("a nickname is required") });
    } else if (room && currentNick == nick) {
        updatePresence(room, nick, presence);
    } else if (room && !currentNick.isEmpty()) {
        changeNick(room, currentNick, nick, presence);
    } else if (room) {
        const MucRefusal refusal = checkJoin(*room, nick, presence);
        if (refusal.isNull())
            join(room, nick, presence, RoomAge::Existing);
        else
            presenceError(presence, refusal);
    } else if ((room = createRoom(presence))) {
        join(room, nick, presence, RoomAge::JustCreated);
    }
}

MucRoom *MucService::createRoom(const QDomElement &presence)
{
    const QString roomJid = Jid::bare(Stanza::to(presence));
    if (!isValidRoomNode(Jid::node(roomJid))) {
        presenceError(presence,
                      { Stanza::ErrorType::Modify, QStringLiteral("jid-malformed"),
                        QStringLiteral("not a valid room name") });
        return nullptr;
    }
    // XEP-0045 §10.1.1: a user who may not create a room gets not-allowed. The limit is on
    // rooms owned, so it holds across restarts and whoever made the account an owner.
    const QString owner = Jid::bare(Stanza::from(presence));
    if (roomsOwnedBy(owner) >= m_limits.maxRoomsPerAccount) {
        presenceError(presence,
                      { Stanza::ErrorType::Cancel, QStringLiteral("not-allowed"),
                        QStringLiteral("an account may own at most %1 rooms; destroy one first")
                            .arg(m_limits.maxRoomsPerAccount) });
        return nullptr;
    }
    auto room = std::make_shared<MucRoom>(roomJid);
    room->setAffiliation(owner, MucAffiliation::Owner);
    m_rooms.insert(roomJid, room);
    m_uncommittedRooms.append(roomJid);
    if (!m_stopping)
        m_store->save(*room); // its settings and its owner
    return room.get();
}

void MucService::onSettled(bool committed)
{
    const QStringList created = std::exchange(m_uncommittedRooms, {});
    if (committed)
        return;
    // The stanza that made these rooms was refused (its sender got an error, nobody saw
    // the room): they go again, as if never made.
    for (const QString &roomJid : created) {
        if (m_rooms.contains(roomJid))
            forget(roomJid);
    }
}

MucRefusal MucService::checkJoin(const MucRoom &room, const QString &nick, const QDomElement &presence) const
{
    for (const MucFeature *feature : m_features) {
        MucRefusal refusal = feature->checkJoin(room, presence);
        if (!refusal.isNull())
            return refusal;
    }
    // XEP-0045 §7.2.9: a full room is service-unavailable. Admins and owners still enter
    // ("up to some reasonable number of additional occupants": as many again), so that
    // filling a room with other users cannot lock its moderators out.
    const int limit = m_limits.maxOccupantsPerRoom;
    const bool privileged = room.affiliation(Stanza::from(presence)) >= MucAffiliation::Admin;
    if (room.occupants().size() >= (privileged ? 2 * qint64(limit) : limit))
        return { Stanza::ErrorType::Cancel, QStringLiteral("service-unavailable"),
                 QStringLiteral("this room is full: it holds at most %1 occupants").arg(limit) };
    return room.occupants().contains(nick) ? nickConflict() : MucRefusal();
}

void MucService::join(MucRoom *room, const QString &nick, const QDomElement &presence, RoomAge age)
{
    const QString realJid = Stanza::from(presence);
    MucOccupant newcomer;
    newcomer.nick = nick;
    newcomer.realJid = realJid;
    newcomer.role = MucModeration::defaultRole(*room, room->affiliation(realJid));
    newcomer.presence = Stanza::copy(presence);

    // XEP-0045 §7.2.3 order: others' presence, then own presence, history, subject.
    for (const MucOccupant &other : room->occupants())
        router()->route(occupantPresence(room, other, newcomer, QString(), {}));
    room->addOccupant(newcomer);
    for (const MucOccupant &other : room->occupants()) {
        if (other.nick != nick)
            router()->route(occupantPresence(room, newcomer, other, QString(), {}));
    }
    QList<int> codes;
    if (room->config().nonAnonymous)
        codes << MucStatus::NonAnonymous;
    codes << MucStatus::SelfPresence;
    if (age == RoomAge::JustCreated)
        codes << MucStatus::RoomCreated;
    router()->route(occupantPresence(room, newcomer, newcomer, QString(), codes));

    for (MucFeature *feature : qAsConst(m_features))
        feature->occupantJoined(*this, room, newcomer, presence);
    // The subject ends the join: clients take it as the sign they are in.
    router()->route(MucSubject::joinSubject(*room, realJid));
}

void MucService::updatePresence(MucRoom *room, const QString &nick, const QDomElement &presence)
{
    room->occupant(nick)->presence = Stanza::copy(presence);
    broadcastPresence(room, nick);
}

void MucService::changeNick(MucRoom *room, const QString &oldNick, const QString &newNick,
                            const QDomElement &presence)
{
    if (room->occupant(newNick)) {
        presenceError(presence, nickConflict());
        return;
    }
    MucOccupant before = *room->occupant(oldNick);
    for (const MucOccupant &recipient : room->occupants()) {
        QList<int> codes { MucStatus::NickChanged };
        if (recipient.nick == oldNick)
            codes << MucStatus::SelfPresence;
        QDomElement unavailable
            = occupantPresence(room, before, recipient, QStringLiteral("unavailable"), codes);
        unavailable.firstChildElement(QStringLiteral("x"))
            .firstChildElement(QStringLiteral("item"))
            .setAttribute(QStringLiteral("nick"), newNick);
        router()->route(unavailable);
    }
    room->renameOccupant(oldNick, newNick);
    MucOccupant *after = room->occupant(newNick);
    after->presence = Stanza::copy(presence);
    for (const MucOccupant &recipient : room->occupants()) {
        QList<int> codes;
        if (recipient.nick == newNick)
            codes << MucStatus::SelfPresence;
        router()->route(occupantPresence(room, *after, recipient, QString(), codes));
    }
}

void MucService::leave(MucRoom *room, const QString &nick, const QDomElement &presence)
{
    MucOccupant leaving = *room->occupant(nick);
    leaving.presence = Stanza::copy(presence); // its parting status, if any
    for (const MucOccupant &recipient : room->occupants()) {
        QList<int> codes;
        if (recipient.nick == nick)
            codes << MucStatus::SelfPresence;
        router()->route(occupantPresence(room, leaving, recipient, QStringLiteral("unavailable"), codes));
    }
    room->removeOccupant(nick);
    m_iqRelay->occupantLeft(room->jid(), leaving.realJid);
    destroyIfUnused(room->jid());
}

void MucService::destroyIfUnused(const QString &roomJid)
{
    MucRoom *room = m_rooms.value(roomJid).get();
    if (room && room->occupants().isEmpty() && (!room->config().persistent || room->isLocked()))
        forget(roomJid);
}

void MucService::handleMessage(const QDomElement &message)
{
    const QString from = Stanza::from(message);
    const QString roomJid = Jid::bare(Stanza::to(message));
    const QString targetNick = Jid::resource(Stanza::to(message));
    const QString type = Stanza::type(message);
    if (type == QLatin1String("error"))
        return;
    MucRoom *room = m_rooms.value(roomJid).get();
    if (!room) {
        replyError(message, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                   QStringLiteral("no such room"));
        return;
    }
    const QString nick = room->nickOf(from);
    const bool invitation = !Stanza::child(Stanza::child(message, QStringLiteral("x"), Ns::MucUser),
                                           QStringLiteral("invite"), Ns::MucUser)
                                 .isNull();
    if (nick.isEmpty()) {
        replyError(message, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"),
                   QStringLiteral("only occupants may send messages to this room"));
        return;
    }
    if (targetNick.isEmpty() && type == QLatin1String("groupchat")) {
        const bool subjectChange = !message.firstChildElement(QStringLiteral("subject")).isNull()
            && message.firstChildElement(QStringLiteral("body")).isNull();
        if (!subjectChange)
            broadcastMessage(room, nick, message);
        else if (const MucRefusal refusal = m_subject->change(*this, room, nick, message); !refusal.isNull())
            replyError(message, refusal.type, refusal.condition, refusal.text);
    } else if (!targetNick.isEmpty() && type != QLatin1String("groupchat")) {
        sendPrivateMessage(room, nick, message);
    } else if (targetNick.isEmpty() && invitation) {
        const MucRefusal refusal
            = m_invitations->send(*this, room, message, m_limits.maxInviteesPerInvitation);
        if (!refusal.isNull())
            replyError(message, refusal.type, refusal.condition, refusal.text);
    } else {
        replyError(message, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                   QStringLiteral("groupchat messages go to the room, private messages to an occupant"));
    }
}

void MucService::broadcastMessage(MucRoom *room, const QString &nick, const QDomElement &message)
{
    const MucOccupant *sender = room->occupant(nick);
    for (const MucFeature *feature : qAsConst(m_features)) {
        const MucRefusal refusal = feature->checkGroupchat(*room, *sender);
        if (!refusal.isNull()) {
            replyError(message, refusal.type, refusal.condition, refusal.text);
            return;
        }
    }
    QDomElement broadcast = Stanza::copy(message);
    // When it was said is the room's to tell: a sender's <delay/> would become the
    // message's time in every archive and in the history of later joiners.
    for (QDomElement delay : Stanza::children(broadcast, QStringLiteral("delay"), Ns::Delay))
        broadcast.removeChild(delay);
    broadcast.setAttribute(QStringLiteral("from"), Jid::full(room->jid(), nick));
    broadcast.removeAttribute(QStringLiteral("to"));
    for (MucFeature *feature : qAsConst(m_features))
        feature->messageBroadcast(room, broadcast, *sender);

    const QStringList recipients = room->occupantJids(); // a copy: routing may change the room
    for (const QString &to : recipients) {
        broadcast.setAttribute(QStringLiteral("to"), to);
        router()->route(broadcast);
    }
}

void MucService::sendPrivateMessage(MucRoom *room, const QString &nick, const QDomElement &message)
{
    const QString targetNick = Jid::resource(Stanza::to(message));
    const MucOccupant *target = room->occupant(targetNick);
    if (!target) {
        replyError(message, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                   QStringLiteral("no occupant with that nickname"));
        return;
    }
    QDomElement forwarded = Stanza::copy(message);
    forwarded.setAttribute(QStringLiteral("from"), Jid::full(room->jid(), nick));
    forwarded.setAttribute(QStringLiteral("to"), target->realJid);
    if (Stanza::child(forwarded, QStringLiteral("x"), Ns::MucUser).isNull())
        Stanza::addChild(forwarded, QStringLiteral("x"), Ns::MucUser);
    router()->route(forwarded);
}

void MucService::handleIq(const QDomElement &iq)
{
    if (!Stanza::isRequest(iq)) {
        const QDomElement answer = m_iqRelay->answer(iq);
        if (!answer.isNull())
            router()->route(answer);
        return;
    }
    MucRoom *room = m_rooms.value(Jid::bare(Stanza::to(iq))).get();
    if (!room) {
        replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                   QStringLiteral("no such room"));
        return;
    }
    if (!Jid::resource(Stanza::to(iq)).isEmpty()) {
        handleOccupantIq(room, iq);
        return;
    }
    const bool get = Stanza::type(iq) == QLatin1String("get");
    if (get && !Stanza::child(iq, QStringLiteral("query"), Ns::DiscoInfo).isNull()) {
        router()->route(m_roomInfo->answer(*room, iq));
    } else if (get && !Stanza::child(iq, QStringLiteral("query"), Ns::DiscoItems).isNull()) {
        QDomElement result = Stanza::iqResult(iq);
        Stanza::addChild(result, QStringLiteral("query"), Ns::DiscoItems);
        router()->route(result);
    } else if (!Stanza::child(iq, QStringLiteral("query"), Ns::MucOwner).isNull()) {
        handleOwnerIq(room, iq);
    } else if (!Stanza::child(iq, QStringLiteral("query"), Ns::MucAdmin).isNull()) {
        handleAdminIq(room, iq);
    } else if (!Stanza::child(iq, QStringLiteral("ping"), Ns::Ping).isNull()) {
        replyResult(iq);
    } else {
        replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("service-unavailable"));
    }
}

void MucService::handleOccupantIq(MucRoom *room, const QDomElement &iq)
{
    const QString nick = room->nickOf(Stanza::from(iq));
    const QString targetNick = Jid::resource(Stanza::to(iq));
    // XEP-0410: a ping to one's own occupant JID tells whether one is still joined.
    const bool ping = !Stanza::child(iq, QStringLiteral("ping"), Ns::Ping).isNull();
    if (nick.isEmpty())
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"),
                   QStringLiteral("you are not an occupant of this room"));
    else if (ping && targetNick == nick)
        replyResult(iq);
    else if (!room->occupant(targetNick))
        replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                   QStringLiteral("no occupant with that nickname"));
    else if (m_iqRelay->isAtLimit(Stanza::from(iq)))
        replyError(iq, Stanza::ErrorType::Wait, QStringLiteral("resource-constraint"),
                   QStringLiteral("too many of your requests to occupants are still unanswered"));
    else
        router()->route(m_iqRelay->relay(*room, nick, iq));
}

void MucService::handleOwnerIq(MucRoom *room, const QDomElement &iq)
{
    if (room->affiliation(Stanza::from(iq)) != MucAffiliation::Owner) {
        replyError(iq, Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                   QStringLiteral("only owners may configure this room"));
        return;
    }
    const QDomElement query = Stanza::child(iq, QStringLiteral("query"), Ns::MucOwner);
    const QDomElement destroy = Stanza::child(query, QStringLiteral("destroy"), Ns::MucOwner);
    const QDomElement form = Stanza::child(query, QStringLiteral("x"), Ns::DataForms);
    const QString formType = form.attribute(QStringLiteral("type"));
    if (Stanza::type(iq) == QLatin1String("set") && !destroy.isNull()) {
        const QString venue = destroy.attribute(QStringLiteral("jid"));
        const QString reason = destroy.firstChildElement(QStringLiteral("reason")).text();
        destroyRoom(room, [&](QDomElement &x) {
            x.firstChildElement(QStringLiteral("item"))
                .setAttribute(QStringLiteral("affiliation"), QStringLiteral("none"));
            QDomElement notice = Stanza::addChild(x, QStringLiteral("destroy"));
            if (!venue.isEmpty())
                notice.setAttribute(QStringLiteral("jid"), venue);
            if (!reason.isEmpty())
                Stanza::addTextChild(notice, QStringLiteral("reason"), reason);
        });
        replyResult(iq);
    } else if (Stanza::type(iq) == QLatin1String("get")) {
        QDomElement result = Stanza::iqResult(iq);
        m_configForm->addForm(*room, Stanza::addChild(result, QStringLiteral("query"), Ns::MucOwner));
        router()->route(result);
    } else if (form.isNull()) {
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                   QStringLiteral("expected a data form"));
    } else if (formType == QLatin1String("cancel")) {
        replyResult(iq);
        // Cancelling the creation of a new room destroys it (XEP-0045 §10.1.2).
        if (room->isLocked())
            destroyRoom(room, [](QDomElement &x) { Stanza::addChild(x, QStringLiteral("destroy")); });
    } else if (formType == QLatin1String("submit")) {
        submitConfigForm(room, iq, form);
    } else {
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                   QStringLiteral("expected a form of type submit or cancel"));
    }
}

void MucService::submitConfigForm(MucRoom *room, const QDomElement &iq, const QDomElement &form)
{
    const MucRoomConfig before = room->config();
    QString error;
    if (!m_configForm->apply(room, form, &error)) {
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"), error);
        return;
    }
    room->unlock();
    save(room);
    replyResult(iq);
    for (MucFeature *feature : qAsConst(m_features))
        feature->configChanged(*this, room, before);
}

void MucService::destroyRoom(MucRoom *room, const Decoration &decorate)
{
    const QString roomJid = room->jid();
    // XEP-0045 §10.9: each occupant gets its own unavailable presence with the destroy notice.
    const QList<MucOccupant> occupants = room->occupants().values();
    for (const MucOccupant &occupant : occupants) {
        QDomElement presence = occupantPresence(room, occupant, occupant, QStringLiteral("unavailable"),
                                                { MucStatus::SelfPresence });
        QDomElement x = presence.firstChildElement(QStringLiteral("x"));
        decorate(x);
        router()->route(presence);
        room->removeOccupant(occupant.nick);
    }
    forget(roomJid);
}

void MucService::evict(MucRoom *room, const QString &nick, const QList<int> &statusCodes,
                       const Decoration &decorate)
{
    const MucOccupant gone = *room->occupant(nick);
    const QList<MucOccupant> recipients = room->occupants().values();
    for (const MucOccupant &recipient : recipients) {
        QList<int> codes = statusCodes;
        if (recipient.nick == nick)
            codes.prepend(MucStatus::SelfPresence);
        QDomElement presence = occupantPresence(room, gone, recipient, QStringLiteral("unavailable"), codes);
        if (decorate) {
            QDomElement x = presence.firstChildElement(QStringLiteral("x"));
            decorate(x);
        }
        router()->route(presence);
    }
    room->removeOccupant(nick);
    m_iqRelay->occupantLeft(room->jid(), gone.realJid);
}

void MucService::broadcastPresence(MucRoom *room, const QString &nick)
{
    const MucOccupant about = *room->occupant(nick);
    for (const MucOccupant &recipient : room->occupants()) {
        QList<int> codes;
        if (recipient.nick == nick)
            codes << MucStatus::SelfPresence;
        router()->route(occupantPresence(room, about, recipient, QString(), codes));
    }
}

void MucService::handleAdminIq(MucRoom *room, const QDomElement &iq)
{
    if (m_admin->handle(*this, room, iq) == MucAdmin::Outcome::Changed)
        destroyIfUnused(room->jid());
}

void MucService::stop()
{
    // XEP-0045 status 332: the service is shutting down.
    m_stopping = true;
    const QStringList roomJids = m_rooms.keys();
    for (const QString &roomJid : roomJids) {
        MucRoom *room = m_rooms.value(roomJid).get();
        const QStringList nicks = room->occupants().keys();
        for (const QString &nick : nicks) {
            if (room->occupant(nick))
                evict(room, nick, { MucStatus::ServiceShutdown });
        }
    }
    m_rooms.clear();
}
