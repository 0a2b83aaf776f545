// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Views that follow a busy stream of stanzas (session cards, chat, XML console,
// timeline, fan-out view) take it in batches, at most one per interval: a busy room
// then costs one layout per batch instead of one per stanza.
#pragma once

#include <QTimer>
#include <QVector>
#include <functional>

namespace UpdateBatch {
constexpr int IntervalMs = 33; // about 30 batches a second: smooth to the eye, cheap to lay out
} // namespace UpdateBatch

// The pending items of one view and the timer that hands them over: add() queues,
// and at most IntervalMs later the view's apply function gets them all at once.
template<typename Item> class UpdateBatcher
{
public:
    using Apply = std::function<void(QVector<Item> &items)>;

    explicit UpdateBatcher(Apply apply)
        : m_apply(std::move(apply))
    {
        m_timer.setSingleShot(true);
        m_timer.setInterval(UpdateBatch::IntervalMs);
        m_timer.callOnTimeout([this] { flush(); });
    }

    // Queues 'item'; with Schedule::Later (the default) a batch follows within the
    // interval, with Schedule::OnFlush only when flush() is called.
    enum class Schedule { Later, OnFlush };
    void add(Item item, Schedule schedule = Schedule::Later)
    {
        m_pending.append(std::move(item));
        if (schedule == Schedule::Later && !m_timer.isActive())
            m_timer.start();
    }
    // Hands the pending items over now (nothing when there are none).
    void flush()
    {
        m_timer.stop();
        if (m_pending.isEmpty())
            return;
        QVector<Item> items;
        items.swap(m_pending);
        m_apply(items);
    }
    // The pending items wait for flush(): no batch is due any more (a hidden view).
    void holdUntilFlush() { m_timer.stop(); }
    // Forgets the pending items.
    void clear()
    {
        m_timer.stop();
        m_pending.clear();
    }
    // Keeps only the newest 'count' pending items (what would scroll off at once need
    // not be laid out first).
    void keepNewest(int count)
    {
        if (m_pending.size() > count)
            m_pending.remove(0, m_pending.size() - count);
    }
    // Drops the oldest 'count' pending items.
    void dropOldest(int count) { m_pending.remove(0, qMin(count, int(m_pending.size()))); }
    int pendingCount() const { return int(m_pending.size()); }
    bool isScheduled() const { return m_timer.isActive(); }

private:
    Apply m_apply;
    QVector<Item> m_pending;
    QTimer m_timer;
};
