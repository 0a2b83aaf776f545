// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0045 §7.2.13 discussion history limits (maxstanzas, maxchars, seconds,
// since), used for a room's own history and for replays from an account's archive.
#pragma once

#include <QDateTime>
#include <QDomElement>
#include <QVector>

struct HistoryEntry
{
    // The message as the room broadcast it, without 'to' and <delay/>, as XML text: what
    // the archive stores, and what maxchars counts. Parsed only when it is replayed.
    QString xml;
    QDateTime stamp;
};
// Shifted by memmove when a room's history drops its oldest entry (every message).
Q_DECLARE_TYPEINFO(HistoryEntry, Q_RELOCATABLE_TYPE);

struct HistoryRequest
{
    int maxStanzas = -1; // -1: no limit of this kind
    int maxChars = -1;
    int seconds = -1;
    QDateTime since;

    // From a join presence's <x xmlns='…muc'><history/></x>; without a <history/>
    // element the room's default amount applies.
    static HistoryRequest fromJoin(const QDomElement &presence, int defaultMaxStanzas);
    // The entries to send, oldest first.
    QVector<HistoryEntry> select(const QVector<HistoryEntry> &entries, const QDateTime &now) const;
};

// The stanza as replayed: a copy with <delay from='room' stamp='…'/>.
QDomElement delayedCopy(const HistoryEntry &entry, const QString &roomJid, const QString &to);
