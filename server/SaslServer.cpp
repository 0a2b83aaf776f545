// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "SaslServer.h"

#include "JidPrep.h"

#include <QList>
#include <QMessageAuthenticationCode>
#include <QRandomGenerator>

namespace {
const QLatin1String ScramSha256("SCRAM-SHA-256");
const QLatin1String ScramSha1("SCRAM-SHA-1");
const QLatin1String Plain("PLAIN");

const QString NotAuthorized = QStringLiteral("not-authorized");
const QString InvalidAuthzid = QStringLiteral("invalid-authzid");
const QString MalformedRequest = QStringLiteral("malformed-request");
const QString InvalidMechanism = QStringLiteral("invalid-mechanism");
const QString Aborted = QStringLiteral("aborted");

constexpr int ServerNonceBytes = 24; // 32 characters in base64

QByteArray randomBytes(int size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (auto &byte : bytes)
        byte = char(QRandomGenerator::system()->bounded(256));
    return bytes;
}

// Salts of unknown accounts come from this: the same name gets the same salt from
// every connection of the process, as a real account would.
const QByteArray &processSecret()
{
    static const QByteArray secret = randomBytes(32);
    return secret;
}

bool isUtf8(const QByteArray &bytes)
{
    return QString::fromUtf8(bytes).toUtf8() == bytes;
}

// RFC 5802 saslname: "=2C" stands for ',' and "=3D" for '='; any other '=' is malformed.
std::optional<QString> decodeSaslName(const QByteArray &name)
{
    QByteArray decoded;
    for (int i = 0; i < name.size(); ++i) {
        if (name.at(i) != '=') {
            decoded += name.at(i);
            continue;
        }
        const QByteArray escape = name.mid(i + 1, 2);
        if (escape == "2C")
            decoded += ',';
        else if (escape == "3D")
            decoded += '=';
        else
            return std::nullopt;
        i += 2;
    }
    if (decoded.isEmpty() || !isUtf8(decoded))
        return std::nullopt;
    return QString::fromUtf8(decoded);
}

// "k=value" with the key name: the value, or nullopt.
std::optional<QByteArray> attribute(const QByteArray &part, char name)
{
    if (part.size() < 2 || part.at(0) != name || part.at(1) != '=')
        return std::nullopt;
    return part.mid(2);
}

// An extension attribute of the grammar ("k=value", k a letter): accepted and ignored.
bool isExtension(const QByteArray &part)
{
    if (part.size() < 3 || part.at(1) != '=')
        return false;
    const char name = part.at(0);
    return ((name >= 'a' && name <= 'z') || (name >= 'A' && name <= 'Z')) && name != 'm';
}

// RFC 5802 printable: %x21-2B / %x2D-7E (no ',').
bool isPrintableNonce(const QByteArray &nonce)
{
    if (nonce.isEmpty())
        return false;
    for (const char c : nonce) {
        if (c < 0x21 || c > 0x7E || c == ',')
            return false;
    }
    return true;
}

std::optional<QByteArray> decodeBase64(const QByteArray &text)
{
    const auto result = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return std::nullopt;
    return result.decoded;
}
} // namespace

QStringList SaslServer::mechanisms(bool plainAllowed)
{
    QStringList names { ScramSha256, ScramSha1 };
    if (plainAllowed)
        names << Plain;
    return names;
}

SaslServer::SaslServer(SaslCredentials *credentials, const QString &domain)
    : m_credentials(credentials)
    , m_domain(JidPrep::domain(domain).isNull() ? domain.toLower() : JidPrep::domain(domain))
{ }

SaslServer::Step SaslServer::start(const QString &mechanism, const QByteArray &initialResponse)
{
    if (m_state != State::Idle)
        return fail(Aborted);
    if (mechanism == Plain) {
        m_state = State::Plain;
    } else if (mechanism == ScramSha256 || mechanism == ScramSha1) {
        m_algorithm = mechanism == ScramSha256 ? ScramAlgorithm::Sha256 : ScramAlgorithm::Sha1;
        m_state = State::ScramFirst;
    } else {
        return fail(InvalidMechanism);
    }
    if (initialResponse.isEmpty()) // no initial response: ask for it with an empty challenge
        return { Outcome::Challenge, QByteArray(), QString() };
    return respond(initialResponse);
}

