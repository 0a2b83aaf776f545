#include "MucService.h"

#include "Jid.h"
#include "MessageArchive.h"
#include "RoomStore.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

#include <QUuid>

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

QString newStanzaId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}
} // namespace

MucService::MucService(StanzaRouter *router, const QString &domain, MessageArchive *archive, RoomStore *store)
    : ServerExtension(router)
    , m_domain(domain)
    , m_archive(archive)
    , m_store(store)
{ }

bool MucService::start()
{
    for (const std::shared_ptr<MucRoom> &room : m_store->load()) {
        const int length = room->config().historyLength;
        for (const HistoryEntry &entry : m_archive->latest(room->jid(), room->jid(), length))
            room->addHistory(entry.message, entry.stamp);
        m_rooms.insert(room->jid(), room);
    }
    return true;
}

void MucService::removeUnusedRooms()
{
    const QStringList roomJids = m_rooms.keys();
    for (const QString &roomJid : roomJids)
        destroyIfUnused(roomJid);
}

void MucService::save(const MucRoom *room)
{
    if (!m_stopping)
        m_store->save(*room);
}

void MucService::forget(const QString &roomJid)
{
    m_rooms.remove(roomJid);
    if (m_stopping)
        return; // a shutdown keeps every room for the restart
    m_store->remove(roomJid);
    m_archive->removeOwner(roomJid);
}

MucService::~MucService() = default;

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
    const QDomElement info = Stanza::child(iq, QStringLiteral("query"), Ns::DiscoInfo);
    const QDomElement items = Stanza::child(iq, QStringLiteral("query"), Ns::DiscoItems);
    if (Stanza::type(iq) == QLatin1String("get") && !info.isNull()) {
        QDomElement result = Stanza::iqResult(iq);
        QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::DiscoInfo);
        QDomElement identity = Stanza::addChild(query, QStringLiteral("identity"));
        identity.setAttribute(QStringLiteral("category"), QStringLiteral("conference"));
        identity.setAttribute(QStringLiteral("type"), QStringLiteral("text"));
        identity.setAttribute(QStringLiteral("name"), QStringLiteral("Chatrooms"));
        for (const QString &feature :
             { QString(Ns::DiscoInfo), QString(Ns::DiscoItems), QString(Ns::Muc), QString(Ns::Ping) })
            Stanza::addChild(query, QStringLiteral("feature")).setAttribute(QStringLiteral("var"), feature);
        router()->route(result);
    } else if (Stanza::type(iq) == QLatin1String("get") && !items.isNull()) {
        QDomElement result = Stanza::iqResult(iq);
        QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::DiscoItems);
        QStringList names = m_rooms.keys();
        names.sort();
        for (const QString &jid : names) {
            const MucRoom *room = m_rooms.value(jid).get();
            if (!room->config().isPublic || room->isLocked())
                continue;
            QDomElement item = Stanza::addChild(query, QStringLiteral("item"));
            item.setAttribute(QStringLiteral("jid"), jid);
            item.setAttribute(QStringLiteral("name"), room->config().name);
        }
        router()->route(result);
    } else if (!Stanza::child(iq, QStringLiteral("ping"), Ns::Ping).isNull()) {
        replyResult(iq);
    } else {
        replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("service-unavailable"));
    }
}

void MucService::presenceError(const QDomElement &presence, Stanza::ErrorType type, const QString &condition,
                               const QString &text)
{
    QDomElement error = Stanza::errorReply(presence, type, condition, text);
    router()->route(error);
}

