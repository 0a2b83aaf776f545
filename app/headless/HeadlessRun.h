// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The lab without a screen: runs the demo in a window that is never shown on
// screen, saves a screenshot of it and prints the fan-out as text.
#pragma once

#include <QObject>
#include <QSize>
#include <QTextStream>

class ScenarioRunner;
class LabWindow;

class HeadlessRun : public QObject
{
    Q_OBJECT
public:
    // No view JSON when viewJsonPath is empty.
    HeadlessRun(LabWindow *window, const QString &screenshotPath, const QString &viewJsonPath,
                QObject *parent = nullptr);

    static QSize screenshotSize() { return { 1400, 900 }; }
    void start();

signals:
    // 0 when every step passed and the screenshot was written.
    void finished(int exitCode);

private:
    void watch(ScenarioRunner *runner);
    void conclude(bool success);

    LabWindow *const m_window;
    const QString m_screenshotPath;
    const QString m_viewJsonPath;
    QTextStream m_out;
};
