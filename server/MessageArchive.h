// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The message archive in SQLite (§8 of the contract). Kind Room: a room's own archive
// (owner = the room). Kind Personal: an account's XEP-0313 user archive of one-to-one
// messages, each under the stanza-id the account's archive gave it. A query reads one
// kind only, so room history never shows in a personal archive.
// An account's history of a room (what the room sent it, once however many sessions got
// it) is not stored a second time: it is the room's archive from the first message the
// account's membership received on, less what the account did not receive (a blocked
// occupant's messages, a stored subject), which is kept as a short list of exceptions.
#pragma once

#include "HistoryRequest.h"

#include <QString>

class Database;

// Stored as archive.kind (schema version 7). Version 10 also had kind 2, a copy per
// account of each room message; version 11 derives that from the room's archive.
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

    // Stores a message the room broadcast in its own archive: 'xml' is the message as the
    // room broadcast it (no 'to', no <delay/>), 'stanzaId' the id the room stamped on it.
    // Returns the archive sequence of the entry, 0 when it could not be stored.
    qint64 storeRoom(const QString &room, const QString &stanzaId, const QString &xml,
                     const QDateTime &stamp);
    // The room archive's sequence of the message the room stamped with stanzaId, 0 when
    // the room's archive does not have it.
    qint64 roomSequence(const QString &room, const QString &stanzaId);
    // Leaves a message of the room's archive out of the account's history of the room: the
    // account did not receive it. Nothing to do for a message the room did not archive (no
    // stanza-id of the room's). False when it could not be stored.
    bool withhold(const QString &account, const QString &room, const QDomElement &message);
    // Stores a one-to-one message in owner's personal archive under the stanza-id
    // by=owner it carries (the caller stamped it), without its <delay/>. Returns as
    // storeRoom().
    qint64 storePersonal(const QString &owner, const QString &peer, const QDomElement &message,
                         const QDateTime &stamp);
    // The sequence the next stored entry will get.
    qint64 nextSequence();
    // The newest 'limit' entries of a room's archive, oldest first (the room's history).
    QVector<HistoryEntry> roomHistory(const QString &room, int limit);
    // The newest 'limit' entries of account's history of room from the room archive's
    // sequence 'fromSequence' on, oldest first (history replays to a session, §1).
    QVector<HistoryEntry> accountHistory(const QString &account, const QString &room, int limit,
                                         qint64 fromSequence = 0);
    ArchivePage query(const ArchiveQuery &request);
    // Forgets an owner's archive (a destroyed room's, and its accounts' histories of it).
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
    // The newest 'limit' entries of the room's archive from 'fromSequence' on, less what
    // 'account' (if any) was not sent.
    QVector<HistoryEntry> latestOfRoom(const QString &room, const QString &account, int limit,
                                       qint64 fromSequence);
    // 'archiveJid' is the JID whose stanza-id names the message (messages.room).
    qint64 insertEntry(ArchiveKind kind, const QString &owner, const QString &archiveJid, const QString &peer,
                       const QString &stanzaId, const QString &xml, const QDateTime &stamp);

    Database *const m_database;
    qint64 m_nextSequence = 0; // 0: not read from the database yet
    qint64 m_nextMessageId = 0;
};