QDomElement MucService::occupantPresence(MucRoom *room, const MucOccupant &about,
                                         const MucOccupant &recipient, const QString &type,
                                         const QList<int> &statusCodes) const
{
    router()->count(QStringLiteral("muc.presence-out")); // each one built is sent to its recipient
    QDomElement presence = Stanza::create(QStringLiteral("presence"), Jid::full(room->jid(), about.nick),
                                          recipient.realJid, type);
    if (type.isEmpty() && !about.presence.isNull()) {
        // Carry what the occupant said about itself (show, status, priority, caps, ...).
        for (QDomElement e = about.presence.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
            if (e.namespaceURI() == Ns::Muc || e.namespaceURI() == Ns::MucUser)
                continue;
            presence.appendChild(presence.ownerDocument().importNode(e, true));
        }
    } else if (type == QLatin1String("unavailable") && !about.presence.isNull()) {
        const QDomElement status = about.presence.firstChildElement(QStringLiteral("status"));
        if (!status.isNull() && status.namespaceURI() == Ns::Client)
            presence.appendChild(presence.ownerDocument().importNode(status, true));
    }
    QDomElement x = Stanza::addChild(presence, QStringLiteral("x"), Ns::MucUser);
    QDomElement item = Stanza::addChild(x, QStringLiteral("item"));
    item.setAttribute(QStringLiteral("affiliation"), affiliationName(room->affiliation(about.realJid)));
    item.setAttribute(QStringLiteral("role"),
                      roleName(type == QLatin1String("unavailable") ? MucRole::None : about.role));
    const bool showJid = room->config().nonAnonymous || recipient.role == MucRole::Moderator
        || recipient.realJid == about.realJid;
    if (showJid)
        item.setAttribute(QStringLiteral("jid"), about.realJid);
    for (int code : statusCodes)
        Stanza::addChild(x, QStringLiteral("status"))
            .setAttribute(QStringLiteral("code"), QString::number(code));
    Stanza::addChild(presence, QStringLiteral("occupant-id"), Ns::OccupantId)
        .setAttribute(QStringLiteral("id"), room->occupantId(about.realJid));
    return presence;
}

QDomElement MucService::subjectMessage(MucRoom *room, const QString &to) const
{
    const QString from
        = room->subjectNick().isEmpty() ? room->jid() : Jid::full(room->jid(), room->subjectNick());
    QDomElement message = Stanza::create(QStringLiteral("message"), from, to, QStringLiteral("groupchat"),
                                         QStringLiteral("subject-%1").arg(newStanzaId()));
    Stanza::addTextChild(message, QStringLiteral("subject"), room->subject());
    return message;
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
        if (!currentNick.isEmpty())
            leave(room, currentNick, presence);
        return;
    }
    if (!type.isEmpty())
        return; // errors, probes and subscriptions mean nothing to a room

    if (nick.isEmpty()) {
        presenceError(presence, Stanza::ErrorType::Modify, QStringLiteral("jid-malformed"),
                      QStringLiteral("a nickname is required"));
        return;
    }
    if (!currentNick.isEmpty()) {
        if (currentNick == nick) {
            MucOccupant *occupant = room->occupant(nick);
            occupant->presence = Stanza::copy(presence);
            for (const MucOccupant &recipient : room->occupants()) {
                QList<int> codes;
                if (recipient.nick == nick)
                    codes << MucStatus::SelfPresence;
                router()->route(occupantPresence(room, *occupant, recipient, QString(), codes));
            }
        } else {
            changeNick(room, currentNick, nick, presence);
        }
        return;
    }

    bool created = false;
    if (!room) {
        if (!isValidRoomNode(Jid::node(roomJid))) {
            presenceError(presence, Stanza::ErrorType::Modify, QStringLiteral("jid-malformed"),
                          QStringLiteral("not a valid room name"));
            return;
        }
        auto newRoom = std::make_shared<MucRoom>(roomJid);
        newRoom->setAffiliation(Jid::bare(from), MucAffiliation::Owner);
        m_rooms.insert(roomJid, newRoom);
        room = newRoom.get();
        created = true;
        save(room);
    }
    const MucAffiliation affiliation = room->affiliation(from);
    if (!created) {
        if (room->isLocked() && affiliation != MucAffiliation::Owner) {
            presenceError(presence, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                          QStringLiteral("this room is locked until its owner configures it"));
            return;
        }
        if (affiliation == MucAffiliation::Outcast) {
            presenceError(presence, Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                          QStringLiteral("you are banned from this room"));
            return;
        }
        if (room->config().membersOnly && affiliation == MucAffiliation::None) {
            presenceError(presence, Stanza::ErrorType::Auth, QStringLiteral("registration-required"),
                          QStringLiteral("this room is for members only"));
            return;
        }
        if (room->config().passwordProtected && affiliation != MucAffiliation::Owner) {
            const QDomElement x = Stanza::child(presence, QStringLiteral("x"), Ns::Muc);
            if (x.firstChildElement(QStringLiteral("password")).text() != room->config().password) {
                presenceError(presence, Stanza::ErrorType::Auth, QStringLiteral("not-authorized"),
                              QStringLiteral("a password is required to enter this room"));
                return;
            }
        }
        if (room->occupant(nick)) {
            presenceError(presence, Stanza::ErrorType::Cancel, QStringLiteral("conflict"),
                          QStringLiteral("that nickname is already in use"));
            return;
        }
    }
    join(room, nick, presence, created);
}

