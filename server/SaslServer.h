// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The server side of one SASL exchange (RFC 4422, RFC 6120 §6), without sockets:
// the stream gives it the mechanism and the decoded responses of the client and
// sends what it answers. Mechanisms: SCRAM-SHA-256 and SCRAM-SHA-1 (RFC 5802,
// RFC 7677, without channel binding) verified with stored keys only, and PLAIN
// (RFC 4616) through SaslCredentials::checkPassword.
//
// Use one SaslServer per <auth/>: after Success or Failure every call fails with
// "aborted". The caller checks the mechanism against what it offered (PLAIN only
// where mechanisms(plainAllowed) lists it) before start().
//
// Unknown accounts cannot be told from known ones: SCRAM answers them with a salt
// derived from the user name and a per-process secret and fails at the proof; PLAIN
// leaves the timing to checkPassword.
#pragma once

#include "ScramCredentials.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <optional>

// What SASL needs from the account store (AccountStore implements it).
class SaslCredentials
{
public:
    virtual ~SaslCredentials() = default;
    // nullopt when the account is unknown or has no keys for the algorithm.
    virtual std::optional<ScramCredentials> scramCredentials(const QString &username,
                                                             ScramAlgorithm algorithm) const = 0;
    virtual bool checkPassword(const QString &username, const QString &password) = 0;
};

class SaslServer
{
public:
    enum class Outcome { Challenge, Success, Failure };
    struct Step
    {
        Outcome outcome;
        // The raw challenge, or the additional data with success (SCRAM's "v=...").
        QByteArray data;
        // On Failure, the RFC 6120 §6.5 condition: not-authorized, invalid-authzid,
        // malformed-request, invalid-mechanism or aborted.
        QString condition;
    };

    // The mechanism names to offer, strongest first: SCRAM-SHA-256, SCRAM-SHA-1, and
    // PLAIN when plainAllowed (only on an encrypted stream).
    static QStringList mechanisms(bool plainAllowed);

    // credentials must outlive this object; domain is the server's (for authzids).
    SaslServer(SaslCredentials *credentials, const QString &domain);

    // initialResponse: the decoded bytes of <auth/>. Empty means no initial response
    // (an empty challenge is answered): the caller maps "=" to empty as well, which no
    // mechanism here accepts as a first message anyway.
    Step start(const QString &mechanism, const QByteArray &initialResponse);
    // The decoded bytes of a <response/>.
    Step respond(const QByteArray &response);
    // The nodeprepped local part of the authenticated user, valid after Success.
    QString username() const;

    // SCRAM's server nonce (printable, no ','): appended as is to the client's nonce.
    void setServerNonceForTest(const QByteArray &nonce);

private:
    enum class State { Idle, Plain, ScramFirst, ScramFinal, Done };

    Step plain(const QByteArray &message);
    Step scramClientFirst(const QByteArray &message);
    Step scramClientFinal(const QByteArray &message);
    Step fail(const QString &condition);
    bool authzidAllowed(const QString &authzid, const QString &username) const;
    ScramCredentials unknownAccountCredentials(const QString &username) const;

    SaslCredentials *const m_credentials;
    const QString m_domain;
    State m_state = State::Idle;
    ScramAlgorithm m_algorithm = ScramAlgorithm::Sha256;
    QString m_username;
    QString m_authenticated;
    QByteArray m_serverNonce;
    // SCRAM between the two client messages
    QByteArray m_gs2Header;
    QByteArray m_clientFirstBare;
    QByteArray m_serverFirst;
    QByteArray m_nonce;
    ScramCredentials m_scram;
    bool m_knownAccount = false;
};
