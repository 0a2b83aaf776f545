// Accounts and their passwords. Passwords are stored as salted PBKDF2-SHA256
// hashes, never in clear.
#pragma once

#include <QString>
#include <QStringList>

class Database;

class AccountStore
{
public:
    explicit AccountStore(Database *database);

    // Creates the account, or sets a new password if it exists.
    bool setAccount(const QString &name, const QString &password);
    bool removeAccount(const QString &name);
    bool contains(const QString &name) const;
    QStringList accounts() const;
    bool checkPassword(const QString &name, const QString &password) const;
    QString errorString() const { return m_error; }

    // Account names are lower case, without '@', '/' or white space.
    static QString normalizedName(const QString &name);
    static bool isValidName(const QString &name);

private:
    Database *const m_database;
    mutable QString m_error;
};
