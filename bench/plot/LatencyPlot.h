// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Latency distributions of minimix-bench runs as one picture: each run's CDF
// (latency_cdf_ms from its JSON file) as a coloured line, latency on a log scale
// across, percentile up, with a legend of label, p50 and p99.
#pragma once

#include <QImage>
#include <QList>
#include <QPointF>
#include <QSize>
#include <QString>

class QJsonObject;

struct LatencyRun
{
    QString label;
    QString file;
    // (latency in ms, percentile 0..100), sorted by percentile.
    QList<QPointF> cdf;
    double p50 = 0;
    double p99 = 0;
    // For the default title: what the run measured.
    int sessions = 0;
    int messages = 0;
    double rate = 0;

    // Reads one run from minimix-bench's JSON. On failure returns false and sets
    // *error to a sentence that names the file.
    static bool load(const QString &label, const QString &path, LatencyRun *run, QString *error);
    static bool fromJson(const QJsonObject &object, LatencyRun *run, QString *error);
};

class LatencyPlot
{
public:
    void addRun(const LatencyRun &run) { m_runs.append(run); }
    void setTitle(const QString &title) { m_title = title; }
    // The given title, or one made from the runs' parameters when they agree.
    QString title() const;
    QImage render(const QSize &size = QSize(1000, 600)) const;

private:
    QList<LatencyRun> m_runs;
    QString m_title;
};
