// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ScramClient.h"

#include "SaslServer.h"

#include <QMessageAuthenticationCode>
#include <QPasswordDigestor>
#include <QRandomGenerator>

ScramClient::ScramClient(const QString &mechanism, const QByteArray &user, const QByteArray &password)
    : m_hash(mechanism == QLatin1String("SCRAM-SHA-1") ? QCryptographicHash::Sha1
                                                       : QCryptographicHash::Sha256)
    , m_password(password)
{
    QByteArray nonce(18, Qt::Uninitialized);
    for (char &c : nonce)
        c = char(QRandomGenerator::global()->bounded(256));
    m_clientFirstBare
        = "n=" + QByteArray(user).replace("=", "=3D").replace(",", "=2C") + ",r=" + nonce.toBase64();
}

QByteArray ScramClient::first() const
{
    return "n,," + m_clientFirstBare;
}

QByteArray ScramClient::final(const QByteArray &serverFirst)
{
    QByteArray nonce;
    QByteArray salt;
    int iterations = 0;
    for (const QByteArray &part : serverFirst.split(',')) {
        if (part.startsWith("r="))
            nonce = part.mid(2);
        else if (part.startsWith("s="))
            salt = QByteArray::fromBase64(part.mid(2));
        else if (part.startsWith("i="))
            iterations = part.mid(2).toInt();
    }
    m_saltedPassword = QPasswordDigestor::deriveKeyPbkdf2(m_hash, m_password, salt, iterations,
                                                          QCryptographicHash::hashLength(m_hash));
    const QByteArray clientKey = QMessageAuthenticationCode::hash("Client Key", m_saltedPassword, m_hash);
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, m_hash);
    const QByteArray withoutProof = "c=biws,r=" + nonce;
    m_authMessage = m_clientFirstBare + ',' + serverFirst + ',' + withoutProof;
    const QByteArray signature = QMessageAuthenticationCode::hash(m_authMessage, storedKey, m_hash);
    QByteArray proof = clientKey;
    for (int i = 0; i < proof.size(); ++i)
        proof[i] = char(proof.at(i) ^ signature.at(i));
    return withoutProof + ",p=" + proof.toBase64();
}

bool ScramClient::verifyServerFinal(const QByteArray &serverFinal) const
{
    const QByteArray serverKey = QMessageAuthenticationCode::hash("Server Key", m_saltedPassword, m_hash);
    return serverFinal
        == "v=" + QMessageAuthenticationCode::hash(m_authMessage, serverKey, m_hash).toBase64();
}

bool scramLogIn(SaslCredentials *credentials, const QString &mechanism, const QString &user,
                const QString &password)
{
    SaslServer sasl(credentials, QStringLiteral("localhost"));
    ScramClient scram(mechanism, user.toUtf8(), password.toUtf8());
    const SaslServer::Step first = sasl.start(mechanism, scram.first());
    if (first.outcome != SaslServer::Outcome::Challenge)
        return false;
    const SaslServer::Step final = sasl.respond(scram.final(first.data));
    return final.outcome == SaslServer::Outcome::Success && scram.verifyServerFinal(final.data);
}
