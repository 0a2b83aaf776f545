// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "AccountLevelJoining.h"

#include "ClientStream.h"
#include "Jid.h"
#include "MembershipStore.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <utility>

namespace {
QList<int> statusCodes(const QDomElement &presence)
{
    QList<int> codes;
    const QDomElement x = Stanza::child(presence, QStringLiteral("x"), Ns::MucUser);
    for (const QDomElement &status : Stanza::children(x, QStringLiteral("status"), Ns::MucUser))
        codes << status.attribute(QStringLiteral("code")).toInt();
    return codes;
}

void setStatusCodes(QDomElement presence, const QList<int> &codes)
{
    QDomElement x = Stanza::child(presence, QStringLiteral("x"), Ns::MucUser);
    if (x.isNull())
        x = Stanza::addChild(presence, QStringLiteral("x"), Ns::MucUser);
    Stanza::removeChildren(x, QStringLiteral("status"), Ns::MucUser);
    for (int code : codes)
        Stanza::addChild(x, QStringLiteral("status"), Ns::MucUser)
            .setAttribute(QStringLiteral("code"), QString::number(code));
}

// Lower is more available: chat > online > away > xa > dnd.
int availabilityRank(const QDomElement &presence)
{
    const QString show = presence.firstChildElement(QStringLiteral("show")).text();
    if (show == QLatin1String("chat"))
        return 0;
    if (show.isEmpty())
        return 1;
    if (show == QLatin1String("away"))
        return 2;
    if (show == QLatin1String("xa"))
        return 3;
    return 4;
}

QString presenceKey(const QDomElement &presence)
{
    if (presence.isNull())
        return QStringLiteral("xa\n");
    // The avatar's hash too (XEP-0153): a new avatar is news for the room.
    const QDomElement update = Stanza::child(presence, QStringLiteral("x"), Ns::VCardUpdate);
    return presence.firstChildElement(QStringLiteral("show")).text() + QLatin1Char('\n')
        + presence.firstChildElement(QStringLiteral("status")).text() + QLatin1Char('\n')
        + Stanza::child(update, QStringLiteral("photo"), Ns::VCardUpdate).text();
}

bool isInvitation(const QDomElement &message)
{
    const QDomElement x = Stanza::child(message, QStringLiteral("x"), Ns::MucUser);
    return !Stanza::child(x, QStringLiteral("invite"), Ns::MucUser).isNull()
        || !Stanza::child(message, QStringLiteral("x"), Ns::ConferenceInvite).isNull();
}

bool isDiscoQuery(const QDomElement &iq)
{
    return Stanza::type(iq) == QLatin1String("get")
        && (!Stanza::child(iq, QStringLiteral("query"), Ns::DiscoInfo).isNull()
            || !Stanza::child(iq, QStringLiteral("query"), Ns::DiscoItems).isNull());
}

QString joinPassword(const QDomElement &presence)
{
    return Stanza::child(Stanza::child(presence, QStringLiteral("x"), Ns::Muc), QStringLiteral("password"),
                         Ns::Muc)
        .text();
}
} // namespace

AccountLevelJoining::AccountLevelJoining(StanzaRouter *router, SessionRegistry *sessions,
                                         MessageArchive *archive, MembershipStore *store)
    : ServerExtension(router)
    , m_sessions(sessions)
    , m_archive(archive)
    , m_store(store)
{
    connect(sessions, &SessionRegistry::sessionOffline, this, &AccountLevelJoining::onSessionOffline);
    // Unavailable presence without a room is going offline too (RFC 6121 §4.5.2).
    connect(sessions, &SessionRegistry::sessionUnavailable, this, &AccountLevelJoining::onSessionOffline);
}

const Membership *AccountLevelJoining::membership(const QString &account, const QString &room) const
{
    return m_memberships.value({ account, room }).get();
}

QList<const Membership *> AccountLevelJoining::memberships() const
{
    QList<const Membership *> all;
    for (const auto &m : m_memberships)
        all << m.get();
    return all;
}

void AccountLevelJoining::erase(const Membership *membership)
{
    const Key key { membership->account, membership->room };
    if (m_memberships.value(key).get() != membership)
        return;
    if (!m_stopping) // a shutdown keeps memberships for the restart (§10)
        m_store->remove(membership->account, membership->room);
    m_memberships.remove(key);
    if (--m_membershipCounts[key.first] <= 0)
        m_membershipCounts.remove(key.first);
}

