// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "timeline/TimelineExport.h"

#include "core/trace/TimelineModel.h"
#include "timeline/TimelineDrawing.h"
#include "ui/LabPalette.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QPainter>
#include <QSaveFile>
#include <QTextStream>
#include <QXmlStreamWriter>

namespace {
constexpr qreal TitleHeight = 34;

QString number(qreal value)
{
    return QString::number(value, 'f', 1);
}

// A translucent colour as rgba() (CSS Color 3, as SVG 2 takes it): ImageMagick's own
// renderer ignores fill-opacity and stroke-opacity and would paint it opaque.
QString colour(const QColor &color)
{
    if (!color.isValid() || color.alpha() == 0)
        return QStringLiteral("none");
    if (color.alpha() == 255)
        return color.name(QColor::HexRgb);
    return QStringLiteral("rgba(%1,%2,%3,%4)")
        .arg(color.red())
        .arg(color.green())
        .arg(color.blue())
        .arg(QString::number(color.alphaF(), 'f', 3));
}

void writePaint(QXmlStreamWriter &xml, const QString &name, const QColor &color)
{
    xml.writeAttribute(name, colour(color));
}

// Presentation attributes only, no class and no CSS: ImageMagick's own SVG renderer
// (MSVG) turns each attribute into a drawing primitive and older versions stop at
// "class". The role goes into a unique id instead ("hop-3"), which every renderer
// ignores and scripts and tests can still find.
void writeRole(QXmlStreamWriter &xml, const TimelineShape &shape, QHash<QString, int> *roleCounts)
{
    if (shape.role.isEmpty())
        return;
    const int number = ++(*roleCounts)[shape.role];
    xml.writeAttribute(QStringLiteral("id"), QStringLiteral("%1-%2").arg(shape.role).arg(number));
}

void writeShape(QXmlStreamWriter &xml, const TimelineShape &shape, QHash<QString, int> *roleCounts)
{
    switch (shape.type) {
    case TimelineShape::Type::Rect:
        xml.writeStartElement(QStringLiteral("rect"));
        xml.writeAttribute(QStringLiteral("x"), number(shape.rect.x()));
        xml.writeAttribute(QStringLiteral("y"), number(shape.rect.y()));
        xml.writeAttribute(QStringLiteral("width"), number(shape.rect.width()));
        xml.writeAttribute(QStringLiteral("height"), number(shape.rect.height()));
        if (shape.radius > 0)
            xml.writeAttribute(QStringLiteral("rx"), number(shape.radius));
        break;
    case TimelineShape::Type::Line:
    case TimelineShape::Type::Arrow:
        xml.writeStartElement(QStringLiteral("line"));
        xml.writeAttribute(QStringLiteral("x1"), number(shape.line.x1()));
        xml.writeAttribute(QStringLiteral("y1"), number(shape.line.y1()));
        xml.writeAttribute(QStringLiteral("x2"), number(shape.line.x2()));
        xml.writeAttribute(QStringLiteral("y2"), number(shape.line.y2()));
        break;
    case TimelineShape::Type::Polygon: {
        xml.writeStartElement(QStringLiteral("polygon"));
        QStringList points;
        for (const QPointF &point : shape.polygon)
            points << number(point.x()) + QLatin1Char(',') + number(point.y());
        xml.writeAttribute(QStringLiteral("points"), points.join(QLatin1Char(' ')));
        break;
    }
    case TimelineShape::Type::Ellipse:
        xml.writeStartElement(QStringLiteral("circle"));
        xml.writeAttribute(QStringLiteral("cx"), number(shape.rect.center().x()));
        xml.writeAttribute(QStringLiteral("cy"), number(shape.rect.center().y()));
        xml.writeAttribute(QStringLiteral("r"), number(shape.rect.width() / 2));
        break;
    case TimelineShape::Type::Text: {
        xml.writeStartElement(QStringLiteral("text"));
        writeRole(xml, shape, roleCounts);
        xml.writeAttribute(QStringLiteral("x"), number(shape.point.x()));
        xml.writeAttribute(QStringLiteral("y"), number(shape.point.y()));
        // One family, the one the lab draws with (TimelineDrawing::font): ImageMagick
        // cannot resolve a list and falls back to a font it may not have, dropping the text.
        xml.writeAttribute(QStringLiteral("font-family"),
                           shape.monospace ? QStringLiteral("DejaVu Sans Mono")
                                           : QStringLiteral("DejaVu Sans"));
        xml.writeAttribute(QStringLiteral("font-size"), number(shape.fontSize));
        if (shape.bold)
            xml.writeAttribute(QStringLiteral("font-weight"), QStringLiteral("bold"));
        if (shape.anchor != TimelineShape::Anchor::Start)
            xml.writeAttribute(QStringLiteral("text-anchor"),
                               shape.anchor == TimelineShape::Anchor::Middle ? QStringLiteral("middle")
                                                                             : QStringLiteral("end"));
        writePaint(xml, QStringLiteral("fill"), shape.fill);
        // SVG's default, said outright: ImageMagick outlines text and shapes otherwise.
        xml.writeAttribute(QStringLiteral("stroke"), QStringLiteral("none"));
        xml.writeCharacters(shape.text);
        xml.writeEndElement();
        return;
    }
    }
    writeRole(xml, shape, roleCounts);
    writePaint(xml, QStringLiteral("fill"), shape.fill);
    if (shape.stroke.isValid()) {
        writePaint(xml, QStringLiteral("stroke"), shape.stroke);
        xml.writeAttribute(QStringLiteral("stroke-width"), number(shape.width));
        if (shape.dashed)
            xml.writeAttribute(QStringLiteral("stroke-dasharray"), QStringLiteral("3,3"));
    } else {
        xml.writeAttribute(QStringLiteral("stroke"), QStringLiteral("none"));
    }
    xml.writeEndElement();
}

bool fail(QString *error, const QString &message)
{
    if (error)
        *error = message;
    return false;
}
} // namespace

