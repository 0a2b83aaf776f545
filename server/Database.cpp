#include "Database.h"

#include <QAtomicInteger>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace {
QAtomicInteger<quint64> connectionCounter;

// Each entry upgrades the schema by one version; never edit a released entry.
const QList<QStringList> &migrations()
{
    static const QList<QStringList> steps = {
        // version 1: accounts
        { QStringLiteral("CREATE TABLE accounts ("
                         " name TEXT PRIMARY KEY,"
                         " salt BLOB NOT NULL,"
                         " hash BLOB NOT NULL,"
                         " iterations INTEGER NOT NULL,"
                         " created TEXT NOT NULL)") },
    };
    return steps;
}
} // namespace

Database::Database()
    : m_connectionName(QStringLiteral("minimix-%1").arg(++connectionCounter))
{ }

Database::~Database()
{
    close();
}

int Database::schemaVersion()
{
    return migrations().size();
}

bool Database::open(const QString &path)
{
    close();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(path);
        if (!db.open()) {
            m_error = QStringLiteral("cannot open database %1: %2").arg(path, db.lastError().text());
            db = QSqlDatabase();
            QSqlDatabase::removeDatabase(m_connectionName);
            return false;
        }
    }
    if (!migrate()) {
        close();
        return false;
    }
    return true;
}

void Database::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool Database::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName)
        && QSqlDatabase::database(m_connectionName, false).isOpen();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool Database::migrate()
{
    QSqlDatabase db = connection();
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        m_error = QStringLiteral("not a usable SQLite database: %1").arg(query.lastError().text());
        return false;
    }
    const int version = query.value(0).toInt();
    if (version > schemaVersion()) {
        m_error = QStringLiteral("database schema version %1 is newer than this program's %2; not touched")
                      .arg(version)
                      .arg(schemaVersion());
        return false;
    }
    query.exec(QStringLiteral("PRAGMA journal_mode=WAL"));
    for (int step = version; step < schemaVersion(); ++step) {
        db.transaction();
        for (const QString &statement : migrations().at(step)) {
            if (!query.exec(statement)) {
                m_error = QStringLiteral("schema upgrade to version %1 failed: %2")
                              .arg(step + 1)
                              .arg(query.lastError().text());
                db.rollback();
                return false;
            }
        }
        query.exec(QStringLiteral("PRAGMA user_version = %1").arg(step + 1));
        db.commit();
    }
    return true;
}
