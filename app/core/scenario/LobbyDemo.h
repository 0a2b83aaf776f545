// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The built-in demo: three accounts, five sessions, one room, each step waiting for
// what the previous one must have caused. It reads the same in either join mode;
// only the fan-out differs.
#pragma once

#include <QList>
#include <QString>
#include <functional>

class DemoScript;
class LabSession;

namespace LobbyDemo {
struct Setup
{
    QList<LabSession *>
        sessions; // must include alice/phone, alice/laptop, alice/web, bob/desktop, carol/mobile
    QString room;
    std::function<QString(const LabSession *)> nickFor;
    std::function<void()> clearLogs; // forget what earlier runs received
};

// False (and nothing added) when a session the demo needs is missing.
bool addSteps(DemoScript *script, const Setup &setup);
// One line per session:
// "alice@localhost/laptop: hello, hi  (2 groupchat among 8 stanzas from the room)".
QStringList report(const QList<LabSession *> &sessions, const QString &room);
} // namespace LobbyDemo
