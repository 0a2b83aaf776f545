// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "PrivateStorage.h"

#include "Jid.h"
#include "PepService.h"
#include "PrivateStore.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QDomDocument>
#include <QSet>
#include <QVector>

namespace {
// XEP-0402 §3: the node configuration for bookmarks the server creates.
PepNodeConfig bookmarksNodeConfig()
{
    PepNodeConfig config;
    config.accessModel = QStringLiteral("whitelist");
    config.persistItems = true;
    config.maxItems = -1;
    return config;
}

bool isTrue(const QString &value)
{
    return value == QLatin1String("true") || value == QLatin1String("1");
}
} // namespace

PrivateStorage::PrivateStorage(StanzaRouter *router, PrivateStore *store, PepService *pep)
    : ServerExtension(router)
    , m_store(store)
    , m_pep(pep)
{ }

QStringList PrivateStorage::discoveryFeatures() const
{
    return { QString(Ns::PrivateStorage) };
}

QStringList PrivateStorage::accountFeatures() const
{
    // XEP-0402 §5.3: private-storage bookmarks and PEP bookmarks are one list here.
    return { QString(Ns::BookmarksCompat), QString(Ns::BookmarksCompatPep) };
}

bool PrivateStorage::handleStanza(const QDomElement &stanza)
{
    const QDomElement query = Stanza::child(stanza, QStringLiteral("query"), Ns::PrivateStorage);
    // Answers (ours on their way to the session included) are routed on, not handled.
    if (!Stanza::isIq(stanza) || query.isNull() || !Stanza::isRequest(stanza))
        return false;
    const QString owner = Jid::bare(Stanza::from(stanza));
    if (router()->accountAddressed(stanza) != owner) {
        // XEP-0049 §3: nobody reads or writes another account's private data.
        replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("forbidden"),
                   QStringLiteral("private storage is the account's own"));
        return true;
    }
    QList<QDomElement> children;
    for (QDomElement child = query.firstChildElement(); !child.isNull(); child = child.nextSiblingElement())
        children << child;
    if (children.size() != 1) {
        replyError(stanza, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                   QStringLiteral("exactly one element to get or set"));
        return true;
    }
    const QDomElement element = children.first();
    if (element.namespaceURI().isEmpty() || element.namespaceURI().startsWith(QLatin1String("jabber:"))) {
        // XEP-0049 §3: jabber:* namespaces are not for private data.
        replyError(stanza, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"),
                   QStringLiteral("a namespace of your own, not jabber:*"));
        return true;
    }
    if (Stanza::type(stanza) == QLatin1String("get"))
        get(stanza, owner, element);
    else
        set(stanza, owner, element);
    return true;
}

void PrivateStorage::get(const QDomElement &iq, const QString &owner, const QDomElement &element)
{
    QDomElement found;
    if (element.namespaceURI() == Ns::LegacyBookmarks && element.localName() == QLatin1String("storage")) {
        found = legacyBookmarks(owner);
    } else {
        const QString xml = m_store->element(owner, element.namespaceURI(), element.localName());
        found = xml.isEmpty() ? Stanza::copy(element) : XmlText::toElement(xml);
        if (xml.isEmpty()) { // nothing stored: the element empty, as asked (XEP-0049 §3)
            while (!found.firstChild().isNull())
                found.removeChild(found.firstChild());
        }
    }
    QDomElement result = Stanza::iqResult(iq);
    QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::PrivateStorage);
    query.appendChild(query.ownerDocument().importNode(found, true));
    router()->route(result);
}

void PrivateStorage::set(const QDomElement &iq, const QString &owner, const QDomElement &element)
{
    if (element.namespaceURI() == Ns::LegacyBookmarks && element.localName() == QLatin1String("storage")) {
        if (!setLegacyBookmarks(owner, element)) {
            replyError(iq, Stanza::ErrorType::Wait, QStringLiteral("resource-constraint"),
                       QStringLiteral("the bookmarks could not all be stored (too many, or too large)"));
            return;
        }
        router()->route(Stanza::iqResult(iq));
        return;
    }
    const QString xml = XmlText::fromElement(Stanza::copy(element));
    if (xml.size() > ServiceDefaults::MaxPrivateElementSize) {
        replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"),
                   QStringLiteral("a private element may have at most %1 characters")
                       .arg(ServiceDefaults::MaxPrivateElementSize));
        return;
    }
    if (m_store->element(owner, element.namespaceURI(), element.localName()).isEmpty()
        && m_store->count(owner) >= ServiceDefaults::MaxPrivateElementsPerAccount) {
        replyError(iq, Stanza::ErrorType::Wait, QStringLiteral("resource-constraint"),
                   QStringLiteral("an account may keep at most %1 private elements")
                       .arg(ServiceDefaults::MaxPrivateElementsPerAccount));
        return;
    }
    if (!m_store->store(owner, element.namespaceURI(), element.localName(), xml))
        return; // the batch fails: the sender gets the storage's error
    router()->route(Stanza::iqResult(iq));
}

