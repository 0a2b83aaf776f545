// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The Timeline tab: the sequence diagram, a few controls, and below it the selected
// event's XML and where its fan-out went. Owns the model and the export actions.
#pragma once

#include "TraceEvent.h"

#include <QTimer>
#include <QVector>
#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QToolButton;
class TimelineModel;
class TimelineView;

class TimelinePanel : public QWidget
{
    Q_OBJECT
public:
    explicit TimelinePanel(QWidget *parent = nullptr);

    TimelineModel *model() const { return m_model; }
    TimelineView *view() const { return m_view; }
    QSize sizeHint() const override;
    QAction *exportSvgAction() const { return m_exportSvg; }
    QAction *exportPngAction() const { return m_exportPng; }

    // The exports' heading.
    QString title() const { return m_title; }
    void setTitle(const QString &title) { m_title = title; }

    // The selected row's XML, indented, as the details pane shows it.
    QString selectedXml() const;
    // The rows highlighted with the selection: its fan-out siblings.
    QVector<int> highlightedSiblings() const { return m_siblings; }

public slots:
    void handleTrace(const TraceEvent &event);
    void clear();
    void exportSvg();
    void exportPng();

signals:
    // A row was selected (-1: none); siblings are the other rows of its fan-out.
    void selectionChanged(int row, const QVector<int> &siblings);

private:
    void showRow(int row);
    void updateCount();
    void exportAs(const QString &suffix, const QString &filter);

    TimelineModel *const m_model;
    TimelineView *m_view = nullptr;
    QLabel *m_count = nullptr;
    QLabel *m_details = nullptr;
    QPlainTextEdit *m_xml = nullptr;
    QCheckBox *m_serverTraffic = nullptr;
    QToolButton *m_follow = nullptr;
    QAction *m_exportSvg = nullptr;
    QAction *m_exportPng = nullptr;
    QVector<int> m_siblings;
    QString m_title;
    QTimer m_countUpdate; // the count follows a busy trace at most every FlushMs
};
