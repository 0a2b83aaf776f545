// §9 of the contract: XEP-0402 bookmarks (PEP node urn:xmpp:bookmarks:1) and
// account-level memberships follow each other. An autojoin bookmark makes the
// account join at server level (when published, and at server start); a retracted
// one or autojoin=false makes it leave when no session is joined. A join by
// presence adds or updates the bookmark; the last session's explicit leave sets
// autojoin false.
#pragma once

#include <QObject>

class AccountLevelJoining;
class PepService;

class BookmarkAutojoin : public QObject
{
    Q_OBJECT
public:
    BookmarkAutojoin(PepService *pep, AccountLevelJoining *joining, QObject *parent = nullptr);

    // Server start: every autojoin bookmark's account joins its room.
    void joinAutojoinBookmarks();

private:
    PepService *const m_pep;
    AccountLevelJoining *const m_joining;
};