SaslServer::Step SaslServer::respond(const QByteArray &response)
{
    switch (m_state) {
    case State::Plain:
        return plain(response);
    case State::ScramFirst:
        return scramClientFirst(response);
    case State::ScramFinal:
        return scramClientFinal(response);
    case State::Idle:
    case State::Done:
        break;
    }
    return fail(Aborted);
}

QString SaslServer::username() const
{
    return m_authenticated;
}

void SaslServer::setServerNonceForTest(const QByteArray &nonce)
{
    m_serverNonce = nonce;
}

// RFC 4616: [authzid] NUL authcid NUL passwd
SaslServer::Step SaslServer::plain(const QByteArray &message)
{
    const QList<QByteArray> parts = message.split('\0');
    if (parts.size() != 3 || parts.at(1).isEmpty() || parts.at(2).isEmpty())
        return fail(MalformedRequest);
    for (const QByteArray &part : parts) {
        if (!isUtf8(part))
            return fail(MalformedRequest);
    }
    const QString username = JidPrep::node(QString::fromUtf8(parts.at(1)));
    if (username.isNull())
        return fail(NotAuthorized);
    if (!parts.at(0).isEmpty() && !authzidAllowed(QString::fromUtf8(parts.at(0)), username))
        return fail(InvalidAuthzid);
    if (!m_credentials->checkPassword(username, QString::fromUtf8(parts.at(2))))
        return fail(NotAuthorized);
    m_state = State::Done;
    m_authenticated = username;
    return { Outcome::Success, QByteArray(), QString() };
}

// RFC 5802: gs2-cbind-flag "," [authzid] "," [reserved-mext ","] username "," nonce ["," extensions]
SaslServer::Step SaslServer::scramClientFirst(const QByteArray &message)
{
    const int flagEnd = message.indexOf(',');
    if (flagEnd < 0)
        return fail(MalformedRequest);
    const QByteArray flag = message.left(flagEnd);
    // "p=": the client wants channel binding, which only the -PLUS mechanisms (not
    // offered) have. "y": the client could bind but thinks we cannot, which is true.
    if (flag != "n" && flag != "y")
        return fail(MalformedRequest);
    const int authzidEnd = message.indexOf(',', flagEnd + 1);
    if (authzidEnd < 0)
        return fail(MalformedRequest);
    const QByteArray authzidField = message.mid(flagEnd + 1, authzidEnd - flagEnd - 1);
    std::optional<QString> authzid;
    if (!authzidField.isEmpty()) {
        const std::optional<QByteArray> value = attribute(authzidField, 'a');
        authzid = value ? decodeSaslName(*value) : std::nullopt;
        if (!authzid)
            return fail(MalformedRequest);
    }
    m_gs2Header = message.left(authzidEnd + 1);
    m_clientFirstBare = message.mid(authzidEnd + 1);

    // A leading "m=" is a mandatory extension we do not know: fail, as RFC 5802 asks.
    const QList<QByteArray> parts = m_clientFirstBare.split(',');
    if (parts.size() < 2)
        return fail(MalformedRequest);
    const std::optional<QByteArray> name = attribute(parts.at(0), 'n');
    const std::optional<QByteArray> clientNonce = attribute(parts.at(1), 'r');
    if (!name || !clientNonce || !isPrintableNonce(*clientNonce))
        return fail(MalformedRequest);
    for (int i = 2; i < parts.size(); ++i) {
        if (!isExtension(parts.at(i)))
            return fail(MalformedRequest);
    }
    const std::optional<QString> decodedName = decodeSaslName(*name);
    if (!decodedName)
        return fail(MalformedRequest);
    const QString username = JidPrep::node(*decodedName);
    if (username.isNull())
        return fail(NotAuthorized);
    if (authzid && !authzidAllowed(*authzid, username))
        return fail(InvalidAuthzid);

    const std::optional<ScramCredentials> stored = m_credentials->scramCredentials(username, m_algorithm);
    m_knownAccount = stored && !stored->isNull() && !stored->salt.isEmpty() && stored->iterations > 0;
    m_scram = m_knownAccount ? *stored : unknownAccountCredentials(username);
    m_username = username;
    m_nonce
        = *clientNonce + (m_serverNonce.isEmpty() ? randomBytes(ServerNonceBytes).toBase64() : m_serverNonce);
    m_serverFirst = QByteArrayLiteral("r=") + m_nonce + QByteArrayLiteral(",s=") + m_scram.salt.toBase64()
        + QByteArrayLiteral(",i=") + QByteArray::number(m_scram.iterations);
    m_state = State::ScramFinal;
    return { Outcome::Challenge, m_serverFirst, QString() };
}

