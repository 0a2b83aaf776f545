// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "compare/ComparisonWindow.h"

#include "Jid.h"
#include "core/compare/ComparisonSide.h"
#include "core/compare/ModeComparison.h"
#include "core/compare/StepComparison.h"
#include "core/host/LabServerHost.h"
#include "core/host/OutsideSessions.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/session/LabSession.h"
#include "fanout/FanOutView.h"
#include "ui/LabPalette.h"
#include "ui/LabSettings.h"
#include "ui/PresentationZoom.h"

#include <QAction>
#include <QCloseEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QShowEvent>
#include <QVBoxLayout>
#include <algorithm>

namespace {
constexpr int RefreshMs = 100;
// With no saved geometry: roomy, yet within 90% of the screen.
constexpr QSize DefaultSize(1400, 860);
// Characters of a failure message shown before "…"; the tooltip has it all.
constexpr int MessageChars = 400;
constexpr int VerdictChars = 90;

// The first step that failed on a side, and the run's own error if it ended early.
struct SideFailure
{
    int index = -1;
    QString title;
    QString message;
    QStringList others; // numbers of the further failed steps
    QString error; // stopped, no server, ...

    bool any() const { return index >= 0 || !error.isEmpty(); }
};

SideFailure failureOf(const ScenarioRunner *runner)
{
    SideFailure failure;
    const auto &steps = runner->scenario().steps;
    for (int i = 0; i < int(steps.size()); ++i) {
        if (runner->stepState(i) != ScenarioRunner::StepState::Failed)
            continue;
        if (failure.index < 0) {
            failure.index = i;
            failure.title = steps.at(i).title();
            failure.message = runner->stepMessage(i);
        } else {
            failure.others << QString::number(i + 1);
        }
    }
    if (runner->state() == ScenarioRunner::State::Finished)
        failure.error = runner->summary().error;
    return failure;
}

QString elided(const QString &text, int chars)
{
    return text.size() <= chars ? text : text.left(chars - 1) + QChar(0x2026);
}
} // namespace

