// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// --view-json: what the lab's fan-out view shows at the end of a headless run, as
// JSON, so a script can check the picture without looking at pixels.
#pragma once

#include <QString>

class LabWindow;
class QTextStream;

namespace ViewJson {
// Lets the server's last events reach the view, then writes its view model to path
// (indented JSON); prints "View: <path>" to out, or an error to stderr. Returns
// whether the file was written.
bool write(LabWindow *window, const QString &path, QTextStream &out);
} // namespace ViewJson
