// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// vCard-temp (XEP-0054) in the vcards table: one vCard per account as the client set
// it, with the SHA-1 (hex) of its photo for XEP-0153.
#pragma once

#include <QString>

class Database;

class VCardStore
{
public:
    explicit VCardStore(Database *database);

    // The vCard as XML text; empty when the account has none.
    QString vCard(const QString &owner);
    QString photoHash(const QString &owner);
    // Replaces the account's vCard. False, and the batch fails, when it cannot be stored.
    bool store(const QString &owner, const QString &xml, const QString &photoHash);

private:
    Database *const m_database;
};
