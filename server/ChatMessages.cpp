// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ChatMessages.h"

#include "AccountLevelJoining.h"
#include "ArchivePreferences.h"
#include "Jid.h"
#include "MessageArchive.h"
#include "OfflineMessages.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

#include <QUuid>

namespace {
constexpr QLatin1String ChatStates("http://jabber.org/protocol/chatstates");
constexpr QLatin1String Receipts("urn:xmpp:receipts");
constexpr QLatin1String ChatMarkers("urn:xmpp:chat-markers:0");
// The language our stream header declares (ClientStream): RFC 6120 §4.7.4 lets the server
// stamp it on stanzas that name none, so that archived copies say what they are in.
constexpr QLatin1String StreamLanguage("en");

bool hasChildIn(const QDomElement &element, const QString &ns)
{
    for (QDomElement child = element.firstChildElement(); !child.isNull();
         child = child.nextSiblingElement()) {
        if (child.namespaceURI() == ns)
            return true;
    }
    return false;
}

// Drops the stanza-ids a client claims in the name of these archives (XEP-0359 §3.1).
void stripStanzaIds(QDomElement message, const QStringList &archives)
{
    for (QDomElement id : Stanza::children(message, QStringLiteral("stanza-id"), Ns::StanzaId)) {
        if (archives.contains(id.attribute(QStringLiteral("by"))))
            message.removeChild(id);
    }
}

void addStanzaId(QDomElement message, const QString &archive, const QString &id)
{
    QDomElement stanzaId = Stanza::addChild(message, QStringLiteral("stanza-id"), Ns::StanzaId);
    stanzaId.setAttribute(QStringLiteral("id"), id);
    stanzaId.setAttribute(QStringLiteral("by"), archive);
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}
} // namespace

ChatMessages::ChatMessages(StanzaRouter *router, SessionRegistry *sessions, MessageArchive *archive,
                           const AccountLevelJoining *joining, ArchivePreferences *preferences)
    : ServerExtension(router)
    , m_sessions(sessions)
    , m_archive(archive)
    , m_joining(joining)
    , m_preferences(preferences)
{
    connect(sessions, &SessionRegistry::sessionOffline, this,
            [this](const QString &session) { m_carbons.remove(session); });
}

QStringList ChatMessages::discoveryFeatures() const
{
    return { QString(Ns::Carbons) };
}

bool ChatMessages::isCarbonEligible(const QDomElement &message)
{
    const QString type = Stanza::type(message);
    if (!Stanza::child(message, QStringLiteral("private"), Ns::Carbons).isNull()
        || !Stanza::child(message, QStringLiteral("no-copy"), Ns::Hints).isNull()
        || !Stanza::child(message, QStringLiteral("x"), Ns::MucUser).isNull())
        return false;
    if (type == QLatin1String("chat"))
        return true;
    if (!type.isEmpty() && type != QLatin1String("normal"))
        return false; // groupchat, headline; errors are not taken by this extension
    return !message.firstChildElement(QStringLiteral("body")).isNull() || hasChildIn(message, ChatStates)
        || hasChildIn(message, Receipts) || hasChildIn(message, ChatMarkers);
}

bool ChatMessages::handleStanza(const QDomElement &stanza)
{
    const QString from = Stanza::from(stanza);
    if (!router()->isLocalAccount(from) || !Jid::isFull(from))
        return false;
    if (Stanza::isIq(stanza))
        return handleCarbonsIq(stanza);
    if (!Stanza::isMessage(stanza))
        return false;
    const QString to = Stanza::to(stanza);
    const QString type = Stanza::type(stanza);
    if (router()->isRoomJid(to)) {
        if (Jid::isFull(to) && type != QLatin1String("groupchat") && type != QLatin1String("error"))
            copyRoomPrivateMessage(stanza);
        return false; // the room's business (account-level joining or the MUC service)
    }
    if (!router()->isLocalAccount(to))
        return false;
    if (!type.isEmpty() && type != QLatin1String("chat") && type != QLatin1String("normal"))
        return false; // headline, groupchat, error: plain routing, neither archived nor copied
    handleChatMessage(stanza);
    return true;
}

bool ChatMessages::handleCarbonsIq(const QDomElement &iq)
{
    const QDomElement enable = Stanza::child(iq, QStringLiteral("enable"), Ns::Carbons);
    const QDomElement disable = Stanza::child(iq, QStringLiteral("disable"), Ns::Carbons);
    if (enable.isNull() && disable.isNull())
        return false;
    const QString session = Stanza::from(iq);
    const QString to = Stanza::to(iq);
    if (!to.isEmpty() && to != router()->domain() && to != Jid::bare(session))
        return false; // not ours to answer: someone else's JID
    if (Stanza::type(iq) != QLatin1String("set")) {
        if (Stanza::isRequest(iq))
            replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                       QStringLiteral("carbons are enabled and disabled with a set"));
        return true;
    }
    if (!enable.isNull())
        m_carbons.insert(session);
    else
        m_carbons.remove(session);
    replyResult(iq);
    return true;
}

