// PEP nodes and items in SQLite (§9, §10): the account's bookmarks and whatever
// else its clients publish on their own bare JID.
#pragma once

#include <QString>

class Database;

class PepStore
{
public:
    explicit PepStore(Database *database);

private:
    Database *const m_database;
};
