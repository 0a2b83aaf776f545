// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "OfflineMessages.h"

#include "Jid.h"
#include "OfflineStore.h"
#include "SessionPresence.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QDateTime>

namespace {
constexpr QLatin1String ChatStates("http://jabber.org/protocol/chatstates");
constexpr QLatin1String OfflineFeature("msgoffline"); // XEP-0160 §4

int priorityOf(const QDomElement &presence)
{
    // RFC 6121 §4.7.2.3: absent means zero; a value out of range is treated as zero too.
    bool ok = false;
    const int priority = presence.firstChildElement(QStringLiteral("priority")).text().trimmed().toInt(&ok);
    return ok && priority >= -128 && priority <= 127 ? priority : 0;
}
} // namespace

OfflineMessages::OfflineMessages(StanzaRouter *router, SessionRegistry *sessions, SessionPresence *presence,
                                 OfflineStore *store, int maxMessagesPerAccount)
    : ServerExtension(router)
    , m_sessions(sessions)
    , m_store(store)
    , m_maxMessagesPerAccount(maxMessagesPerAccount)
{
    connect(presence, &SessionPresence::presenceBroadcast, this,
            [this](const QDomElement &broadcast, bool) { onPresenceBroadcast(broadcast); });
    connect(sessions, &SessionRegistry::sessionOffline, this,
            [this](const QString &session) { m_priorities.remove(session); });
    connect(sessions, &SessionRegistry::sessionUnavailable, this,
            [this](const QString &session) { m_priorities.remove(session); });
}

QStringList OfflineMessages::discoveryFeatures() const
{
    return { QString(OfflineFeature) };
}

QStringList OfflineMessages::messageRecipients(const QString &account) const
{
    QStringList recipients;
    for (const QString &session : m_sessions->availableSessions(account)) {
        if (m_priorities.value(session, 0) >= 0)
            recipients << session;
    }
    return recipients;
}

bool OfflineMessages::accountExists(const QString &account) const
{
    return !m_accountExists || m_accountExists(account);
}

bool OfflineMessages::isStorable(const QDomElement &message)
{
    const QString type = Stanza::type(message);
    if (!type.isEmpty() && type != QLatin1String("chat") && type != QLatin1String("normal"))
        return false;
    // XEP-0334 §4.2: not even kept for later delivery; <store/> asks for it.
    if (!Stanza::child(message, QStringLiteral("no-store"), Ns::Hints).isNull())
        return false;
    if (!Stanza::child(message, QStringLiteral("store"), Ns::Hints).isNull())
        return true;
    for (QDomElement child = message.firstChildElement(); !child.isNull();
         child = child.nextSiblingElement()) {
        const QString ns = child.namespaceURI();
        // What says nothing once its moment has passed, or only names the message.
        if (ns == ChatStates || ns == Ns::Hints || ns == Ns::StanzaId || ns == Ns::Delay
            || child.tagName() == QLatin1String("thread"))
            continue;
        return true; // a body, a subject, a receipt, a marker, an invitation, ...
    }
    return false;
}

bool OfflineMessages::hasRoom(const QString &account)
{
    return m_store->count(account) < m_maxMessagesPerAccount;
}

void OfflineMessages::store(const QString &account, const QDomElement &message, const QDateTime &when)
{
    // A failed write fails the commit: the router then answers the sender with an error.
    m_store->store(account, XmlText::fromElement(message), when);
    router()->count(QStringLiteral("offline.stored"));
}

void OfflineMessages::onPresenceBroadcast(const QDomElement &presence)
{
    const QString session = Stanza::from(presence);
    const int priority = priorityOf(presence);
    m_priorities.insert(session, priority);
    // XEP-0160 §2: the session that sends non-negative presence takes them. Only its first
    // such presence finds any: while it stays so, nothing more is stored for the account.
    if (priority >= 0)
        deliverStored(session);
}

void OfflineMessages::deliverStored(const QString &session)
{
    const QString account = Jid::bare(session);
    const QList<OfflineStore::Message> stored = m_store->messages(account);
    if (stored.isEmpty())
        return;
    for (const OfflineStore::Message &entry : stored) {
        QDomElement message = XmlText::toElement(entry.xml);
        if (message.isNull() || message.tagName() != QLatin1String("message"))
            continue;
        // XEP-0203: when it reached the server, as the server says.
        QDomElement delay = Stanza::addChild(message, QStringLiteral("delay"), Ns::Delay);
        delay.setAttribute(QStringLiteral("from"), router()->domain());
        delay.setAttribute(QStringLiteral("stamp"), entry.stored.toUTC().toString(Qt::ISODateWithMs));
        router()->deliverToSessions(message, { session });
        router()->count(QStringLiteral("offline.delivered"));
    }
    // In the same commit as the delivery: the router sends them only once this is written,
    // and a failed commit leaves them stored for the next presence.
    m_store->remove(account, stored.last().id);
}