// RFC 5802: channel-binding "," nonce ["," extensions] "," proof
SaslServer::Step SaslServer::scramClientFinal(const QByteArray &message)
{
    const int proofAt = message.lastIndexOf(",p=");
    if (proofAt < 0)
        return fail(MalformedRequest);
    const QByteArray withoutProof = message.left(proofAt);
    const QList<QByteArray> parts = withoutProof.split(',');
    if (parts.size() < 2)
        return fail(MalformedRequest);
    const std::optional<QByteArray> channelBinding = attribute(parts.at(0), 'c');
    const std::optional<QByteArray> nonce = attribute(parts.at(1), 'r');
    if (!channelBinding || !nonce)
        return fail(MalformedRequest);
    for (int i = 2; i < parts.size(); ++i) {
        if (!isExtension(parts.at(i)))
            return fail(MalformedRequest);
    }
    // Without channel binding, c= carries the gs2 header of the first message.
    if (*channelBinding != m_gs2Header.toBase64() || *nonce != m_nonce)
        return fail(MalformedRequest);
    const QCryptographicHash::Algorithm hash = scramHashAlgorithm(m_algorithm);
    const std::optional<QByteArray> proof = decodeBase64(message.mid(proofAt + 3));
    if (!proof || proof->size() != QCryptographicHash::hashLength(hash))
        return fail(MalformedRequest);

    const QByteArray authMessage = m_clientFirstBare + ',' + m_serverFirst + ',' + withoutProof;
    const QByteArray clientSignature = QMessageAuthenticationCode::hash(authMessage, m_scram.storedKey, hash);
    QByteArray clientKey = *proof;
    for (int i = 0; i < clientKey.size(); ++i)
        clientKey[i] = char(clientKey.at(i) ^ clientSignature.at(i));
    const bool proven = constantTimeEquals(QCryptographicHash::hash(clientKey, hash), m_scram.storedKey);
    if (!proven || !m_knownAccount)
        return fail(NotAuthorized);
    const QByteArray serverSignature = QMessageAuthenticationCode::hash(authMessage, m_scram.serverKey, hash);
    m_state = State::Done;
    m_authenticated = m_username;
    return { Outcome::Success, QByteArrayLiteral("v=") + serverSignature.toBase64(), QString() };
}

SaslServer::Step SaslServer::fail(const QString &condition)
{
    m_state = State::Done;
    m_authenticated.clear();
    return { Outcome::Failure, QByteArray(), condition };
}

// An authzid may only name the authenticating user: as a bare JID of this domain,
// or as the bare user name.
bool SaslServer::authzidAllowed(const QString &authzid, const QString &username) const
{
    if (JidPrep::node(authzid) == username)
        return true;
    return JidPrep::jid(authzid) == username + QLatin1Char('@') + m_domain;
}

// A plausible challenge for an account without keys: the salt is the same at every
// attempt for a name, the keys match no proof.
ScramCredentials SaslServer::unknownAccountCredentials(const QString &username) const
{
    const QCryptographicHash::Algorithm hash = scramHashAlgorithm(m_algorithm);
    const QByteArray name = QByteArray::number(int(m_algorithm)) + ':' + username.toUtf8();
    ScramCredentials fake;
    fake.salt = QMessageAuthenticationCode::hash(QByteArrayLiteral("salt:") + name, processSecret(),
                                                 QCryptographicHash::Sha256)
                    .left(ScramSaltBytes);
    fake.iterations = ScramIterations;
    fake.storedKey = randomBytes(QCryptographicHash::hashLength(hash));
    fake.serverKey = randomBytes(QCryptographicHash::hashLength(hash));
    return fake;
}
