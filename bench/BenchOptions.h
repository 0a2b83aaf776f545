// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-bench's command line (the interface in the README; driven from outside
// like minimix-server).
#pragma once

#include "CommandLine.h"
#include "JoinMode.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

struct BenchOptions : CommandLine
{
    BenchOptions()
        : CommandLine(QStringLiteral("minimix-bench"))
    { }
    bool embedded = true; // --target embedded (default) or HOST:PORT
    QString host;
    quint16 port = 0;
    QString domain = QStringLiteral("localhost");
    QString muc = QStringLiteral("conference.localhost");
    QString accountPrefix = QStringLiteral("load");
    QString password = QStringLiteral("secret");
    JoinMode mode = JoinMode::AccountLevel; // embedded target only
    int accounts = 5;
    int sessions = 4; // per account
    int messages = 2000;
    // Accounts are spread over this many rooms (account a in room a mod R); the first
    // session of each room's first account creates it and sends its messages.
    int rooms = 1;
    double rate = 0; // messages per second (in each room); 0: a burst
    bool storm = false;
    // Protection runs (ProtectionRun) instead of the room benchmark: a flood of this many
    // groupchat messages from one session, with a pinging and a non-reading session
    // beside it; or this many account-level joins by one account.
    int flood = 0;
    double floodSeconds = 60; // the flood's measurement ends here if the server still reads
    int joins = 0;
    qint64 serverPid = 0;
    QString jsonPath;
    // --tls: STARTTLS, then SASL over TLS. The server's certificate must have this
    // SHA-256 digest (32 bytes, --tls-fingerprint); empty: any certificate is accepted
    // (verification off), except on the embedded target, whose own certificate is pinned.
    bool tls = false;
    QByteArray tlsFingerprint;
    // --sasl: SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, or auto (the strongest of those the server
    // offers, in that order).
    QString sasl = QStringLiteral("auto");
    QString room = QStringLiteral("bench"); // the room's node

    static BenchOptions parse(const QStringList &arguments);
    QString targetName() const;
    // The first room's JID (bench@muc; with --rooms, bench1@muc, bench2@muc, ...).
    QString roomJid(int index = 0) const
    {
        return (rooms > 1 ? room + QString::number(index + 1) : room) + QLatin1Char('@') + muc;
    }
    QString modeName() const { return joinModeName(mode); }
};
