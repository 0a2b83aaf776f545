// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The built-in demo: three accounts, five sessions, one room. It is a scenario file
// (resources/scenarios/demo/lobby-demo.json) played like any other, through the
// Scenario dock and at its pace, in whichever join mode the lab is in.
#pragma once

#include "JoinMode.h"

#include <QList>
#include <QString>

class LabSession;
class Scenario;

namespace LobbyDemo {
// Where the demo's scenario lives (a resource of the core library).
QString path();
// The demo in 'mode'; false with *error only when the resource is broken.
bool load(JoinMode mode, Scenario *scenario, QString *error = nullptr);
// One line per session:
// "alice@localhost/laptop: hello, hi  (2 groupchat among 8 stanzas from the room)".
QStringList report(const QList<LabSession *> &sessions, const QString &room);
} // namespace LobbyDemo
