// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The timeline as a file: SVG written by hand (Qt Svg is not a dependency) or PNG
// rendered with QPainter, both from the same shapes the view paints.
#pragma once

#include "timeline/TimelineShape.h"

#include <QImage>
#include <QSizeF>
#include <QString>
#include <QVector>

class TimelineModel;

class TimelineExport
{
public:
    // A PNG of thousands of rows would be a huge image; it shows the newest rows only.
    static int maxImageRows() { return 1000; }

    // Title, header, every row from firstRow on, and the legend; *size is the page size.
    static QVector<TimelineShape> page(const TimelineModel *model, int firstRow, const QString &title,
                                       QSizeF *size);
    static QByteArray svg(const TimelineModel *model, const QString &title = QString());
    static QImage image(const TimelineModel *model, const QString &title = QString());

    // The format follows the suffix: .png writes a PNG, anything else SVG.
    static bool write(const TimelineModel *model, const QString &path, const QString &title = QString(),
                      QString *error = nullptr);
    static bool writeSvg(const TimelineModel *model, const QString &path, const QString &title = QString(),
                         QString *error = nullptr);
    // minimix-lab --headless --timeline PATH: writes the timeline and says where;
    // returns exitCode, or 1 when the file could not be written. Nothing when path is empty.
    static int writeAfterRun(const TimelineModel *model, const QString &title, const QString &path,
                             int exitCode);
    static bool writePng(const TimelineModel *model, const QString &path, const QString &title = QString(),
                         QString *error = nullptr);
};
