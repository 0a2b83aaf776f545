// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "headless/ViewJson.h"

#include "core/host/LabServerHost.h"
#include "core/host/OutsideSessions.h"
#include "fanout/FanOutView.h"
#include "window/LabWindow.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTextStream>

namespace ViewJson {

bool write(LabWindow *window, const QString &path, QTextStream &out)
{
    // Everything the server did so far is queued to us once it answers; deliver it.
    window->server()->sync();
    QCoreApplication::processEvents();
    QJsonObject view = window->fanOutView()->viewModel();
    // Real clients' sessions say so, and which client they are when it told.
    const OutsideSessions *outside = window->outsideSessions();
    QJsonArray accounts = view.value(QStringLiteral("accounts")).toArray();
    for (QJsonValueRef accountValue : accounts) {
        QJsonObject account = accountValue.toObject();
        const QString bare = account.value(QStringLiteral("jid")).toString();
        QJsonArray sessions = account.value(QStringLiteral("sessions")).toArray();
        for (QJsonValueRef sessionValue : sessions) {
            QJsonObject session = sessionValue.toObject();
            const QString fullJid
                = bare + QLatin1Char('/') + session.value(QStringLiteral("resource")).toString();
            const bool isOutside = outside->sessions().contains(fullJid);
            session.insert(QStringLiteral("outside"), isOutside);
            if (isOutside)
                session.insert(QStringLiteral("client"), outside->clientName(fullJid));
            sessionValue = session;
        }
        account.insert(QStringLiteral("sessions"), sessions);
        accountValue = account;
    }
    view.insert(QStringLiteral("accounts"), accounts);
    const QByteArray json = QJsonDocument(view).toJson(QJsonDocument::Indented);
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
