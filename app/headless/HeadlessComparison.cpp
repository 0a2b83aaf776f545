// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "headless/HeadlessComparison.h"

#include "compare/ComparisonWindow.h"
#include "core/compare/ComparisonSide.h"
#include "core/compare/ModeComparison.h"
#include "core/compare/StepComparison.h"
#include "core/scenario/ScenarioRunner.h"
#include "headless/Screenshot.h"

#include <QTimer>

HeadlessComparison::HeadlessComparison(const Scenario &scenario, const QString &screenshotPath,
                                       QObject *parent)
    : QObject(parent)
    , m_screenshotPath(screenshotPath)
    , m_comparison(new ModeComparison(scenario, this))
    , m_out(stdout)
{ }

HeadlessComparison::~HeadlessComparison()
{
    delete m_window; // before the comparison it shows
}

void HeadlessComparison::start(bool onScreen)
{
    m_onScreen = onScreen;
    QString error;
    if (!m_comparison->start(&error)) {
        QTextStream(stderr) << "minimix-lab: cannot compare: " << error << Qt::endl;
        // Queued: the caller connects finished() after constructing, maybe after start().
        QTimer::singleShot(0, this, [this] { emit finished(1); });
        return;
    }
    m_window = new ComparisonWindow(m_comparison);
    if (onScreen) {
        m_window->resize(ComparisonWindow::screenshotSize());
        m_window->show();
    } else {
        Screenshot::showOffscreen(m_window, ComparisonWindow::screenshotSize());
    }
    m_out << QStringLiteral("Minimix Lab %1: comparing modes with \u201c%2\u201d")
                 .arg(QStringLiteral(MINIMIX_VERSION), m_comparison->scenario().name)
          << "\n  " << m_comparison->scenario().description << '\n'
          << Qt::endl;
    connect(m_comparison, &ModeComparison::finished, this, &HeadlessComparison::conclude);
    for (ComparisonSide *side : { m_comparison->accountLevel(), m_comparison->classic() })
        side->runner()->setDelay(0);
    m_comparison->play();
}

void HeadlessComparison::conclude(bool success)
{
    for (ComparisonSide *side : { m_comparison->accountLevel(), m_comparison->classic() }) {
        const ModeTotals &totals = side->totals();
        const ScenarioSummary summary = side->runner()->summary();
        m_out << joinModeTitle(side->mode()) << ":\n"
              << "  scenario:                 " << (summary.success() ? "passed: " : "FAILED: ")
              << summary.details() << '\n'
              << "  room sent:                " << totals.roomSent() << '\n'
              << "  delivered to sessions:    " << totals.delivered() << '\n'
              << "  presence broadcasts:      " << totals.presenceBroadcasts() << '\n'
              << "  joins the room saw:       " << totals.roomJoins() << '\n';
        for (const QString &failure : summary.failures)
            m_out << "    " << failure << '\n';
    }
    // Where the modes part, step by step.
    const QVector<StepComparison::Difference> differences = StepComparison::differences(
        *m_comparison->accountLevel()->runner(), *m_comparison->classic()->runner());
    m_out << (differences.isEmpty()
                  ? QStringLiteral("Every step ended alike in both modes.\n")
                  : QStringLiteral("Where the modes differ (%1 steps):\n").arg(differences.size()));
    for (const StepComparison::Difference &difference : differences)
        m_out << "  " << StepComparison::describe(difference) << '\n';
    bool saved = true;
    if (!m_screenshotPath.isEmpty()) {
        // The totals are recounted on a timer; the finished() handler already did.
        m_out << '\n';
        saved = Screenshot::save(m_window, m_screenshotPath, m_out);
    }
    m_out.flush();
    if (!m_onScreen)
        emit finished(success && saved ? 0 : 1);
}
