// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Rosters and presence subscription states (RFC 6121) in SQLite, with a version
// counter per account for roster versioning (RFC 6121 §2.6).
//
// A row also remembers what is not shown in the roster: a contact's pending request
// (in_roster 0) and a pre-approval (§3.4). Versions only move when what a client sees
// of the roster changes, so a pending request alone does not invalidate a cached roster.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

class Database;

struct RosterItem
{
    QString contact; // bare JID
    QString name;
    QStringList groups;
    QString subscription = QStringLiteral("none"); // none, to, from, both
    bool askOut = false; // the account asked the contact (ask='subscribe')
    bool pendingIn = false; // the contact asked the account, no answer yet
    bool preApproved = false;
    bool inRoster = false;

    bool hasTo() const
    {
        return subscription == QLatin1String("to") || subscription == QLatin1String("both");
    }
    bool hasFrom() const
    {
        return subscription == QLatin1String("from") || subscription == QLatin1String("both");
    }
    void setTo(bool on);
    void setFrom(bool on);
    // Nothing left worth a row: neither in the roster nor any pending state.
    bool isEmpty() const
    {
        return !inRoster && !pendingIn && !preApproved && subscription == QLatin1String("none");
    }
};

class RosterStore
{
public:
    explicit RosterStore(Database *database);

    // The roster's current version (0 before any change).
    qint64 version(const QString &owner);
    // The items shown in the roster.
    QList<RosterItem> items(const QString &owner);
    // The row for this contact; a default item (inRoster false) when there is none.
    RosterItem item(const QString &owner, const QString &contact);
    int count(const QString &owner);
    // Contacts whose subscription requests wait for an answer.
    QStringList pendingRequests(const QString &owner);
    // Contacts that may see the owner's presence (from/both), and those it sees (to/both).
    QStringList subscribers(const QString &owner);
    QStringList subscriptions(const QString &owner);

    // Writes the row (or deletes it when empty). With visible, the roster's version moves
    // on and is returned; otherwise the current version. -1, and the batch fails, on error.
    qint64 save(const QString &owner, const RosterItem &item, bool visible);
    // Deletes the row and moves the version on; -1 on error.
    qint64 remove(const QString &owner, const QString &contact);

    // RFC 6121 §3.1.3: the complete stanza of a contact's pending request (its children, a
    // XEP-0379 token say), delivered unchanged at the owner's next login; a null string
    // when none is kept. Kept until the request is answered (save() with pendingIn false).
    QString request(const QString &owner, const QString &contact);
    bool saveRequest(const QString &owner, const QString &contact, const QString &xml);

    // Moves the version on without a visible change (a subscription request came in:
    // what the roster holds changed, as Prosody counts it); the new version, -1 on error.
    qint64 bumpVersion(const QString &owner);

private:
    QStringList contacts(const QString &sql, const QString &owner);
    // The request table is created on first use, not by a schema version of its own.
    bool ensureRequestTable();
    bool forgetRequest(const QString &owner, const QString &contact);

    Database *const m_database;
    bool m_requestTable = false; // known to exist: answered requests are then forgotten
};
