// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The lab's colours in one place, so the fan-out view, the session panes and the
// legend agree on what a colour means.
#pragma once

#include "TraceEvent.h"

#include <QColor>
#include <QPalette>

namespace LabPalette {
// Stanza kinds: groupchat blue, presence green, subject purple, error red, iq orange.
QColor kindColor(TraceEvent::Kind kind);
// One accent per account, in the order the lab lists its accounts.
QColor accountColor(int index);
QColor ink(); // main text
QColor mutedInk(); // secondary text
QColor idleLine(); // edges nobody uses
QColor canvas(); // fan-out background
QColor cardBorder();
QColor success(); // a passed step
QColor failure(); // a failed step
QColor detached(); // a session the server keeps for resumption (amber)
// A calm light palette for the whole window.
QPalette windowPalette();
} // namespace LabPalette
