// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/cli/ServerConnectionOptions.h"

#include "core/host/ServerConnection.h"

#include <QCommandLineParser>

ServerConnectionOptions::ServerConnectionOptions()
    : m_server(QStringLiteral("server"),
               QStringLiteral("Play on this XMPP server instead (classic MUC assumed)."),
               QStringLiteral("host:port"))
    , m_domain(QStringLiteral("domain"), QStringLiteral("Its domain."), QStringLiteral("domain"))
    , m_muc(QStringLiteral("muc"), QStringLiteral("Its MUC service."), QStringLiteral("domain"))
    , m_account(QStringLiteral("account"), QStringLiteral("An account on it."),
                QStringLiteral("name:password"))
    , m_session(QStringLiteral("session"), QStringLiteral("A session of the lab there."),
                QStringLiteral("name/resource"))
{ }

void ServerConnectionOptions::addTo(QCommandLineParser &parser) const
{
    parser.addOptions({ m_server, m_domain, m_muc, m_account, m_session });
}

bool ServerConnectionOptions::serverGiven(const QCommandLineParser &parser) const
{
    return parser.isSet(m_server);
}

QString ServerConnectionOptions::read(const QCommandLineParser &parser, ServerConnection *connection) const
{
    if (!serverGiven(parser)) {
        if (parser.isSet(m_domain) || parser.isSet(m_muc) || parser.isSet(m_account)
            || parser.isSet(m_session))
            return QStringLiteral("--domain, --muc, --account and --session go with --server");
        return QString();
    }
    // Everything the external mode needs is checked here, before anything starts.
    connection->domain = parser.value(m_domain);
    connection->mucDomain = parser.value(m_muc);
    QString error;
    bool ok = connection->setServer(parser.value(m_server), &error);
    for (const QString &value : parser.values(m_account))
        ok = ok && connection->addAccount(value, &error);
    for (const QString &value : parser.values(m_session))
        ok = ok && connection->addSession(value, &error);
    if (ok)
        error = connection->validate();
    return error;
}
