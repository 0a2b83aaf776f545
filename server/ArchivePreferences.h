// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// An account's XEP-0313 archiving preferences (§6.1) in SQLite: the default ("always",
// "never" or "roster") and the JIDs always or never archived. An account that set none
// archives everything ("always"), as it did before preferences existed. The table is
// created on first write, not by a schema version of its own.
#pragma once

#include <QString>
#include <QStringList>

class Database;
class RosterStore;

struct ArchivePrefs
{
    QString defaultMode = QStringLiteral("always");
    QStringList always; // bare JIDs, normalised
    QStringList never;
};

class ArchivePreferences
{
public:
    ArchivePreferences(Database *database, RosterStore *rosters);

    ArchivePrefs prefs(const QString &owner);
    // False, and the batch fails, on a write error.
    bool save(const QString &owner, const ArchivePrefs &prefs);
    // Whether the owner's archive keeps a message exchanged with this peer (bare JID):
    // the lists first (never wins over always), then the default.
    bool archives(const QString &owner, const QString &peer);

private:
    bool tableExists();

    Database *const m_database;
    RosterStore *const m_rosters;
    bool m_table = false; // known to exist
};
