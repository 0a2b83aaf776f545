// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// SaslServer without sockets: the RFC 5802 and RFC 7677 example exchanges byte for
// byte, every way a SCRAM or PLAIN message can be wrong, and the failure condition
// each one gets. The client side of SCRAM is computed here with Qt's primitives.
#include "SaslServer.h"

#include <QHash>
#include <QMessageAuthenticationCode>
#include <QPasswordDigestor>
#include <QTest>

namespace {
const QString Domain = QStringLiteral("localhost");

class FakeCredentials : public SaslCredentials
{
public:
    std::optional<ScramCredentials> scramCredentials(const QString &username,
                                                     ScramAlgorithm algorithm) const override
    {
        const auto it = scram.constFind(key(username, algorithm));
        return it == scram.constEnd() ? std::nullopt : std::optional<ScramCredentials>(*it);
    }
    bool checkPassword(const QString &username, const QString &password) override
    {
        checkedUsers << username;
        return passwords.contains(username) && passwords.value(username) == password;
    }
    void addScram(const QString &username, ScramAlgorithm algorithm, const QString &password,
                  const QByteArray &salt, int iterations = 4096)
    {
        scram.insert(key(username, algorithm), deriveScramCredentials(algorithm, password, salt, iterations));
    }
    static QString key(const QString &username, ScramAlgorithm algorithm)
    {
        return username + (algorithm == ScramAlgorithm::Sha1 ? QStringLiteral(":1") : QStringLiteral(":256"));
    }

    QHash<QString, ScramCredentials> scram;
    QHash<QString, QString> passwords;
    QStringList checkedUsers;
};

// "user"/"pencil" with both algorithms and PLAIN; "upgraded" has only SHA-256 keys,
// as an account converted from schema version 2.
void addStandardAccounts(FakeCredentials &credentials)
{
    credentials.addScram(QStringLiteral("user"), ScramAlgorithm::Sha256, QStringLiteral("pencil"),
                         QByteArrayLiteral("salt-of-user-256"));
    credentials.addScram(QStringLiteral("user"), ScramAlgorithm::Sha1, QStringLiteral("pencil"),
                         QByteArrayLiteral("salt-of-user-1"));
    credentials.addScram(QStringLiteral("upgraded"), ScramAlgorithm::Sha256, QStringLiteral("pencil"),
                         QByteArrayLiteral("salt-of-upgraded"));
    credentials.addScram(QStringLiteral("a,b=c"), ScramAlgorithm::Sha256, QStringLiteral("pencil"),
                         QByteArrayLiteral("salt-of-a,b=c"));
    credentials.passwords.insert(QStringLiteral("user"), QStringLiteral("pencil"));
}

QCryptographicHash::Algorithm hashOf(const QString &mechanism)
{
    return mechanism == QLatin1String("SCRAM-SHA-1") ? QCryptographicHash::Sha1 : QCryptographicHash::Sha256;
}

QByteArray saltedPassword(QCryptographicHash::Algorithm hash, const QString &password, const QByteArray &salt,
                          int iterations)
{
    return QPasswordDigestor::deriveKeyPbkdf2(hash, password.toUtf8(), salt, iterations,
                                              quint64(QCryptographicHash::hashLength(hash)));
}

QByteArray clientProof(QCryptographicHash::Algorithm hash, const QByteArray &salted,
                       const QByteArray &authMessage)
{
    const QByteArray clientKey
        = QMessageAuthenticationCode::hash(QByteArrayLiteral("Client Key"), salted, hash);
    const QByteArray storedKey = QCryptographicHash::hash(clientKey, hash);
    const QByteArray signature = QMessageAuthenticationCode::hash(authMessage, storedKey, hash);
    QByteArray proof = clientKey;
    for (int i = 0; i < proof.size(); ++i)
        proof[i] = char(proof.at(i) ^ signature.at(i));
    return proof;
}

QByteArray serverSignature(QCryptographicHash::Algorithm hash, const QByteArray &salted,
                           const QByteArray &authMessage)
{
    const QByteArray serverKey
        = QMessageAuthenticationCode::hash(QByteArrayLiteral("Server Key"), salted, hash);
    return QMessageAuthenticationCode::hash(authMessage, serverKey, hash);
}

// The value of attribute "k=" in a SCRAM message.
QByteArray attribute(const QByteArray &message, char name)
{
    for (const QByteArray &part : message.split(',')) {
        if (part.size() >= 2 && part.at(0) == name && part.at(1) == '=')
            return part.mid(2);
    }
    return QByteArray();
}

// The client-first-message-bare: what follows the gs2 header.
QByteArray bareOf(const QByteArray &clientFirst)
{
    return clientFirst.mid(clientFirst.indexOf(',', clientFirst.indexOf(',') + 1) + 1);
}

// The client-final message from a template: %C the channel binding (base64 of the
// gs2 header), %R the combined nonce, %P the proof for the password over what
// precedes ",p=", %W a proof with the wrong password.
struct ClientFinal
{
    QByteArray message;
    QByteArray expectedServerFinal;
};
ClientFinal clientFinal(const QString &mechanism, const QString &password, const QByteArray &clientFirst,
                        const QByteArray &serverFirst, QByteArray templ)
{
    const QCryptographicHash::Algorithm hash = hashOf(mechanism);
    const QByteArray gs2Header = clientFirst.left(clientFirst.size() - bareOf(clientFirst).size());
    templ.replace("%C", gs2Header.toBase64());
    templ.replace("%R", attribute(serverFirst, 'r'));
    const int proofAt = templ.lastIndexOf(",p=");
    const QByteArray withoutProof = proofAt < 0 ? templ : templ.left(proofAt);
    const QByteArray authMessage = bareOf(clientFirst) + ',' + serverFirst + ',' + withoutProof;
    const QByteArray salt = QByteArray::fromBase64(attribute(serverFirst, 's'));
    const int iterations = attribute(serverFirst, 'i').toInt();
    const QByteArray salted = saltedPassword(hash, password, salt, iterations);
    templ.replace("%P", clientProof(hash, salted, authMessage).toBase64());
    templ.replace(
        "%W",
        clientProof(hash, saltedPassword(hash, QStringLiteral("wrong"), salt, iterations), authMessage)
            .toBase64());
    return { templ, QByteArrayLiteral("v=") + serverSignature(hash, salted, authMessage).toBase64() };
}

const QByteArray GoodFinal = QByteArrayLiteral("c=%C,r=%R,p=%P");
} // namespace

