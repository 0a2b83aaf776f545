// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// §9 of the contract: XEP-0402 bookmarks (PEP node urn:xmpp:bookmarks:1) and
// account-level memberships follow each other. An autojoin bookmark makes the
// account join at server level (when published, and at server start); a retracted
// one or autojoin=false makes it leave when no session is joined. A join by
// presence adds or updates the bookmark; the last session's explicit leave, or the
// room removing the account, sets autojoin false.
#pragma once

#include <QDomElement>
#include <QObject>

class AccountLevelJoining;
class PepService;

class BookmarkAutojoin : public QObject
{
    Q_OBJECT
public:
    BookmarkAutojoin(PepService *pep, AccountLevelJoining *joining, const QString &mucDomain,
                     QObject *parent = nullptr);

    // Server start: every autojoin bookmark's account joins its room.
    void joinAutojoinBookmarks();

private:
    void onItemPublished(const QString &owner, const QString &node, const QString &itemId,
                         const QDomElement &payload);
    void onItemRetracted(const QString &owner, const QString &node, const QString &itemId);
    void onJoinedByPresence(const QString &account, const QString &room, const QString &nick,
                            const QString &password);
    // The last session left, or the room removed the account: not to be rejoined.
    void clearAutojoin(const QString &account, const QString &room);

    // Joins or leaves as the bookmark says (leaving only when 'mayLeave').
    void follow(const QString &account, const QString &room, const QDomElement &conference, bool mayLeave);
    bool applies(const QString &account, const QString &room) const;
    void publishBookmark(const QString &account, const QString &room, const QDomElement &conference);

    PepService *const m_pep;
    AccountLevelJoining *const m_joining;
    const QString m_mucDomain;
    bool m_publishing = false; // our own publish: the membership already says what it says
};
