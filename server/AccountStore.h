// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Accounts and their SCRAM credentials (see ScramCredentials.h). Passwords are never
// stored, nor anything a client could log in with: each account keeps, for
// SCRAM-SHA-256 and SCRAM-SHA-1, a salt, an iteration count, the StoredKey and the
// ServerKey. SCRAM is verified with those; PLAIN (checkPassword) too, through the
// SCRAM-SHA-256 StoredKey.
//
// Accounts from before schema version 3 held only a PBKDF2-SHA-256 hash, which is
// SCRAM-SHA-256's SaltedPassword: opening such a database turns it into SHA-256 keys
// (Database's upgrade). They have no SHA-1 keys until the password is set again or
// the next successful PLAIN login, which has the password; until then SCRAM-SHA-1
// fails for them like for an unknown account.
#pragma once

#include "SaslServer.h"
#include "ScramCredentials.h"

#include <QString>
#include <QStringList>
#include <optional>

class Database;

class AccountStore : public SaslCredentials
{
public:
    explicit AccountStore(Database *database);

    // Creates the account, or sets a new password if it exists. The name is
    // normalized (see normalizedName()).
    bool setAccount(const QString &name, const QString &password);
    bool removeAccount(const QString &name);
    bool contains(const QString &name) const;
    QStringList accounts() const;
    // PLAIN: true if the password is the account's. Costs the same key derivation for
    // unknown accounts. Creates the SCRAM-SHA-1 keys of an upgraded account.
    bool checkPassword(const QString &name, const QString &password) override;
    // SCRAM: nullopt when the account is unknown or has no keys for the algorithm.
    std::optional<ScramCredentials> scramCredentials(const QString &name,
                                                     ScramAlgorithm algorithm) const override;
    QString errorString() const { return m_error; }

    // Account names are JID nodes after nodeprep: "ALICE" is "alice". A null string
    // for a name that is no valid node (empty, white space, '@', '/', ...).
    static QString normalizedName(const QString &name);
    static bool isValidName(const QString &name);

private:
    bool storeSha1Credentials(const QString &account, const QString &password);

    Database *const m_database;
    mutable QString m_error;
};
