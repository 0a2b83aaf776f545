// A subset of XEP-0163 PEP on each account's bare JID, enough for XEP-0402
// bookmarks: publish (with publish-options), retract, items; notifications to the
// account's own sessions.
#pragma once

#include "ServerExtension.h"

class PepStore;
class SessionRegistry;

class PepService : public ServerExtension
{
    Q_OBJECT
public:
    PepService(StanzaRouter *router, SessionRegistry *sessions, PepStore *store);

    QString extensionName() const override { return QStringLiteral("pep"); }
    int extensionPriority() const override { return ServicePriority; }
    QStringList accountFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;

private:
    SessionRegistry *const m_sessions;
    PepStore *const m_store;
};
