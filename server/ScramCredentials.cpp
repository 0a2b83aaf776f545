// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ScramCredentials.h"

#include <QMessageAuthenticationCode>
#include <openssl/evp.h>

QCryptographicHash::Algorithm scramHashAlgorithm(ScramAlgorithm algorithm)
{
    return algorithm == ScramAlgorithm::Sha1 ? QCryptographicHash::Sha1 : QCryptographicHash::Sha256;
}

ScramCredentials deriveScramCredentials(ScramAlgorithm algorithm, const QString &password,
                                        const QByteArray &salt, int iterations)
{
    // libcrypto's PBKDF2, not QPasswordDigestor's: the same bytes in a sixth of the time
    // (0.9 ms against 5.1 ms for 4096 rounds of SHA-256 here), and a PLAIN login costs one.
    const QCryptographicHash::Algorithm hash = scramHashAlgorithm(algorithm);
    const QByteArray utf8 = password.toUtf8();
    QByteArray saltedPassword(QCryptographicHash::hashLength(hash), Qt::Uninitialized);
    const int ok = PKCS5_PBKDF2_HMAC(
        utf8.constData(), int(utf8.size()), reinterpret_cast<const unsigned char *>(salt.constData()),
        int(salt.size()), iterations, algorithm == ScramAlgorithm::Sha1 ? EVP_sha1() : EVP_sha256(),
        int(saltedPassword.size()), reinterpret_cast<unsigned char *>(saltedPassword.data()));
    if (ok != 1)
        return ScramCredentials(); // empty keys: nothing verifies against them
    return scramCredentialsFromSaltedPassword(algorithm, saltedPassword, salt, iterations);
}

ScramCredentials scramCredentialsFromSaltedPassword(ScramAlgorithm algorithm,
                                                    const QByteArray &saltedPassword, const QByteArray &salt,
                                                    int iterations)
{
    const QCryptographicHash::Algorithm hash = scramHashAlgorithm(algorithm);
    ScramCredentials credentials;
    credentials.salt = salt;
    credentials.iterations = iterations;
    const QByteArray clientKey
        = QMessageAuthenticationCode::hash(QByteArrayLiteral("Client Key"), saltedPassword, hash);
    credentials.storedKey = QCryptographicHash::hash(clientKey, hash);
    credentials.serverKey
        = QMessageAuthenticationCode::hash(QByteArrayLiteral("Server Key"), saltedPassword, hash);
    return credentials;
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (int i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}