ComparisonWindow::ComparisonWindow(ModeComparison *comparison, QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_comparison(comparison)
{
    setWindowTitle(tr("Minimix Lab \u2014 compare modes: %1").arg(comparison->scenario().name));
    setPalette(LabPalette::windowPalette());
    setAutoFillBackground(true);
    resize(DefaultSize); // until the first show restores the saved geometry

    auto *close = new QAction(tr("Close"), this);
    QList<QKeySequence> keys = QKeySequence::keyBindings(QKeySequence::Close);
    // Ctrl+W and Esc on every platform, whatever its Close binding is.
    for (const QKeySequence &key : { QKeySequence(Qt::CTRL | Qt::Key_W), QKeySequence(Qt::Key_Escape) }) {
        if (!keys.contains(key))
            keys << key;
    }
    close->setShortcuts(keys);
    connect(close, &QAction::triggered, this, &QWidget::close);
    addAction(close);

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
    // Wrapped, never cut short, without a failure's length setting the window's width.
    m_verdict->setWordWrap(true);
    m_verdict->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    header->addWidget(m_verdict, 1);
    header->addSpacing(12);
    m_again = new QPushButton(tr("Play again"));
    m_again->setEnabled(false);
    connect(m_again, &QPushButton::clicked, comparison, &ModeComparison::play);
    header->addWidget(m_again);
    layout->addLayout(header);

    // One grid, so both diagrams keep the same height when a side's failure shows.
    auto *columns = new QGridLayout;
    columns->setHorizontalSpacing(16);
    columns->setVerticalSpacing(6);
    buildColumn(comparison->accountLevel(), columns, 0);
    buildColumn(comparison->classic(), columns, 1);
    columns->setRowStretch(0, 1);
    columns->setColumnStretch(0, 1);
    columns->setColumnStretch(1, 1);
    layout->addLayout(columns, 1);
    // Step by step, where the two modes ended differently (filled when both are done).
    m_differences = new QListWidget;
    m_differences->setObjectName(QStringLiteral("stepDifferences"));
    m_differences->setWordWrap(true);
    m_differences->setMaximumHeight(160);
    m_differences->hide();
    layout->addWidget(m_differences);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(RefreshMs);
    connect(&m_refresh, &QTimer::timeout, this, &ComparisonWindow::updateTotals);
    connect(comparison, &ModeComparison::started, this, [this] {
        m_again->setEnabled(false);
        m_verdict->setToolTip(QString());
        m_verdict->setText(m_comparison->delay() > 0
                               ? tr("playing in both modes, step by step (%1 s apart)\u2026")
                                     .arg(m_comparison->delay() / 1000.0, 0, 'f', 2)
                               : tr("playing in both modes\u2026"));
        for (QLabel *failure : std::as_const(m_failures))
            failure->hide();
    });
    connect(comparison, &ModeComparison::finished, this, [this](bool success) {
        m_again->setEnabled(true);
        const QString verdict = success ? tr("every step passed in both modes") : failureVerdict();
        m_verdict->setText(QStringLiteral("<span style='color:%1'>%2</span>")
                               .arg((success ? LabPalette::success() : LabPalette::failure()).name(),
                                    elided(verdict, VerdictChars).toHtmlEscaped()));
        m_verdict->setToolTip(verdict.size() > VerdictChars ? verdict : QString());
        // Both sides' outcomes, even if this signal overtook a runner's own.
        showOutcome(m_comparison->accountLevel());
        showOutcome(m_comparison->classic());
        updateTotals();
        showDifferences();
    });
    updateTotals();
    // The main window's scaling rules: the remembered presentation zoom, Ctrl++/-/0.
    PresentationZoom::attachTo(this);
}

ComparisonWindow::~ComparisonWindow()
{
    // Closed with the lab (no closeEvent then): remember where it was all the same.
    if (isVisible())
        saveWindowGeometry();
}

QRect ComparisonWindow::placement(const QSize &size, const QRect &over, const QRect &available)
{
    QRect rect(QPoint(), size);
    rect.moveCenter(over.center());
    // Inside the available area; if it is too small, at least the top left corner.
    rect.moveLeft(qMax(available.left(), qMin(rect.left(), available.right() + 1 - size.width())));
    rect.moveTop(qMax(available.top(), qMin(rect.top(), available.bottom() + 1 - size.height())));
    return rect;
}

void ComparisonWindow::showEvent(QShowEvent *event)
{
    // At the first show, as the lab's main window does: it is laid out by then.
    if (!m_placed && !event->spontaneous()) {
        m_placed = true;
        restoreWindowGeometry();
    }
    QWidget::showEvent(event);
}

void ComparisonWindow::closeEvent(QCloseEvent *event)
{
    saveWindowGeometry();
    QWidget::closeEvent(event);
}

void ComparisonWindow::restoreWindowGeometry()
{
    // A headless run (never on screen) keeps the size it asked for its screenshot.
    if (testAttribute(Qt::WA_DontShowOnScreen))
        return;
    QSettings settings(LabSettings::organization(), LabSettings::application());
    if (restoreGeometry(settings.value(geometryKey()).toByteArray()))
        return;
    QWidget *over = parentWidget() ? parentWidget()->window() : nullptr;
    QScreen *screen = over ? over->screen() : this->screen();
    const QRect available = screen ? screen->availableGeometry() : QRect(QPoint(), DefaultSize);
    const QSize size = DefaultSize.boundedTo(available.size() * 0.9).expandedTo(minimumSizeHint());
    const QRect rect
        = placement(size, over && over->isVisible() ? over->frameGeometry() : available, available);
    resize(rect.size());
    move(rect.topLeft()); // where the frame goes, title bar included
}

void ComparisonWindow::saveWindowGeometry() const
{
    if (testAttribute(Qt::WA_DontShowOnScreen))
        return;
    QSettings settings(LabSettings::organization(), LabSettings::application());
    settings.setValue(geometryKey(), saveGeometry());
}

void ComparisonWindow::showOutcome(ComparisonSide *side)
{
    const ScenarioSummary summary = side->runner()->summary();
    m_progress.value(side)->setText(summary.success() ? tr("done: %1").arg(summary.details())
                                                      : tr("FAILED: %1").arg(summary.details()));
    showFailure(side);
}

void ComparisonWindow::showFailure(ComparisonSide *side)
{
    QLabel *label = m_failures.value(side);
    const SideFailure failure = failureOf(side->runner());
    if (!failure.any()) {
        label->hide();
        return;
    }
    QStringList lines;
    QString full;
    if (failure.index >= 0) {
        lines << tr("<b>\u2717 Step %1 failed:</b> %2")
                     .arg(failure.index + 1)
                     .arg(failure.title.toHtmlEscaped())
              << elided(failure.message, MessageChars).toHtmlEscaped();
        full = failure.message;
        if (!failure.others.isEmpty())
            lines << (failure.others.size() == 1 ? tr("also failed: step %1") : tr("also failed: steps %1"))
                         .arg(failure.others.join(QStringLiteral(", ")));
    }
    if (!failure.error.isEmpty())
        lines << tr("<b>\u2717 The run ended:</b> %1").arg(failure.error.toHtmlEscaped());
    label->setText(lines.join(QStringLiteral("<br>")));
    label->setToolTip(full.size() > MessageChars ? full : QString());
    label->show();
}

QString ComparisonWindow::failureVerdict() const
{
    const auto sideName
        = [](const ComparisonSide *side) { return tr("the %1 side").arg(joinModeTitle(side->mode())); };
    ComparisonSide *account = m_comparison->accountLevel();
    ComparisonSide *classic = m_comparison->classic();
    const SideFailure a = failureOf(account->runner());
    const SideFailure c = failureOf(classic->runner());
    if (a.index >= 0 && c.index >= 0) {
        if (a.index == c.index)
            return a.message == c.message
                ? tr("step %1 failed on both sides: %2").arg(a.index + 1).arg(a.message)
                : tr("step %1 failed on both sides, see below").arg(a.index + 1);
        return tr("step %1 failed on %2, step %3 on %4")
            .arg(a.index + 1)
            .arg(sideName(account))
            .arg(c.index + 1)
            .arg(sideName(classic));
    }
    const QList<QPair<ComparisonSide *, SideFailure>> sides = { { account, a }, { classic, c } };
    for (const auto &side : sides) {
        if (side.second.index >= 0)
            return tr("step %1 failed on %2: %3")
                .arg(side.second.index + 1)
                .arg(sideName(side.first), side.second.message);
    }
    for (const auto &side : sides) {
        if (!side.second.error.isEmpty())
            return tr("%1 did not finish: %2").arg(sideName(side.first), side.second.error);
    }
    return tr("a step failed, see the sides");
}

void ComparisonWindow::buildColumn(ComparisonSide *side, QGridLayout *grid, int column)
{
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
    // A script's clients are sessions of their own, followed as the lab window follows them.
    auto *outside = new OutsideSessions(
        side->host(),
        [side](const QString &fullJid) {
            return std::any_of(side->sessions().cbegin(), side->sessions().cend(),
                               [&fullJid](const LabSession *session) { return session->jid() == fullJid; });
        },
        view);
    connect(outside, &OutsideSessions::appeared, view, [view, side](const QString &fullJid) {
        view->addSession(
            fullJid,
            LabPalette::accountColor(int((LabServerHost::accountNames() + side->host()->addedAccounts())
                                             .indexOf(Jid::node(fullJid)))));
    });
    connect(outside, &OutsideSessions::joinedChanged, view,
            [view, side](const QString &fullJid, const QString &room, bool joined) {
                if (room == side->room())
                    view->setSessionJoined(fullJid, joined);
            });
    connect(outside, &OutsideSessions::gone, view, &FanOutView::removeSession);
    grid->addWidget(view, 0, column);
    m_views.insert(side, view);

    auto *progress = new QLabel;
    progress->setStyleSheet(QStringLiteral("color:%1").arg(LabPalette::mutedInk().name()));
    // A long step title is cut at the column's edge (whole in the tooltip) rather than
    // widening the window while it plays.
    progress->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    grid->addWidget(progress, 1, column);
    m_progress.insert(side, progress);
    const int steps = int(m_comparison->scenario().steps.size());
    ScenarioRunner *runner = side->runner();
    connect(runner, &ScenarioRunner::stepStarted, progress,
            [progress, steps](int index, const QString &step) {
                progress->setText(tr("step %1/%2: %3").arg(index + 1).arg(steps).arg(step));
                progress->setToolTip(progress->text());
            });
    connect(runner, &ScenarioRunner::finished, this, [this, side] { showOutcome(side); });

    // Shown as soon as a step fails, so the audience sees it when it happens.
    auto *failure = new QLabel;
    failure->setObjectName(QStringLiteral("compareFailure"));
    failure->setWordWrap(true);
    failure->setTextFormat(Qt::RichText);
    failure->setTextInteractionFlags(Qt::TextSelectableByMouse);
    const QColor red = LabPalette::failure();
    failure->setStyleSheet(QStringLiteral("QLabel { color:%1; background:rgba(%2,%3,%4,22);"
                                          " border:1px solid %1; border-radius:8px; padding:6px 12px; }")
                               .arg(red.name())
                               .arg(red.red())
                               .arg(red.green())
                               .arg(red.blue()));
    failure->hide();
    grid->addWidget(failure, 2, column);
    m_failures.insert(side, failure);
    connect(runner, &ScenarioRunner::stepFailed, this, [this, side] { showFailure(side); });

    auto *totals = new QLabel;
    totals->setTextFormat(Qt::RichText);
    // The labels under the numbers wrap, so the window can be narrower than all of them.
    totals->setWordWrap(true);
    totals->setAutoFillBackground(true);
    totals->setStyleSheet(QStringLiteral("QLabel { background:white; border:1px solid %1; border-radius:8px;"
                                         " padding:8px 14px; }")
                              .arg(LabPalette::cardBorder().name()));
    grid->addWidget(totals, 3, column);
    m_totals.insert(side, totals);
}

void ComparisonWindow::showDifferences()
{
    m_differences->clear();
    const QVector<StepComparison::Difference> differences = StepComparison::differences(
        *m_comparison->accountLevel()->runner(), *m_comparison->classic()->runner());
    for (const StepComparison::Difference &difference : differences) {
        auto *item = new QListWidgetItem(StepComparison::describe(difference), m_differences);
        item->setForeground(LabPalette::failure());
    }
    m_differences->setVisible(!differences.isEmpty());
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
