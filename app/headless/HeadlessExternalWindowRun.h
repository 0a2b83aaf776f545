// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// "minimix-lab --headless --server HOST:PORT ... --screenshot PATH": the external run
// of HeadlessExternalRun, played by an external server window that is laid out and
// painted offscreen (never mapped on a screen), saved as a PNG when the run ends.
#pragma once

#include "core/host/ServerConnection.h"
#include "core/scenario/Scenario.h"

#include <QObject>
#include <QSize>
#include <QString>

class ExternalServerWindow;
class HeadlessExternalRun;

class HeadlessExternalWindowRun : public QObject
{
    Q_OBJECT
public:
    HeadlessExternalWindowRun(const ServerConnection &connection, const Scenario &scenario,
                              const QString &screenshotPath, QObject *parent = nullptr);
    ~HeadlessExternalWindowRun() override;

    static QSize screenshotSize() { return { 1300, 760 }; }
    void start();

signals:
    // HeadlessExternalRun's exit code; 1 instead of 0 when the screenshot was not written.
    void finished(int exitCode);

private:
    void conclude(int exitCode);

    const QString m_screenshotPath;
    ExternalServerWindow *m_window;
    HeadlessExternalRun *m_run;
};
