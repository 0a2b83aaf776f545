// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Private XML storage (XEP-0049) in SQLite: one element per account, namespace and
// element name, as the client gave it.
#pragma once

#include <QString>

class Database;

class PrivateStore
{
public:
    explicit PrivateStore(Database *database);

    // The stored element as XML text; empty when there is none.
    QString element(const QString &owner, const QString &ns, const QString &name);
    // How many elements the owner keeps.
    int count(const QString &owner);
    // Replaces (or adds) the element. False, and the batch fails, when it cannot be stored.
    bool store(const QString &owner, const QString &ns, const QString &name, const QString &xml);

private:
    Database *const m_database;
};
