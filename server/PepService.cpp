#include "PepService.h"

#include "PepStore.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

PepService::PepService(StanzaRouter *router, SessionRegistry *sessions, PepStore *store)
    : ServerExtension(router)
    , m_sessions(sessions)
    , m_store(store)
{ }

QStringList PepService::accountFeatures() const
{
    return {};
}

bool PepService::handleStanza(const QDomElement &stanza)
{
    Q_UNUSED(stanza)
    return false; // TODO(issue 6): publish, retract, items, notifications
}
