// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ArchiveContents.h"

#include "MembershipStore.h"
#include "XmlText.h"

#include <limits>

QStringList archivedBodies(MessageArchive &archive, const QString &owner, ArchiveKind kind)
{
    QStringList bodies;
    ArchiveQuery query;
    query.kind = kind;
    query.owner = owner;
    query.max = 500;
    while (true) {
        const ArchivePage page = archive.query(query);
        for (const ArchivedMessage &message : page.messages)
            bodies << message.message.firstChildElement(QStringLiteral("body")).text();
        if (page.complete || page.messages.isEmpty())
            return bodies;
        query.afterId = page.messages.last().id;
    }
}

QStringList accountHistoryBodies(Database &database, const QString &account, const QString &room)
{
    QStringList bodies;
    for (const StoredMembership &membership : MembershipStore(&database).load()) {
        if (membership.account != account || membership.room != room)
            continue;
        MessageArchive archive(&database);
        for (const HistoryEntry &entry :
             archive.accountHistory(account, room, std::numeric_limits<int>::max(), membership.firstArchived))
            bodies << XmlText::toElement(entry.xml).firstChildElement(QStringLiteral("body")).text();
    }
    return bodies;
}
