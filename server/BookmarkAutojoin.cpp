// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "BookmarkAutojoin.h"

#include "AccountLevelJoining.h"
#include "Jid.h"
#include "PepService.h"
#include "Stanza.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QScopedValueRollback>

namespace {
bool isConference(const QDomElement &payload)
{
    return payload.localName() == QLatin1String("conference") && payload.namespaceURI() == Ns::Bookmarks;
}

bool autojoin(const QDomElement &conference)
{
    const QString value = conference.attribute(QStringLiteral("autojoin"));
    return value == QLatin1String("true") || value == QLatin1String("1");
}

QString childText(const QDomElement &conference, const QString &name)
{
    return Stanza::child(conference, name, Ns::Bookmarks).text();
}

// The bookmark with autojoin, nick and password set; its name, extensions and anything
// else it carries are kept.
QDomElement updated(const QDomElement &existing, bool join, const QString &nick, const QString &password)
{
    QDomElement conference;
    if (isConference(existing)) {
        conference = Stanza::copy(existing);
    } else {
        QDomDocument document;
        conference = document.createElementNS(Ns::Bookmarks, QStringLiteral("conference"));
        document.appendChild(conference);
    }
    conference.setAttribute(QStringLiteral("autojoin"),
                            join ? QStringLiteral("true") : QStringLiteral("false"));
    if (nick.isNull())
        return conference;
    for (const QString &name : { QStringLiteral("nick"), QStringLiteral("password") }) {
        for (const QDomElement &old : Stanza::children(conference, name, Ns::Bookmarks))
            conference.removeChild(old);
    }
    // XEP-0402's order: nick, password, extensions.
    QDomDocument document = conference.ownerDocument();
    if (!password.isEmpty()) {
        QDomElement element = document.createElementNS(Ns::Bookmarks, QStringLiteral("password"));
        element.appendChild(document.createTextNode(password));
        conference.insertBefore(element, conference.firstChild());
    }
    QDomElement element = document.createElementNS(Ns::Bookmarks, QStringLiteral("nick"));
    element.appendChild(document.createTextNode(nick));
    conference.insertBefore(element, conference.firstChild());
    return conference;
}
} // namespace

BookmarkAutojoin::BookmarkAutojoin(PepService *pep, AccountLevelJoining *joining, const QString &mucDomain,
                                   QObject *parent)
    : QObject(parent)
    , m_pep(pep)
    , m_joining(joining)
    , m_mucDomain(mucDomain)
{
    connect(pep, &PepService::itemPublished, this, &BookmarkAutojoin::onItemPublished);
    connect(pep, &PepService::itemRetracted, this, &BookmarkAutojoin::onItemRetracted);
    connect(joining, &AccountLevelJoining::joinedByPresence, this, &BookmarkAutojoin::onJoinedByPresence);
    connect(joining, &AccountLevelJoining::leftBySession, this, &BookmarkAutojoin::clearAutojoin);
    // A kicked or banned account is not to be put back in the room at the next start.
    connect(joining, &AccountLevelJoining::removedByRoom, this, &BookmarkAutojoin::clearAutojoin);
}

void BookmarkAutojoin::joinAutojoinBookmarks()
{
    for (const PepItem &item : m_pep->itemsOfEveryOwner(Ns::Bookmarks))
        follow(item.owner, item.id, XmlText::toElement(item.payload), false);
}

bool BookmarkAutojoin::applies(const QString &account, const QString &room) const
{
    return Jid::isBare(room) && Jid::domain(room) == m_mucDomain && !Jid::node(room).isEmpty()
        && m_joining->mode(account) == JoinMode::AccountLevel;
}

void BookmarkAutojoin::follow(const QString &account, const QString &room, const QDomElement &conference,
                              bool mayLeave)
{
    if (!applies(account, room) || !isConference(conference))
        return;
    if (autojoin(conference)) {
        const QString nick = childText(conference, QStringLiteral("nick"));
        // AccountLevelJoining does nothing when the account is already in the room.
        m_joining->joinAccount(account, room, nick.isEmpty() ? Jid::node(account) : nick,
                               childText(conference, QStringLiteral("password")));
    } else if (mayLeave) {
        m_joining->leaveAccount(account, room); // stays while a session is joined
    }
}

void BookmarkAutojoin::onItemPublished(const QString &owner, const QString &node, const QString &itemId,
                                       const QDomElement &payload)
{
    if (!m_publishing && node == Ns::Bookmarks)
        follow(owner, itemId, payload, true);
}

void BookmarkAutojoin::onItemRetracted(const QString &owner, const QString &node, const QString &itemId)
{
    if (!m_publishing && node == Ns::Bookmarks && applies(owner, itemId))
        m_joining->leaveAccount(owner, itemId);
}

void BookmarkAutojoin::onJoinedByPresence(const QString &account, const QString &room, const QString &nick,
                                          const QString &password)
{
    if (!applies(account, room))
        return;
    const QDomElement existing = m_pep->item(account, Ns::Bookmarks, room);
    // Every further session's join says the same again: no publish, no notification.
    if (isConference(existing) && autojoin(existing) && childText(existing, QStringLiteral("nick")) == nick
        && childText(existing, QStringLiteral("password")) == password)
        return;
    publishBookmark(account, room, updated(existing, true, nick, password));
}

void BookmarkAutojoin::clearAutojoin(const QString &account, const QString &room)
{
    if (!applies(account, room))
        return;
    const QDomElement existing = m_pep->item(account, Ns::Bookmarks, room);
    if (isConference(existing) && autojoin(existing))
        publishBookmark(account, room, updated(existing, false, QString(), QString()));
}

void BookmarkAutojoin::publishBookmark(const QString &account, const QString &room,
                                       const QDomElement &conference)
{
    // XEP-0402 §3's node configuration, for a node the server creates itself.
    PepNodeConfig config;
    config.accessModel = QStringLiteral("whitelist");
    config.persistItems = true;
    config.maxItems = -1;
    const QScopedValueRollback<bool> ownPublish(m_publishing, true);
    m_pep->publish(account, Ns::Bookmarks, room, conference, config);
}
