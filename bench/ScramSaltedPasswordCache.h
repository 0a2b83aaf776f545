// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The SCRAM SaltedPassword (PBKDF2-HMAC-H(password, salt, iterations), RFC 5802 §3) of
// every (mechanism, password, salt, iterations) the driver has met, shared by all its
// sessions: the sessions of one account get the same salt and iteration count from the
// server, so 1,000 sessions of 250 accounts cost 250 derivations on the client side, not
// 1,000 (a driver that spends its time in PBKDF2 measures itself, not the server).
//
// One object per run, owned by the run and handed to its clients; one thread (the
// driver's), no locking.
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QHash>

class ScramSaltedPasswordCache
{
public:
    // hash: Sha1 (SCRAM-SHA-1) or Sha256 (SCRAM-SHA-256). The derivation of libcrypto
    // (PKCS5_PBKDF2_HMAC); empty if it failed.
    QByteArray saltedPassword(QCryptographicHash::Algorithm hash, const QByteArray &password,
                              const QByteArray &salt, int iterations);
    // The same without a cache (what saltedPassword() runs on a miss).
    static QByteArray derive(QCryptographicHash::Algorithm hash, const QByteArray &password,
                             const QByteArray &salt, int iterations);

    // How many PBKDF2 runs the cache has done (its misses).
    int derivations() const { return m_derivations; }
    int size() const { return m_saltedPasswords.size(); }

private:
    QHash<QByteArray, QByteArray> m_saltedPasswords;
    int m_derivations = 0;
};
