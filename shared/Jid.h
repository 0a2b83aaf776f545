// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Small JID helpers: the server and the lab reason in bare and full JIDs all the time.
#pragma once

#include <QString>

namespace Jid {
// "node@domain/resource" -> "node@domain"
QString bare(const QString &jid);
// "node@domain/resource" -> "resource" (empty for a bare JID)
QString resource(const QString &jid);
// "node@domain/resource" -> "domain"
QString domain(const QString &jid);
// "node@domain/resource" -> "node"
QString node(const QString &jid);
// As domain() and node(), without a copy: views into 'jid', valid while it is. For the
// checks every routed stanza goes through.
QStringView domainView(const QString &jid);
QStringView nodeView(const QString &jid);
inline bool isBare(const QString &jid)
{
    return !jid.contains(QLatin1Char('/'));
}
inline bool isFull(const QString &jid)
{
    const int slash = jid.indexOf(QLatin1Char('/'));
    return slash >= 0 && slash < jid.size() - 1;
}
inline QString full(const QString &bareJid, const QString &resource)
{
    return bareJid + QLatin1Char('/') + resource;
}
} // namespace Jid
