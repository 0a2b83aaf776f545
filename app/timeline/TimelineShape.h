// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A drawing primitive of the timeline. The view, the PNG and the SVG export all draw
// the same list of shapes, so what one exports is exactly what one saw.
#pragma once

#include <QColor>
#include <QLineF>
#include <QPolygonF>
#include <QRectF>
#include <QString>

struct TimelineShape
{
    enum class Type { Rect, Line, Arrow, Polygon, Ellipse, Text };
    enum class Anchor { Start, Middle, End };

    Type type = Type::Rect;
    QRectF rect; // Rect, Ellipse
    QLineF line; // Line, Arrow (p1 to p2, the head at p2)
    QPolygonF polygon; // Polygon
    QPointF point; // Text: the anchor on the baseline
    QColor stroke; // invalid: none
    QColor fill; // invalid: none
    qreal width = 1;
    bool dashed = false;
    qreal radius = 0; // Rect corners
    QString text;
    Anchor anchor = Anchor::Start;
    qreal fontSize = 11; // pixels
    bool bold = false;
    bool monospace = false;
    QString role; // "lane-label", "hop", "fork", ...: the SVG id is role-N
};
