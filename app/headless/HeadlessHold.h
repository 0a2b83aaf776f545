// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// --headless --hold SECONDS: no demo, the lab's server kept up for a client of one's
// own. Prints where and how to log in, then each outside session as it comes and
// goes; at the end writes the view JSON and the screenshot like the other runs.
#pragma once

#include <QObject>
#include <QTextStream>
#include <QTimer>

class LabWindow;

class HeadlessHold : public QObject
{
    Q_OBJECT
public:
    struct Output
    {
        QString screenshotPath; // none when empty
        QString viewJsonPath; // none when empty
    };
    HeadlessHold(LabWindow *window, double seconds, const Output &output, QObject *parent = nullptr);

    // The line a script reads to connect: "Hold: host=… port=… domain=… muc=…
    // accounts=name:password,… [sha256=…] seconds=…".
    static QString connectLine(LabWindow *window, double seconds);
    void start();

signals:
    // 0 when the hold ran out and every file asked for was written.
    void finished(int exitCode);

private:
    void conclude();

    LabWindow *const m_window;
    const double m_seconds;
    const Output m_output;
    QTimer m_timer;
    QTextStream m_out;
};
