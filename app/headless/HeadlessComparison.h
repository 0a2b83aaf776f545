// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// "minimix-lab --headless --compare": plays a scenario in both join modes at once
// without a screen, prints both sets of totals and, if asked, saves the
// side-by-side window as a PNG.
#pragma once

#include "core/scenario/Scenario.h"

#include <QObject>
#include <QTextStream>

class ComparisonWindow;
class ModeComparison;

class HeadlessComparison : public QObject
{
    Q_OBJECT
public:
    // No screenshot when screenshotPath is empty.
    HeadlessComparison(const Scenario &scenario, const QString &screenshotPath, QObject *parent = nullptr);
    ~HeadlessComparison() override;

    // onScreen: a real window that stays open (finished() is not emitted; closing the
    // window ends the program), for minimix-lab --compare with a display.
    void start(bool onScreen = false);

signals:
    // 0 when every step passed in both modes (and the screenshot, if any, was written).
    void finished(int exitCode);

private:
    void conclude(bool success);

    const QString m_screenshotPath;
    ModeComparison *const m_comparison;
    ComparisonWindow *m_window = nullptr;
    bool m_onScreen = false;
    QTextStream m_out;
};
