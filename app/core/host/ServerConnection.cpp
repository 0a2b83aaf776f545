// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/host/ServerConnection.h"

bool ServerConnection::setServer(const QString &hostPort, QString *error)
{
    const int colon = hostPort.lastIndexOf(QLatin1Char(':'));
    QString portText;
    if (colon < 0) {
        host = hostPort;
    } else {
        host = hostPort.left(colon);
        portText = hostPort.mid(colon + 1);
    }
    bool ok = true;
    const uint value = portText.isEmpty() ? 5222 : portText.toUInt(&ok);
    if (host.isEmpty() || !ok || value == 0 || value > 65535) {
        *error = QStringLiteral("--server needs HOST:PORT, not \"%1\"").arg(hostPort);
        return false;
    }
    port = quint16(value);
    return true;
}

bool ServerConnection::addAccount(const QString &nameColonPassword, QString *error)
{
    const int colon = nameColonPassword.indexOf(QLatin1Char(':'));
    const QString name = nameColonPassword.left(colon);
    if (colon <= 0 || name.contains(QLatin1Char('@')) || name.contains(QLatin1Char('/'))) {
        *error = QStringLiteral("--account needs NAME:PASSWORD (a local part, no @), not \"%1\"")
                     .arg(nameColonPassword);
        return false;
    }
    if (!passwords.contains(name))
        accountOrder << name;
    passwords.insert(name, nameColonPassword.mid(colon + 1));
    return true;
}

bool ServerConnection::addSession(const QString &session, QString *error)
{
    const int slash = session.indexOf(QLatin1Char('/'));
    if (slash <= 0 || slash == session.size() - 1) {
        *error = QStringLiteral("--session needs NAME/RESOURCE, not \"%1\"").arg(session);
        return false;
    }
    sessions << session;
    return true;
}

QString ServerConnection::effectiveMucDomain() const
{
    return mucDomain.isEmpty() ? QStringLiteral("conference.") + domain : mucDomain;
}

QStringList ServerConnection::effectiveSessions() const
{
    if (!sessions.isEmpty())
        return sessions;
    QStringList result;
    for (const QString &account : accountOrder)
        result << account + QStringLiteral("/lab");
    return result;
}

QString ServerConnection::validate() const
{
    if (host.isEmpty())
        return QStringLiteral("no server given (--server HOST:PORT)");
    if (domain.isEmpty())
        return QStringLiteral("no domain given (--domain D)");
    if (accountOrder.isEmpty())
        return QStringLiteral("no account given (--account NAME:PASSWORD)");
    for (const QString &session : effectiveSessions()) {
        const QString account = session.section(QLatin1Char('/'), 0, 0);
        if (!passwords.contains(account))
            return QStringLiteral("session %1: no --account %2:PASSWORD").arg(session, account);
    }
    return QString();
}