QString AccountLevelJoining::intern(const QDomElement &presence)
{
    QDomElement copy = Stanza::copy(presence);
    copy.removeAttribute(QStringLiteral("to"));
    const QString xml = XmlText::fromElement(copy);
    // Every account of a room gets the same presence of each occupant: keep one buffer.
    auto it = m_internedPresences.constFind(xml);
    if (it == m_internedPresences.constEnd())
        it = m_internedPresences.insert(xml);
    if (m_internedPresences.size() > 4 * InternedLimit / 3)
        m_internedPresences.clear(); // stale texts: dropping the table only costs sharing
    return *it;
}

bool AccountLevelJoining::persist(const Membership &membership, MembershipStore::Commit commit)
{
    return m_stopping
        || m_store->save(StoredMembership { membership.account, membership.room, membership.nick,
                                            membership.password, membership.firstArchived },
                         commit);
}

void AccountLevelJoining::onSettled(bool committed)
{
    const QVector<Key> joins = std::exchange(m_uncommittedJoins, {});
    if (committed)
        return;
    for (const Key &key : joins) {
        const std::shared_ptr<Membership> membership = m_memberships.value(key);
        if (!membership)
            continue;
        // The room took the account in, but nobody saw it (nothing was sent) and the
        // session was told its join was refused: the account leaves again, silently for
        // its sessions, and the stored membership goes at the next commit.
        membership->sessions.clear();
        membership->state = Membership::State::Leaving;
        router()->route(Stanza::create(QStringLiteral("presence"), key.first,
                                       Jid::full(key.second, membership->nick),
                                       QStringLiteral("unavailable")));
        if (m_memberships.value(key) == membership)
            erase(membership.get());
    }
}

void AccountLevelJoining::persistAll()
{
    QVector<StoredMembership> all;
    all.reserve(m_memberships.size());
    for (const auto &membership : std::as_const(m_memberships))
        all.append(StoredMembership { membership->account, membership->room, membership->nick,
                                      membership->password, membership->firstArchived });
    m_store->replaceAll(all);
}

void AccountLevelJoining::stop()
{
    m_stopping = true;
}

void AccountLevelJoining::joinAccount(const QString &account, const QString &room, const QString &nick,
                                      const QString &password, int historyStanzas)
{
    if (m_stopping || m_memberships.contains({ account, room }) || nick.isEmpty())
        return;
    if (m_membershipCounts.value(account) >= m_maxMemberships) {
        router()->traceDecision(TraceEvent::Direction::Fork, QDomElement(), account, room, {},
                                QStringLiteral("the account is in as many rooms as it may be: not joined"));
        return;
    }
    auto membership = std::make_shared<Membership>();
    membership->account = account;
    membership->room = room;
    membership->nick = nick;
    membership->password = password;
    membership->sentPresenceKey = presenceKey(QDomElement());
    membership->firstArchived = m_archive->nextSequence();
    if (!persist(*membership, MembershipStore::Commit::Now))
        return; // not stored, so not joined (the batch is rolled back)
    m_memberships.insert({ account, room }, membership);
    ++m_membershipCounts[account];

    QDomElement presence = accountPresence(*membership, nick);
    QDomElement x = Stanza::addChild(presence, QStringLiteral("x"), Ns::Muc);
    if (historyStanzas >= 0)
        Stanza::addChild(x, QStringLiteral("history"))
            .setAttribute(QStringLiteral("maxstanzas"), QString::number(historyStanzas));
    if (!password.isEmpty())
        Stanza::addTextChild(x, QStringLiteral("password"), password);
    router()->traceDecision(TraceEvent::Direction::Fork, presence, account, room, {},
                            QStringLiteral("the account joins with no session"));
    router()->route(presence);
}

void AccountLevelJoining::leaveAccount(const QString &account, const QString &room)
{
    const std::shared_ptr<Membership> membership = m_memberships.value({ account, room });
    if (!membership || !membership->sessions.isEmpty() || membership->state == Membership::State::Leaving)
        return;
    membership->state = Membership::State::Leaving;
    QDomElement out = Stanza::create(QStringLiteral("presence"), account, Jid::full(room, membership->nick),
                                     QStringLiteral("unavailable"));
    router()->traceDecision(TraceEvent::Direction::Fork, out, account, room, {},
                            QStringLiteral("the account leaves with no session"));
    router()->route(out);
    if (m_memberships.value({ account, room }) == membership)
        erase(membership.get()); // the room did not answer: it is gone
}

