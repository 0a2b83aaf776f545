// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucForm.h"

#include "Stanza.h"

namespace MucForm {

QDomElement addField(QDomElement form, const QString &var, const QString &type, const QString &label,
                     const QString &value)
{
    QDomElement field = Stanza::addChild(form, QStringLiteral("field"));
    field.setAttribute(QStringLiteral("var"), var);
    field.setAttribute(QStringLiteral("type"), type);
    if (!label.isEmpty())
        field.setAttribute(QStringLiteral("label"), label);
    Stanza::addTextChild(field, QStringLiteral("value"), value);
    return field;
}

void addOption(QDomElement field, const QString &label, const QString &value)
{
    QDomElement option = Stanza::addChild(field, QStringLiteral("option"));
    option.setAttribute(QStringLiteral("label"), label);
    Stanza::addTextChild(option, QStringLiteral("value"), value);
}

QString boolText(bool value)
{
    return value ? QStringLiteral("1") : QStringLiteral("0");
}

bool parseBool(const QString &text, bool *ok)
{
    *ok = true;
    if (text == QLatin1String("1") || text == QLatin1String("true"))
        return true;
    if (text == QLatin1String("0") || text == QLatin1String("false"))
        return false;
    *ok = false;
    return false;
}

} // namespace MucForm
