// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// --server, --domain, --muc, --account, --session: how minimix-lab and minimix-scenario
// are told to play on an XMPP server they did not start.
#pragma once

#include <QCommandLineOption>

class QCommandLineParser;
class ServerConnection;

class ServerConnectionOptions
{
public:
    ServerConnectionOptions();

    void addTo(QCommandLineParser &parser) const;
    // --server was given: the sessions go to another server.
    bool serverGiven(const QCommandLineParser &parser) const;
    // With --server, fills 'connection' and checks it is complete; without, the other
    // four flags may not be given. Empty when all is well, otherwise what is wrong.
    QString read(const QCommandLineParser &parser, ServerConnection *connection) const;

private:
    const QCommandLineOption m_server;
    const QCommandLineOption m_domain;
    const QCommandLineOption m_muc;
    const QCommandLineOption m_account;
    const QCommandLineOption m_session;
};
