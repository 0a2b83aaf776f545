// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "timeline/TimelinePanel.h"

#include "XmlText.h"
#include "core/trace/TimelineModel.h"
#include "timeline/TimelineExport.h"
#include "timeline/TimelineView.h"
#include "ui/LabPalette.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

TimelinePanel::TimelinePanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new TimelineModel(this))
    , m_title(tr("Minimix Lab timeline"))
{
    m_view = new TimelineView(m_model);
    m_view->setObjectName(QStringLiteral("timelineView"));

    m_count = new QLabel;
    m_count->setObjectName(QStringLiteral("timelineCount"));
    m_serverTraffic = new QCheckBox(tr("Server traffic"));
    m_serverTraffic->setToolTip(tr("Also show stanzas that involve no room: pings, roster, discovery"));
    connect(m_serverTraffic, &QCheckBox::toggled, m_model, &TimelineModel::setIncludeServerTraffic);

    m_follow = new QToolButton;
    m_follow->setText(tr("Follow"));
    m_follow->setCheckable(true);
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Keep the newest event in view"));
    connect(m_follow, &QToolButton::toggled, m_view, &TimelineView::setFollowing);
    connect(m_view, &TimelineView::followingChanged, m_follow, &QToolButton::setChecked);

    auto *clearButton = new QToolButton;
    clearButton->setText(tr("Clear"));
    connect(clearButton, &QToolButton::clicked, this, &TimelinePanel::clear);

    m_exportSvg = new QAction(tr("Export timeline as SVG\u2026"), this);
    m_exportSvg->setObjectName(QStringLiteral("exportTimelineSvg"));
    connect(m_exportSvg, &QAction::triggered, this, &TimelinePanel::exportSvg);
    m_exportPng = new QAction(tr("Export timeline as PNG\u2026"), this);
    m_exportPng->setObjectName(QStringLiteral("exportTimelinePng"));
    connect(m_exportPng, &QAction::triggered, this, &TimelinePanel::exportPng);
    auto *exportButton = new QToolButton;
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *exportMenu = new QMenu(exportButton);
    exportMenu->addAction(m_exportSvg);
    exportMenu->addAction(m_exportPng);
    exportButton->setMenu(exportMenu);

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 2);
    bar->addWidget(m_count, 1);
    bar->addWidget(m_serverTraffic);
    bar->addWidget(m_follow);
    bar->addWidget(clearButton);
    bar->addWidget(exportButton);

    m_details = new QLabel;
    m_details->setObjectName(QStringLiteral("timelineDetails"));
    m_details->setTextFormat(Qt::PlainText);
    m_details->setWordWrap(true);
    m_details->setMinimumWidth(200); // the lanes need the width more, beside the Session dock
    m_details->setContentsMargins(6, 4, 6, 2);
    m_xml = new QPlainTextEdit;
    m_xml->setObjectName(QStringLiteral("timelineXml"));
    m_xml->setReadOnly(true);
    m_xml->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_xml->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_xml->setPlaceholderText(tr("Select a row to see its stanza; the other rows of its fan-out light up."));
    auto *details = new QWidget;
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->setSpacing(2);
    detailsLayout->addWidget(m_details);
    detailsLayout->addWidget(m_xml, 1);

    // Side by side: a dock below the lab has width to spare, not height.
    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_view);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({ 1100, 220 });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);

    connect(m_view, &TimelineView::currentRowChanged, this, &TimelinePanel::showRow);
    m_countUpdate.setSingleShot(true);
    m_countUpdate.setInterval(TimelineView::FlushMs);
    connect(&m_countUpdate, &QTimer::timeout, this, &TimelinePanel::updateCount);
    const auto scheduleCount = [this] {
        if (!m_countUpdate.isActive())
            m_countUpdate.start();
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, scheduleCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, scheduleCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &TimelinePanel::updateCount);
    showRow(-1);
    updateCount();
}

QSize TimelinePanel::sizeHint() const
{
    // No taller than the least (the bar and MinimumRows rows): the lab's diagram above
    // gets the height, zoomed for an audience too; the dock's edge drags it taller.
    return { 1200, minimumSizeHint().height() };
}

void TimelinePanel::handleTrace(const TraceEvent &event)
{
    m_model->handleTrace(event);
}

void TimelinePanel::clear()
{
    m_model->clear();
}

QString TimelinePanel::selectedXml() const
{
    return m_xml->toPlainText();
}

void TimelinePanel::updateCount()
{
    QString text = tr("%n event(s)", nullptr, m_model->rowCount());
    if (m_model->droppedRows() > 0)
        text += tr(" (the newest %1; older ones dropped)").arg(m_model->capacity());
    m_count->setText(text);
}

void TimelinePanel::showRow(int row)
{
    m_siblings = m_model->fanOutSiblings(row);
    if (row < 0) {
        m_details->setText(tr("No event selected."));
        m_xml->clear();
        emit selectionChanged(row, m_siblings);
        return;
    }
    const TimelineRow &r = m_model->row(row);
    QString details
        = tr("#%1 \u00b7 %2 \u00b7 %3 \u00b7 fan-out #%4 (%n other row(s))", nullptr, m_siblings.size())
              .arg(r.id)
              .arg(r.time.toUTC().toString(QStringLiteral("HH:mm:ss.zzz")),
                   // A fork decision without a stanza: the server noted a session going offline.
                   TimelineModel::isSessionOffline(r) ? tr("session offline")
                                                      : TraceEvent::directionName(r.direction))
              .arg(r.fanOutId);
    if (!r.note.isEmpty())
        details += QStringLiteral("\n") + r.note;
    m_details->setText(details);
    m_xml->setPlainText(r.xml.isEmpty() ? r.label : XmlText::indented(r.xml));
    emit selectionChanged(row, m_siblings);
}

void TimelinePanel::exportSvg()
{
    exportAs(QStringLiteral("svg"), tr("SVG images (*.svg)"));
}

void TimelinePanel::exportPng()
{
    exportAs(QStringLiteral("png"), tr("PNG images (*.png)"));
}

void TimelinePanel::exportAs(const QString &suffix, const QString &filter)
{
    QString path = QFileDialog::getSaveFileName(this, tr("Export timeline"),
                                                QStringLiteral("minimix-timeline.") + suffix, filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1Char('.') + suffix, Qt::CaseInsensitive))
        path += QLatin1Char('.') + suffix;
    QString error;
    const bool ok = suffix == QLatin1String("png") ? TimelineExport::writePng(m_model, path, m_title, &error)
                                                   : TimelineExport::writeSvg(m_model, path, m_title, &error);
    if (!ok)
        QMessageBox::warning(this, tr("Export timeline"),
                             tr("Could not write %1: %2").arg(QDir::toNativeSeparators(path), error));
}