QVector<TimelineShape> TimelineExport::page(const TimelineModel *model, int firstRow, const QString &title,
                                            QSizeF *size)
{
    const TimelineDrawing drawing(model);
    const int rows = qMax(0, model->rowCount() - firstRow);
    const qreal headerTop = TitleHeight;
    const qreal rowsTop = headerTop + TimelineDrawing::HeaderHeight;
    const qreal rowsBottom = rowsTop + rows * TimelineDrawing::RowHeight + 6;
    const qreal width = drawing.width();

    QVector<TimelineShape> shapes;
    TimelineShape background;
    background.type = TimelineShape::Type::Rect;
    background.rect = QRectF(0, 0, width, rowsBottom + TimelineDrawing::LegendHeight);
    background.fill = LabPalette::canvas();
    background.role = QStringLiteral("canvas");
    shapes << background;

    TimelineShape heading;
    heading.type = TimelineShape::Type::Text;
    heading.point = QPointF(10, 22);
    QString text = title.isEmpty() ? QStringLiteral("Minimix Lab timeline") : title;
    text += QStringLiteral(" \u2014 %1 events").arg(rows);
    if (firstRow > 0 || model->droppedRows() > 0)
        text += QStringLiteral(" (the newest %1 of %2)")
                    .arg(rows)
                    .arg(model->rowCount() + model->droppedRows());
    heading.text = text;
    heading.fill = LabPalette::ink();
    heading.fontSize = 14;
    heading.bold = true;
    heading.role = QStringLiteral("title");
    shapes << heading;

    shapes << drawing.header(headerTop);
    shapes << drawing.background(rowsTop, rowsBottom);
    shapes << drawing.rows(firstRow, model->rowCount() - 1, rowsTop, -1);
    shapes << drawing.legend(rowsBottom);
    if (size)
        *size = QSizeF(width, rowsBottom + TimelineDrawing::LegendHeight);
    return shapes;
}

QByteArray TimelineExport::svg(const TimelineModel *model, const QString &title)
{
    QSizeF size;
    const QVector<TimelineShape> shapes = page(model, 0, title, &size);
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    QXmlStreamWriter xml(&buffer);
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(1);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("svg"));
    xml.writeDefaultNamespace(QStringLiteral("http://www.w3.org/2000/svg"));
    xml.writeAttribute(QStringLiteral("width"), number(size.width()));
    xml.writeAttribute(QStringLiteral("height"), number(size.height()));
    xml.writeAttribute(QStringLiteral("viewBox"),
                       QStringLiteral("0 0 %1 %2").arg(number(size.width()), number(size.height())));
    xml.writeTextElement(QStringLiteral("title"),
                         title.isEmpty() ? QStringLiteral("Minimix Lab timeline") : title);
    QHash<QString, int> roleCounts;
    for (const TimelineShape &shape : shapes)
        writeShape(xml, shape, &roleCounts);
    xml.writeEndElement();
    xml.writeEndDocument();
    return data;
}

QImage TimelineExport::image(const TimelineModel *model, const QString &title)
{
    QSizeF size;
    const int first = qMax(0, model->rowCount() - maxImageRows());
    const QVector<TimelineShape> shapes = page(model, first, title, &size);
    QImage image(size.toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(LabPalette::canvas());
    QPainter painter(&image);
    TimelineDrawing::paint(&painter, shapes);
    painter.end();
    return image;
}

bool TimelineExport::write(const TimelineModel *model, const QString &path, const QString &title,
                           QString *error)
{
    if (QFileInfo(path).suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0)
        return writePng(model, path, title, error);
    return writeSvg(model, path, title, error);
}

bool TimelineExport::writeSvg(const TimelineModel *model, const QString &path, const QString &title,
                              QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, file.errorString());
    file.write(svg(model, title));
    if (!file.commit())
        return fail(error, file.errorString());
    return true;
}

bool TimelineExport::writePng(const TimelineModel *model, const QString &path, const QString &title,
                              QString *error)
{
    const QImage picture = image(model, title);
    if (picture.isNull())
        return fail(error, QStringLiteral("the image is too large"));
    if (!picture.save(path, "PNG"))
        return fail(error, QStringLiteral("cannot write %1").arg(path));
    return true;
}

int TimelineExport::writeAfterRun(const TimelineModel *model, const QString &title, const QString &path,
                                  int exitCode)
{
    if (path.isEmpty())
        return exitCode;
    QString error;
    if (!write(model, path, title, &error)) {
        QTextStream(stderr) << "minimix-lab: could not write the timeline to " << path << ": " << error
                            << Qt::endl;
        return 1;
    }
    QTextStream(stdout) << "Timeline: " << QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath())
                        << " (" << model->rowCount() << " events)" << Qt::endl;
    return exitCode;
}
