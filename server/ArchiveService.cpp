#include "ArchiveService.h"

#include "MessageArchive.h"
#include "MucService.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

ArchiveService::ArchiveService(StanzaRouter *router, MessageArchive *archive, const MucService *muc)
    : ServerExtension(router)
    , m_archive(archive)
    , m_muc(muc)
{ }

QStringList ArchiveService::accountFeatures() const
{
    return { QString(Ns::Mam) };
}

bool ArchiveService::handleStanza(const QDomElement &stanza)
{
    Q_UNUSED(stanza)
    return false; // TODO(issue 6): MAM queries
}
