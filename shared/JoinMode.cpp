// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "JoinMode.h"

QString joinModeName(JoinMode mode)
{
    return mode == JoinMode::Classic ? QStringLiteral("classic") : QStringLiteral("minimix");
}

std::optional<JoinMode> joinModeFromName(const QString &name)
{
    for (JoinMode mode : { JoinMode::AccountLevel, JoinMode::Classic }) {
        if (name == joinModeName(mode))
            return mode;
    }
    return std::nullopt;
}

QString joinModeChoices()
{
    return joinModeName(JoinMode::AccountLevel) + QStringLiteral(" or ") + joinModeName(JoinMode::Classic);
}

QString joinModeTitle(JoinMode mode)
{
    return mode == JoinMode::Classic ? QStringLiteral("classic") : QStringLiteral("account-level");
}
