// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The message archive in SQLite (§8 of the contract). Kind Room: a room's own archive
// (owner = the room) and each account's history of the groupchat messages its rooms
// sent it (owner = the account), one copy per message whatever the number of
// sessions; such a message is identified by the room's stanza-id (XEP-0359), its id
// in every archive of that kind. Kind Personal: an account's XEP-0313 user archive of
// one-to-one messages, each under the stanza-id the account's archive gave it.
// A query reads one kind only, so room history never shows in a personal archive.
#pragma once

#include "HistoryRequest.h"

#include <QString>

class Database;

// Stored as archive.kind (schema version 7).
enum class ArchiveKind { Room = 0, Personal = 1 };

struct ArchiveQuery
{
    ArchiveKind kind = ArchiveKind::Room;
    QString owner; // whose archive: an account's or a room's bare JID
    QString with; // only messages with this peer (a room, or a contact's bare JID)
    QDateTime start; // invalid: no bound
    QDateTime end;
    QString afterId; // RSM: the page after this id
    QString beforeId; // RSM: the page before this id
    bool lastPage = false; // RSM <before/>: the last page
    int max = 100;
};

struct ArchivedMessage
{
    QString id; // the stanza-id of the archive that stored it
    QString peer;
    QDateTime stamp;
    QDomElement message; // as the room broadcast it, without 'to'; one-to-one: as sent
};

struct ArchivePage
{
    QVector<ArchivedMessage> messages; // oldest first
    int count = 0; // messages matching the filters, all pages together
    int firstIndex = 0; // position of the first message of the page among them
    bool complete = false; // this page reaches the end in the direction of paging
    bool unknownId = false; // afterId or beforeId is not in the archive
};

class MessageArchive
{
public:
    explicit MessageArchive(Database *database);

    // Stores the message unless this owner already has the message with the same room
    // stanza-id. Returns the archive sequence of the entry (of the earlier one for a
    // duplicate), 0 when it could not be stored.
    qint64 store(const QString &owner, const QString &room, const QDomElement &message,
                 const QDateTime &stamp);
    // Stores a one-to-one message in owner's personal archive under the stanza-id
    // by=owner it carries (the caller stamped it). Returns as store().
    qint64 storePersonal(const QString &owner, const QString &peer, const QDomElement &message,
                         const QDateTime &stamp);
    // The sequence the next stored entry will get.
    qint64 nextSequence();
    // The newest 'limit' room entries of owner's archive with peer, from 'fromSequence' on,
    // oldest first (for history replays).
    QVector<HistoryEntry> latest(const QString &owner, const QString &peer, int limit,
                                 qint64 fromSequence = 0);
    int count(const QString &owner, const QString &peer);
    ArchivePage query(const ArchiveQuery &request);
    // Forgets an owner's archive (a destroyed room's); accounts keep their copies.
    bool removeOwner(const QString &owner);
    // The batch was rolled back: what this remembers of the last writes is void.
    void forgetCachedState();

    // The room's stanza-id of a broadcast message, or an empty string.
    static QString roomStanzaId(const QDomElement &message, const QString &room);
    // Whether a message is worth archiving, as Prosody decides for rooms and accounts:
    // a XEP-0334 <no-store/> or <no-permanent-store/> says no, <store/> says yes, else
    // it needs a body (chat states alone are not kept). What is not archived gets no
    // stanza-id, so every id a client sees is a valid RSM position (§8).
    static bool isArchivable(const QDomElement &message);

private:
    // 'archiveJid' is the JID whose stanza-id names the message (messages.room).
    qint64 storeEntry(ArchiveKind kind, const QString &owner, const QString &archiveJid, const QString &peer,
                      const QDomElement &message, const QDateTime &stamp);

    Database *const m_database;
    qint64 m_nextSequence = 0; // 0: not read from the database yet
    qint64 m_nextMessageId = 0;
    // The message stored last, so the archives of a room's recipients that follow its
    // broadcast find it without a query.
    QString m_lastRoom;
    QString m_lastStanzaId;
    qint64 m_lastMessageId = 0;
};
