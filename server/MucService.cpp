// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucService.h"

#include "Jid.h"
#include "MessageArchive.h"
#include "RoomStore.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"
#include "muc/MucAdmin.h"
#include "muc/MucAdminCommands.h"
#include "muc/MucAffiliations.h"
#include "muc/MucAnonymity.h"
#include "muc/MucConfigForm.h"
#include "muc/MucDirectory.h"
#include "muc/MucHistory.h"
#include "muc/MucInvitations.h"
#include "muc/MucIqRelay.h"
#include "muc/MucMembersOnly.h"
#include "muc/MucModeration.h"
#include "muc/MucNickname.h"
#include "muc/MucOccupantPresence.h"
#include "muc/MucPassword.h"
#include "muc/MucPresenceBroadcast.h"
#include "muc/MucRegistration.h"
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
    , m_registration(new MucRegistration)
    , m_admin(std::make_unique<MucAdmin>(m_features))
    , m_roomInfo(std::make_unique<MucRoomInfo>(m_features))
    , m_invitations(std::make_unique<MucInvitations>(m_features))
    , m_iqRelay(
          std::make_unique<MucIqRelay>([this](const QDomElement &stanza) { this->router()->route(stanza); }))
{
    // Registration last: a reserved nick is only told to those who may otherwise enter.
    m_features = { m_configForm, new MucAffiliations, new MucMembersOnly,      new MucModeration,
                   m_subject,    new MucPassword,     new MucAnonymity,        new MucStanzaIds,
                   m_history,    m_registration,      new MucPresenceBroadcast };
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
    if (!Stanza::isRequest(iq))
        return;
    if (MucAdminCommands::concerns(iq)) {
        QStringList roomJids = m_rooms.keys();
        roomJids.sort();
        router()->route(
            MucAdminCommands::answer(iq, isAdmin(Stanza::from(iq)), roomJids,
                                     [this](const QString &room) { return destroyByAdmin(room); }));
        return;
    }
    QDomElement answer = MucDirectory::answer(iq, m_rooms);
    MucAdminCommands::advertise(answer);
    router()->route(answer);
}

void MucService::setAdmins(const QStringList &bareJids)
{
    m_admins.clear();
    for (const QString &jid : bareJids)
        m_admins.insert(Jid::bare(jid).toLower());
}

bool MucService::isAdmin(const QString &jid) const
{
    return m_admins.contains(Jid::bare(jid).toLower());
}

QString MucService::destroyByAdmin(const QString &roomJid)
{
    MucRoom *room = m_rooms.value(roomJid).get();
    if (!room)
        room = m_rooms.value(roomJid.toLower()).get();
    if (!room)
        return QString();
    const QString jid = room->jid();
    // As an owner's destroy without reason or venue: an empty <destroy/>, first in <x/>.
    destroyRoom(room, [](QDomElement &x) {
        x.insertBefore(x.ownerDocument().createElementNS(Ns::MucUser, QStringLiteral("destroy")),
                       x.firstChild());
    });
    return jid;
}

