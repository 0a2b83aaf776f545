// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "headless/ViewJson.h"

#include "core/host/LabServerHost.h"
#include "fanout/FanOutView.h"
#include "window/LabWindow.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QTextStream>

namespace ViewJson {

bool write(LabWindow *window, const QString &path, QTextStream &out)
{
    // Everything the server did so far is queued to us once it answers; deliver it.
    window->server()->sync();
    QCoreApplication::processEvents();
    const QByteArray json = QJsonDocument(window->fanOutView()->viewModel()).toJson(QJsonDocument::Indented);
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit()) {
        QTextStream(stderr) << "minimix-lab: could not write the view to " << path << ": "
                            << file.errorString() << Qt::endl;
        return false;
    }
    out << "View: " << QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath()) << '\n';
    return true;
}

} // namespace ViewJson
