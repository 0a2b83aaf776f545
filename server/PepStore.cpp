#include "PepStore.h"

#include "Database.h"

PepStore::PepStore(Database *database)
    : m_database(database)
{ }
