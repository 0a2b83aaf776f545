// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "LoginThrottle.h"

#include <algorithm>

namespace {
// Past this many remembered keys, stale ones are swept on the next failure.
constexpr int SweepThreshold = 10000;
} // namespace

LoginThrottle::LoginThrottle(int firstDelayMs, int maxDelayMs, int memorySeconds)
    : m_firstDelayMs(firstDelayMs)
    , m_maxDelayMs(maxDelayMs)
    , m_memoryMs(qint64(memorySeconds) * 1000)
{
    m_clock.start();
}

int LoginThrottle::delayFor(QHash<QString, Failures> &table, const QString &key)
{
    auto it = table.find(key);
    if (it == table.end())
        return 0;
    if (m_clock.elapsed() - it->last > m_memoryMs) {
        table.erase(it);
        return 0;
    }
    // 1 failure: first delay, then doubling up to the cap.
    const int shift = std::min(it->count - 1, 20);
    return int(std::min<qint64>(qint64(m_firstDelayMs) << shift, m_maxDelayMs));
}

int LoginThrottle::delayMs(const QString &account, const QString &address)
{
    return std::max(account.isEmpty() ? 0 : delayFor(m_accounts, account), delayFor(m_addresses, address));
}

void LoginThrottle::forgetOld(QHash<QString, Failures> &table)
{
    if (table.size() < SweepThreshold)
        return;
    const qint64 now = m_clock.elapsed();
    for (auto it = table.begin(); it != table.end();)
        it = now - it->last > m_memoryMs ? table.erase(it) : std::next(it);
}

void LoginThrottle::recordFailure(const QString &account, const QString &address)
{
    const qint64 now = m_clock.elapsed();
    for (auto [table, key] : { std::pair { &m_accounts, account }, std::pair { &m_addresses, address } }) {
        if (key.isEmpty())
            continue;
        forgetOld(*table);
        Failures &failures = (*table)[key];
        if (now - failures.last > m_memoryMs)
            failures.count = 0;
        ++failures.count;
        failures.last = now;
    }
}

void LoginThrottle::recordSuccess(const QString &account, const QString &address)
{
    m_accounts.remove(account);
    m_addresses.remove(address);
}
