// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Offline messages (RFC 6121 §8.5.2.1, XEP-0160): a one-to-one message for an existing
// account with no available session of non-negative priority is kept until a session
// of the account sends available presence with a non-negative priority; that session
// then gets them all, oldest first, after its own presence, each stamped with when it
// came (XEP-0203, from the domain), and they are gone from the store in the same commit.
//
// Which sessions take a bare-JID message is decided here too, as it depends on the
// priorities this extension follows: sessions that sent no presence, or a negative
// priority, get none (RFC 6121 §8.5.2.1.1). ChatMessages asks, and hands over what
// nobody takes. Groupchat, headline and error messages are never stored (XEP-0160 §3);
// nor are messages with nothing to read later, only chat states (they speak of the
// moment they are sent), or a XEP-0334 <no-store/> hint: those are dropped silently. An account whose store
// is full answers service-unavailable (XEP-0160 §2).
#pragma once

#include "ServerExtension.h"

#include <QHash>
#include <functional>

class OfflineStore;
class SessionPresence;
class SessionRegistry;

class OfflineMessages : public ServerExtension
{
    Q_OBJECT
public:
    OfflineMessages(StanzaRouter *router, SessionRegistry *sessions, SessionPresence *presence,
                    OfflineStore *store, int maxMessagesPerAccount);
    void setAccountExists(std::function<bool(const QString &bareJid)> accountExists)
    {
        m_accountExists = std::move(accountExists);
    }

    QString extensionName() const override { return QStringLiteral("offline-messages"); }
    int extensionPriority() const override { return ServicePriority; }
    QStringList discoveryFeatures() const override;
    bool handleStanza(const QDomElement &) override { return false; }

    // The sessions a chat or normal message to the bare JID goes to now: the available
    // ones whose priority is not negative.
    QStringList messageRecipients(const QString &account) const;
    bool accountExists(const QString &account) const;
    // Whether the message is worth keeping for later (see above).
    static bool isStorable(const QDomElement &message);
    // Whether the account's store has room for one more.
    bool hasRoom(const QString &account);
    // Keeps the message for the account (the batch fails if it cannot).
    void store(const QString &account, const QDomElement &message, const QDateTime &when);

private:
    void onPresenceBroadcast(const QDomElement &presence);
    void deliverStored(const QString &session);

    SessionRegistry *const m_sessions;
    OfflineStore *const m_store;
    const int m_maxMessagesPerAccount;
    std::function<bool(const QString &)> m_accountExists;
    QHash<QString, int> m_priorities; // by full JID, from its last available presence
};
