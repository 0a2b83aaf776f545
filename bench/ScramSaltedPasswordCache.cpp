// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ScramSaltedPasswordCache.h"

#include <openssl/evp.h>

QByteArray ScramSaltedPasswordCache::saltedPassword(QCryptographicHash::Algorithm hash,
                                                    const QByteArray &password, const QByteArray &salt,
                                                    int iterations)
{
    // The key, unambiguous: base64 has no ':', and the password comes last.
    const QByteArray key = QByteArray::number(int(hash)) + ':' + QByteArray::number(iterations) + ':'
        + salt.toBase64() + ':' + password;
    const auto found = m_saltedPasswords.constFind(key);
    if (found != m_saltedPasswords.constEnd())
        return found.value();
    const QByteArray derived = derive(hash, password, salt, iterations);
    ++m_derivations;
    if (!derived.isEmpty())
        m_saltedPasswords.insert(key, derived);
    return derived;
}

QByteArray ScramSaltedPasswordCache::derive(QCryptographicHash::Algorithm hash, const QByteArray &password,
                                            const QByteArray &salt, int iterations)
{
    if (hash != QCryptographicHash::Sha1 && hash != QCryptographicHash::Sha256)
        return QByteArray();
    QByteArray derived(QCryptographicHash::hashLength(hash), Qt::Uninitialized);
    const int ok = PKCS5_PBKDF2_HMAC(
        password.constData(), int(password.size()), reinterpret_cast<const unsigned char *>(salt.constData()),
        int(salt.size()), iterations, hash == QCryptographicHash::Sha1 ? EVP_sha1() : EVP_sha256(),
        int(derived.size()), reinterpret_cast<unsigned char *>(derived.data()));
    return ok == 1 ? derived : QByteArray();
}
