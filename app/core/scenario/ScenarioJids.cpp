// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/ScenarioJids.h"

#include <QRegularExpression>

ScenarioJids::ScenarioJids(const QString &domain, const QString &mucDomain)
    : m_domain(domain)
    , m_mucDomain(mucDomain)
{ }

QString ScenarioJids::resolve(const QString &name, const QString &domain) const
{
    if (name.contains(QLatin1Char('@')))
        return name;
    const int slash = name.indexOf(QLatin1Char('/'));
    if (slash < 0)
        return name + QLatin1Char('@') + domain;
    return name.left(slash) + QLatin1Char('@') + domain + name.mid(slash);
}

QString ScenarioJids::room(const QString &name) const
{
    return resolve(name, m_mucDomain);
}

QString ScenarioJids::account(const QString &name) const
{
    return resolve(name, m_domain);
}

bool ScenarioJids::expand(const QString &xml, QString *expanded, QString *error) const
{
    static const QRegularExpression placeholder(QStringLiteral("\\{([a-z]+)(?::([^}]*))?\\}"));
    QString out;
    qsizetype last = 0;
    QRegularExpressionMatchIterator it = placeholder.globalMatch(xml);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        const QString kind = match.captured(1);
        const QString name = match.captured(2);
        const bool named = match.capturedStart(2) >= 0;
        QString value;
        if (kind == QLatin1String("room") && !name.isEmpty())
            value = room(name);
        else if (kind == QLatin1String("jid") && !name.isEmpty())
            value = account(name);
        else if (kind == QLatin1String("domain") && !named)
            value = m_domain;
        else if (kind == QLatin1String("muc") && !named)
            value = m_mucDomain;
        else {
            if (error)
                *error = QStringLiteral("unknown placeholder %1 (known: {room:NAME}, {jid:NAME}, "
                                        "{domain}, {muc})")
                             .arg(match.captured(0));
            return false;
        }
        out += xml.mid(last, match.capturedStart() - last) + value.toHtmlEscaped();
        last = match.capturedEnd();
    }
    out += xml.mid(last);
    *expanded = out;
    return true;
}