void AccountLevelJoining::rejoinStored()
{
    for (const StoredMembership &stored : m_store->load()) {
        if (m_memberships.contains({ stored.account, stored.room }))
            continue;
        joinAccount(stored.account, stored.room, stored.nick, stored.password, 0);
        if (auto membership = m_memberships.value({ stored.account, stored.room })) {
            membership->firstArchived = stored.firstArchived; // the replay covers what it saw before
            persist(*membership);
        }
    }
}

bool AccountLevelJoining::handleStanza(const QDomElement &stanza)
{
    const QString from = Stanza::from(stanza);
    const QString to = Stanza::to(stanza);
    if (router()->isRoomJid(to) && router()->isLocalAccount(from) && Jid::isFull(from)) {
        // A session speaking to a room.
        const std::shared_ptr<Membership> membership
            = m_memberships.value({ Jid::bare(from), Jid::bare(to) });
        const bool joined = membership && membership->sessions.contains(from);
        if (!joined && mode(Jid::bare(from)) == JoinMode::Classic)
            return false; // the MUC service sees the session itself
        if (Stanza::isPresence(stanza))
            handleSessionPresence(stanza, membership.get());
        else if (Stanza::isMessage(stanza))
            handleSessionMessage(stanza, membership.get());
        else if (Stanza::isIq(stanza))
            handleSessionIq(stanza, membership.get());
        return true;
    }
    if (Jid::domain(from) == router()->mucDomain() && router()->isLocalAccount(to) && Jid::isBare(to))
        return handleRoomStanza(stanza);
    return false;
}

void AccountLevelJoining::handleSessionPresence(const QDomElement &presence, Membership *membership)
{
    const QString session = Stanza::from(presence);
    const QString type = Stanza::type(presence);
    const bool joined = membership && membership->sessions.contains(session);
    if (type == QLatin1String("unavailable")) {
        if (joined)
            leave(membership, session, presence);
        return;
    }
    if (!type.isEmpty())
        return;
    if (!membership) {
        join(presence);
        return;
    }
    if (!joined) {
        addSession(membership, presence);
        return;
    }
    membership->sessionStatus.insert(session, Stanza::copy(presence));
    const QString nick = Jid::resource(Stanza::to(presence));
    if (!nick.isEmpty() && nick != membership->nick && membership->state == Membership::State::Joined) {
        // §7: one nick per account; any joined session may change it for all.
        router()->traceDecision(TraceEvent::Direction::Fork, presence, membership->account, membership->room,
                                {}, QStringLiteral("nick change for every session of the account"));
        router()->route(accountPresence(*membership, nick));
        return;
    }
    updateRoomPresence(membership);
}

void AccountLevelJoining::join(const QDomElement &presence)
{
    const QString session = Stanza::from(presence);
    if (m_membershipCounts.value(Jid::bare(session)) >= m_maxMemberships) {
        // As the room would refuse a join it cannot take: an error from room/nick.
        replyError(presence, Stanza::ErrorType::Wait, QStringLiteral("resource-constraint"),
                   QStringLiteral("this account is in %1 rooms, the most it may be in; leave one first")
                       .arg(m_maxMemberships));
        return;
    }
    auto membership = std::make_shared<Membership>();
    membership->account = Jid::bare(session);
    membership->room = Jid::bare(Stanza::to(presence));
    membership->nick = Jid::resource(Stanza::to(presence));
    membership->password = joinPassword(presence);
    membership->sessions = QStringList { session };
    membership->sessionStatus.insert(session, Stanza::copy(presence));
    membership->sentPresenceKey = presenceKey(presence);
    membership->firstArchived = m_archive->nextSequence();
    if (!persist(*membership, MembershipStore::Commit::Now))
        return; // not stored, so not joined: the session gets the storage's error
    m_memberships.insert({ membership->account, membership->room }, membership);
    m_uncommittedJoins.append({ membership->account, membership->room });
    ++m_membershipCounts[membership->account];

    router()->traceDecision(TraceEvent::Direction::Fork, presence, membership->account, membership->room,
                            { session }, QStringLiteral("first session: the account joins the room"));
    QDomElement out = Stanza::copy(presence);
    out.setAttribute(QStringLiteral("from"), membership->account);
    router()->route(out);
    if (m_memberships.value({ membership->account, membership->room }) == membership)
        emit joinedByPresence(membership->account, membership->room, membership->nick, membership->password);
}

