// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Where every window of the lab keeps what it remembers: one QSettings scope, so the
// main window, the Compare window and the zoom agree (and tests can isolate it).
#pragma once

#include <QString>

namespace LabSettings {
inline QString organization()
{
    return QStringLiteral("Minimix Lab");
}
inline QString application()
{
    return QStringLiteral("minimix-lab");
}
} // namespace LabSettings
