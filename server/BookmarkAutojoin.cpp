#include "BookmarkAutojoin.h"

#include "AccountLevelJoining.h"
#include "PepService.h"

BookmarkAutojoin::BookmarkAutojoin(PepService *pep, AccountLevelJoining *joining, QObject *parent)
    : QObject(parent)
    , m_pep(pep)
    , m_joining(joining)
{ }

void BookmarkAutojoin::joinAutojoinBookmarks()
{
    // TODO(issue 6)
}