void AccountLevelJoining::addSession(Membership *membership, const QDomElement &presence)
{
    const QString session = Stanza::from(presence);
    // If the new session changes what the account shows, tell the room first, so the
    // replay below already carries the account's new presence.
    membership->sessionStatus.insert(session, Stanza::copy(presence));
    updateRoomPresence(membership);
    membership->sessions.append(session);
    // Joining: the answer is still in flight; the session gets what is cached so far
    // and the rest as it is forked.
    replay(membership, session, presence);
    emit joinedByPresence(membership->account, membership->room, membership->nick, membership->password);
}

void AccountLevelJoining::replay(Membership *membership, const QString &session,
                                 const QDomElement &joinPresence)
{
    router()->traceDecision(TraceEvent::Direction::Replay, joinPresence, membership->account,
                            membership->room, { session },
                            QStringLiteral("served from the membership cache; the room sees nothing"));
    for (const QString &occupant : qAsConst(membership->occupants)) {
        QDomElement copy = XmlText::toElement(occupant);
        copy.setAttribute(QStringLiteral("to"), session);
        router()->deliver(copy);
    }
    if (membership->state != Membership::State::Joined)
        return;

    QDomElement self = Stanza::copy(membership->selfPresence);
    self.setAttribute(QStringLiteral("to"), session);
    QList<int> codes = statusCodes(self);
    codes.removeAll(MucStatus::RoomCreated);
    codes.removeAll(MucStatus::NickModified);
    if (!codes.contains(MucStatus::SelfPresence))
        codes << MucStatus::SelfPresence;
    const QString requestedNick = Jid::resource(Stanza::to(joinPresence));
    if (!requestedNick.isEmpty() && requestedNick != membership->nick)
        codes << MucStatus::NickModified;
    setStatusCodes(self, codes);
    router()->deliver(self);

    // Only what this membership saw: an archive entry from an earlier incarnation of the
    // room is not something a direct join would show.
    const HistoryRequest request = HistoryRequest::fromJoin(joinPresence, DefaultHistoryStanzas);
    const QVector<HistoryEntry> seen = m_archive->accountHistory(
        membership->account, membership->room, request.maxStanzas, membership->firstArchived);
    const auto history = request.select(seen, QDateTime::currentDateTimeUtc());
    for (const HistoryEntry &entry : history)
        router()->deliver(delayedCopy(entry, membership->room, session));

    QDomElement subject;
    if (membership->subject.isNull()) {
        subject = Stanza::create(QStringLiteral("message"), membership->room, session,
                                 QStringLiteral("groupchat"));
        Stanza::addChild(subject, QStringLiteral("subject"));
    } else {
        subject = Stanza::copy(membership->subject);
        subject.setAttribute(QStringLiteral("to"), session);
    }
    router()->deliver(subject);
}

void AccountLevelJoining::leave(Membership *membership, const QString &session, const QDomElement &presence)
{
    if (membership->sessions.size() > 1) {
        removeSession(membership, session);
        router()->traceDecision(TraceEvent::Direction::Fork, presence, membership->account, membership->room,
                                { session },
                                QStringLiteral("one session left; the account stays, the room sees nothing"));
        router()->deliver(ownUnavailable(*membership, session));
        updateRoomPresence(membership);
        return;
    }
    // The last session: the account leaves; the room's answer is forked to this session.
    const std::shared_ptr<Membership> keep = m_memberships.value({ membership->account, membership->room });
    membership->state = Membership::State::Leaving;
    QDomElement out = Stanza::copy(presence);
    out.setAttribute(QStringLiteral("from"), membership->account);
    out.setAttribute(QStringLiteral("to"), Jid::full(membership->room, membership->nick));
    router()->route(out);
    if (m_memberships.value({ membership->account, membership->room }) == keep) {
        // The room did not answer (it is gone): the session still sees itself leave.
        router()->deliver(ownUnavailable(*membership, session));
        erase(membership);
    }
    emit leftBySession(keep->account, keep->room);
}