QDomElement PrivateStorage::legacyBookmarks(const QString &owner) const
{
    // XEP-0048's <conference jid autojoin name><nick/><password/></conference>, from the
    // XEP-0402 items (item id = room JID).
    QDomDocument document;
    QDomElement storage = document.createElementNS(Ns::LegacyBookmarks, QStringLiteral("storage"));
    document.appendChild(storage);
    for (const PepItem &item : m_pep->items(owner, Ns::Bookmarks)) {
        const QDomElement conference = XmlText::toElement(item.payload);
        QDomElement legacy = Stanza::addChild(storage, QStringLiteral("conference"));
        legacy.setAttribute(QStringLiteral("jid"), item.id);
        legacy.setAttribute(QStringLiteral("autojoin"),
                            isTrue(conference.attribute(QStringLiteral("autojoin")))
                                ? QStringLiteral("true")
                                : QStringLiteral("false"));
        if (conference.hasAttribute(QStringLiteral("name")))
            legacy.setAttribute(QStringLiteral("name"), conference.attribute(QStringLiteral("name")));
        for (const char *name : { "nick", "password" }) {
            const QString text = Stanza::child(conference, QLatin1String(name), Ns::Bookmarks).text();
            if (!text.isEmpty())
                Stanza::addTextChild(legacy, QLatin1String(name), text);
        }
    }
    return storage;
}

bool PrivateStorage::setLegacyBookmarks(const QString &owner, const QDomElement &storage)
{
    // The list replaces the bookmarks: each conference published as its XEP-0402 item,
    // every bookmark not in the list retracted. Checked whole before anything changes,
    // so a refused list leaves the bookmarks as they were.
    QVector<QPair<QString, QDomElement>> conferences;
    QSet<QString> listed;
    QDomDocument document;
    for (const QDomElement &legacy :
         Stanza::children(storage, QStringLiteral("conference"), Ns::LegacyBookmarks)) {
        const QString room = Jid::bare(legacy.attribute(QStringLiteral("jid")));
        if (room.isEmpty() || listed.contains(room))
            continue;
        listed.insert(room);
        QDomElement conference = document.createElementNS(Ns::Bookmarks, QStringLiteral("conference"));
        conference.setAttribute(QStringLiteral("autojoin"),
                                isTrue(legacy.attribute(QStringLiteral("autojoin")))
                                    ? QStringLiteral("true")
                                    : QStringLiteral("false"));
        if (legacy.hasAttribute(QStringLiteral("name")))
            conference.setAttribute(QStringLiteral("name"), legacy.attribute(QStringLiteral("name")));
        for (const char *name : { "nick", "password" }) {
            const QString text = Stanza::child(legacy, QLatin1String(name), Ns::LegacyBookmarks).text();
            if (!text.isEmpty())
                Stanza::addTextChild(conference, QLatin1String(name), text, Ns::Bookmarks);
        }
        if (XmlText::fromElement(conference).size() > m_pep->itemSizeLimit(Ns::Bookmarks))
            return false;
        conferences.append({ room, conference });
    }
    if (conferences.size() > m_pep->itemsLimit(Ns::Bookmarks))
        return false;
    // Retractions first, so a list that swaps rooms never needs more room than it ends with.
    for (const PepItem &item : m_pep->items(owner, Ns::Bookmarks)) {
        if (!listed.contains(item.id) && !m_pep->retract(owner, Ns::Bookmarks, item.id))
            return false;
    }
    for (const auto &[room, conference] : std::as_const(conferences)) {
        const QDomElement current = m_pep->item(owner, Ns::Bookmarks, room);
        if (!current.isNull() && XmlText::fromElement(current) == XmlText::fromElement(conference))
            continue; // unchanged: no notification, no autojoin churn
        if (m_pep->publish(owner, Ns::Bookmarks, room, conference, bookmarksNodeConfig()).isEmpty())
            return false;
    }
    return true;
}
