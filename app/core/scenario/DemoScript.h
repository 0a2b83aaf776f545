// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A scripted walk-through: steps run one after another, each waiting for its own
// condition (never for a fixed time). The condition is re-checked whenever check()
// is called (wire it to whatever changes the state) and a step that is not done
// within its timeout fails the script.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QVector>
#include <functional>

class DemoScript : public QObject
{
    Q_OBJECT
public:
    struct Step
    {
        QString title;
        std::function<void()> action; // may be empty: a pure wait
        std::function<bool()> done;
        int timeoutMs = DefaultTimeoutMs;
    };
    static constexpr int DefaultTimeoutMs = 5000;

    explicit DemoScript(QObject *parent = nullptr);

    void addStep(const Step &step) { m_steps.append(step); }
    int stepCount() const { return m_steps.size(); }
    bool isRunning() const { return m_running; }
    QString failure() const { return m_failure; }

    void start();

public slots:
    void check();

signals:
    void stepStarted(int index, const QString &title);
    void stepPassed(int index, const QString &title, qint64 elapsedMs);
    void stepFailed(int index, const QString &title, const QString &reason);
    void finished(bool success);

private:
    void begin(int index);
    void timedOut();

    QVector<Step> m_steps;
    int m_current = -1;
    bool m_running = false;
    bool m_inAction = false;
    QString m_failure;
    QTimer m_timeout;
    QElapsedTimer m_stepClock;
};
