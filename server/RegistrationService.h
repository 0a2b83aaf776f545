// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0077 in-band registration.
// - Before authentication (ClientStream, only with --allow-registration): the form
//   (username, password) and the account's creation through the AccountStore; the
//   client then logs in with SASL on the same stream. preAuthAnswer() builds the
//   answer, ClientStream bounds how often a connection and an address may ask.
// - From a session (this extension, to the server): the registration is read back
//   (<registered/>), a set with the account's own username and a new password changes
//   the password. Cancelling the registration (<remove/>) is not-allowed: an account's
//   rooms, roster, archive and other data would outlive it for the next one to register
//   that name.
#pragma once

#include "ServerExtension.h"

#include <functional>

class AccountStore;

class RegistrationService : public ServerExtension
{
    Q_OBJECT
public:
    RegistrationService(StanzaRouter *router, AccountStore *accounts);

    QString extensionName() const override { return QStringLiteral("registration"); }
    int extensionPriority() const override { return ServicePriority; }
    QStringList discoveryFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;

    // Creates the account: empty on success, else the stanza error condition (conflict for
    // an existing account, not-acceptable for an invalid name or password).
    static QString createAccount(AccountStore *accounts, const QString &username, const QString &password);
    // The answer to a jabber:iq:register IQ on an unauthenticated stream. createAccount is
    // empty when registration is off (everything is then not-allowed but the form's get,
    // which is not-allowed too). *created is set to the new account's name.
    static QDomElement preAuthAnswer(const QDomElement &iq,
                                     const std::function<QString(const QString &, const QString &)> &create,
                                     QString *created);

private:
    AccountStore *const m_accounts;
};
