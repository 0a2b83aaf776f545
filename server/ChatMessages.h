// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One-to-one messages between local accounts: delivery (RFC 6121 §8.5), the personal
// archive of both ends (XEP-0313 user archive, §8 of the contract; each end's copy gets
// that archive's stanza-id, XEP-0359) and message carbons (XEP-0280) to the account's
// other sessions that enabled them.
//
// MUC private messages are neither archived here nor carbon-copied to sessions outside
// the room. Under account-level joining the room forks a PM to the account's joined
// sessions (§2) and a session that did not join must get nothing of the room, not as a
// carbon, not from the archive it can query either (so PMs stay out of the personal
// archive: what is archived is what every session may see). A PM a joined session sends
// goes out from the account (§3); the other joined sessions share that occupant, so
// those with carbons enabled get it as a <sent/> carbon, as XEP-0280's reason to leave
// PMs out (other resources are not in the room) does not hold for them. In classic mode
// XEP-0280's rule stands: no carbons of PMs either way.
//
// A message that no session takes now (RFC 6121 §8.5.2.1) is kept by OfflineMessages when
// the account exists, archived as if it had been delivered (the copy kept carries the
// recipient's stanza-id); for an unknown account, or a full store, the sender gets
// service-unavailable.
#pragma once

#include "ServerExtension.h"

#include <QSet>

class AccountLevelJoining;
class ArchivePreferences;
class MessageArchive;
class OfflineMessages;
class SessionRegistry;

class ChatMessages : public ServerExtension
{
    Q_OBJECT
public:
    ChatMessages(StanzaRouter *router, SessionRegistry *sessions, MessageArchive *archive,
                 const AccountLevelJoining *joining, ArchivePreferences *preferences = nullptr);
    // Without it, a message nobody takes goes to any connected session, or bounces.
    void setOfflineMessages(OfflineMessages *offline) { m_offline = offline; }

    QString extensionName() const override { return QStringLiteral("chat-messages"); }
    int extensionPriority() const override { return ChatMessagesPriority; }
    // Carbons are asked of the server (XEP-0280 §3), so only its disco lists them.
    QStringList discoveryFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;

    bool carbonsEnabled(const QString &session) const { return m_carbons.contains(session); }
    // XEP-0280 §6: chat, normal with a body or an IM payload; never groupchat, headline,
    // a MUC PM (muc#user x), nor with <private/> or a XEP-0334 <no-copy/>.
    static bool isCarbonEligible(const QDomElement &message);

private:
    bool handleCarbonsIq(const QDomElement &iq);
    void handleChatMessage(const QDomElement &message);
    // Whether the owner's XEP-0313 preferences let its archive keep this peer's messages.
    bool archives(const QString &owner, const QString &peer) const;
    // A joined session's PM to an occupant, before account-level joining sends it.
    void copyRoomPrivateMessage(const QDomElement &message);
    // Wraps 'message' in <sent/> or <received/> for each carbons-enabled available session
    // of 'account' except those in 'except'.
    void sendCarbons(const QString &direction, const QDomElement &message, const QString &account,
                     const QStringList &candidates, const QStringList &except);

    SessionRegistry *const m_sessions;
    MessageArchive *const m_archive;
    const AccountLevelJoining *const m_joining;
    ArchivePreferences *const m_preferences;
    OfflineMessages *m_offline = nullptr;
    QSet<QString> m_carbons; // sessions (full JIDs) that enabled carbons
};
