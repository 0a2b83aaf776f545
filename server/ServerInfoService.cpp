// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ServerInfoService.h"

#include "StanzaRouter.h"
#include "Vocabulary.h"

#include <QDateTime>
#include <QSysInfo>
#include <QTimeZone>

#ifndef MINIMIX_VERSION
#define MINIMIX_VERSION "unknown"
#endif

QStringList ServerInfoService::discoveryFeatures() const
{
    return { QString(Ns::SoftwareVersion), QString(Ns::Time) };
}

bool ServerInfoService::handleStanza(const QDomElement &stanza)
{
    if (!Stanza::isIq(stanza) || Stanza::type(stanza) != QLatin1String("get")
        || Stanza::to(stanza) != router()->domain())
        return false;
    const bool version = !Stanza::child(stanza, QStringLiteral("query"), Ns::SoftwareVersion).isNull();
    const bool time = !Stanza::child(stanza, QStringLiteral("time"), Ns::Time).isNull();
    if (!version && !time)
        return false;
    QDomElement result = Stanza::iqResult(stanza);
    if (version) {
        QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::SoftwareVersion);
        Stanza::addTextChild(query, QStringLiteral("name"), QStringLiteral("Minimix Lab"));
        Stanza::addTextChild(query, QStringLiteral("version"), QStringLiteral(MINIMIX_VERSION));
        Stanza::addTextChild(query, QStringLiteral("os"), QSysInfo::prettyProductName());
    } else {
        // XEP-0202: the UTC time and the server's offset from it.
        const QDateTime now = QDateTime::currentDateTime();
        const int offset = now.offsetFromUtc();
        const QString tzo = QStringLiteral("%1%2:%3")
                                .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                                .arg(qAbs(offset) / 3600, 2, 10, QLatin1Char('0'))
                                .arg(qAbs(offset) % 3600 / 60, 2, 10, QLatin1Char('0'));
        QDomElement answer = Stanza::addChild(result, QStringLiteral("time"), Ns::Time);
        Stanza::addTextChild(answer, QStringLiteral("tzo"), tzo);
        Stanza::addTextChild(answer, QStringLiteral("utc"),
                             now.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ")));
    }
    router()->route(result);
    return true;
}
