// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ScramExchange.h"

#include "ScramSaltedPasswordCache.h"

#include <QList>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>
#include <optional>

namespace {
const QLatin1String ScramSha1("SCRAM-SHA-1");
const QLatin1String ScramSha256("SCRAM-SHA-256");
// base64("n,,"): the gs2 header again, in the final message's channel binding.
const QByteArray Gs2Header = QByteArrayLiteral("n,,");

constexpr int ClientNonceBytes = 18; // 24 characters in base64

// "k=value" with this key: the value, or nullopt.
std::optional<QByteArray> attribute(const QByteArray &part, char name)
{
    if (part.size() < 2 || part.at(0) != name || part.at(1) != '=')
        return std::nullopt;
    return part.mid(2);
}

std::optional<QByteArray> decodeBase64(const QByteArray &text)
{
    const auto result = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return result.decoded;
}

// RFC 5802 saslname: ',' and '=' escaped.
QByteArray saslName(const QString &name)
{
    return name.toUtf8().replace('=', "=3D").replace(',', "=2C");
}

QByteArray printable(const QByteArray &text)
{
    return text.size() > 60 ? text.left(60) + "..." : text;
}
} // namespace

ScramExchange::ScramExchange(const QString &mechanism, const QString &user, const QString &password,
                             ScramSaltedPasswordCache *cache, const QByteArray &clientNonce)
    : m_hash(mechanism == ScramSha1 ? QCryptographicHash::Sha1 : QCryptographicHash::Sha256)
    , m_password(password.toUtf8())
    , m_clientNonce(clientNonce)
    , m_cache(cache)
{
    if (m_clientNonce.isEmpty()) {
        QByteArray random(ClientNonceBytes, Qt::Uninitialized);
        for (char &c : random)
            c = char(QRandomGenerator::global()->bounded(256));
        m_clientNonce = random.toBase64(); // printable, no ','
    }
    m_clientFirstBare = "n=" + saslName(user) + ",r=" + m_clientNonce;
}

bool ScramExchange::isMechanism(const QString &name)
{
    return name == ScramSha1 || name == ScramSha256;
}

QByteArray ScramExchange::clientFirst() const
{
    return Gs2Header + m_clientFirstBare;
}

QByteArray ScramExchange::fail(const QString &error)
{
    m_error = error;
    return QByteArray();
}

// RFC 5802: server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count
// ["," extensions]
QByteArray ScramExchange::clientFinal(const QByteArray &serverFirst)
{
    const QList<QByteArray> parts = serverFirst.split(',');
    if (!parts.isEmpty() && attribute(parts.first(), 'm'))
        return fail(QStringLiteral("the server's SCRAM challenge has a mandatory extension this client does "
                                   "not know: '%1'")
                        .arg(QString::fromUtf8(printable(serverFirst))));
    const std::optional<QByteArray> nonce = parts.size() >= 3 ? attribute(parts.at(0), 'r') : std::nullopt;
    const std::optional<QByteArray> saltText = parts.size() >= 3 ? attribute(parts.at(1), 's') : std::nullopt;
    const std::optional<QByteArray> iterationText
        = parts.size() >= 3 ? attribute(parts.at(2), 'i') : std::nullopt;
    if (!nonce || !saltText || !iterationText)
        return fail(QStringLiteral("malformed SCRAM challenge '%1' (expected r=...,s=...,i=...)")
                        .arg(QString::fromUtf8(printable(serverFirst))));
    if (!nonce->startsWith(m_clientNonce))
        return fail(QStringLiteral("the server's SCRAM nonce '%1' does not start with ours '%2'")
                        .arg(QString::fromUtf8(printable(*nonce)), QString::fromLatin1(m_clientNonce)));
    const std::optional<QByteArray> salt = decodeBase64(*saltText);
    if (!salt || salt->isEmpty())
        return fail(QStringLiteral("the server's SCRAM salt '%1' is not base64")
                        .arg(QString::fromUtf8(printable(*saltText))));
    bool digits = !iterationText->isEmpty();
    for (const char c : *iterationText)
        digits = digits && c >= '0' && c <= '9';
    // More digits than a qlonglong holds is more than MaxIterations as well.
    const qlonglong iterations = !digits ? 0
        : iterationText->size() > 12     ? qlonglong(MaxIterations) + 1
                                         : iterationText->toLongLong();
    if (iterations < 1)
        return fail(QStringLiteral("the server's SCRAM iteration count '%1' is not a positive number")
                        .arg(QString::fromUtf8(printable(*iterationText))));
    if (iterations > MaxIterations)
        return fail(QStringLiteral("the server asks for %1 SCRAM iterations, more than the %2 this driver "
                                   "accepts")
                        .arg(QString::fromUtf8(printable(*iterationText)))
                        .arg(MaxIterations));

    m_saltedPassword = m_cache ? m_cache->saltedPassword(m_hash, m_password, *salt, int(iterations))
                               : ScramSaltedPasswordCache::derive(m_hash, m_password, *salt, int(iterations));
    if (m_saltedPassword.isEmpty())
        return fail(QStringLiteral("PBKDF2 failed (libcrypto)"));
    const QByteArray clientKey = QMessageAuthenticationCode::hash("Client Key", m_saltedPassword, m_hash);
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, m_hash);
    const QByteArray withoutProof = "c=" + Gs2Header.toBase64() + ",r=" + *nonce;
    m_authMessage = m_clientFirstBare + ',' + serverFirst + ',' + withoutProof;
    const QByteArray clientSignature = QMessageAuthenticationCode::hash(m_authMessage, storedKey, m_hash);
    QByteArray proof = clientKey;
    for (int i = 0; i < proof.size(); ++i)
        proof[i] = char(proof.at(i) ^ clientSignature.at(i));
    return withoutProof + ",p=" + proof.toBase64();
}

// RFC 5802: server-final-message = (server-error / verifier) ["," extensions]
bool ScramExchange::verifyServerFinal(const QByteArray &serverFinal)
{
    m_verified = false;
    if (!hasClientFinal()) {
        fail(QStringLiteral("a SCRAM server signature before our proof"));
        return false;
    }
    const int comma = serverFinal.indexOf(',');
    const QByteArray first = comma < 0 ? serverFinal : serverFinal.left(comma);
    if (const std::optional<QByteArray> error = attribute(first, 'e')) {
        fail(QStringLiteral("the server ended SCRAM with the error '%1'")
                 .arg(QString::fromUtf8(printable(*error))));
        return false;
    }
    const std::optional<QByteArray> verifierText = attribute(first, 'v');
    const std::optional<QByteArray> verifier = verifierText ? decodeBase64(*verifierText) : std::nullopt;
    if (!verifier) {
        fail(QStringLiteral("malformed SCRAM server signature '%1'")
                 .arg(QString::fromUtf8(printable(serverFinal))));
        return false;
    }
    const QByteArray serverKey = QMessageAuthenticationCode::hash("Server Key", m_saltedPassword, m_hash);
    const QByteArray expected = QMessageAuthenticationCode::hash(m_authMessage, serverKey, m_hash);
    if (*verifier != expected) {
        fail(QStringLiteral("the server's SCRAM signature is wrong: it does not know this password's keys"));
        return false;
    }
    m_verified = true;
    return true;
}
