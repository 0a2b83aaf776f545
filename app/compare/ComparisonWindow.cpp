// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "compare/ComparisonWindow.h"

#include "core/compare/ComparisonSide.h"
#include "core/compare/ModeComparison.h"
#include "core/host/LabServerHost.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/session/LabSession.h"
#include "fanout/FanOutView.h"
#include "ui/LabPalette.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace {
constexpr int RefreshMs = 100;

} // namespace

ComparisonWindow::ComparisonWindow(ModeComparison *comparison, QWidget *parent)
    : QWidget(parent)
    , m_comparison(comparison)
{
    setWindowTitle(tr("Minimix Lab \u2014 compare modes: %1").arg(comparison->scenario().name));
    setPalette(LabPalette::windowPalette());
    setAutoFillBackground(true);
    resize(screenshotSize());

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    auto *header = new QHBoxLayout;
    auto *title = new QLabel(
        QStringLiteral("<b style='font-size:15pt'>%1</b><br><span style='color:%3'>%2</span>")
            .arg(comparison->scenario().name.toHtmlEscaped(),
                 comparison->scenario().description.toHtmlEscaped(), LabPalette::mutedInk().name()));
    title->setWordWrap(true);
    header->addWidget(title, 1);
    m_verdict = new QLabel;
    m_verdict->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Preferred); // never cut short
    header->addWidget(m_verdict);
    header->addSpacing(12);
    m_again = new QPushButton(tr("Play again"));
    m_again->setEnabled(false);
    connect(m_again, &QPushButton::clicked, comparison, &ModeComparison::play);
    header->addWidget(m_again);
    layout->addLayout(header);

    auto *columns = new QHBoxLayout;
    columns->setSpacing(16);
    columns->addWidget(buildColumn(comparison->accountLevel()), 1);
    columns->addWidget(buildColumn(comparison->classic()), 1);
    layout->addLayout(columns, 1);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(RefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &ComparisonWindow::updateTotals);
    connect(comparison, &ModeComparison::started, this, [this] {
        m_again->setEnabled(false);
        m_verdict->setText(tr("playing in both modes\u2026"));
    });
    connect(comparison, &ModeComparison::finished, this, [this](bool success) {
        m_again->setEnabled(true);
        m_verdict->setText(success
                               ? QStringLiteral("<span style='color:%1'>%2</span>")
                                     .arg(LabPalette::success().name(), tr("every step passed in both modes"))
                               : QStringLiteral("<span style='color:%1'>%2</span>")
                                     .arg(LabPalette::failure().name(), tr("a step failed, see the sides")));
        // Both sides' outcomes, even if this signal overtook a runner's own.
        showOutcome(m_comparison->accountLevel());
        showOutcome(m_comparison->classic());
        m_verdict->setMinimumWidth(m_verdict->sizeHint().width());
        updateTotals();
    });
    updateTotals();
}

void ComparisonWindow::showOutcome(ComparisonSide *side)
{
    const ScenarioSummary summary = side->runner()->summary();
    m_progress.value(side)->setText(summary.success() ? tr("done: %1").arg(summary.details())
                                                      : tr("FAILED: %1").arg(summary.details()));
}

QWidget *ComparisonWindow::buildColumn(ComparisonSide *side)
{
    auto *column = new QWidget;
    auto *layout = new QVBoxLayout(column);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);

    auto *view = new FanOutView(side->room());
    const QStringList accounts = LabServerHost::accountNames();
    for (const LabSession *session : side->sessions())
        view->addSession(session->jid(), LabPalette::accountColor(accounts.indexOf(session->user())));
    view->setJoinMode(side->mode());
    view->setMinimumSize(560, 300);
    connect(side, &ComparisonSide::traced, view, &FanOutView::handleTrace);
    connect(side, &ComparisonSide::traced, &m_refresh, [this] {
        if (!m_refresh.isActive())
            m_refresh.start();
    });
    for (LabSession *session : side->sessions()) {
        connect(session, &LabSession::joinedChanged, view,
                [view, session, side](const QString &room, bool joined) {
                    if (room == side->room())
                        view->setSessionJoined(session->jid(), joined);
                });
    }
    connect(side->host(), &LabServerHost::restarted, view, &FanOutView::resetRoom);
    layout->addWidget(view, 1);
    m_views.insert(side, view);

    auto *progress = new QLabel;
    progress->setStyleSheet(QStringLiteral("color:%1").arg(LabPalette::mutedInk().name()));
    layout->addWidget(progress);
    m_progress.insert(side, progress);
    const int steps = int(m_comparison->scenario().steps.size());
    ScenarioRunner *runner = side->runner();
    connect(runner, &ScenarioRunner::stepStarted, progress,
            [progress, steps](int index, const QString &step) {
                progress->setText(tr("step %1/%2: %3").arg(index + 1).arg(steps).arg(step));
            });
    connect(runner, &ScenarioRunner::finished, this, [this, side] { showOutcome(side); });

    auto *totals = new QLabel;
    totals->setTextFormat(Qt::RichText);
    totals->setAutoFillBackground(true);
    totals->setStyleSheet(QStringLiteral("QLabel { background:white; border:1px solid %1; border-radius:8px;"
                                         " padding:8px 14px; }")
                              .arg(LabPalette::cardBorder().name()));
    layout->addWidget(totals);
    m_totals.insert(side, totals);
    return column;
}

void ComparisonWindow::updateTotals()
{
    const ModeTotals &account = m_comparison->accountLevel()->totals();
    const ModeTotals &classic = m_comparison->classic()->totals();
    struct Row
    {
        QString label;
        int account;
        int classic;
    };
    const QList<Row> rows = {
        { tr("stanzas the room sent"), account.roomSent(), classic.roomSent() },
        { tr("stanzas delivered to sessions"), account.delivered(), classic.delivered() },
        { tr("presence broadcasts to other accounts"), account.presenceBroadcasts(),
          classic.presenceBroadcasts() },
        { tr("joins the room saw"), account.roomJoins(), classic.roomJoins() },
    };
    for (ComparisonSide *side : { m_comparison->accountLevel(), m_comparison->classic() }) {
        const bool isAccount = side == m_comparison->accountLevel();
        // One row: each number over its label, so the diagrams keep the height.
        QString numbers;
        QString labels;
        for (const Row &row : rows) {
            const int mine = isAccount ? row.account : row.classic;
            const int other = isAccount ? row.classic : row.account;
            // The smaller number of the two is the cheaper mode: shown in the success colour.
            const QString colour = mine < other ? LabPalette::success().name() : LabPalette::ink().name();
            numbers += QStringLiteral(
                           "<td align='center' width='25%'><b style='font-size:20pt; color:%1'>%2</b></td>")
                           .arg(colour)
                           .arg(mine);
            labels += QStringLiteral("<td align='center' style='color:%1; font-size:10pt'>%2</td>")
                          .arg(LabPalette::mutedInk().name(), row.label.toHtmlEscaped());
        }
        m_totals.value(side)->setText(
            QStringLiteral(
                "<table cellspacing='0' cellpadding='2' width='100%'><tr>%1</tr><tr>%2</tr></table>")
                .arg(numbers, labels));
    }
}
