// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// ServerCertificate: the self-signed certificate made for the domain, kept beside the
// database with the same fingerprint across restarts, refusing broken or half-present
// files, and good for a real TLS handshake with a client that trusts exactly it.
#include "ServerCertificate.h"
#include "TestEnvironment.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslCertificateExtension>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <sys/stat.h>
#include <utility>

namespace {
QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeContents(const QString &path, const QByteArray &data)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(data) == data.size();
}

int fileMode(const QString &path)
{
    struct stat status
    {
    };
    return ::stat(QFile::encodeName(path).constData(), &status) == 0 ? int(status.st_mode & 07777) : -1;
}

ServerCertificate created(const QString &domain)
{
    ServerCertificate certificate;
    if (!certificate.loadOrCreate(domain, QString(), QString()))
        qWarning("%s", qPrintable(certificate.errorString()));
    return certificate;
}

// Answers every connection with TLS, presenting the given certificate.
class TlsServer : public QTcpServer
{
public:
    explicit TlsServer(const ServerCertificate &certificate)
        : m_certificate(certificate)
    { }

    QSslSocket *socket = nullptr;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        socket = new QSslSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            socket = nullptr;
            return;
        }
        socket->setLocalCertificateChain(m_certificate.chain());
        socket->setPrivateKey(m_certificate.privateKey());
        socket->startServerEncryption();
    }

private:
    ServerCertificate m_certificate;
};

enum class Trust { ThisCertificate, AnotherCertificate, SystemAuthorities };
} // namespace
Q_DECLARE_METATYPE(Trust)

