// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "compare/ComparisonLauncher.h"

#include "compare/ComparisonWindow.h"
#include "core/compare/ModeComparison.h"
#include "core/scenario/ScenarioParser.h"
#include "scenario/ScenarioDock.h"

#include <QAction>
#include <QApplication>
#include <QFileDialog>
#include <QMessageBox>
#include <QStyle>
#include <QWidget>

ComparisonLauncher::ComparisonLauncher(QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_action(new QAction(window->style()->standardIcon(QStyle::SP_FileDialogListView),
                           tr("Compare modes\u2026"), this))
{
    m_action->setObjectName(QStringLiteral("compareModes"));
    m_action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_M));
    m_action->setToolTip(tr("Play \u201c3 accounts \u00d7 3 sessions\u201d on an account-level and a classic "
                            "server at once, side by side (Shift: choose a scenario file)"));
    connect(m_action, &QAction::triggered, this, &ComparisonLauncher::launch);
}

void ComparisonLauncher::launch()
{
    QString path = ModeComparison::builtInScenarioPath();
    if (QApplication::keyboardModifiers() & Qt::ShiftModifier) {
        path = QFileDialog::getOpenFileName(m_window, tr("Compare modes with a scenario"),
                                            QStringLiteral(MINIMIX_SCENARIO_DIR),
                                            tr("Scenario files (*.json)"));
        if (path.isEmpty())
            return;
    }
    QString error;
    if (!open(path, m_window, &error, delay()))
        QMessageBox::warning(m_window, tr("Compare modes"), error);
}

int ComparisonLauncher::delay() const
{
    // Read when the comparison starts, so the dock's current choice counts.
    if (const auto *dock = m_window->findChild<ScenarioDock *>())
        return dock->delay();
    return DefaultDelayMs;
}

bool ComparisonLauncher::open(const QString &scenarioPath, QWidget *parent, QString *error, int delayMs)
{
    Scenario scenario;
    if (!ScenarioParser::load(scenarioPath, &scenario, error))
        return false;
    auto *comparison = new ModeComparison(scenario);
    if (!comparison->start(error)) {
        delete comparison;
        return false;
    }
    comparison->setDelay(delayMs);
    // A window of its own, owning the comparison it shows.
    auto *window = new ComparisonWindow(comparison, parent);
    window->setAttribute(Qt::WA_DeleteOnClose);
    comparison->setParent(window);
    window->show();
    comparison->play();
    return true;
}
