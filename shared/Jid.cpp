// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "Jid.h"

namespace Jid {

QString bare(const QString &jid)
{
    const int slash = jid.indexOf(QLatin1Char('/'));
    return slash < 0 ? jid : jid.left(slash);
}

QString resource(const QString &jid)
{
    const int slash = jid.indexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : jid.mid(slash + 1);
}

QString domain(const QString &jid)
{
    const QString b = bare(jid);
    const int at = b.indexOf(QLatin1Char('@'));
    return at < 0 ? b : b.mid(at + 1);
}

QString node(const QString &jid)
{
    const QString b = bare(jid);
    const int at = b.indexOf(QLatin1Char('@'));
    return at < 0 ? QString() : b.left(at);
}

QStringView domainView(const QString &jid)
{
    const int slash = jid.indexOf(QLatin1Char('/'));
    const QStringView bare = QStringView(jid).left(slash < 0 ? jid.size() : slash);
    const int at = bare.indexOf(QLatin1Char('@'));
    return at < 0 ? bare : bare.mid(at + 1);
}

QStringView nodeView(const QString &jid)
{
    const int slash = jid.indexOf(QLatin1Char('/'));
    const QStringView bare = QStringView(jid).left(slash < 0 ? jid.size() : slash);
    const int at = bare.indexOf(QLatin1Char('@'));
    return at < 0 ? QStringView() : bare.left(at);
}

} // namespace Jid
