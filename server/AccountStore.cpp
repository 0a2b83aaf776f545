// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "AccountStore.h"

#include "Database.h"
#include "JidPrep.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

// The columns (schema version 3): salt and iterations are SCRAM-SHA-256's, hash is
// always empty (it held the SaltedPassword up to version 2).

namespace {
QByteArray randomSalt()
{
    QByteArray salt(ScramSaltBytes, Qt::Uninitialized);
    for (auto &byte : salt)
        byte = char(QRandomGenerator::system()->bounded(256));
    return salt;
}
} // namespace

AccountStore::AccountStore(Database *database)
    : m_database(database)
{ }

QString AccountStore::normalizedName(const QString &name)
{
    return JidPrep::node(name);
}

bool AccountStore::isValidName(const QString &name)
{
    return !normalizedName(name).isEmpty();
}

bool AccountStore::setAccount(const QString &name, const QString &password)
{
    const QString account = normalizedName(name);
    if (account.isEmpty()) {
        m_error = QStringLiteral("invalid account name '%1'").arg(name);
        return false;
    }
    if (password.isEmpty()) {
        m_error = QStringLiteral("empty password for account '%1'").arg(account);
        return false;
    }
    const ScramCredentials sha256
        = deriveScramCredentials(ScramAlgorithm::Sha256, password, randomSalt(), ScramIterations);
    const ScramCredentials sha1
        = deriveScramCredentials(ScramAlgorithm::Sha1, password, randomSalt(), ScramIterations);
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral(
        "INSERT INTO accounts (name, salt, hash, iterations, created,"
        " scram_sha256_stored_key, scram_sha256_server_key,"
        " scram_sha1_salt, scram_sha1_iterations, scram_sha1_stored_key, scram_sha1_server_key)"
        " VALUES (?, ?, X'', ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT(name) DO UPDATE SET salt = excluded.salt, hash = X'', iterations = excluded.iterations,"
        " scram_sha256_stored_key = excluded.scram_sha256_stored_key,"
        " scram_sha256_server_key = excluded.scram_sha256_server_key,"
        " scram_sha1_salt = excluded.scram_sha1_salt, scram_sha1_iterations = excluded.scram_sha1_iterations,"
        " scram_sha1_stored_key = excluded.scram_sha1_stored_key,"
        " scram_sha1_server_key = excluded.scram_sha1_server_key"));
    query.addBindValue(account);
    query.addBindValue(sha256.salt);
    query.addBindValue(sha256.iterations);
    query.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    query.addBindValue(sha256.storedKey);
    query.addBindValue(sha256.serverKey);
    query.addBindValue(sha1.salt);
    query.addBindValue(sha1.iterations);
    query.addBindValue(sha1.storedKey);
    query.addBindValue(sha1.serverKey);
    if (!query.exec()) {
        m_error = query.lastError().text();
        return false;
    }
    return true;
}

bool AccountStore::removeAccount(const QString &name)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("DELETE FROM accounts WHERE name = ?"));
    query.addBindValue(normalizedName(name));
    if (!query.exec()) {
        m_error = query.lastError().text();
        return false;
    }
    return query.numRowsAffected() > 0;
}

bool AccountStore::contains(const QString &name) const
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT 1 FROM accounts WHERE name = ?"));
    query.addBindValue(normalizedName(name));
    return query.exec() && query.next();
}

QStringList AccountStore::accounts() const
{
    QStringList names;
    QSqlQuery query(m_database->connection());
    if (query.exec(QStringLiteral("SELECT name FROM accounts ORDER BY name"))) {
        while (query.next())
            names << query.value(0).toString();
    }
    return names;
}

std::optional<ScramCredentials> AccountStore::scramCredentials(const QString &name,
                                                               ScramAlgorithm algorithm) const
{
    QSqlQuery query(m_database->connection());
    query.prepare(
        algorithm == ScramAlgorithm::Sha256
            ? QStringLiteral("SELECT salt, iterations, scram_sha256_stored_key, scram_sha256_server_key"
                             " FROM accounts WHERE name = ?")
            : QStringLiteral("SELECT scram_sha1_salt, scram_sha1_iterations, scram_sha1_stored_key,"
                             " scram_sha1_server_key FROM accounts WHERE name = ?"));
    query.addBindValue(normalizedName(name));
    if (!query.exec() || !query.next())
        return std::nullopt;
    ScramCredentials credentials;
    credentials.salt = query.value(0).toByteArray();
    credentials.iterations = query.value(1).toInt();
    credentials.storedKey = query.value(2).toByteArray();
    credentials.serverKey = query.value(3).toByteArray();
    if (credentials.isNull() || credentials.serverKey.isEmpty() || credentials.salt.isEmpty()
        || credentials.iterations <= 0)
        return std::nullopt;
    return credentials;
}

bool AccountStore::checkPassword(const QString &name, const QString &password)
{
    const QString account = normalizedName(name);
    const std::optional<ScramCredentials> stored = scramCredentials(account, ScramAlgorithm::Sha256);
    if (!stored) {
        // Spend the same effort for unknown accounts: no user enumeration by timing.
        deriveScramCredentials(ScramAlgorithm::Sha256, password, QByteArray(ScramSaltBytes, 'x'),
                               ScramIterations);
        return false;
    }
    const ScramCredentials attempt
        = deriveScramCredentials(ScramAlgorithm::Sha256, password, stored->salt, stored->iterations);
    if (!constantTimeEquals(attempt.storedKey, stored->storedKey) || password.isEmpty())
        return false;
    if (!scramCredentials(account, ScramAlgorithm::Sha1) && !storeSha1Credentials(account, password))
        qWarning("AccountStore: cannot store the SCRAM-SHA-1 keys of %s: %s", qPrintable(account),
                 qPrintable(m_error));
    return true;
}

// The SHA-1 keys of an account upgraded from schema version 2, at its first PLAIN login.
bool AccountStore::storeSha1Credentials(const QString &account, const QString &password)
{
    const ScramCredentials sha1
        = deriveScramCredentials(ScramAlgorithm::Sha1, password, randomSalt(), ScramIterations);
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("UPDATE accounts SET scram_sha1_salt = ?, scram_sha1_iterations = ?,"
                                 " scram_sha1_stored_key = ?, scram_sha1_server_key = ? WHERE name = ?"));
    query.addBindValue(sha1.salt);
    query.addBindValue(sha1.iterations);
    query.addBindValue(sha1.storedKey);
    query.addBindValue(sha1.serverKey);
    query.addBindValue(account);
    if (!query.exec()) {
        m_error = query.lastError().text();
        return false;
    }
    return true;
}
