// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ui/LabPalette.h"

namespace LabPalette {

QColor kindColor(TraceEvent::Kind kind)
{
    switch (kind) {
    case TraceEvent::Kind::GroupChat:
        return QColor(0x2f, 0x6f, 0xde);
    case TraceEvent::Kind::Presence:
        return QColor(0x23, 0x9a, 0x55);
    case TraceEvent::Kind::Subject:
        return QColor(0x8e, 0x44, 0xad);
    case TraceEvent::Kind::Error:
        return QColor(0xd6, 0x45, 0x41);
    case TraceEvent::Kind::Iq:
        return QColor(0xe6, 0x7e, 0x22);
    case TraceEvent::Kind::Message:
        return QColor(0x16, 0xa0, 0x9c);
    case TraceEvent::Kind::Other:
        break;
    }
    return QColor(0x7f, 0x8c, 0x8d);
}

QColor accountColor(int index)
{
    static constexpr QRgb accents[] = { 0x4c5fd5, 0x0f9b8e, 0xd9822b, 0xc0392b, 0x7d5ba6 };
    const int count = int(sizeof(accents) / sizeof(accents[0]));
    return QColor(accents[((index % count) + count) % count]);
}

QColor ink()
{
    return QColor(0x1f, 0x29, 0x37);
}

QColor mutedInk()
{
    return QColor(0x6b, 0x72, 0x80);
}

QColor idleLine()
{
    return QColor(0xc3, 0xc9, 0xd3);
}

QColor canvas()
{
    return QColor(0xf7, 0xf8, 0xfb);
}

QColor cardBorder()
{
    return QColor(0xdc, 0xe0, 0xe7);
}

QColor success()
{
    return QColor(0x23, 0x9a, 0x55);
}

QColor detached()
{
    // Golden, apart from the iq orange and the accounts' accents.
    return QColor(0xc2, 0x9a, 0x0c);
}

QColor failure()
{
    return QColor(0xd6, 0x45, 0x41);
}

QPalette windowPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0xee, 0xf0, 0xf4));
    palette.setColor(QPalette::WindowText, ink());
    palette.setColor(QPalette::Base, Qt::white);
    palette.setColor(QPalette::AlternateBase, QColor(0xf5, 0xf7, 0xfa));
    palette.setColor(QPalette::Text, ink());
    palette.setColor(QPalette::Button, QColor(0xf8, 0xf9, 0xfb));
    palette.setColor(QPalette::ButtonText, ink());
    palette.setColor(QPalette::Highlight, kindColor(TraceEvent::Kind::GroupChat));
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::ToolTipBase, QColor(0xff, 0xfd, 0xf2));
    palette.setColor(QPalette::ToolTipText, ink());
    palette.setColor(QPalette::PlaceholderText, mutedInk());
    palette.setColor(QPalette::Disabled, QPalette::Text, mutedInk());
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0xa0, 0xa6, 0xb0));
    palette.setColor(QPalette::Disabled, QPalette::WindowText, mutedInk());
    return palette;
}

} // namespace LabPalette
