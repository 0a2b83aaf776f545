// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Where external server mode connects: host and port, the server's domain and MUC
// domain, the accounts with their passwords and the sessions ("alice/phone") that
// log in. Parsed from the command line or filled in by the dialog.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

class ServerConnection
{
public:
    QString host;
    quint16 port = 5222;
    QString domain;
    QString mucDomain; // empty: conference.<domain>
    QHash<QString, QString> passwords; // account name -> password
    QStringList accountOrder; // as given
    QStringList sessions; // "alice/phone"; empty: one session "NAME/lab" per account

    // "HOST:PORT" or "HOST" (port 5222). False with *error when malformed.
    bool setServer(const QString &hostPort, QString *error);
    // "NAME:PASSWORD"; the password may contain ':'.
    bool addAccount(const QString &nameColonPassword, QString *error);
    bool addSession(const QString &session, QString *error);

    QString effectiveMucDomain() const;
    QStringList effectiveSessions() const;
    // Empty when complete, else what is missing.
    QString validate() const;
};
