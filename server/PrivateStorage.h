// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Private XML storage (XEP-0049), what Gajim, Profanity and Psi+ ask for at login.
// Any element is kept as given, per account, namespace and name; except XEP-0048's
// storage:bookmarks, which is the account's XEP-0402 bookmarks seen the old way (as
// Prosody's mod_bookmarks does): reading it lists the PEP bookmarks, writing it
// publishes and retracts them, so both kinds of client see the same rooms and §9's
// autojoin follows either.
#pragma once

#include "ServerExtension.h"
#include "ServiceLimits.h"

class PepService;
class PrivateStore;

class PrivateStorage : public ServerExtension
{
    Q_OBJECT
public:
    PrivateStorage(StanzaRouter *router, PrivateStore *store, PepService *pep);

    QString extensionName() const override { return QStringLiteral("private-storage"); }
    int extensionPriority() const override { return ServicePriority; }
    QStringList discoveryFeatures() const override;
    QStringList accountFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;

private:
    void get(const QDomElement &iq, const QString &owner, const QDomElement &element);
    void set(const QDomElement &iq, const QString &owner, const QDomElement &element);
    QDomElement legacyBookmarks(const QString &owner) const;
    bool setLegacyBookmarks(const QString &owner, const QDomElement &storage);

    PrivateStore *const m_store;
    PepService *const m_pep;
};
