// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Saving a widget as PNG for the headless runs: one place for the file handling and
// the message a user sees either way.
#pragma once

#include <QString>

class QTextStream;
class QWidget;

class QSize;

namespace Screenshot {
// Shows the window at 'size' laid out and painted as on a screen, but never mapped on
// any. Its minimum size is fixed first, before there is a platform window: showing
// would otherwise have the layout set it on the new platform window, which the
// offscreen plugin cannot take ("does not support propagateSizeHints()").
void showOffscreen(QWidget *window, const QSize &size);
// Grabs the widget into a PNG at path; prints "Screenshot: <path>" to out on success,
// an error to stderr otherwise. Returns whether the file was written.
bool save(QWidget *widget, const QString &path, QTextStream &out);
} // namespace Screenshot