QDomElement AccountLevelJoining::ownUnavailable(const Membership &membership, const QString &session) const
{
    QDomElement gone = Stanza::create(QStringLiteral("presence"), Jid::full(membership.room, membership.nick),
                                      session, QStringLiteral("unavailable"));
    QDomElement x = Stanza::addChild(gone, QStringLiteral("x"), Ns::MucUser);
    QDomElement item = Stanza::addChild(x, QStringLiteral("item"));
    const QDomElement reported
        = Stanza::child(Stanza::child(membership.selfPresence, QStringLiteral("x"), Ns::MucUser),
                        QStringLiteral("item"), Ns::MucUser);
    item.setAttribute(QStringLiteral("affiliation"),
                      reported.attribute(QStringLiteral("affiliation"), QStringLiteral("none")));
    item.setAttribute(QStringLiteral("role"), QStringLiteral("none"));
    if (reported.hasAttribute(QStringLiteral("jid")))
        item.setAttribute(QStringLiteral("jid"), reported.attribute(QStringLiteral("jid")));
    setStatusCodes(gone, { MucStatus::SelfPresence });
    return gone;
}

void AccountLevelJoining::removeSession(Membership *membership, const QString &session)
{
    membership->sessions.removeAll(session);
    membership->sessionStatus.remove(session);
}

QDomElement AccountLevelJoining::accountPresence(const Membership &membership, const QString &toNick) const
{
    // §7: the account shows what its most available joined session shows; xa when none is joined.
    QStringList sessions = membership.sessionStatus.keys();
    sessions.sort(); // a deterministic winner among equally available sessions
    QDomElement best;
    for (const QString &session : qAsConst(sessions)) {
        const QDomElement status = membership.sessionStatus.value(session);
        if (best.isNull() || availabilityRank(status) < availabilityRank(best))
            best = status;
    }
    QDomElement presence
        = Stanza::create(QStringLiteral("presence"), membership.account, Jid::full(membership.room, toNick));
    if (best.isNull()) {
        Stanza::addTextChild(presence, QStringLiteral("show"), QStringLiteral("xa"));
        return presence;
    }
    for (QDomElement e = best.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
        if (e.namespaceURI() == Ns::Muc || e.namespaceURI() == Ns::MucUser)
            continue;
        presence.appendChild(presence.ownerDocument().importNode(e, true));
    }
    return presence;
}

void AccountLevelJoining::updateRoomPresence(Membership *membership)
{
    if (membership->state != Membership::State::Joined)
        return;
    const QDomElement presence = accountPresence(*membership, membership->nick);
    const QString key = presenceKey(membership->sessionStatus.isEmpty() ? QDomElement() : presence);
    if (key == membership->sentPresenceKey)
        return;
    membership->sentPresenceKey = key;
    router()->route(presence);
}

void AccountLevelJoining::handleSessionMessage(const QDomElement &message, Membership *membership)
{
    const QString session = Stanza::from(message);
    if (!membership || !membership->sessions.contains(session)) {
        replyError(message, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"),
                   QStringLiteral("this session has not joined the room"));
        return;
    }
    QDomElement out = Stanza::copy(message);
    out.setAttribute(QStringLiteral("from"), membership->account);
    router()->route(out);
}

void AccountLevelJoining::handleSessionIq(const QDomElement &iq, Membership *membership)
{
    const QString session = Stanza::from(iq);
    const bool joined = membership && membership->sessions.contains(session);
    const bool roomQuery = Jid::isBare(Stanza::to(iq)) && isDiscoQuery(iq);
    if (!joined && !roomQuery) {
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"),
                   QStringLiteral("this session has not joined the room"));
        return;
    }
    QDomElement out = Stanza::copy(iq);
    out.setAttribute(QStringLiteral("from"), Jid::bare(session));
    if (Stanza::isRequest(iq)) {
        // An id of our own, so the answer returns to this session alone.
        const QString id = QStringLiteral("mmx-%1").arg(m_nextIqId++);
        m_pendingIqs.insert(id, PendingIq { session, iq.attribute(QStringLiteral("id")) });
        out.setAttribute(QStringLiteral("id"), id);
    }
    router()->route(out);
}

