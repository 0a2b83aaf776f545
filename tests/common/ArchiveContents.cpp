// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ArchiveContents.h"

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
