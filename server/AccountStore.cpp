#include "AccountStore.h"

#include "Database.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QPasswordDigestor>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace {
constexpr int Iterations = 4096; // as SCRAM's customary default
constexpr int SaltBytes = 16;
constexpr int HashBytes = 32;

QByteArray derive(const QString &password, const QByteArray &salt, int iterations)
{
    return QPasswordDigestor::deriveKeyPbkdf2(QCryptographicHash::Sha256, password.toUtf8(), salt, iterations,
                                              HashBytes);
}

// Constant-time comparison so a wrong password takes as long as a nearly right one.
bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (int i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return diff == 0;
}
} // namespace

AccountStore::AccountStore(Database *database)
    : m_database(database)
{ }

QString AccountStore::normalizedName(const QString &name)
{
    return name.trimmed().toLower();
}

bool AccountStore::isValidName(const QString &name)
{
    if (name.isEmpty() || name.size() > 1023)
        return false;
    for (const QChar c : name) {
        if (c.isSpace() || c == QLatin1Char('@') || c == QLatin1Char('/') || c == QLatin1Char('"')
            || c == QLatin1Char('&') || c == QLatin1Char('\'') || c == QLatin1Char(':')
            || c == QLatin1Char('<') || c == QLatin1Char('>'))
            return false;
    }
    return true;
}

bool AccountStore::setAccount(const QString &name, const QString &password)
{
    const QString account = normalizedName(name);
    if (!isValidName(account)) {
        m_error = QStringLiteral("invalid account name '%1'").arg(name);
        return false;
    }
    if (password.isEmpty()) {
        m_error = QStringLiteral("empty password for account '%1'").arg(account);
        return false;
    }
    QByteArray salt(SaltBytes, Qt::Uninitialized);
    for (auto &byte : salt)
        byte = char(QRandomGenerator::system()->bounded(256));
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("INSERT INTO accounts (name, salt, hash, iterations, created)"
                                 " VALUES (?, ?, ?, ?, ?)"
                                 " ON CONFLICT(name) DO UPDATE SET salt = excluded.salt,"
                                 " hash = excluded.hash, iterations = excluded.iterations"));
    query.addBindValue(account);
    query.addBindValue(salt);
    query.addBindValue(derive(password, salt, Iterations));
    query.addBindValue(Iterations);
    query.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
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

bool AccountStore::checkPassword(const QString &name, const QString &password) const
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT salt, hash, iterations FROM accounts WHERE name = ?"));
    query.addBindValue(normalizedName(name));
    if (!query.exec() || !query.next()) {
        // Spend the same effort for unknown accounts: no user enumeration by timing.
        derive(password, QByteArray(SaltBytes, 'x'), Iterations);
        return false;
    }
    const QByteArray salt = query.value(0).toByteArray();
    const QByteArray hash = query.value(1).toByteArray();
    return sameBytes(derive(password, salt, query.value(2).toInt()), hash);
}