class tst_SaslServer : public QObject
{
    Q_OBJECT

private slots:
    void mechanisms()
    {
        QCOMPARE(SaslServer::mechanisms(false),
                 QStringList({ QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1") }));
        QCOMPARE(SaslServer::mechanisms(true),
                 QStringList({ QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1"),
                               QStringLiteral("PLAIN") }));
    }

    // RFC 5802 §5 and RFC 7677 §3, byte for byte.
    void rfcExchange_data()
    {
        QTest::addColumn<QString>("mechanism");
        QTest::addColumn<QByteArray>("salt");
        QTest::addColumn<QByteArray>("serverNonce");
        QTest::addColumn<QByteArray>("clientFirst");
        QTest::addColumn<QByteArray>("serverFirst");
        QTest::addColumn<QByteArray>("clientFinal");
        QTest::addColumn<QByteArray>("serverFinal");
        QTest::addColumn<bool>("initialResponse");
        for (const bool initial : { true, false }) {
            const char *how = initial ? "initial response" : "empty first challenge";
            QTest::addRow("RFC 5802 SCRAM-SHA-1, %s", how)
                << QStringLiteral("SCRAM-SHA-1") << QByteArrayLiteral("QSXCR+Q6sek8bf92")
                << QByteArrayLiteral("3rfcNHYJY1ZVvWVs7j")
                << QByteArrayLiteral("n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL")
                << QByteArrayLiteral("r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096")
                << QByteArrayLiteral("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,"
                                     "p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=")
                << QByteArrayLiteral("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=") << initial;
            QTest::addRow("RFC 7677 SCRAM-SHA-256, %s", how)
                << QStringLiteral("SCRAM-SHA-256") << QByteArrayLiteral("W22ZaJ0SNY7soEsUEjb6gQ==")
                << QByteArrayLiteral("%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0")
                << QByteArrayLiteral("n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
                << QByteArrayLiteral("r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                     "s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")
                << QByteArrayLiteral("c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
                                     "p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
                << QByteArrayLiteral("v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=") << initial;
        }
    }
    void rfcExchange()
    {
        QFETCH(QString, mechanism);
        QFETCH(QByteArray, salt);
        QFETCH(QByteArray, serverNonce);
        QFETCH(QByteArray, clientFirst);
        QFETCH(QByteArray, serverFirst);
        QFETCH(QByteArray, clientFinal);
        QFETCH(QByteArray, serverFinal);
        QFETCH(bool, initialResponse);
        FakeCredentials credentials;
        const ScramAlgorithm algorithm
            = mechanism == QLatin1String("SCRAM-SHA-1") ? ScramAlgorithm::Sha1 : ScramAlgorithm::Sha256;
        credentials.addScram(QStringLiteral("user"), algorithm, QStringLiteral("pencil"),
                             QByteArray::fromBase64(salt));
        SaslServer sasl(&credentials, Domain);
        sasl.setServerNonceForTest(serverNonce);

        SaslServer::Step step;
        if (initialResponse) {
            step = sasl.start(mechanism, clientFirst);
        } else {
            step = sasl.start(mechanism, QByteArray());
            QCOMPARE(step.outcome, SaslServer::Outcome::Challenge);
            QCOMPARE(step.data, QByteArray());
            step = sasl.respond(clientFirst);
        }
        QCOMPARE(step.outcome, SaslServer::Outcome::Challenge);
        QCOMPARE(step.data, serverFirst);
        QVERIFY(sasl.username().isEmpty());
        step = sasl.respond(clientFinal);
        QCOMPARE(step.condition, QString());
        QCOMPARE(step.outcome, SaslServer::Outcome::Success);
        QCOMPARE(step.data, serverFinal);
        QCOMPARE(sasl.username(), QStringLiteral("user"));
        // Done: nothing more is accepted.
        step = sasl.respond(QByteArray());
        QCOMPARE(step.outcome, SaslServer::Outcome::Failure);
        QCOMPARE(step.condition, QStringLiteral("aborted"));
        QCOMPARE(sasl.start(mechanism, clientFirst).condition, QStringLiteral("aborted"));
    }

    // Client-first messages that succeed with the right proof.
    void scramAccepted_data()
    {
        QTest::addColumn<QString>("mechanism");
        QTest::addColumn<QByteArray>("clientFirst");
        QTest::addColumn<QString>("username");
        for (const QString &mechanism : { QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1") }) {
            const QByteArray m = mechanism.toLatin1();
            QTest::addRow("%s plain", m.constData())
                << mechanism << QByteArrayLiteral("n,,n=user,r=abc") << QStringLiteral("user");
            QTest::addRow("%s y flag", m.constData())
                << mechanism << QByteArrayLiteral("y,,n=user,r=abc") << QStringLiteral("user");
            QTest::addRow("%s own authzid as node", m.constData())
                << mechanism << QByteArrayLiteral("n,a=user,n=user,r=abc") << QStringLiteral("user");
            QTest::addRow("%s own authzid as bare JID", m.constData())
                << mechanism << QByteArrayLiteral("n,a=user@localhost,n=user,r=abc")
                << QStringLiteral("user");
            QTest::addRow("%s own authzid, other case", m.constData())
                << mechanism << QByteArrayLiteral("n,a=User@LOCALHOST,n=user,r=abc")
                << QStringLiteral("user");
            QTest::addRow("%s user name is nodeprepped", m.constData())
                << mechanism << QByteArrayLiteral("n,,n=USER,r=abc") << QStringLiteral("user");
            QTest::addRow("%s extension after the nonce is ignored", m.constData())
                << mechanism << QByteArrayLiteral("n,,n=user,r=abc,x=whatever") << QStringLiteral("user");
            QTest::addRow("%s printable nonce", m.constData())
                << mechanism << QByteArrayLiteral("n,,n=user,r=!\"#$%&'()*+-./:;<=>?@[\\]^_`{|}~")
                << QStringLiteral("user");
        }
        QTest::newRow("escaped , and = in the name")
            << QStringLiteral("SCRAM-SHA-256") << QByteArrayLiteral("n,,n=a=2Cb=3Dc,r=abc")
            << QStringLiteral("a,b=c");
    }
    void scramAccepted()
    {
        QFETCH(QString, mechanism);
        QFETCH(QByteArray, clientFirst);
        QFETCH(QString, username);
        FakeCredentials credentials;
        addStandardAccounts(credentials);
        SaslServer sasl(&credentials, Domain);
        SaslServer::Step step = sasl.start(mechanism, clientFirst);
        QCOMPARE(step.condition, QString());
        QCOMPARE(step.outcome, SaslServer::Outcome::Challenge);
        // A random server nonce of at least 24 bytes (32 base64 characters) follows the client's.
        const QByteArray nonce = attribute(step.data, 'r');
        QVERIFY(nonce.startsWith(attribute(bareOf(clientFirst), 'r')));
        QVERIFY(nonce.size() >= attribute(bareOf(clientFirst), 'r').size() + 32);
        QCOMPARE(attribute(step.data, 'i'), QByteArrayLiteral("4096"));
        const ClientFinal final
            = clientFinal(mechanism, QStringLiteral("pencil"), clientFirst, step.data, GoodFinal);
        step = sasl.respond(final.message);
        QCOMPARE(step.condition, QString());
        QCOMPARE(step.outcome, SaslServer::Outcome::Success);
        QCOMPARE(step.data, final.expectedServerFinal);
        QCOMPARE(sasl.username(), username);
    }

    void serverNoncesDiffer()
    {
        FakeCredentials credentials;
        addStandardAccounts(credentials);
        SaslServer first(&credentials, Domain);
        SaslServer second(&credentials, Domain);
        const QByteArray clientFirst = QByteArrayLiteral("n,,n=user,r=abc");
        QVERIFY(attribute(first.start(QStringLiteral("SCRAM-SHA-256"), clientFirst).data, 'r')
                != attribute(second.start(QStringLiteral("SCRAM-SHA-256"), clientFirst).data, 'r'));
    }

    // Client-first messages refused at once.
    void scramFirstRefused_data()
    {
        QTest::addColumn<QByteArray>("clientFirst");
        QTest::addColumn<QString>("condition");
        const QString malformed = QStringLiteral("malformed-request");
        QTest::newRow("channel binding wanted (p=)")
            << QByteArrayLiteral("p=tls-unique,,n=user,r=abc") << malformed;
        QTest::newRow("unknown flag") << QByteArrayLiteral("x,,n=user,r=abc") << malformed;
        QTest::newRow("upper case flag") << QByteArrayLiteral("N,,n=user,r=abc") << malformed;
        QTest::newRow("authzid of another user")
            << QByteArrayLiteral("n,a=bob,n=user,r=abc") << QStringLiteral("invalid-authzid");
        QTest::newRow("bare JID of another user")
            << QByteArrayLiteral("n,a=bob@localhost,n=user,r=abc") << QStringLiteral("invalid-authzid");
        QTest::newRow("own name at another domain")
            << QByteArrayLiteral("n,a=user@elsewhere,n=user,r=abc") << QStringLiteral("invalid-authzid");
        QTest::newRow("own full JID") << QByteArrayLiteral("n,a=user@localhost/phone,n=user,r=abc")
                                      << QStringLiteral("invalid-authzid");
        QTest::newRow("authzid without a=") << QByteArrayLiteral("n,user,n=user,r=abc") << malformed;
        QTest::newRow("empty authzid") << QByteArrayLiteral("n,a=,n=user,r=abc") << malformed;
        QTest::newRow("mandatory extension m=") << QByteArrayLiteral("n,,m=ext,n=user,r=abc") << malformed;
        QTest::newRow("m= after the nonce") << QByteArrayLiteral("n,,n=user,r=abc,m=ext") << malformed;
        QTest::newRow("missing user name") << QByteArrayLiteral("n,,r=abc") << malformed;
        QTest::newRow("missing nonce") << QByteArrayLiteral("n,,n=user") << malformed;
        QTest::newRow("empty nonce") << QByteArrayLiteral("n,,n=user,r=") << malformed;
        QTest::newRow("nonce with a control") << QByteArrayLiteral("n,,n=user,r=ab\x01") << malformed;
        QTest::newRow("nonce with a space") << QByteArrayLiteral("n,,n=user,r=a c") << malformed;
        QTest::newRow("nonce and name swapped") << QByteArrayLiteral("n,,r=abc,n=user") << malformed;
        QTest::newRow("bad escape") << QByteArrayLiteral("n,,n=us=2Xer,r=abc") << malformed;
        QTest::newRow("cut escape") << QByteArrayLiteral("n,,n=user=2,r=abc") << malformed;
        QTest::newRow("empty user name") << QByteArrayLiteral("n,,n=,r=abc") << malformed;
        QTest::newRow("user name not UTF-8") << QByteArrayLiteral("n,,n=\xff\xfe,r=abc") << malformed;
        QTest::newRow("bad extension") << QByteArrayLiteral("n,,n=user,r=abc,junk") << malformed;
        QTest::newRow("only the gs2 header") << QByteArrayLiteral("n,,") << malformed;
        QTest::newRow("only the flag") << QByteArrayLiteral("n") << malformed;
        QTest::newRow("not SCRAM at all") << QByteArrayLiteral("\0user\0pencil") << malformed;
        QTest::newRow("user name with a space")
            << QByteArrayLiteral("n,,n=us er,r=abc") << QStringLiteral("not-authorized");
        QTest::newRow("user name with @")
            << QByteArrayLiteral("n,,n=user@localhost,r=abc") << QStringLiteral("not-authorized");
    }
    void scramFirstRefused()
    {
        QFETCH(QByteArray, clientFirst);
        QFETCH(QString, condition);
        FakeCredentials credentials;
        addStandardAccounts(credentials);
        for (const QString &mechanism : { QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1") }) {
            SaslServer sasl(&credentials, Domain);
            const SaslServer::Step step = sasl.start(mechanism, clientFirst);
            QCOMPARE(step.outcome, SaslServer::Outcome::Failure);
            QCOMPARE(step.condition, condition);
            QCOMPARE(sasl.respond(clientFirst).condition, QStringLiteral("aborted"));
        }
    }

    // Client-final messages refused, from the template of clientFinal().
    void scramFinalRefused_data()
    {
        QTest::addColumn<QByteArray>("clientFinal");
        QTest::addColumn<QString>("condition");
        const QString malformed = QStringLiteral("malformed-request");
        QTest::newRow("wrong password")
            << QByteArrayLiteral("c=%C,r=%R,p=%W") << QStringLiteral("not-authorized");
        QTest::newRow("wrong nonce") << QByteArrayLiteral("c=%C,r=%Rx,p=%P") << malformed;
        QTest::newRow("client nonce only") << QByteArrayLiteral("c=%C,r=abc,p=%P") << malformed;
        QTest::newRow("channel binding of y") << QByteArrayLiteral("c=eSws,r=%R,p=%P") << malformed;
        QTest::newRow("channel binding with data") << QByteArrayLiteral("c=%Cdata,r=%R,p=%P") << malformed;
        QTest::newRow("channel binding not base64") << QByteArrayLiteral("c=!!!!,r=%R,p=%P") << malformed;
        QTest::newRow("proof not base64") << QByteArrayLiteral("c=%C,r=%R,p=@@@@") << malformed;
        QTest::newRow("short proof") << QByteArrayLiteral("c=%C,r=%R,p=AAAA") << malformed;
        QTest::newRow("empty proof") << QByteArrayLiteral("c=%C,r=%R,p=") << malformed;
        QTest::newRow("missing proof") << QByteArrayLiteral("c=%C,r=%R") << malformed;
        QTest::newRow("missing channel binding") << QByteArrayLiteral("r=%R,p=%P") << malformed;
        QTest::newRow("missing nonce") << QByteArrayLiteral("c=%C,p=%P") << malformed;
        QTest::newRow("out of order") << QByteArrayLiteral("r=%R,c=%C,p=%P") << malformed;
        QTest::newRow("extension m=") << QByteArrayLiteral("c=%C,r=%R,m=x,p=%P") << malformed;
        QTest::newRow("junk after the proof") << QByteArrayLiteral("c=%C,r=%R,p=%P,x=y") << malformed;
        QTest::newRow("empty") << QByteArray() << malformed;
    }
    void scramFinalRefused()
    {
        QFETCH(QByteArray, clientFinal);
        QFETCH(QString, condition);
        FakeCredentials credentials;
        addStandardAccounts(credentials);
        for (const QString &mechanism : { QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1") }) {
            SaslServer sasl(&credentials, Domain);
            const QByteArray clientFirst = QByteArrayLiteral("n,,n=user,r=abc");
            SaslServer::Step step = sasl.start(mechanism, clientFirst);
            QCOMPARE(step.outcome, SaslServer::Outcome::Challenge);
            step = sasl.respond(
                ::clientFinal(mechanism, QStringLiteral("pencil"), clientFirst, step.data, clientFinal)
                    .message);
            QCOMPARE(step.outcome, SaslServer::Outcome::Failure);
            QCOMPARE(step.condition, condition);
            QVERIFY(step.data.isEmpty());
            QVERIFY(sasl.username().isEmpty());
            QCOMPARE(sasl.respond(QByteArrayLiteral("c=biws")).condition, QStringLiteral("aborted"));
        }
    }

    // An unknown user gets a challenge like a real one and fails at the proof.
    void unknownUser_data()
    {
        QTest::addColumn<QString>("mechanism");
        QTest::addColumn<QString>("username");
        QTest::newRow("SCRAM-SHA-256 unknown") << QStringLiteral("SCRAM-SHA-256") << QStringLiteral("nobody");
        QTest::newRow("SCRAM-SHA-1 unknown") << QStringLiteral("SCRAM-SHA-1") << QStringLiteral("nobody");
        QTest::newRow("SCRAM-SHA-1 without SHA-1 keys")
            << QStringLiteral("SCRAM-SHA-1") << QStringLiteral("upgraded");
    }
    void unknownUser()
    {
        QFETCH(QString, mechanism);
        QFETCH(QString, username);
        FakeCredentials credentials;
        addStandardAccounts(credentials);
        const QByteArray clientFirst
            = QByteArrayLiteral("n,,n=") + username.toUtf8() + QByteArrayLiteral(",r=abc");
        SaslServer sasl(&credentials, Domain);
        SaslServer::Step step = sasl.start(mechanism, clientFirst);
        QCOMPARE(step.outcome, SaslServer::Outcome::Challenge);
        QCOMPARE(QByteArray::fromBase64(attribute(step.data, 's')).size(), 16);
        QCOMPARE(attribute(step.data, 'i'), QByteArrayLiteral("4096"));
        // The same salt at every attempt, from any connection, as for a real account.
        SaslServer again(&credentials, Domain);
        QCOMPARE(attribute(again.start(mechanism, clientFirst).data, 's'), attribute(step.data, 's'));
        // Another name, another salt.
        SaslServer other(&credentials, Domain);
        QVERIFY(attribute(other.start(mechanism, QByteArrayLiteral("n,,n=somebody,r=abc")).data, 's')
                != attribute(step.data, 's'));

        step = sasl.respond(
            clientFinal(mechanism, QStringLiteral("pencil"), clientFirst, step.data, GoodFinal).message);
        QCOMPARE(step.outcome, SaslServer::Outcome::Failure);
        QCOMPARE(step.condition, QStringLiteral("not-authorized"));
        QVERIFY(sasl.username().isEmpty());
    }

    void upgradedAccountUsesSha256()
    {
        FakeCredentials credentials;
        addStandardAccounts(credentials);
        SaslServer sasl(&credentials, Domain);
        const QByteArray clientFirst = QByteArrayLiteral("n,,n=upgraded,r=abc");
        SaslServer::Step step = sasl.start(QStringLiteral("SCRAM-SHA-256"), clientFirst);
        QCOMPARE(QByteArray::fromBase64(attribute(step.data, 's')), QByteArrayLiteral("salt-of-upgraded"));
        step = sasl.respond(clientFinal(QStringLiteral("SCRAM-SHA-256"), QStringLiteral("pencil"),
                                        clientFirst, step.data, GoodFinal)
                                .message);
        QCOMPARE(step.outcome, SaslServer::Outcome::Success);
        QCOMPARE(sasl.username(), QStringLiteral("upgraded"));
    }

    void plain_data()
    {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QString>("condition"); // empty: success
        QTest::addColumn<QString>("username");
        const QString malformed = QStringLiteral("malformed-request");
        const QString notAuthorized = QStringLiteral("not-authorized");
        const QString invalidAuthzid = QStringLiteral("invalid-authzid");
        const QString user = QStringLiteral("user");
        QTest::newRow("good") << QByteArray("\0user\0pencil", 12) << QString() << user;
        QTest::newRow("name is nodeprepped") << QByteArray("\0USER\0pencil", 12) << QString() << user;
        QTest::newRow("own bare JID as authzid")
            << QByteArray("user@localhost\0user\0pencil", 26) << QString() << user;
        QTest::newRow("own bare JID, other case")
            << QByteArray("User@LocalHost\0user\0pencil", 26) << QString() << user;
        QTest::newRow("own name as authzid") << QByteArray("user\0user\0pencil", 16) << QString() << user;
        QTest::newRow("wrong password") << QByteArray("\0user\0pencil2", 13) << notAuthorized << QString();
        QTest::newRow("unknown user") << QByteArray("\0nobody\0pencil", 14) << notAuthorized << QString();
        QTest::newRow("invalid user name") << QByteArray("\0us er\0pencil", 13) << notAuthorized << QString();
        QTest::newRow("bare JID as user name")
            << QByteArray("\0user@localhost\0pencil", 22) << notAuthorized << QString();
        QTest::newRow("authzid of another user")
            << QByteArray("bob@localhost\0user\0pencil", 25) << invalidAuthzid << QString();
        QTest::newRow("own name at another domain")
            << QByteArray("user@elsewhere\0user\0pencil", 26) << invalidAuthzid << QString();
        QTest::newRow("own full JID")
            << QByteArray("user@localhost/r\0user\0pencil", 28) << invalidAuthzid << QString();
        QTest::newRow("empty password") << QByteArray("\0user\0", 6) << malformed << QString();
        QTest::newRow("empty user name") << QByteArray("\0\0pencil", 8) << malformed << QString();
        QTest::newRow("one NUL") << QByteArray("user\0pencil", 11) << malformed << QString();
        QTest::newRow("three NULs") << QByteArray("\0user\0pencil\0", 13) << malformed << QString();
        QTest::newRow("no NUL") << QByteArrayLiteral("userpencil") << malformed << QString();
        QTest::newRow("password not UTF-8") << QByteArray("\0user\0\xff", 7) << malformed << QString();
    }
    void plain()
    {
        QFETCH(QByteArray, message);
        QFETCH(QString, condition);
        QFETCH(QString, username);
        for (const bool initialResponse : { true, false }) {
            FakeCredentials credentials;
            addStandardAccounts(credentials);
            SaslServer sasl(&credentials, Domain);
            SaslServer::Step step;
            if (initialResponse) {
                step = sasl.start(QStringLiteral("PLAIN"), message);
            } else {
                step = sasl.start(QStringLiteral("PLAIN"), QByteArray());
                QCOMPARE(step.outcome, SaslServer::Outcome::Challenge);
                QVERIFY(step.data.isEmpty());
                step = sasl.respond(message);
            }
            QCOMPARE(step.condition, condition);
            QCOMPARE(step.outcome,
                     condition.isEmpty() ? SaslServer::Outcome::Success : SaslServer::Outcome::Failure);
            QVERIFY(step.data.isEmpty());
            QCOMPARE(sasl.username(), username);
            if (condition == QLatin1String("invalid-authzid")
                || condition == QLatin1String("malformed-request"))
                QVERIFY(credentials.checkedUsers.isEmpty()); // refused before any password check
            QCOMPARE(sasl.respond(message).condition, QStringLiteral("aborted"));
        }
    }

    void misuse()
    {
        FakeCredentials credentials;
        addStandardAccounts(credentials);
        {
            SaslServer sasl(&credentials, Domain);
            const SaslServer::Step step = sasl.start(QStringLiteral("DIGEST-MD5"), QByteArray());
            QCOMPARE(step.outcome, SaslServer::Outcome::Failure);
            QCOMPARE(step.condition, QStringLiteral("invalid-mechanism"));
        }
        {
            SaslServer sasl(&credentials, Domain);
            QCOMPARE(sasl.start(QStringLiteral("scram-sha-1"), QByteArray()).condition,
                     QStringLiteral("invalid-mechanism"));
        }
        {
            SaslServer sasl(&credentials, Domain);
            QCOMPARE(sasl.start(QStringLiteral("SCRAM-SHA-1-PLUS"), QByteArray()).condition,
                     QStringLiteral("invalid-mechanism"));
        }
        {
            SaslServer sasl(&credentials, Domain);
            const SaslServer::Step step = sasl.respond(QByteArrayLiteral("n,,n=user,r=abc"));
            QCOMPARE(step.outcome, SaslServer::Outcome::Failure);
            QCOMPARE(step.condition, QStringLiteral("aborted"));
        }
        {
            SaslServer sasl(&credentials, Domain);
            QCOMPARE(
                sasl.start(QStringLiteral("SCRAM-SHA-256"), QByteArrayLiteral("n,,n=user,r=abc")).outcome,
                SaslServer::Outcome::Challenge);
            QCOMPARE(
                sasl.start(QStringLiteral("SCRAM-SHA-256"), QByteArrayLiteral("n,,n=user,r=abc")).condition,
                QStringLiteral("aborted"));
        }
    }
};

QTEST_GUILESS_MAIN(tst_SaslServer)
#include "tst_saslserver.moc"