class tst_ServerCertificate : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(QSslSocket::supportsSsl(), "Qt has no TLS backend"); }

    void createsInMemory_data()
    {
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QString>("dnsName");
        QTest::newRow("localhost") << QStringLiteral("localhost") << QStringLiteral("localhost");
        QTest::newRow("dotted") << QStringLiteral("chat.example.org") << QStringLiteral("chat.example.org");
        QTest::newRow("internationalized")
            << QStringLiteral("b\u00fccher.example") << QStringLiteral("xn--bcher-kva.example");
    }

    void createsInMemory()
    {
        QFETCH(QString, domain);
        QFETCH(QString, dnsName);
        ServerCertificate server;
        QVERIFY2(server.loadOrCreate(domain, QString(), QString()), qPrintable(server.errorString()));
        QVERIFY(!server.isNull());
        QVERIFY(server.errorString().isEmpty());

        const QSslCertificate certificate = server.certificate();
        QVERIFY(!certificate.isNull());
        QCOMPARE(server.chain(), QList<QSslCertificate> { certificate });
        QCOMPARE(certificate.version(), QByteArrayLiteral("3"));
        QCOMPARE(certificate.subjectInfo(QSslCertificate::CommonName), QStringList { dnsName });
        QVERIFY(certificate.isSelfSigned());
        QCOMPARE(certificate.issuerInfo(QSslCertificate::CommonName), QStringList { dnsName });
        const auto names = certificate.subjectAlternativeNames();
        QCOMPARE(names.values(QSsl::DnsEntry).size(), 2);
        QVERIFY(names.contains(QSsl::DnsEntry, dnsName));
        QVERIFY(names.contains(QSsl::DnsEntry, QStringLiteral("conference.") + dnsName));

        // Not a CA: clients that trust it do not trust what its key might sign.
        bool basicConstraintsSeen = false;
        for (const QSslCertificateExtension &extension : certificate.extensions()) {
            if (extension.name() == QLatin1String("basicConstraints")) {
                basicConstraintsSeen = true;
                QVERIFY(extension.isCritical());
                QCOMPARE(extension.value().toMap().value(QStringLiteral("ca")), QVariant(false));
            }
        }
        QVERIFY(basicConstraintsSeen);

        const QDateTime now = QDateTime::currentDateTimeUtc();
        QVERIFY(certificate.effectiveDate() < now);
        QVERIFY(certificate.effectiveDate() > now.addDays(-2));
        QVERIFY(certificate.expiryDate() > now.addYears(10).addDays(-2));
        QVERIFY(certificate.expiryDate() < now.addYears(10).addDays(2));
        // A random serial of at most 128 bits, positive: up to 17 bytes in DER.
        const QByteArray serial = certificate.serialNumber();
        QVERIFY2(serial.split(':').size() >= 8 && serial.split(':').size() <= 17, serial.constData());

        const QSslKey key = server.privateKey();
        QVERIFY(!key.isNull());
        QCOMPARE(key.algorithm(), QSsl::Ec);
        QCOMPARE(key.type(), QSsl::PrivateKey);
        QCOMPARE(key.length(), 256);
        QCOMPARE(certificate.publicKey().algorithm(), QSsl::Ec);

        // The key belongs to the certificate: load() checks that, from Qt's own PEM.
        QTemporaryDir dir;
        const QString certificatePath = dir.filePath(QStringLiteral("c.crt"));
        const QString keyPath = dir.filePath(QStringLiteral("c.key"));
        QVERIFY(writeContents(certificatePath, certificate.toPem()));
        QVERIFY(writeContents(keyPath, key.toPem()));
        ServerCertificate reloaded;
        QVERIFY2(reloaded.load(certificatePath, keyPath), qPrintable(reloaded.errorString()));
        QCOMPARE(reloaded.sha256Fingerprint(), server.sha256Fingerprint());
    }

    void eachCreationIsNew()
    {
        const ServerCertificate first = created(QStringLiteral("localhost"));
        const ServerCertificate second = created(QStringLiteral("localhost"));
        QVERIFY(!first.isNull() && !second.isNull());
        QVERIFY(first.sha256Fingerprint() != second.sha256Fingerprint());
        QVERIFY(first.certificate().serialNumber() != second.certificate().serialNumber());
        QVERIFY(first.privateKey() != second.privateKey());
    }

    void refusesUnusableDomain_data()
    {
        QTest::addColumn<QString>("domain");
        QTest::newRow("empty") << QString();
        QTest::newRow("longer than a common name") << QString(65, QLatin1Char('a'));
    }

    void refusesUnusableDomain()
    {
        QFETCH(QString, domain);
        ServerCertificate server;
        QVERIFY(!server.loadOrCreate(domain, QString(), QString()));
        QVERIFY(server.isNull());
        QVERIFY(!server.errorString().isEmpty());
    }

    void fingerprintFormat()
    {
        const ServerCertificate server = created(QStringLiteral("localhost"));
        const QString fingerprint = server.sha256Fingerprint();
        QVERIFY2(QRegularExpression(QStringLiteral("^([0-9A-F]{2}:){31}[0-9A-F]{2}$"))
                     .match(fingerprint)
                     .hasMatch(),
                 qPrintable(fingerprint));
        const QByteArray digest
            = QCryptographicHash::hash(server.certificate().toDer(), QCryptographicHash::Sha256);
        QCOMPARE(digest, server.certificate().digest(QCryptographicHash::Sha256));
        QCOMPARE(fingerprint.toLatin1(), digest.toHex(':').toUpper());
        QCOMPARE(ServerCertificate().sha256Fingerprint(), QString());
        QVERIFY(ServerCertificate().isNull());
    }

    void pathsForDatabase_data()
    {
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("certificatePath");
        QTest::addColumn<QString>("keyPath");
        QTest::newRow("memory") << QStringLiteral(":memory:") << QString() << QString();
        QTest::newRow("empty") << QString() << QString() << QString();
        QTest::newRow("absolute") << QStringLiteral("/var/lib/minimix/server.db")
                                  << QStringLiteral("/var/lib/minimix/server.db.crt")
                                  << QStringLiteral("/var/lib/minimix/server.db.key");
        QTest::newRow("relative") << QStringLiteral("lab.sqlite") << QStringLiteral("lab.sqlite.crt")
                                  << QStringLiteral("lab.sqlite.key");
    }

    void pathsForDatabase()
    {
        QFETCH(QString, database);
        QFETCH(QString, certificatePath);
        QFETCH(QString, keyPath);
        QCOMPARE(ServerCertificate::certificatePathFor(database), certificatePath);
        QCOMPARE(ServerCertificate::keyPathFor(database), keyPath);
    }

    void keepsFilesAcrossRestarts()
    {
        QTemporaryDir dir;
        const QString database = dir.filePath(QStringLiteral("server.db"));
        const QString certificatePath = ServerCertificate::certificatePathFor(database);
        const QString keyPath = ServerCertificate::keyPathFor(database);

        ServerCertificate first;
        QVERIFY2(first.loadOrCreate(QStringLiteral("localhost"), certificatePath, keyPath),
                 qPrintable(first.errorString()));
        QVERIFY(!first.isNull());
        QCOMPARE(QSslCertificate::fromPath(certificatePath), QList<QSslCertificate> { first.certificate() });
        QVERIFY(contents(keyPath).startsWith("-----BEGIN PRIVATE KEY-----"));
        QCOMPARE(fileMode(keyPath), 0600);
        const QByteArray certificateBytes = contents(certificatePath);
        const QByteArray keyBytes = contents(keyPath);
        // Nothing else is left in the directory (no temporary files).
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 2);

        ServerCertificate second;
        QVERIFY2(second.loadOrCreate(QStringLiteral("localhost"), certificatePath, keyPath),
                 qPrintable(second.errorString()));
        QCOMPARE(second.sha256Fingerprint(), first.sha256Fingerprint());
        QCOMPARE(second.certificate(), first.certificate());
        QCOMPARE(second.privateKey(), first.privateKey());
        QCOMPARE(contents(certificatePath), certificateBytes);
        QCOMPARE(contents(keyPath), keyBytes);

        // Kept files are loaded as they are, whatever the domain is now.
        ServerCertificate renamed;
        QVERIFY(renamed.loadOrCreate(QStringLiteral("other.example"), certificatePath, keyPath));
        QCOMPARE(renamed.sha256Fingerprint(), first.sha256Fingerprint());
    }

    void refusesOnlyOneFile_data()
    {
        QTest::addColumn<bool>("certificatePresent");
        QTest::newRow("certificate without key") << true;
        QTest::newRow("key without certificate") << false;
    }

    void refusesOnlyOneFile()
    {
        QFETCH(bool, certificatePresent);
        const ServerCertificate users = created(QStringLiteral("localhost"));
        QTemporaryDir dir;
        const QString certificatePath = dir.filePath(QStringLiteral("server.db.crt"));
        const QString keyPath = dir.filePath(QStringLiteral("server.db.key"));
        const QString present = certificatePresent ? certificatePath : keyPath;
        const QString missing = certificatePresent ? keyPath : certificatePath;
        const QByteArray original
            = certificatePresent ? users.certificate().toPem() : users.privateKey().toPem();
        QVERIFY(writeContents(present, original));

        ServerCertificate server;
        QVERIFY(!server.loadOrCreate(QStringLiteral("localhost"), certificatePath, keyPath));
        QVERIFY(server.isNull());
        QVERIFY2(server.errorString().contains(present), qPrintable(server.errorString()));
        QVERIFY2(server.errorString().contains(missing), qPrintable(server.errorString()));
        QCOMPARE(contents(present), original);
        QVERIFY(!QFile::exists(missing));
    }

    void refusesMissingFiles_data()
    {
        QTest::addColumn<bool>("certificateMissing");
        QTest::newRow("certificate missing") << true;
        QTest::newRow("key missing") << false;
    }

    void refusesMissingFiles()
    {
        QFETCH(bool, certificateMissing);
        const ServerCertificate users = created(QStringLiteral("localhost"));
        QTemporaryDir dir;
        const QString certificatePath = dir.filePath(QStringLiteral("given.crt"));
        const QString keyPath = dir.filePath(QStringLiteral("given.key"));
        if (!certificateMissing)
            QVERIFY(writeContents(certificatePath, users.certificate().toPem()));
        else
            QVERIFY(writeContents(keyPath, users.privateKey().toPem()));

        ServerCertificate server;
        QVERIFY(!server.load(certificatePath, keyPath));
        QVERIFY(server.isNull());
        const QString missing = certificateMissing ? certificatePath : keyPath;
        QVERIFY2(server.errorString().contains(missing), qPrintable(server.errorString()));
        QVERIFY(!QFile::exists(missing)); // load() never creates anything
    }

    void refusesBrokenFiles_data()
    {
        QTest::addColumn<QByteArray>("certificateText");
        QTest::addColumn<QByteArray>("keyText");
        QTest::addColumn<bool>("blameKey");
        const ServerCertificate a = created(QStringLiteral("localhost"));
        const ServerCertificate b = created(QStringLiteral("localhost"));
        const QByteArray certificateA = a.certificate().toPem();
        const QByteArray keyA = a.privateKey().toPem();
        const QByteArray brokenBlock
            = QByteArrayLiteral("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n"
                                "-----END CERTIFICATE-----\n");
        QTest::newRow("garbage certificate") << QByteArrayLiteral("not a certificate\n") << keyA << false;
        QTest::newRow("empty certificate") << QByteArray() << keyA << false;
        QTest::newRow("broken certificate block") << brokenBlock << keyA << false;
        QTest::newRow("broken second certificate") << certificateA + brokenBlock << keyA << false;
        QTest::newRow("key in the certificate file") << keyA << keyA << false;
        QTest::newRow("garbage key") << certificateA << QByteArrayLiteral("not a key\n") << true;
        QTest::newRow("empty key") << certificateA << QByteArray() << true;
        QTest::newRow("certificate in the key file") << certificateA << certificateA << true;
        QTest::newRow("key of another certificate") << certificateA << b.privateKey().toPem() << true;
        QTest::newRow("other certificate for the key") << b.certificate().toPem() << keyA << true;
        QTest::newRow("encrypted key")
            << certificateA << a.privateKey().toPem(QByteArrayLiteral("secret")) << true;
    }

    void refusesBrokenFiles()
    {
        QFETCH(QByteArray, certificateText);
        QFETCH(QByteArray, keyText);
        QFETCH(bool, blameKey);
        QTemporaryDir dir;
        const QString certificatePath = dir.filePath(QStringLiteral("server.db.crt"));
        const QString keyPath = dir.filePath(QStringLiteral("server.db.key"));
        QVERIFY(writeContents(certificatePath, certificateText));
        QVERIFY(writeContents(keyPath, keyText));

        ServerCertificate server;
        QVERIFY(!server.loadOrCreate(QStringLiteral("localhost"), certificatePath, keyPath));
        QVERIFY(server.isNull());
        QVERIFY(server.certificate().isNull());
        QVERIFY(server.privateKey().isNull());
        const QString blamed = blameKey ? keyPath : certificatePath;
        QVERIFY2(server.errorString().startsWith(blamed + QLatin1Char(':')),
                 qPrintable(server.errorString()));
        QCOMPARE(contents(certificatePath), certificateText);
        QCOMPARE(contents(keyPath), keyText);

        // A failure leaves an earlier good state behind as null, not half-replaced.
        ServerCertificate reused = created(QStringLiteral("localhost"));
        QVERIFY(!reused.isNull());
        QVERIFY(!reused.load(certificatePath, keyPath));
        QVERIFY(reused.isNull());
    }

    void keepsTheChain()
    {
        const ServerCertificate leaf = created(QStringLiteral("localhost"));
        const ServerCertificate other = created(QStringLiteral("intermediate.example"));
        QTemporaryDir dir;
        const QString certificatePath = dir.filePath(QStringLiteral("chain.crt"));
        const QString keyPath = dir.filePath(QStringLiteral("chain.key"));
        QVERIFY(writeContents(certificatePath, leaf.certificate().toPem() + other.certificate().toPem()));
        QVERIFY(writeContents(keyPath, leaf.privateKey().toPem()));

        ServerCertificate server;
        QVERIFY2(server.load(certificatePath, keyPath), qPrintable(server.errorString()));
        QCOMPARE(server.certificate(), leaf.certificate());
        const QList<QSslCertificate> expected { leaf.certificate(), other.certificate() };
        QCOMPARE(server.chain(), expected);
        QCOMPARE(server.sha256Fingerprint(), leaf.sha256Fingerprint());
    }

    // Keys in the forms `openssl` writes (traditional and PKCS#8, RSA and EC), where the tool is installed.
    void loadsOpenSslFiles_data()
    {
        QTest::addColumn<QStringList>("keyArguments");
        QTest::addColumn<int>("algorithm");
        QTest::newRow("rsa pkcs8") << QStringList { QStringLiteral("-newkey"), QStringLiteral("rsa:2048") }
                                   << int(QSsl::Rsa);
        QTest::newRow("ec pkcs8") << QStringList { QStringLiteral("-newkey"), QStringLiteral("ec"),
                                                   QStringLiteral("-pkeyopt"),
                                                   QStringLiteral("ec_paramgen_curve:P-384") }
                                  << int(QSsl::Ec);
    }

    void loadsOpenSslFiles()
    {
        QFETCH(QStringList, keyArguments);
        QFETCH(int, algorithm);
        const QString openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        if (openssl.isEmpty())
            MINIMIX_SKIP("no openssl tool");
        QTemporaryDir dir;
        const QString certificatePath = dir.filePath(QStringLiteral("req.crt"));
        const QString keyPath = dir.filePath(QStringLiteral("req.key"));
        const QString traditionalKeyPath = dir.filePath(QStringLiteral("req-traditional.key"));
        QProcess process;
        process.start(openssl,
                      QStringList { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-nodes"),
                                    QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                                    QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-keyout"),
                                    keyPath, QStringLiteral("-out"), certificatePath }
                          + keyArguments);
        QVERIFY(process.waitForFinished(60000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        process.start(openssl,
                      QStringList { QStringLiteral("pkey"), QStringLiteral("-traditional"),
                                    QStringLiteral("-in"), keyPath, QStringLiteral("-out"),
                                    traditionalKeyPath });
        QVERIFY(process.waitForFinished(60000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        QVERIFY(contents(traditionalKeyPath)
                    .startsWith(algorithm == QSsl::Rsa ? "-----BEGIN RSA PRIVATE KEY"
                                                       : "-----BEGIN EC PRIVATE KEY"));

        for (const QString &path : { keyPath, traditionalKeyPath }) {
            ServerCertificate server;
            QVERIFY2(server.load(certificatePath, path), qPrintable(server.errorString()));
            QCOMPARE(int(server.privateKey().algorithm()), algorithm);
            QCOMPARE(server.certificate(), QSslCertificate::fromPath(certificatePath).value(0));
        }
    }

    void handshake_data()
    {
        QTest::addColumn<QString>("domain");
        QTest::addColumn<QString>("peerName");
        QTest::addColumn<Trust>("trust");
        QTest::addColumn<int>("expectedError");
        QTest::newRow("trusted") << QStringLiteral("localhost") << QStringLiteral("localhost")
                                 << Trust::ThisCertificate << int(QSslError::NoError);
        QTest::newRow("trusted conference name")
            << QStringLiteral("localhost") << QStringLiteral("conference.localhost") << Trust::ThisCertificate
            << int(QSslError::NoError);
        QTest::newRow("trusted but another host")
            << QStringLiteral("example.org") << QStringLiteral("localhost") << Trust::ThisCertificate
            << int(QSslError::HostNameMismatch);
        QTest::newRow("another certificate trusted")
            << QStringLiteral("localhost") << QStringLiteral("localhost") << Trust::AnotherCertificate
            << int(QSslError::SelfSignedCertificate);
        QTest::newRow("system authorities")
            << QStringLiteral("localhost") << QStringLiteral("localhost") << Trust::SystemAuthorities
            << int(QSslError::SelfSignedCertificate);
    }

    void handshake()
    {
        QFETCH(QString, domain);
        QFETCH(QString, peerName);
        QFETCH(Trust, trust);
        QFETCH(int, expectedError);
        const ServerCertificate certificate = created(domain);
        QVERIFY(!certificate.isNull());
        TlsServer server(certificate);
        QVERIFY(server.listen(QHostAddress::LocalHost));

        QSslSocket client;
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        if (trust == Trust::ThisCertificate)
            configuration.setCaCertificates({ certificate.certificate() });
        else if (trust == Trust::AnotherCertificate)
            configuration.setCaCertificates({ created(domain).certificate() });
        configuration.setPeerVerifyMode(QSslSocket::VerifyPeer);
        client.setSslConfiguration(configuration);
        QList<QSslError> errors;
        connect(&client, &QSslSocket::sslErrors, this,
                [&errors](const QList<QSslError> &reported) { errors += reported; });
        QSignalSpy encrypted(&client, &QSslSocket::encrypted);
        QSignalSpy disconnected(&client, &QSslSocket::disconnected);
        client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort(), peerName);

        if (expectedError == QSslError::NoError) {
            QTRY_COMPARE(encrypted.size(), 1);
            QVERIFY2(errors.isEmpty(), qPrintable(errors.value(0).errorString()));
            QCOMPARE(client.peerCertificate(), certificate.certificate());
            QVERIFY(server.socket);
            QTRY_VERIFY(server.socket->isEncrypted());
            // Data flows both ways.
            client.write("ping");
            QTRY_COMPARE(server.socket->bytesAvailable(), qint64(4));
            QCOMPARE(server.socket->readAll(), QByteArrayLiteral("ping"));
        } else {
            QTRY_VERIFY(!errors.isEmpty());
            QTRY_VERIFY(client.state() == QAbstractSocket::UnconnectedState);
            QCOMPARE(encrypted.size(), 0);
            QVERIFY(!client.isEncrypted());
            bool found = false;
            for (const QSslError &error : std::as_const(errors))
                found = found || error.error() == QSslError::SslError(expectedError);
            QVERIFY2(found, qPrintable(errors.first().errorString()));
        }
    }
};

MINIMIX_TEST_MAIN_WITH(QCoreApplication, tst_ServerCertificate)
#include "tst_servercertificate.moc"
