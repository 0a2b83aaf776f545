// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// vCard-temp (XEP-0054), what Gajim, Poezio and Psi+ ask for at login: an account
// reads and sets its own vCard (none reads as an empty <vCard/>), and anyone reads a
// local account's vCard at its bare JID, answered by the server on the account's
// behalf (none: item-not-found, XEP-0054 §3.1). A vCard is at most MaxVCardSize
// characters; the SHA-1 of its photo is kept for XEP-0153. vCards of rooms and
// occupants are the MUC service's business (an occupant's is a relayed IQ).
#pragma once

#include "ServerExtension.h"

class AccountStore;
class VCardStore;

class VCardService : public ServerExtension
{
    Q_OBJECT
public:
    VCardService(StanzaRouter *router, VCardStore *store, AccountStore *accounts);

    QString extensionName() const override { return QStringLiteral("vcard"); }
    int extensionPriority() const override { return ServicePriority; }
    QStringList discoveryFeatures() const override;
    QStringList accountFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;

    // XEP-0153: the hex SHA-1 of the decoded PHOTO/BINVAL, empty without a photo.
    static QString photoHash(const QDomElement &vCard);

private:
    void set(const QDomElement &iq, const QString &owner, const QDomElement &vCard);
    void get(const QDomElement &iq, const QString &owner, bool own);

    VCardStore *const m_store;
    AccountStore *const m_accounts;
};
