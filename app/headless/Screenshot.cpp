// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "headless/Screenshot.h"

#include "ui/UpdateBatcher.h"

#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QPixmap>
#include <QTextStream>
#include <QTimer>
#include <QWidget>

namespace Screenshot {

void showOffscreen(QWidget *window, const QSize &size)
{
    window->setAttribute(Qt::WA_DontShowOnScreen);
    if (window->minimumSize().isNull()) // an explicit minimum is the window's own already
        window->setMinimumSize(window->minimumSizeHint());
    window->resize(size);
    window->show();
}

bool save(QWidget *widget, const QString &path, QTextStream &out)
{
    // The views take stanzas in batches: let the last ones land before the picture.
    QEventLoop settle;
    QTimer::singleShot(2 * UpdateBatch::IntervalMs, &settle, &QEventLoop::quit);
    settle.exec();
    const QFileInfo file(path);
    if (widget->grab().save(file.filePath(), "PNG")) {
        out << "Screenshot: " << QDir::toNativeSeparators(file.absoluteFilePath()) << '\n';
        return true;
    }
    QTextStream(stderr) << "minimix-lab: could not write the screenshot to " << file.filePath() << Qt::endl;
    return false;
}

} // namespace Screenshot
