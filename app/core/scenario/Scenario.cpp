// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/Scenario.h"

#include "Jid.h"
#include "XmlText.h"
#include "core/scenario/ScenarioJids.h"

#include <QDomElement>

int Scenario::expectationCount() const
{
    int count = 0;
    for (const ScenarioStep &step : steps)
        count += step.isExpectation() ? 1 : 0;
    return count;
}

QString Scenario::modeName() const
{
    return joinModeName(mode);
}

QString Scenario::firstRoom(const ScenarioJids &jids) const
{
    for (const ScenarioStep &step : steps) {
        if (!step.room.isEmpty())
            return Jid::bare(jids.room(step.room));
        if (step.action != ScenarioStep::Action::Send)
            continue;
        // A script's ${...} variables are plain text to the parser; a file's {room:NAME} is not.
        QString xml = step.xml;
        if (!isScripted() && !jids.expand(step.xml, &xml))
            continue;
        const QString to = XmlText::toElement(xml).attribute(QStringLiteral("to"));
        if (Jid::domain(to) == jids.mucDomain() && !Jid::node(to).isEmpty())
            return Jid::bare(to);
    }
    return QString();
}