void MucService::presenceError(const QDomElement &presence, const MucRefusal &refusal)
{
    QDomElement reply = Stanza::errorReply(presence, refusal.type, refusal.condition, refusal.text);
    const QString roomJid = Jid::bare(Stanza::to(presence));
    const QString nick = MucNickname::prepare(Jid::resource(Stanza::to(presence)));
    if (!nick.isEmpty())
        reply.setAttribute(QStringLiteral("from"), Jid::full(roomJid, nick));
    // The room generated the error (RFC 6120 §8.3.2), as Prosody says.
    reply.firstChildElement(QStringLiteral("error")).setAttribute(QStringLiteral("by"), roomJid);
    router()->route(reply);
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
    const QString requestedNick = Jid::resource(Stanza::to(presence));
    const QString nick = MucNickname::prepare(requestedNick); // the room knows nicks prepared
    const QString type = Stanza::type(presence);
    MucRoom *room = m_rooms.value(roomJid).get();
    const QString currentNick = room ? room->nickOf(from) : QString();

    if (type == QLatin1String("unavailable")) {
        if (room && !currentNick.isEmpty())
            leave(room, currentNick, presence);
        return;
    }
    if (type == QLatin1String("error")) {
        if (room && !currentNick.isEmpty())
            removeForError(room, currentNick, presence);
        return;
    }
    if (type == QLatin1String("probe")) {
        if (room)
            answerProbe(room, currentNick, presence);
        return;
    }
    if (!type.isEmpty())
        return; // subscriptions mean nothing to a room

    // A new nick (a join or a change) must pass; an occupant's presence update is not checked.
    const MucRefusal badNick
        = !currentNick.isEmpty() && currentNick == nick ? MucRefusal() : MucNickname::check(nick);
    if (requestedNick.isEmpty()) {
        presenceError(presence,
                      { Stanza::ErrorType::Modify, QStringLiteral("jid-malformed"),
                        QStringLiteral("a nickname is required") });
    } else if (!badNick.isNull()) {
        presenceError(presence, badNick);
    } else if (room && currentNick == nick) {
        if (Stanza::child(presence, QStringLiteral("x"), Ns::Muc).isNull())
            updatePresence(room, nick, presence);
        else
            resync(room, nick, presence);
    } else if (room && !currentNick.isEmpty()) {
        changeNick(room, currentNick, nick, presence);
    } else if (room) {
        const MucRefusal refusal = checkJoin(*room, nick, presence);
        if (!refusal.isNull())
            presenceError(presence, refusal);
        else if (room->occupant(nick)) // the account's other session has this nick
            joinSession(room, nick, presence);
        else
            join(room, nick, presence, RoomAge::Existing);
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
    // Sessions of one account may share a nick (classic mode, as Prosody): not a conflict.
    const auto holder = room.occupants().constFind(nick);
    return holder != room.occupants().cend()
            && Jid::bare(holder->realJid) != Jid::bare(Stanza::from(presence))
        ? nickConflict()
        : MucRefusal();
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
    for (const MucOccupant &other : room->occupants()) {
        if (MucPresenceBroadcast::shows(*room, other, newcomer))
            router()->route(occupantPresence(room, other, newcomer, QString(), {}));
    }
    for (const QDomElement &absent : MucPresenceBroadcast::absentMembers(*room, newcomer))
        router()->route(absent);
    room->addOccupant(newcomer);
    for (const MucOccupant &other : room->occupants()) {
        if (other.nick != nick && MucPresenceBroadcast::shows(*room, newcomer, other))
            deliver(occupantPresence(room, newcomer, other, QString(), {}), other);
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
    MucOccupant *occupant = room->occupant(nick);
    const auto other = occupant->otherSessions.find(Stanza::from(presence));
    if (other != occupant->otherSessions.end())
        *other = Stanza::copy(presence);
    else
        occupant->presence = Stanza::copy(presence);
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
        if (!MucPresenceBroadcast::shows(*room, before, recipient))
            continue;
        QList<int> codes { MucStatus::NickChanged };
        if (recipient.nick == oldNick)
            codes << MucStatus::SelfPresence;
        QDomElement unavailable
            = occupantPresence(room, before, recipient, QStringLiteral("unavailable"), codes);
        // The occupant keeps its role under its new nick (Prosody, issue 1466).
        for (QDomElement item : Stanza::children(Stanza::child(unavailable, QStringLiteral("x"), Ns::MucUser),
                                                 QStringLiteral("item"), Ns::MucUser)) {
            item.setAttribute(QStringLiteral("nick"), newNick);
            item.setAttribute(QStringLiteral("role"), roleName(before.role));
        }
        deliver(unavailable, recipient);
    }
    room->renameOccupant(oldNick, newNick);
    MucOccupant *after = room->occupant(newNick);
    after->presence = Stanza::copy(presence);
    for (const MucOccupant &recipient : room->occupants()) {
        if (!MucPresenceBroadcast::shows(*room, *after, recipient))
            continue;
        QList<int> codes;
        if (recipient.nick == newNick)
            codes << MucStatus::SelfPresence;
        deliver(occupantPresence(room, *after, recipient, QString(), codes), recipient);
    }
}

void MucService::leave(MucRoom *room, const QString &nick, const QDomElement &presence)
{
    if (!room->occupant(nick)->otherSessions.isEmpty()) {
        leaveSession(room, nick, presence, false);
        return;
    }
    MucOccupant leaving = *room->occupant(nick);
    leaving.presence = Stanza::copy(presence); // its parting status, if any
    for (const MucOccupant &recipient : room->occupants()) {
        if (!MucPresenceBroadcast::shows(*room, leaving, recipient, QStringLiteral("unavailable")))
            continue;
        QList<int> codes;
        if (recipient.nick == nick)
            codes << MucStatus::SelfPresence;
        deliver(occupantPresence(room, leaving, recipient, QStringLiteral("unavailable"), codes), recipient);
    }
    room->removeOccupant(nick);
    m_iqRelay->occupantLeft(room->jid(), leaving.realJid);
    destroyIfUnused(room->jid());
}

void MucService::joinSession(MucRoom *room, const QString &nick, const QDomElement &presence)
{
    const QString session = Stanza::from(presence);
    MucOccupant *occupant = room->occupant(nick);
    occupant->otherSessions.insert(session, Stanza::copy(presence));
    MucOccupant newcomer = *occupant; // the occupant as this session alone
    newcomer.realJid = session;
    newcomer.otherSessions.clear();
    for (const MucOccupant &other : room->occupants()) {
        if (other.nick != nick && MucPresenceBroadcast::shows(*room, other, newcomer))
            router()->route(occupantPresence(room, other, newcomer, QString(), {}));
    }
    for (const QDomElement &absent : MucPresenceBroadcast::absentMembers(*room, newcomer))
        router()->route(absent);
    // The others see the occupant's items grow; its sessions get their presence (110).
    broadcastPresence(room, nick);
    for (MucFeature *feature : qAsConst(m_features))
        feature->occupantJoined(*this, room, newcomer, presence);
    router()->route(MucSubject::joinSubject(*room, session));
}

void MucService::leaveSession(MucRoom *room, const QString &nick, const QDomElement &presence, bool error)
{
    const QString session = Stanza::from(presence);
    MucOccupant *occupant = room->occupant(nick);
    MucOccupant leaving = *occupant;
    leaving.realJid = session;
    leaving.otherSessions.clear();
    leaving.presence = Stanza::copy(presence);
    if (occupant->realJid == session) { // another session becomes the one the room shows
        const auto next = occupant->otherSessions.begin();
        occupant->realJid = next.key();
        occupant->presence = next.value();
        occupant->otherSessions.erase(next);
    } else {
        occupant->otherSessions.remove(session);
    }
    if (!error) // a client that answered with an error is not listening
        router()->route(occupantPresence(room, leaving, leaving, QStringLiteral("unavailable"),
                                         { MucStatus::SelfPresence }));
    broadcastPresence(room, nick);
    m_iqRelay->occupantLeft(room->jid(), session);
}

void MucService::resync(MucRoom *room, const QString &nick, const QDomElement &presence)
{
    // Prosody's answer to a join from a joined session (a client that lost track): the
    // others' presence, its own, then history and subject, as at a first join.
    MucOccupant self = *room->occupant(nick);
    self.realJid = Stanza::from(presence);
    self.otherSessions.clear();
    for (const MucOccupant &other : room->occupants()) {
        if (other.nick != nick && MucPresenceBroadcast::shows(*room, other, self))
            router()->route(occupantPresence(room, other, self, QString(), {}));
    }
    for (const QDomElement &absent : MucPresenceBroadcast::absentMembers(*room, self))
        router()->route(absent);
    updatePresence(room, nick, presence);
    for (MucFeature *feature : qAsConst(m_features))
        feature->occupantJoined(*this, room, self, presence);
    router()->route(MucSubject::joinSubject(*room, self.realJid));
}

void MucService::removeForError(MucRoom *room, const QString &nick, const QDomElement &error)
{
    if (!room->occupant(nick)->otherSessions.isEmpty()) {
        leaveSession(room, nick, error, true);
        return;
    }
    // Prosody's wording: "Kicked: <condition, dashes as spaces>", then the error's text
    // where real JIDs are public (the text may tell about the user).
    QString condition;
    QString text;
    const QDomElement details = error.firstChildElement(QStringLiteral("error"));
    for (QDomElement e = details.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
        if (e.namespaceURI() != Ns::Stanzas)
            continue;
        if (e.tagName() == QLatin1String("text"))
            text = e.text();
        else if (condition.isEmpty())
            condition = e.tagName().replace(QLatin1Char('-'), QLatin1Char(' '));
    }
    QString status
        = QStringLiteral("Kicked: ") + (condition.isEmpty() ? QStringLiteral("presence error") : condition);
    if (!text.isEmpty() && room->config().nonAnonymous)
        status += QStringLiteral(": ") + text;
    QDomElement farewell = Stanza::create(QStringLiteral("presence"), Stanza::from(error),
                                          Jid::full(room->jid(), nick), QStringLiteral("unavailable"));
    Stanza::addTextChild(farewell, QStringLiteral("status"), status);
    room->occupant(nick)->presence = farewell;
    evict(room, nick, { MucStatus::TechnicalError });
    destroyIfUnused(room->jid());
}

void MucService::answerProbe(MucRoom *room, const QString &prober, const QDomElement &probe)
{
    if (prober.isEmpty()) {
        presenceError(probe,
                      { Stanza::ErrorType::Cancel, QStringLiteral("not-acceptable"),
                        QStringLiteral("You are not currently connected to this chat") });
        return;
    }
    QString nick = MucNickname::prepare(Jid::resource(Stanza::to(probe)));
    if (nick.isEmpty())
        nick = prober; // a probe of the room itself asks about oneself
    const MucOccupant recipient = *room->occupant(prober);
    if (const MucOccupant *probed = room->occupant(nick)) {
        deliver(occupantPresence(room, *probed, recipient, QString(), {}), recipient);
        return;
    }
    // Not in the room: a nick someone registered is shown as that user, away (as Prosody).
    const QString owner = room->reservedBy(nick);
    if (owner.isEmpty())
        return;
    MucOccupant absent;
    absent.nick = nick;
    absent.realJid = owner;
    absent.role = MucRole::None;
    QDomElement presence = occupantPresence(room, absent, recipient, QStringLiteral("unavailable"), {});
    Stanza::child(presence, QStringLiteral("x"), Ns::MucUser)
        .firstChildElement(QStringLiteral("item"))
        .setAttribute(QStringLiteral("nick"), nick);
    presence.removeChild(presence.firstChildElement(QStringLiteral("occupant-id")));
    deliver(presence, recipient);
}

void MucService::deliver(QDomElement stanza, const MucOccupant &recipient)
{
    for (const QString &session : recipient.sessions()) {
        stanza.setAttribute(QStringLiteral("to"), session);
        router()->route(stanza);
    }
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
        // XEP-0045 §8.1: a subject with a body or a thread is an ordinary message.
        const bool subjectChange = !message.firstChildElement(QStringLiteral("subject")).isNull()
            && message.firstChildElement(QStringLiteral("body")).isNull()
            && message.firstChildElement(QStringLiteral("thread")).isNull();
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
    Stanza::removeChildren(broadcast, QStringLiteral("delay"), Ns::Delay);
    broadcast.setAttribute(QStringLiteral("from"), Jid::full(room->jid(), nick));
    broadcast.removeAttribute(QStringLiteral("to"));
    for (MucFeature *feature : qAsConst(m_features))
        feature->messageBroadcast(room, broadcast, *sender);

    const QStringList recipients = room->occupantJids(); // a copy: routing may change the room
    const StanzaRouter::Broadcast once(router(), broadcast);
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
    if (Stanza::child(forwarded, QStringLiteral("x"), Ns::MucUser).isNull())
        Stanza::addChild(forwarded, QStringLiteral("x"), Ns::MucUser);
    deliver(forwarded, *target);
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
    if (MucRegistration::isReservedNickQuery(iq)) {
        router()->route(MucRegistration::reservedNickInfo(*room, iq));
    } else if (!Stanza::child(iq, QStringLiteral("query"), Ns::Register).isNull()) {
        m_registration->handle(*this, room, iq);
        destroyIfUnused(room->jid());
    } else if (get && !Stanza::child(iq, QStringLiteral("query"), Ns::DiscoInfo).isNull()) {
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
            // First in <x/>, and the item keeps its affiliation (Prosody's order and items).
            QDomElement notice = x.ownerDocument().createElementNS(Ns::MucUser, QStringLiteral("destroy"));
            x.insertBefore(notice, x.firstChild());
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
            destroyRoom(room, [](QDomElement &x) {
                x.insertBefore(x.ownerDocument().createElementNS(Ns::MucUser, QStringLiteral("destroy")),
                               x.firstChild());
            });
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
    // Those who must leave (members-only) do before the owner's result, then the
    // occupants left hear of the change (Prosody's order).
    for (MucFeature *feature : qAsConst(m_features))
        feature->configChanged(*this, room, before);
    save(room);
    replyResult(iq);
    QDomElement notice = m_configForm->changeNotice(*room, before);
    if (!notice.isNull()) {
        const QStringList recipients = room->occupantJids();
        for (const QString &to : recipients) {
            notice.setAttribute(QStringLiteral("to"), to);
            router()->route(notice);
        }
    }
}

void MucService::destroyRoom(MucRoom *room, const Decoration &decorate)
{
    const QString roomJid = room->jid();
    // XEP-0045 §10.9: each occupant gets its own unavailable presence with the destroy notice.
    const QList<MucOccupant> occupants = room->occupants().values();
    for (const MucOccupant &occupant : occupants) {
        QDomElement presence = occupantPresence(room, occupant, occupant, QStringLiteral("unavailable"),
                                                { MucStatus::SelfPresence });
        QDomElement x = Stanza::child(presence, QStringLiteral("x"), Ns::MucUser);
        decorate(x);
        deliver(presence, occupant);
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
        if (!MucPresenceBroadcast::shows(*room, gone, recipient, QStringLiteral("unavailable")))
            continue;
        QList<int> codes = statusCodes;
        if (recipient.nick == nick)
            codes.prepend(MucStatus::SelfPresence);
        QDomElement presence = occupantPresence(room, gone, recipient, QStringLiteral("unavailable"), codes);
        if (decorate) {
            QDomElement x = Stanza::child(presence, QStringLiteral("x"), Ns::MucUser);
            decorate(x);
        }
        deliver(presence, recipient);
    }
    room->removeOccupant(nick);
    m_iqRelay->occupantLeft(room->jid(), gone.realJid);
}

void MucService::broadcastPresence(MucRoom *room, const QString &nick, const Decoration &decorate)
{
    const MucOccupant about = *room->occupant(nick);
    for (const MucOccupant &recipient : room->occupants()) {
        if (!MucPresenceBroadcast::shows(*room, about, recipient))
            continue;
        QList<int> codes;
        if (recipient.nick == nick)
            codes << MucStatus::SelfPresence;
        QDomElement presence = occupantPresence(room, about, recipient, QString(), codes);
        if (decorate) {
            QDomElement x = Stanza::child(presence, QStringLiteral("x"), Ns::MucUser);
            decorate(x);
        }
        deliver(presence, recipient);
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