void MucService::join(MucRoom *room, const QString &nick, const QDomElement &presence, bool created)
{
    const QString realJid = Stanza::from(presence);
    MucOccupant newcomer;
    newcomer.nick = nick;
    newcomer.realJid = realJid;
    newcomer.role = room->defaultRole(room->affiliation(realJid));
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
    if (created)
        codes << MucStatus::RoomCreated;
    router()->route(occupantPresence(room, newcomer, newcomer, QString(), codes));

    const HistoryRequest request = HistoryRequest::fromJoin(presence, room->config().historyLength);
    for (const HistoryEntry &entry : request.select(room->history(), QDateTime::currentDateTimeUtc()))
        router()->route(delayedCopy(entry, room->jid(), realJid));
    router()->route(subjectMessage(room, realJid));
}

void MucService::changeNick(MucRoom *room, const QString &oldNick, const QString &newNick,
                            const QDomElement &presence)
{
    if (room->occupant(newNick)) {
        presenceError(presence, Stanza::ErrorType::Cancel, QStringLiteral("conflict"),
                      QStringLiteral("that nickname is already in use"));
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
        if (subjectChange)
            changeSubject(room, nick, message);
        else
            broadcastMessage(room, nick, message);
    } else if (!targetNick.isEmpty() && type != QLatin1String("groupchat")) {
        sendPrivateMessage(room, nick, message);
    } else if (targetNick.isEmpty() && invitation) {
        sendInvitations(room, message);
    } else {
        replyError(message, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                   QStringLiteral("groupchat messages go to the room, private messages to an occupant"));
    }
}

void MucService::broadcastMessage(MucRoom *room, const QString &nick, const QDomElement &message)
{
    const MucOccupant *sender = room->occupant(nick);
    if (room->config().moderated && sender->role == MucRole::Visitor) {
        replyError(message, Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                   QStringLiteral("visitors may not speak in a moderated room"));
        return;
    }
    QDomElement broadcast = Stanza::copy(message);
    broadcast.setAttribute(QStringLiteral("from"), Jid::full(room->jid(), nick));
    // Never relay ids a client made up in the room's name (XEP-0359 §3.1).
    for (QDomElement old : Stanza::children(broadcast, QStringLiteral("stanza-id"), Ns::StanzaId)) {
        if (old.attribute(QStringLiteral("by")) == room->jid())
            broadcast.removeChild(old);
    }
    for (QDomElement old : Stanza::children(broadcast, QStringLiteral("occupant-id"), Ns::OccupantId))
        broadcast.removeChild(old);
    QDomElement stanzaId = Stanza::addChild(broadcast, QStringLiteral("stanza-id"), Ns::StanzaId);
    stanzaId.setAttribute(QStringLiteral("id"), newStanzaId());
    stanzaId.setAttribute(QStringLiteral("by"), room->jid());
    Stanza::addChild(broadcast, QStringLiteral("occupant-id"), Ns::OccupantId)
        .setAttribute(QStringLiteral("id"), room->occupantId(sender->realJid));
    broadcast.removeAttribute(QStringLiteral("to"));
    if (!broadcast.firstChildElement(QStringLiteral("body")).isNull()) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        room->addHistory(Stanza::copy(broadcast), now);
        m_archive->store(room->jid(), room->jid(), broadcast, now);
    }

    const QStringList recipients = room->occupantJids(); // a copy: routing may change the room
    for (const QString &to : recipients) {
        broadcast.setAttribute(QStringLiteral("to"), to);
        router()->route(broadcast);
    }
}

