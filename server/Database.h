// The server's SQLite database: one connection per server instance, a versioned
// schema created or upgraded at open.
#pragma once

#include <QSqlDatabase>
#include <QString>

class Database
{
public:
    Database();
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens or creates the file (":memory:" for a throwaway database).
    bool open(const QString &path);
    void close();
    bool isOpen() const;
    QString errorString() const { return m_error; }
    QSqlDatabase connection() const;

    static int schemaVersion();

private:
    bool migrate();

    QString m_connectionName;
    QString m_error;
};
