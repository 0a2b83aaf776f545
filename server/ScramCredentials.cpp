// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ScramCredentials.h"

#include <QMessageAuthenticationCode>
#include <QPasswordDigestor>

QCryptographicHash::Algorithm scramHashAlgorithm(ScramAlgorithm algorithm)
{
    return algorithm == ScramAlgorithm::Sha1 ? QCryptographicHash::Sha1 : QCryptographicHash::Sha256;
}

ScramCredentials deriveScramCredentials(ScramAlgorithm algorithm, const QString &password,
                                        const QByteArray &salt, int iterations)
{
    const QCryptographicHash::Algorithm hash = scramHashAlgorithm(algorithm);
    const QByteArray saltedPassword = QPasswordDigestor::deriveKeyPbkdf2(
        hash, password.toUtf8(), salt, iterations, quint64(QCryptographicHash::hashLength(hash)));
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