void MucService::changeSubject(MucRoom *room, const QString &nick, const QDomElement &message)
{
    const MucOccupant *sender = room->occupant(nick);
    if (!room->config().occupantsMayChangeSubject && sender->role != MucRole::Moderator) {
        replyError(message, Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                   QStringLiteral("only moderators may change the subject of this room"));
        return;
    }
    room->setSubject(message.firstChildElement(QStringLiteral("subject")).text(), nick);
    save(room);
    const QStringList recipients = room->occupantJids(); // a copy: routing may change the room
    for (const QString &to : recipients)
        router()->route(subjectMessage(room, to));
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

void MucService::sendInvitations(MucRoom *room, const QDomElement &message)
{
    const QDomElement x = Stanza::child(message, QStringLiteral("x"), Ns::MucUser);
    for (const QDomElement &invite : Stanza::children(x, QStringLiteral("invite"), Ns::MucUser)) {
        const QString invitee = invite.attribute(QStringLiteral("to"));
        if (invitee.isEmpty())
            continue;
        if (room->config().membersOnly) {
            // XEP-0045 §7.8.2: an invitation to a members-only room makes the invitee a member.
            if (room->affiliation(invitee) == MucAffiliation::None) {
                room->setAffiliation(invitee, MucAffiliation::Member);
                save(room);
            }
        }
        QDomElement out = Stanza::create(QStringLiteral("message"), room->jid(), invitee);
        QDomElement outX = Stanza::addChild(out, QStringLiteral("x"), Ns::MucUser);
        QDomElement outInvite = Stanza::addChild(outX, QStringLiteral("invite"));
        outInvite.setAttribute(QStringLiteral("from"), Jid::bare(Stanza::from(message)));
        const QString reason = invite.firstChildElement(QStringLiteral("reason")).text();
        if (!reason.isEmpty())
            Stanza::addTextChild(outInvite, QStringLiteral("reason"), reason);
        if (room->config().passwordProtected)
            Stanza::addTextChild(outX, QStringLiteral("password"), room->config().password);
        router()->route(out);
    }
}

void MucService::handleIq(const QDomElement &iq)
{
    const QString from = Stanza::from(iq);
    const QString roomJid = Jid::bare(Stanza::to(iq));
    const QString targetNick = Jid::resource(Stanza::to(iq));
    if (!Stanza::isRequest(iq)) {
        relayOccupantIqAnswer(iq);
        return;
    }
    MucRoom *room = m_rooms.value(roomJid).get();
    if (!room) {
        replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                   QStringLiteral("no such room"));
        return;
    }
    const QString nick = room->nickOf(from);
    if (!targetNick.isEmpty()) {
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
        else
            relayOccupantIq(room, nick, iq);
        return;
    }
    const bool get = Stanza::type(iq) == QLatin1String("get");
    if (get && !Stanza::child(iq, QStringLiteral("query"), Ns::DiscoInfo).isNull()) {
        sendRoomInfo(room, iq);
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

void MucService::sendRoomInfo(MucRoom *room, const QDomElement &iq)
{
    if (room->isLocked() && room->affiliation(Stanza::from(iq)) != MucAffiliation::Owner) {
        replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                   QStringLiteral("no such room"));
        return;
    }
    const MucRoomConfig &config = room->config();
    QDomElement result = Stanza::iqResult(iq);
    QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::DiscoInfo);
    QDomElement identity = Stanza::addChild(query, QStringLiteral("identity"));
    identity.setAttribute(QStringLiteral("category"), QStringLiteral("conference"));
    identity.setAttribute(QStringLiteral("type"), QStringLiteral("text"));
    identity.setAttribute(QStringLiteral("name"), config.name);
    const QStringList features = {
        QString(Ns::Muc),
        QString(Ns::StanzaId),
        QString(Ns::Mam),
        QString(Ns::OccupantId),
        config.persistent ? QStringLiteral("muc_persistent") : QStringLiteral("muc_temporary"),
        config.isPublic ? QStringLiteral("muc_public") : QStringLiteral("muc_hidden"),
        config.membersOnly ? QStringLiteral("muc_membersonly") : QStringLiteral("muc_open"),
        config.moderated ? QStringLiteral("muc_moderated") : QStringLiteral("muc_unmoderated"),
        config.passwordProtected ? QStringLiteral("muc_passwordprotected") : QStringLiteral("muc_unsecured"),
        config.nonAnonymous ? QStringLiteral("muc_nonanonymous") : QStringLiteral("muc_semianonymous"),
    };
    for (const QString &feature : features)
        Stanza::addChild(query, QStringLiteral("feature")).setAttribute(QStringLiteral("var"), feature);
    QDomElement form = Stanza::addChild(query, QStringLiteral("x"), Ns::DataForms);
    form.setAttribute(QStringLiteral("type"), QStringLiteral("result"));
    auto field = [&form](const QString &var, const QString &value) {
        QDomElement f = Stanza::addChild(form, QStringLiteral("field"));
        f.setAttribute(QStringLiteral("var"), var);
        Stanza::addTextChild(f, QStringLiteral("value"), value);
    };
    field(QStringLiteral("FORM_TYPE"), Ns::MucRoomInfo);
    field(QStringLiteral("muc#roominfo_description"), config.description);
    field(QStringLiteral("muc#roominfo_subject"), room->subject());
    field(QStringLiteral("muc#roominfo_occupants"), QString::number(room->occupants().size()));
    router()->route(result);
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
    if (Stanza::type(iq) == QLatin1String("set") && !destroy.isNull()) {
        destroyRoom(room, destroy);
        replyResult(iq);
        return;
    }
    if (Stanza::type(iq) == QLatin1String("get")) {
        QDomElement result = Stanza::iqResult(iq);
        QDomElement resultQuery = Stanza::addChild(result, QStringLiteral("query"), Ns::MucOwner);
        room->configForm(resultQuery);
        router()->route(result);
        return;
    }
    const QDomElement form = Stanza::child(query, QStringLiteral("x"), Ns::DataForms);
    if (form.isNull()) {
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                   QStringLiteral("expected a data form"));
        return;
    }
    const QString formType = form.attribute(QStringLiteral("type"));
    if (formType == QLatin1String("cancel")) {
        replyResult(iq);
        if (room->isLocked()) {
            // Cancelling the creation of a new room destroys it (XEP-0045 §10.1.2).
            const QString roomJid = room->jid();
            const auto occupants = room->occupants();
            for (const MucOccupant &occupant : occupants) {
                QDomElement gone = occupantPresence(room, occupant, occupant, QStringLiteral("unavailable"),
                                                    { MucStatus::SelfPresence });
                Stanza::addChild(gone.firstChildElement(QStringLiteral("x")), QStringLiteral("destroy"));
                router()->route(gone);
            }
            forget(roomJid);
        }
        return;
    }
    if (formType != QLatin1String("submit")) {
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                   QStringLiteral("expected a form of type submit or cancel"));
        return;
    }
    QString error;
    const bool wasMembersOnly = room->config().membersOnly;
    if (!room->applyConfigForm(form, &error)) {
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"), error);
        return;
    }
    room->unlock();
    save(room);
    replyResult(iq);
    if (room->config().membersOnly && !wasMembersOnly) {
        // XEP-0045 §10.2: occupants without membership leave a room that became members-only.
        const QList<MucOccupant> occupants = room->occupants().values(); // evict() changes the room
        for (const MucOccupant &occupant : occupants) {
            if (room->affiliation(occupant.realJid) == MucAffiliation::None)
                evict(room, occupant.nick, { MucStatus::MembersOnly });
        }
    }
}

