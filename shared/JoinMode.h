// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#pragma once

#include <QString>
#include <optional>

// How a session's join to a room is carried out.
enum class JoinMode {
    AccountLevel, // the account is the occupant; sessions share it (minimix)
    Classic, // each session is its own occupant (plain XEP-0045)
};

// The one spelling of a join mode in flags, scenario files and settings:
// "minimix" or "classic".
QString joinModeName(JoinMode mode);
// The mode a name spells, or nothing for any other text (case matters, as in flags).
std::optional<JoinMode> joinModeFromName(const QString &name);
// For error messages: "minimix or classic".
QString joinModeChoices();
// For people: "account-level" or "classic".
QString joinModeTitle(JoinMode mode);
