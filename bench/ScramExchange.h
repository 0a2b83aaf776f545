// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The client side of one SCRAM exchange (RFC 5802, RFC 7677) for the benchmark driver,
// without channel binding (gs2 header "n,,"), without sockets: BenchClient sends what
// it returns and hands it what the server answers.
//
//   client-first  n,,n=USER,r=CNONCE
//   server-first  r=CNONCE+SNONCE,s=SALT,i=ITERATIONS       -> clientFinal()
//   client-final  c=biws,r=CNONCE+SNONCE,p=PROOF
//   server-final  v=SERVER-SIGNATURE (or e=ERROR)             -> verifyServerFinal()
//
// The SaltedPassword comes from the run's ScramSaltedPasswordCache (PBKDF2 once per
// account, not once per session). The user name and password go in as UTF-8 without
// SASLprep, as minimix-server and QXmpp do.
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

class ScramSaltedPasswordCache;

class ScramExchange
{
public:
    // The largest iteration count accepted: a server asking for more would make the
    // driver measure its own PBKDF2 (or hang on it). Counts below RFC 7677's 4096 are
    // accepted: a benchmark talks to test servers.
    static constexpr int MaxIterations = 1000000;

    // mechanism: SCRAM-SHA-1 or SCRAM-SHA-256 (isMechanism()). cache may be null (no
    // caching); it must outlive this object. clientNonce: empty for a random one (tests
    // give the RFC examples' nonces).
    ScramExchange(const QString &mechanism, const QString &user, const QString &password,
                  ScramSaltedPasswordCache *cache, const QByteArray &clientNonce = QByteArray());

    static bool isMechanism(const QString &name);

    // client-first-message, gs2 header included.
    QByteArray clientFirst() const;
    // client-final-message for the server-first-message; empty on an error (errorString()):
    // a nonce that does not start with ours, a bad salt, an iteration count out of range, a
    // mandatory extension.
    QByteArray clientFinal(const QByteArray &serverFirst);
    // True if the server-final-message carries the server signature of this exchange (the
    // server knew the password's keys); otherwise false and errorString().
    bool verifyServerFinal(const QByteArray &serverFinal);

    bool hasClientFinal() const { return !m_authMessage.isEmpty(); }
    bool isVerified() const { return m_verified; }
    QString errorString() const { return m_error; }

private:
    QByteArray fail(const QString &error);

    QCryptographicHash::Algorithm m_hash;
    QByteArray m_password;
    QByteArray m_clientNonce;
    QByteArray m_clientFirstBare;
    QByteArray m_authMessage;
    QByteArray m_saltedPassword;
    ScramSaltedPasswordCache *m_cache;
    bool m_verified = false;
    QString m_error;
};