void MucService::destroyRoom(MucRoom *room, const QDomElement &destroy)
{
    const QString roomJid = room->jid();
    const QString venue = destroy.attribute(QStringLiteral("jid"));
    const QString reason = destroy.firstChildElement(QStringLiteral("reason")).text();
    const auto decorate = [&](QDomElement &x) {
        x.firstChildElement(QStringLiteral("item"))
            .setAttribute(QStringLiteral("affiliation"), QStringLiteral("none"));
        QDomElement notice = Stanza::addChild(x, QStringLiteral("destroy"));
        if (!venue.isEmpty())
            notice.setAttribute(QStringLiteral("jid"), venue);
        if (!reason.isEmpty())
            Stanza::addTextChild(notice, QStringLiteral("reason"), reason);
    };
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
                       const std::function<void(QDomElement &x)> &decorate)
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
    const QString from = Stanza::from(iq);
    const QString actorNick = room->nickOf(from);
    const MucAffiliation actorAffiliation = room->affiliation(from);
    const MucOccupant *actor = actorNick.isEmpty() ? nullptr : room->occupant(actorNick);
    const bool actorIsModerator = actor && actor->role == MucRole::Moderator;
    const QDomElement query = Stanza::child(iq, QStringLiteral("query"), Ns::MucAdmin);
    const QList<QDomElement> items = Stanza::children(query, QStringLiteral("item"), Ns::MucAdmin);
    if (items.isEmpty()) {
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"), QStringLiteral("no item"));
        return;
    }

    if (Stanza::type(iq) == QLatin1String("get")) {
        // Lists: by affiliation for admins and owners, by role for moderators.
        const QDomElement wanted = items.first();
        QDomElement result = Stanza::iqResult(iq);
        QDomElement list = Stanza::addChild(result, QStringLiteral("query"), Ns::MucAdmin);
        if (wanted.hasAttribute(QStringLiteral("affiliation"))) {
            bool ok = false;
            const MucAffiliation affiliation
                = affiliationFromName(wanted.attribute(QStringLiteral("affiliation")), &ok);
            if (!ok || affiliation == MucAffiliation::None) {
                replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"));
                return;
            }
            if (actorAffiliation < MucAffiliation::Admin) {
                replyError(iq, Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                           QStringLiteral("only admins and owners may read affiliation lists"));
                return;
            }
            for (const QString &jid : room->affiliated(affiliation)) {
                QDomElement item = Stanza::addChild(list, QStringLiteral("item"));
                item.setAttribute(QStringLiteral("affiliation"), affiliationName(affiliation));
                item.setAttribute(QStringLiteral("jid"), jid);
            }
        } else {
            if (!actorIsModerator) {
                replyError(iq, Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                           QStringLiteral("only moderators may read role lists"));
                return;
            }
            const QString roleWanted = wanted.attribute(QStringLiteral("role"));
            for (const MucOccupant &occupant : room->occupants()) {
                if (roleName(occupant.role) != roleWanted)
                    continue;
                QDomElement item = Stanza::addChild(list, QStringLiteral("item"));
                item.setAttribute(QStringLiteral("nick"), occupant.nick);
                item.setAttribute(QStringLiteral("role"), roleWanted);
                item.setAttribute(QStringLiteral("jid"), occupant.realJid);
                item.setAttribute(QStringLiteral("affiliation"),
                                  affiliationName(room->affiliation(occupant.realJid)));
            }
        }
        router()->route(result);
        return;
    }

    // Check every item before changing anything: a request applies whole or not at all.
    struct Change
    {
        QDomElement item;
        QString nick; // role changes
        QString jid; // affiliation changes
        MucRole role = MucRole::None;
        MucAffiliation affiliation = MucAffiliation::None;
        bool isRoleChange = false;
    };
    QList<Change> changes;
    for (const QDomElement &item : items) {
        Change change;
        change.item = item;
        if (item.hasAttribute(QStringLiteral("role"))) {
            change.isRoleChange = true;
            change.nick = item.attribute(QStringLiteral("nick"));
            const QString role = item.attribute(QStringLiteral("role"));
            change.role = role == QLatin1String("none") ? MucRole::None
                : role == QLatin1String("visitor")      ? MucRole::Visitor
                : role == QLatin1String("participant")  ? MucRole::Participant
                : role == QLatin1String("moderator")    ? MucRole::Moderator
                                                        : MucRole::None;
            const MucOccupant *target = room->occupant(change.nick);
            if (!target) {
                replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                           QStringLiteral("no occupant with that nickname"));
                return;
            }
            const MucAffiliation targetAffiliation = room->affiliation(target->realJid);
            const bool allowed = change.role == MucRole::Moderator ? actorAffiliation >= MucAffiliation::Admin
                                                                   : actorIsModerator
                    && (targetAffiliation < MucAffiliation::Admin || actorAffiliation > targetAffiliation);
            if (!allowed) {
                replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("not-allowed"),
                           QStringLiteral("you may not change the role of %1").arg(change.nick));
                return;
            }
        } else if (item.hasAttribute(QStringLiteral("affiliation"))) {
            bool ok = false;
            change.affiliation = affiliationFromName(item.attribute(QStringLiteral("affiliation")), &ok);
            change.jid = Jid::bare(item.attribute(QStringLiteral("jid")));
            if (!ok || change.jid.isEmpty()) {
                replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                           QStringLiteral("an affiliation change needs a jid and a known affiliation"));
                return;
            }
            const MucAffiliation current = room->affiliation(change.jid);
            const bool touchesOwnersOrAdmins
                = current >= MucAffiliation::Admin || change.affiliation >= MucAffiliation::Admin;
            const bool allowed = actorAffiliation == MucAffiliation::Owner
                || (actorAffiliation == MucAffiliation::Admin && !touchesOwnersOrAdmins);
            if (!allowed) {
                replyError(iq, Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                           QStringLiteral("you may not change the affiliation of %1").arg(change.jid));
                return;
            }
            if (current == MucAffiliation::Owner && change.affiliation != MucAffiliation::Owner
                && room->affiliated(MucAffiliation::Owner).size() == 1) {
                replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("conflict"),
                           QStringLiteral("a room keeps at least one owner"));
                return;
            }
        } else {
            replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                       QStringLiteral("an item needs a role or an affiliation"));
            return;
        }
        changes << change;
    }

    replyResult(iq);
    const auto decorateWith = [&actorNick](const QDomElement &item) {
        const QString reason = item.firstChildElement(QStringLiteral("reason")).text();
        return [actorNick, reason](QDomElement &x) {
            QDomElement outItem = x.firstChildElement(QStringLiteral("item"));
            if (!actorNick.isEmpty())
                Stanza::addChild(outItem, QStringLiteral("actor"))
                    .setAttribute(QStringLiteral("nick"), actorNick);
            if (!reason.isEmpty())
                Stanza::addTextChild(outItem, QStringLiteral("reason"), reason);
        };
    };
    for (const Change &change : qAsConst(changes)) {
        if (change.isRoleChange) {
            if (!room->occupant(change.nick))
                continue;
            if (change.role == MucRole::None) {
                evict(room, change.nick, { MucStatus::Kicked }, decorateWith(change.item));
            } else {
                room->occupant(change.nick)->role = change.role;
                broadcastPresence(room, change.nick);
            }
            continue;
        }
        room->setAffiliation(change.jid, change.affiliation);
        save(room);
        // Every occupant of that user (classic mode may have several) follows the change.
        const QList<MucOccupant> present = room->occupants().values();
        for (const MucOccupant &occupant : present) {
            if (Jid::bare(occupant.realJid) != change.jid)
                continue;
            if (change.affiliation == MucAffiliation::Outcast) {
                evict(room, occupant.nick, { MucStatus::Banned }, decorateWith(change.item));
            } else if (change.affiliation == MucAffiliation::None && room->config().membersOnly) {
                evict(room, occupant.nick, { MucStatus::AffiliationChanged }, decorateWith(change.item));
            } else {
                room->occupant(occupant.nick)->role = room->defaultRole(change.affiliation);
                broadcastPresence(room, occupant.nick);
            }
        }
    }
    destroyIfUnused(room->jid());
}