bool AccountLevelJoining::handleRoomStanza(const QDomElement &stanza)
{
    const QString account = Stanza::to(stanza);
    const QString room = Jid::bare(Stanza::from(stanza));
    const QString type = Stanza::type(stanza);

    if (Stanza::isIq(stanza)) {
        if (Stanza::isRequest(stanza)) {
            // A request for the occupant (relayed by the room): one joined session answers,
            // the first that joined and can answer now (a detached one, waiting for its
            // client to resume, would leave the asker waiting); its answer goes back out
            // from the account.
            const std::shared_ptr<Membership> membership = m_memberships.value({ account, room });
            if (!membership || membership->sessions.isEmpty())
                return false; // answered on the account's behalf by the fallback
            QString answering = membership->sessions.first();
            for (const QString &session : std::as_const(membership->sessions)) {
                const ClientStream *stream = m_sessions->stream(session);
                if (stream && stream->state() != ClientStream::State::Detached) {
                    answering = session;
                    break;
                }
            }
            router()->traceDecision(
                TraceEvent::Direction::Fork, stanza, account, room, { answering },
                QStringLiteral(
                    "a request for the account: its first joined session that is connected answers"));
            QDomElement request = Stanza::copy(stanza);
            request.setAttribute(QStringLiteral("to"), answering);
            router()->deliver(request);
            return true;
        }
        const PendingIq pending = m_pendingIqs.take(stanza.attribute(QStringLiteral("id")));
        if (!pending.session.isEmpty()) {
            QDomElement answer = Stanza::copy(stanza);
            answer.setAttribute(QStringLiteral("to"), pending.session);
            answer.setAttribute(QStringLiteral("id"), pending.id);
            router()->deliver(answer);
        }
        return true;
    }

    const std::shared_ptr<Membership> membership = m_memberships.value({ account, room });
    if (!membership) {
        // Invitations and other direct messages are for the account as a whole.
        if (Stanza::isMessage(stanza)
            && (isInvitation(stanza)
                || (type != QLatin1String("groupchat") && type != QLatin1String("error"))))
            return false;
        router()->traceDecision(TraceEvent::Direction::Fork, stanza, account, room, {},
                                QStringLiteral("the account is not in this room: dropped"));
        return true;
    }

    if (Stanza::isPresence(stanza)) {
        const QString nick = Jid::resource(Stanza::from(stanza));
        const QList<int> codes = statusCodes(stanza);
        const bool self = codes.contains(MucStatus::SelfPresence);
        if (type == QLatin1String("error")) {
            const bool joinRefused = membership->state != Membership::State::Joined;
            fork(membership.get(), stanza,
                 joinRefused ? QStringLiteral("the room refused the account's join")
                             : QStringLiteral("the room refused a change"));
            if (joinRefused)
                erase(membership.get());
        } else if (type == QLatin1String("unavailable")) {
            if (self && codes.contains(MucStatus::NickChanged)) {
                fork(membership.get(), stanza, QStringLiteral("the account's nick changes"));
                membership->nick = Stanza::child(Stanza::child(stanza, QStringLiteral("x"), Ns::MucUser),
                                                 QStringLiteral("item"), Ns::MucUser)
                                       .attribute(QStringLiteral("nick"), membership->nick);
                persist(*membership);
                emit joinedByPresence(account, room, membership->nick, membership->password);
            } else if (self) {
                fork(membership.get(), stanza, QStringLiteral("the account is out of the room"));
                const bool leaving = membership->state == Membership::State::Leaving;
                erase(membership.get());
                if (!leaving && !m_stopping && !codes.contains(MucStatus::ServiceShutdown))
                    emit removedByRoom(account, room);
            } else {
                membership->occupants.remove(nick);
                fork(membership.get(), stanza, QStringLiteral("an occupant left or changed nick"));
            }
        } else if (type.isEmpty()) {
            if (self) {
                membership->selfPresence = Stanza::copy(stanza);
                membership->state = Membership::State::Joined;
                if (membership->nick != nick) { // the room chose the nick
                    membership->nick = nick;
                    persist(*membership);
                }
            } else {
                membership->occupants.insert(nick, intern(stanza));
            }
            fork(membership.get(), stanza, QString());
            if (self && codes.contains(MucStatus::RoomCreated) && membership->sessions.isEmpty())
                requestInstantRoom(*membership);
        }
        return true;
    }

    if (Stanza::isMessage(stanza) && type == QLatin1String("groupchat")) {
        const bool subjectOnly = !stanza.firstChildElement(QStringLiteral("subject")).isNull()
            && stanza.firstChildElement(QStringLiteral("body")).isNull();
        if (subjectOnly) {
            membership->subject = Stanza::copy(stanza);
            // Replayed to later sessions, it must still say when it was set (XEP-0045
            // §7.2.15): a live change comes without a delay, so it gets one now.
            if (Stanza::child(membership->subject, QStringLiteral("delay"), Ns::Delay).isNull()) {
                QDomElement delay = Stanza::addChild(membership->subject, QStringLiteral("delay"), Ns::Delay);
                delay.setAttribute(QStringLiteral("from"), room);
                delay.setAttribute(QStringLiteral("stamp"),
                                   QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
            }
            // A subject the room archived (it asked to be stored) is replayed as the
            // subject, not as history.
            m_archive->withhold(account, room, stanza);
        } else if (!Stanza::child(stanza, QStringLiteral("delay"), Ns::Delay).isNull()) {
            // The account's history of R is R's archive from the first message the
            // membership received on (§8). A live message is newer than the membership; the
            // room's history at the join may be older, and then the history starts there.
            const QString stanzaId = MessageArchive::roomStanzaId(stanza, room);
            const qint64 sequence = stanzaId.isEmpty() ? 0 : m_archive->roomSequence(room, stanzaId);
            if (sequence > 0 && sequence < membership->firstArchived) {
                membership->firstArchived = sequence;
                persist(*membership);
            }
        }
    }
    fork(membership.get(), stanza, QString());
    return true;
}

void AccountLevelJoining::roomStanzaNotDelivered(const QString &account, const QDomElement &stanza)
{
    const QString room = Jid::bare(Stanza::from(stanza));
    if (!Stanza::isMessage(stanza) || Stanza::type(stanza) != QLatin1String("groupchat")
        || !m_memberships.contains({ account, room }))
        return;
    m_archive->withhold(account, room, stanza);
}

void AccountLevelJoining::requestInstantRoom(const Membership &membership)
{
    // A server-level join (§9 autojoin) created the room and no session is there to configure
    // it: accept the defaults (XEP-0045 §10.1.2) rather than leave it locked for everyone.
    // The id is ours, so the room's answer is consumed like any answer nobody waits for.
    QDomElement iq = Stanza::create(QStringLiteral("iq"), membership.account, membership.room,
                                    QStringLiteral("set"), QStringLiteral("mmx-%1").arg(m_nextIqId++));
    QDomElement query = Stanza::addChild(iq, QStringLiteral("query"), Ns::MucOwner);
    Stanza::addChild(query, QStringLiteral("x"), Ns::DataForms)
        .setAttribute(QStringLiteral("type"), QStringLiteral("submit"));
    router()->traceDecision(TraceEvent::Direction::Fork, iq, membership.account, membership.room, {},
                            QStringLiteral("no session to configure the new room: an instant room"));
    router()->route(iq);
}

void AccountLevelJoining::fork(Membership *membership, QDomElement stanza, const QString &note)
{
    const QStringList targets = membership->sessions;
    router()->traceDecision(
        TraceEvent::Direction::Fork, stanza, membership->account, membership->room, targets,
        targets.isEmpty() ? QStringLiteral("no session joined; the account keeps it") : note);
    router()->deliverToSessions(stanza, targets);
}

void AccountLevelJoining::onSessionOffline(const QString &session)
{
    for (auto it = m_pendingIqs.begin(); it != m_pendingIqs.end();) {
        if (it->session == session)
            it = m_pendingIqs.erase(it);
        else
            ++it;
    }
    const auto all = m_memberships.values();
    for (const std::shared_ptr<Membership> &membership : all) {
        if (!membership->sessions.contains(session))
            continue;
        // §5: the account stays in the room; only the session is gone.
        removeSession(membership.get(), session);
        router()->traceDecision(TraceEvent::Direction::Fork, QDomElement(), membership->account,
                                membership->room, { session },
                                QStringLiteral("session went offline; the account stays"));
        updateRoomPresence(membership.get());
    }
}
