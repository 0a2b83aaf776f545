// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "RosterService.h"

#include "Jid.h"
#include "JidPrep.h"
#include "PresenceSubscriptions.h"
#include "RosterStore.h"
#include "ServiceLimits.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

#include <QSet>

namespace {
// An <item/> as clients see it (RFC 6121 §2.1.2): pending inbound requests are not shown.
QDomElement addItem(QDomElement query, const RosterItem &item)
{
    QDomElement element = Stanza::addChild(query, QStringLiteral("item"), Ns::Roster);
    element.setAttribute(QStringLiteral("jid"), item.contact);
    if (!item.name.isEmpty())
        element.setAttribute(QStringLiteral("name"), item.name);
    element.setAttribute(QStringLiteral("subscription"), item.subscription);
    if (item.askOut)
        element.setAttribute(QStringLiteral("ask"), QStringLiteral("subscribe"));
    if (item.preApproved)
        element.setAttribute(QStringLiteral("approved"), QStringLiteral("true"));
    for (const QString &group : item.groups)
        Stanza::addTextChild(element, QStringLiteral("group"), group, Ns::Roster);
    return element;
}
} // namespace

RosterService::RosterService(StanzaRouter *router, SessionRegistry *sessions, RosterStore *store,
                             int maxItemsPerAccount)
    : ServerExtension(router)
    , m_sessions(sessions)
    , m_store(store)
    , m_maxItems(maxItemsPerAccount)
{
    connect(sessions, &SessionRegistry::sessionOffline, this,
            [this](const QString &session) { m_interested.remove(session); });
}

QStringList RosterService::discoveryFeatures() const
{
    return { QString(Ns::Roster) };
}

bool RosterService::handleStanza(const QDomElement &stanza)
{
    // Answers (ours on their way to the session included) are routed on, not handled.
    if (!Stanza::isIq(stanza) || !Stanza::isRequest(stanza)
        || Stanza::child(stanza, QStringLiteral("query"), Ns::Roster).isNull())
        return false;
    const QString from = Stanza::from(stanza);
    if (!m_sessions->isConnected(from))
        return false;
    const QString owner = Jid::bare(from);
    if (router()->accountAddressed(stanza) != owner) {
        // RFC 6121 §2.3.3: nobody reads or writes another account's roster.
        replyError(stanza, Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                   QStringLiteral("a roster is its account's own"));
        return true;
    }
    if (Stanza::type(stanza) == QLatin1String("get"))
        get(stanza, owner);
    else
        set(stanza, owner);
    return true;
}

void RosterService::get(const QDomElement &iq, const QString &owner)
{
    m_interested.insert(Stanza::from(iq));
    // A roster never changed reads as version 1 (Prosody's numbering, which scripts
    // written against it expect); so that a client caching that empty roster never
    // mistakes the first change (also version 1) for it, "1" is never taken as current.
    const qint64 current = m_store->version(owner);
    const QString version = QString::number(qMax<qint64>(current, 1));
    const QDomElement request = Stanza::child(iq, QStringLiteral("query"), Ns::Roster);
    QDomElement result = Stanza::iqResult(iq);
    // RFC 6121 §2.6.3: the client's copy is current: an empty result, the changes follow as pushes.
    if (request.hasAttribute(QStringLiteral("ver")) && request.attribute(QStringLiteral("ver")) == version
        && current > 1) {
        router()->route(result);
        return;
    }
    QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::Roster);
    query.setAttribute(QStringLiteral("ver"), version);
    for (const RosterItem &item : m_store->items(owner))
        addItem(query, item);
    router()->route(result);
}

void RosterService::set(const QDomElement &iq, const QString &owner)
{
    const QDomElement query = Stanza::child(iq, QStringLiteral("query"), Ns::Roster);
    const QList<QDomElement> items = Stanza::children(query, QStringLiteral("item"), Ns::Roster);
    if (items.size() != 1) {
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                   QStringLiteral("a roster set carries exactly one item"));
        return;
    }
    const QDomElement element = items.first();
    const QString contact = JidPrep::jid(element.attribute(QStringLiteral("jid")));
    if (contact.isEmpty() || !Jid::isBare(contact)) {
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                   QStringLiteral("a roster item's jid must be a valid bare JID"));
        return;
    }
    if (contact == owner) {
        replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("not-allowed"),
                   QStringLiteral("an account is not its own contact"));
        return;
    }
    RosterItem item = m_store->item(owner, contact);
    // RFC 6121 §2.1.2.5: in a roster set any subscription value but "remove" is ignored.
    if (element.attribute(QStringLiteral("subscription")) == QLatin1String("remove")) {
        if (!item.inRoster) {
            replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("item-not-found"));
            return;
        }
        if (m_subscriptions)
            m_subscriptions->cancelAll(owner, item);
        const qint64 version = m_store->remove(owner, contact);
        replyResult(iq);
        if (version >= 0)
            pushRemoval(owner, contact, version);
        return;
    }
    const QString name = element.attribute(QStringLiteral("name"));
    if (name.size() > ServiceDefaults::MaxRosterTextLength) {
        replyError(
            iq, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"),
            QStringLiteral("a name has at most %1 characters").arg(ServiceDefaults::MaxRosterTextLength));
        return;
    }
    QStringList groups;
    for (const QDomElement &group : Stanza::children(element, QStringLiteral("group"), Ns::Roster)) {
        const QString text = group.text();
        if (text.isEmpty() || text.size() > ServiceDefaults::MaxRosterTextLength) {
            replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"),
                       QStringLiteral("a group name has 1 to %1 characters")
                           .arg(ServiceDefaults::MaxRosterTextLength));
            return;
        }
        if (groups.contains(text)) {
            replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                       QStringLiteral("group '%1' is given twice").arg(text));
            return;
        }
        groups << text;
    }
    if (!item.inRoster && m_store->count(owner) >= m_maxItems) {
        replyError(iq, Stanza::ErrorType::Wait, QStringLiteral("resource-constraint"),
                   QStringLiteral("a roster holds at most %1 contacts").arg(m_maxItems));
        return;
    }
    item.inRoster = true;
    item.name = name;
    item.groups = groups;
    const qint64 version = m_store->save(owner, item, true);
    replyResult(iq);
    if (version >= 0)
        push(owner, item, version);
}

void RosterService::push(const QString &owner, const RosterItem &item, qint64 version)
{
    QDomDocument document;
    QDomElement holder = document.createElement(QStringLiteral("holder"));
    pushItem(owner, addItem(holder, item), version);
}

void RosterService::pushRemoval(const QString &owner, const QString &contact, qint64 version)
{
    RosterItem removed;
    removed.contact = contact;
    removed.subscription = QStringLiteral("remove");
    push(owner, removed, version);
}

void RosterService::pushItem(const QString &owner, const QDomElement &item, qint64 version)
{
    QStringList targets;
    for (const QString &session : m_sessions->sessions(owner)) {
        if (m_interested.contains(session))
            targets << session;
    }
    if (targets.isEmpty())
        return;
    QDomElement iq = Stanza::create(QStringLiteral("iq"), owner, owner, QStringLiteral("set"),
                                    QStringLiteral("push-%1").arg(m_nextPushId++));
    QDomElement query = Stanza::addChild(iq, QStringLiteral("query"), Ns::Roster);
    query.setAttribute(QStringLiteral("ver"), QString::number(version));
    query.appendChild(query.ownerDocument().importNode(item, true));
    router()->deliverToSessions(iq, targets);
}
