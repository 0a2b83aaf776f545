// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/LobbyDemo.h"

#include "core/scenario/Scenario.h"
#include "core/scenario/ScenarioParser.h"
#include "core/session/LabSession.h"

static void initDemoResources()
{
    // The demo's file comes with the core library; a static library needs this.
    Q_INIT_RESOURCE(bundled_scenarios);
}

namespace LobbyDemo {

QString path()
{
    return QStringLiteral(":/scenarios/demo/lobby-demo.json");
}

bool load(JoinMode mode, Scenario *scenario, QString *error)
{
    initDemoResources();
    if (!ScenarioParser::load(path(), scenario, error))
        return false;
    scenario->mode = mode;
    return true;
}

QStringList report(const QList<LabSession *> &sessions, const QString &room)
{
    int width = 0;
    for (const LabSession *session : sessions)
        width = qMax(width, int(session->jid().size()) + 1);
    QStringList lines;
    for (const LabSession *session : sessions) {
        QStringList bodies;
        const auto messages = session->groupMessages(room);
        for (const LabSession::GroupMessage &message : messages)
            bodies << (message.delayed ? message.body + QStringLiteral(" (history)") : message.body);
        lines << QStringLiteral("%1 %2  (%3 groupchat among %4 stanzas from the room)")
                     .arg(session->jid() + QLatin1Char(':'), -width)
                     .arg(bodies.isEmpty() ? QStringLiteral("-") : bodies.join(QStringLiteral(", ")))
                     .arg(messages.size())
                     .arg(session->roomStanzaCount(room));
    }
    return lines;
}

} // namespace LobbyDemo
