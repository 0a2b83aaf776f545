// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Slows repeated failed logins: each failure for an account or from an address
// doubles the delay before the next attempt for that account or address is
// answered, up to a cap, and is forgotten after a quiet period. A real user who
// types the right password still gets in, only later: a delay, never a lockout.
#pragma once

#include <QElapsedTimer>
#include <QHash>
#include <QString>

class LoginThrottle
{
public:
    LoginThrottle(int firstDelayMs, int maxDelayMs, int memorySeconds);

    // How long to wait before checking an attempt for this account from this address.
    int delayMs(const QString &account, const QString &address);
    void recordFailure(const QString &account, const QString &address);
    void recordSuccess(const QString &account, const QString &address);

private:
    struct Failures
    {
        int count = 0;
        qint64 last = 0; // ms on m_clock
    };
    int delayFor(QHash<QString, Failures> &table, const QString &key);
    void forgetOld(QHash<QString, Failures> &table);

    const int m_firstDelayMs;
    const int m_maxDelayMs;
    const qint64 m_memoryMs;
    QElapsedTimer m_clock;
    QHash<QString, Failures> m_accounts;
    QHash<QString, Failures> m_addresses;
};