void MucService::relayOccupantIq(MucRoom *room, const QString &senderNick, const QDomElement &iq)
{
    const QString targetNick = Jid::resource(Stanza::to(iq));
    const MucOccupant *target = room->occupant(targetNick);
    const QString id = QStringLiteral("muc-relay-%1").arg(m_nextRelayId++);
    m_relayedIqs.insert(
        id, RelayedIq { Stanza::from(iq), iq.attribute(QStringLiteral("id")), room->jid(), targetNick });
    QDomElement relayed = Stanza::copy(iq);
    relayed.setAttribute(QStringLiteral("from"), Jid::full(room->jid(), senderNick));
    relayed.setAttribute(QStringLiteral("to"), target->realJid);
    relayed.setAttribute(QStringLiteral("id"), id);
    router()->route(relayed);
}

bool MucService::relayOccupantIqAnswer(const QDomElement &iq)
{
    const auto it = m_relayedIqs.find(iq.attribute(QStringLiteral("id")));
    if (it == m_relayedIqs.end())
        return false;
    const RelayedIq relayed = it.value();
    m_relayedIqs.erase(it);
    QDomElement answer = Stanza::copy(iq);
    answer.setAttribute(QStringLiteral("from"), Jid::full(relayed.room, relayed.targetNick));
    answer.setAttribute(QStringLiteral("to"), relayed.requester);
    answer.setAttribute(QStringLiteral("id"), relayed.id);
    router()->route(answer);
    return true;
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
