// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A scenario file, parsed: which sessions take part, in which join mode, and the
// steps they take and expect. ScenarioParser makes one; ScenarioRunner plays it.
#pragma once

#include "JoinMode.h"
#include "core/scenario/ScenarioStep.h"

#include <QStringList>
#include <QVector>

class ScenarioJids;

// A client of a scansion script: its own account, logged in by the script's "connects".
class ScenarioClient
{
public:
    QString name; // "Juliet's phone"
    QString jid; // bare: "juliet@localhost"
    QString password;
    QString resource; // empty: the server picks one
};

class Scenario
{
public:
    QString name;
    QString rule; // "§4"
    QString description;
    JoinMode mode = JoinMode::AccountLevel; // "mode": "classic": every session is its own occupant
    QStringList sessions; // "alice/phone", ...
    QVector<ScenarioStep> steps;
    QString path; // where it was loaded from, if anywhere
    // A scansion script's clients (then sessions lists their names); empty for the lab's
    // own scenarios, which play with the lab's sessions.
    QVector<ScenarioClient> clients;

    bool isScripted() const { return !clients.isEmpty(); }

    int expectationCount() const;
    // The room the scenario plays in first, as a bare JID: the first step that names one,
    // or in a script the first stanza sent to a room of the MUC service. Empty when none.
    QString firstRoom(const ScenarioJids &jids) const;
    // "minimix" or "classic", as in the file
    QString modeName() const;
};
