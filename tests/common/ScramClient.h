// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The client side of SCRAM (RFC 5802, RFC 7677) without channel binding, for tests
// that log in by hand: over a raw stream, or straight against a SaslServer.
#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

class SaslCredentials;

class ScramClient
{
public:
    // mechanism: SCRAM-SHA-1 or SCRAM-SHA-256.
    ScramClient(const QString &mechanism, const QByteArray &user, const QByteArray &password);

    // client-first-message, with the gs2 header "n,,".
    QByteArray first() const;
    // client-final-message for the server-first-message (remembered for verifyServerFinal()).
    QByteArray final(const QByteArray &serverFirst);
    // True when the server-final-message proves the server knew the password's keys.
    bool verifyServerFinal(const QByteArray &serverFinal) const;

private:
    QCryptographicHash::Algorithm m_hash;
    QByteArray m_password;
    QByteArray m_clientFirstBare;
    QByteArray m_authMessage;
    QByteArray m_saltedPassword;
};

// A whole SCRAM login against a SaslServer for these credentials (no sockets).
bool scramLogIn(SaslCredentials *credentials, const QString &mechanism, const QString &user,
                const QString &password);
