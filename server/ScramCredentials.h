// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// What the server keeps of a password for SCRAM (RFC 5802, RFC 7677): the salt, the
// iteration count and two keys derived from the SaltedPassword,
//   SaltedPassword = PBKDF2-HMAC-H(password, salt, iterations)
//   StoredKey      = H(HMAC(SaltedPassword, "Client Key"))
//   ServerKey      = HMAC(SaltedPassword, "Server Key")
// Neither key lets anyone log in without the password (a client proof needs the
// ClientKey), and the password cannot be computed from them.
//
// The password's UTF-8 bytes go into PBKDF2 as they are, without SASLprep: this is
// what the PBKDF2 hashes of schema versions 1 and 2 used, and what QXmpp's client does.
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

enum class ScramAlgorithm { Sha1, Sha256 };

struct ScramCredentials
{
    QByteArray salt;
    int iterations = 0;
    QByteArray storedKey;
    QByteArray serverKey;
    bool isNull() const { return storedKey.isEmpty(); }
};

// The iteration count of new credentials (RFC 7677 asks for at least 4096).
constexpr int ScramIterations = 4096;
// The size of new salts.
constexpr int ScramSaltBytes = 16;

QCryptographicHash::Algorithm scramHashAlgorithm(ScramAlgorithm algorithm);

// The keys of a password.
ScramCredentials deriveScramCredentials(ScramAlgorithm algorithm, const QString &password,
                                        const QByteArray &salt, int iterations);
// The keys of an already derived SaltedPassword (as the hash column of schema v2 held).
ScramCredentials scramCredentialsFromSaltedPassword(ScramAlgorithm algorithm,
                                                    const QByteArray &saltedPassword, const QByteArray &salt,
                                                    int iterations);
// Comparison in a time that does not depend on where the byte strings differ.
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);