void ChatMessages::handleChatMessage(const QDomElement &stanza)
{
    const QString session = Stanza::from(stanza);
    const QString sender = Jid::bare(session);
    const QString to = Stanza::to(stanza);
    const QString recipient = Jid::bare(to);
    const bool toSession = Jid::isFull(to) && m_sessions->isConnected(to);

    // RFC 6121 §8.5: a full JID that is online gets it alone; otherwise (a bare JID, or a
    // resource that is gone, §8.5.3.2.1) every available session of non-negative priority;
    // with none, the offline store. Without one: any connected session.
    QStringList targets { to };
    if (!toSession)
        targets = m_offline ? m_offline->messageRecipients(recipient) : m_sessions->messageTargets(recipient);
    QDomElement message = Stanza::copy(stanza);
    if (!message.hasAttribute(QStringLiteral("xml:lang"))
        && !message.hasAttributeNS(Ns::Xml, QStringLiteral("lang")))
        message.setAttribute(QStringLiteral("xml:lang"), StreamLanguage);
    stripStanzaIds(message, { sender, recipient });
    bool keepOffline = false;
    QString refusal = QStringLiteral("%1 has no session online").arg(recipient);
    if (targets.isEmpty() && m_offline && m_offline->accountExists(recipient)) {
        if (!OfflineMessages::isStorable(message))
            return; // nothing to read later: dropped, as nobody is there to see it now
        keepOffline = m_offline->hasRoom(recipient);
        if (!keepOffline)
            refusal = QStringLiteral("%1 has too many messages waiting").arg(recipient);
    }
    if (targets.isEmpty() && !keepOffline) {
        // The sender is told the message went nowhere; what it sent is in its own archive
        // all the same (XEP-0313 §5.1.1: the user's outgoing messages), as with Prosody.
        if (MessageArchive::isArchivable(message) && sender != recipient && archives(sender, recipient)) {
            QDomElement sent = Stanza::copy(message);
            Stanza::removeChildren(sent, QStringLiteral("private"), Ns::Carbons);
            addStanzaId(sent, sender, newId());
            m_archive->storePersonal(sender, recipient, sent, QDateTime::currentDateTimeUtc());
        }
        replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("service-unavailable"), refusal);
        return;
    }

    const bool carbons = isCarbonEligible(stanza);
    // XEP-0280 §7: the hint is for the sender's server; the recipient need not see it.
    Stanza::removeChildren(message, QStringLiteral("private"), Ns::Carbons);

    // Each end's archive keeps its own copy under its own id (XEP-0313 §5.1.1); the ids go
    // on what each end's sessions see of it: the delivered copy and received carbons carry
    // the recipient's, sent carbons the sender's.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QDomElement delivered = Stanza::copy(message);
    QDomElement sent = Stanza::copy(message);
    if (MessageArchive::isArchivable(message)) {
        // A failed write fails the commit: the router then sends none of this and answers
        // the sender with an error (StanzaRouter), so the results need no check here.
        if (archives(recipient, sender)) {
            addStanzaId(delivered, recipient, newId());
            m_archive->storePersonal(recipient, sender, delivered, now);
        }
        if (sender == recipient) {
            sent = delivered; // one account, one archive, one entry
        } else if (archives(sender, recipient)) {
            addStanzaId(sent, sender, newId());
            m_archive->storePersonal(sender, recipient, sent, now);
        }
    }

    if (keepOffline)
        m_offline->store(recipient, delivered, now);
    else
        router()->deliverToSessions(delivered, targets);
    if (!carbons || sender == recipient)
        return; // a note to oneself reaches every session already
    delivered.setAttribute(QStringLiteral("to"), to);
    // Only a copy that went to one session leaves others to inform; a bare JID reached
    // every available session.
    if (toSession)
        sendCarbons(QStringLiteral("received"), delivered, recipient,
                    m_sessions->availableSessions(recipient), targets);
    sendCarbons(QStringLiteral("sent"), sent, sender, m_sessions->availableSessions(sender), { session });
}

bool ChatMessages::archives(const QString &owner, const QString &peer) const
{
    return !m_preferences || m_preferences->archives(owner, peer);
}

void ChatMessages::copyRoomPrivateMessage(const QDomElement &stanza)
{
    const QString session = Stanza::from(stanza);
    const QString account = Jid::bare(session);
    const Membership *membership = m_joining->membership(account, Jid::bare(Stanza::to(stanza)));
    // Classic mode, or a session outside the room (account-level joining refuses it): none.
    if (!membership || !membership->sessions.contains(session))
        return;
    // <private/> and <no-copy/> still hold; the muc#user x does not exclude here (see header).
    if (!Stanza::child(stanza, QStringLiteral("private"), Ns::Carbons).isNull()
        || !Stanza::child(stanza, QStringLiteral("no-copy"), Ns::Hints).isNull())
        return;
    const QString type = Stanza::type(stanza);
    if (type == QLatin1String("headline"))
        return;
    sendCarbons(QStringLiteral("sent"), stanza, account, membership->sessions, { session });
}

void ChatMessages::sendCarbons(const QString &direction, const QDomElement &message, const QString &account,
                               const QStringList &candidates, const QStringList &except)
{
    QStringList targets;
    for (const QString &session : candidates) {
        if (m_carbons.contains(session) && !except.contains(session) && m_sessions->isAvailable(session))
            targets << session;
    }
    if (targets.isEmpty())
        return;
    QDomElement carbon = Stanza::create(QStringLiteral("message"), account, QString());
    const QString type = Stanza::type(message);
    if (!type.isEmpty())
        carbon.setAttribute(QStringLiteral("type"), type);
    QDomElement wrapper = Stanza::addChild(carbon, direction, Ns::Carbons);
    QDomElement forwarded = Stanza::addChild(wrapper, QStringLiteral("forwarded"), Ns::Forward);
    forwarded.appendChild(carbon.ownerDocument().importNode(message, true));
    router()->count(QStringLiteral("carbons.") + direction);
    router()->deliverToSessions(carbon, targets);
}
