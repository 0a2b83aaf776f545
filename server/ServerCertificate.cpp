// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ServerCertificate.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QStringList>
#include <QUrl>
#include <memory>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace {
struct OpenSslFree
{
    void operator()(BIO *bio) const { BIO_free_all(bio); }
    void operator()(BIGNUM *number) const { BN_free(number); }
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
    void operator()(GENERAL_NAME *name) const { GENERAL_NAME_free(name); }
    void operator()(GENERAL_NAMES *names) const { GENERAL_NAMES_free(names); }
    void operator()(X509 *certificate) const { X509_free(certificate); }
    void operator()(X509_EXTENSION *extension) const { X509_EXTENSION_free(extension); }
};
template<typename T> using OpenSslPtr = std::unique_ptr<T, OpenSslFree>;

constexpr int ValidityDays = 3653; // ten years
constexpr int SerialBits = 128;
constexpr auto SecretPermissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

// Takes every error off this thread's OpenSSL queue (so none is left for the TLS
// sockets to misread) and says what they were.
QString takeOpenSslErrors()
{
    QStringList messages;
    while (const unsigned long error = ERR_get_error()) {
        char text[256];
        ERR_error_string_n(error, text, sizeof text);
        messages << QString::fromLatin1(text);
    }
    return messages.isEmpty() ? QStringLiteral("unknown OpenSSL error") : messages.join(QLatin1String("; "));
}

// Never asks for a pass phrase (OpenSSL's default would prompt on the terminal):
// encrypted keys are refused.
int noPassPhrase(char *, int, int, void *)
{
    return -1;
}

OpenSslPtr<BIO> readBuffer(const QByteArray &data)
{
    return OpenSslPtr<BIO>(BIO_new_mem_buf(data.constData(), int(data.size())));
}

QByteArray bufferContents(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(size));
}

bool readFile(const QString &path, QByteArray &contents, QString &error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return false;
    }
    contents = file.readAll();
    return true;
}

bool writeFile(const QString &path, const QByteArray &contents, bool secret, QString &error)
{
    QSaveFile file(path);
    // The temporary file gets the key's permissions before the key is in it.
    if (!file.open(QIODevice::WriteOnly) || (secret && !file.setPermissions(SecretPermissions))
        || file.write(contents) != contents.size() || !file.commit()) {
        error = QStringLiteral("%1: cannot write: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

// The certificates of a PEM text in their order.
bool parseCertificates(const QByteArray &pem, const QString &source, OpenSslPtr<X509> &first,
                       QList<QSslCertificate> &chain, QString &error)
{
    const OpenSslPtr<BIO> bio = readBuffer(pem);
    while (OpenSslPtr<X509> certificate { PEM_read_bio_X509(bio.get(), nullptr, noPassPhrase, nullptr) }) {
        const int size = i2d_X509(certificate.get(), nullptr);
        QByteArray der(size > 0 ? size : 0, Qt::Uninitialized);
        auto *out = reinterpret_cast<unsigned char *>(der.data());
        const QSslCertificate converted(
            size > 0 && i2d_X509(certificate.get(), &out) == size ? der : QByteArray(), QSsl::Der);
        if (converted.isNull()) {
            error = QStringLiteral("%1: certificate %2 is not usable").arg(source).arg(chain.size() + 1);
            takeOpenSslErrors();
            return false;
        }
        chain << converted;
        if (!first)
            first = std::move(certificate);
    }
    // The end of the text shows as "no start line"; anything else is a broken block.
    const unsigned long last = ERR_peek_last_error();
    const bool atEnd = ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE;
    const QString reason = takeOpenSslErrors();
    if (chain.isEmpty()) {
        error = QStringLiteral("%1: no PEM certificate in it").arg(source);
        return false;
    }
    if (!atEnd) {
        error = QStringLiteral("%1: certificate %2 is broken: %3")
                    .arg(source)
                    .arg(chain.size() + 1)
                    .arg(reason);
        return false;
    }
    return true;
}

bool parsePrivateKey(const QByteArray &pem, const QString &source, OpenSslPtr<EVP_PKEY> &key,
                     QSslKey &converted, QString &error)
{
    const OpenSslPtr<BIO> bio = readBuffer(pem);
    key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassPhrase, nullptr));
    if (!key) {
        takeOpenSslErrors();
        error = QStringLiteral("%1: no unencrypted PEM private key in it").arg(source);
        return false;
    }
    QSsl::KeyAlgorithm algorithm;
    switch (EVP_PKEY_get_base_id(key.get())) {
    case EVP_PKEY_RSA:
        algorithm = QSsl::Rsa;
        break;
    case EVP_PKEY_EC:
        algorithm = QSsl::Ec;
        break;
    default:
        error = QStringLiteral("%1: the private key is neither RSA nor EC").arg(source);
        return false;
    }
    // Qt reads the key from unencrypted PKCS#8, whichever PEM form the file had.
    const OpenSslPtr<BIO> out(BIO_new(BIO_s_mem()));
    if (!out || !PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
        error = QStringLiteral("%1: cannot convert the private key: %2").arg(source, takeOpenSslErrors());
        return false;
    }
    converted = QSslKey(bufferContents(out.get()), algorithm, QSsl::Pem, QSsl::PrivateKey);
    if (converted.isNull()) {
        error = QStringLiteral("%1: the private key is not usable").arg(source);
        return false;
    }
    return true;
}

bool addExtension(X509 *certificate, X509V3_CTX *context, int nid, const char *value)
{
    const OpenSslPtr<X509_EXTENSION> extension(X509V3_EXT_conf_nid(nullptr, context, nid, value));
    return extension && X509_add_ext(certificate, extension.get(), -1);
}

bool addDnsName(GENERAL_NAMES *names, const QByteArray &host)
{
    OpenSslPtr<GENERAL_NAME> name(GENERAL_NAME_new());
    ASN1_IA5STRING *text = ASN1_IA5STRING_new();
    if (!name || !text) {
        ASN1_IA5STRING_free(text);
        return false;
    }
    GENERAL_NAME_set0_value(name.get(), GEN_DNS, text); // the name owns the text now
    if (!ASN1_STRING_set(text, host.constData(), int(host.size()))
        || !sk_GENERAL_NAME_push(names, name.get()))
        return false;
    (void)name.release(); // the stack owns the name now
    return true;
}

// A new EC P-256 key and a self-signed certificate for domain and its conference
// service, as PEM.
bool createSelfSigned(const QString &domain, QByteArray &certificatePem, QByteArray &keyPem, QString &error)
{
    // DNS names in certificates are ASCII: an internationalized domain in its ACE form.
    const QByteArray host = QUrl::toAce(domain);
    if (host.isEmpty() || host.size() > ub_common_name) {
        error = QStringLiteral("cannot create a certificate for the domain \"%1\"").arg(domain);
        return false;
    }
    const QByteArray conferenceHost = QByteArrayLiteral("conference.") + host;

    const OpenSslPtr<EVP_PKEY> key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
    const OpenSslPtr<X509> certificate(X509_new());
    const OpenSslPtr<BIGNUM> serial(BN_new());
    const OpenSslPtr<GENERAL_NAMES> names(sk_GENERAL_NAME_new_null());
    bool ok = key && certificate && serial && names && X509_set_version(certificate.get(), X509_VERSION_3)
        && BN_rand(serial.get(), SerialBits, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY)
        && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get()))
        && X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -24 * 60 * 60)
        && X509_time_adj_ex(X509_getm_notAfter(certificate.get()), ValidityDays, 0, nullptr);
    if (ok) {
        X509_NAME *name = X509_get_subject_name(certificate.get());
        ok = X509_NAME_add_entry_by_NID(name, NID_commonName, MBSTRING_ASC,
                                        reinterpret_cast<const unsigned char *>(host.constData()),
                                        int(host.size()), -1, 0)
            && X509_set_issuer_name(certificate.get(), name) && X509_set_pubkey(certificate.get(), key.get())
            && addDnsName(names.get(), host) && addDnsName(names.get(), conferenceHost)
            && X509_add1_ext_i2d(certificate.get(), NID_subject_alt_name, names.get(), 0, X509V3_ADD_DEFAULT);
    }
    if (ok) {
        X509V3_CTX context;
        X509V3_set_ctx_nodb(&context);
        X509V3_set_ctx(&context, certificate.get(), certificate.get(), nullptr, nullptr, 0);
        // An end-entity certificate (CA:TRUE would let the server's key vouch for other
        // names to clients that trust it) that is still its own issuer for OpenSSL, so
        // that a client trusting exactly this certificate accepts it: no keyUsage, since
        // one without keyCertSign makes OpenSSL's X509_check_issued() refuse it as its
        // own issuer (OpenSSL 1.1 then finds no anchor, Qt's isSelfSigned() is false).
        ok = addExtension(certificate.get(), &context, NID_basic_constraints, "critical,CA:FALSE")
            && addExtension(certificate.get(), &context, NID_ext_key_usage, "serverAuth,clientAuth")
            && addExtension(certificate.get(), &context, NID_subject_key_identifier, "hash")
            && X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0;
    }
    const OpenSslPtr<BIO> certificateOut(BIO_new(BIO_s_mem()));
    const OpenSslPtr<BIO> keyOut(BIO_new(BIO_s_mem()));
    ok = ok && certificateOut && keyOut && PEM_write_bio_X509(certificateOut.get(), certificate.get())
        && PEM_write_bio_PrivateKey(keyOut.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    if (!ok) {
        error = QStringLiteral("cannot create a certificate for %1: %2").arg(domain, takeOpenSslErrors());
        return false;
    }
    certificatePem = bufferContents(certificateOut.get());
    keyPem = bufferContents(keyOut.get());
    return true;
}

bool existsOrLinked(const QString &path)
{
    const QFileInfo info(path);
    return info.exists() || info.isSymLink();
}
} // namespace

bool ServerCertificate::load(const QString &certificatePath, const QString &keyPath)
{
    QByteArray certificatePem;
    QByteArray keyPem;
    QString error;
    if (certificatePath.isEmpty() || keyPath.isEmpty())
        return fail(QStringLiteral("a certificate needs both a certificate file and a key file"));
    if (!readFile(certificatePath, certificatePem, error) || !readFile(keyPath, keyPem, error))
        return fail(error);
    return setFromPem(certificatePem, certificatePath, keyPem, keyPath);
}

bool ServerCertificate::loadOrCreate(const QString &domain, const QString &certificatePath,
                                     const QString &keyPath)
{
    QByteArray certificatePem;
    QByteArray keyPem;
    QString error;
    if (certificatePath.isEmpty() && keyPath.isEmpty()) {
        if (!createSelfSigned(domain, certificatePem, keyPem, error))
            return fail(error);
        return setFromPem(certificatePem, QStringLiteral("the new certificate"), keyPem,
                          QStringLiteral("the new key"));
    }
    if (certificatePath.isEmpty() || keyPath.isEmpty())
        return fail(QStringLiteral("a certificate needs both a certificate file and a key file"));
    const bool certificateExists = existsOrLinked(certificatePath);
    const bool keyExists = existsOrLinked(keyPath);
    if (certificateExists && keyExists)
        return load(certificatePath, keyPath);
    if (certificateExists || keyExists) {
        const QString &present = certificateExists ? certificatePath : keyPath;
        const QString &missing = certificateExists ? keyPath : certificatePath;
        return fail(QStringLiteral("%1 exists but %2 does not: give both files, or remove %1 to create a new "
                                   "certificate")
                        .arg(present, missing));
    }
    if (!createSelfSigned(domain, certificatePem, keyPem, error) || !writeFile(keyPath, keyPem, true, error))
        return fail(error);
    if (!writeFile(certificatePath, certificatePem, false, error)) {
        QFile::remove(keyPath); // written just now: without its certificate it would block the next start
        return fail(error);
    }
    return setFromPem(certificatePem, certificatePath, keyPem, keyPath);
}

QString ServerCertificate::certificatePathFor(const QString &databasePath)
{
    if (databasePath.isEmpty() || databasePath == QLatin1String(":memory:"))
        return QString();
    return databasePath + QLatin1String(".crt");
}

QString ServerCertificate::keyPathFor(const QString &databasePath)
{
    if (databasePath.isEmpty() || databasePath == QLatin1String(":memory:"))
        return QString();
    return databasePath + QLatin1String(".key");
}

bool ServerCertificate::isNull() const
{
    return m_chain.isEmpty() || m_key.isNull();
}

QSslCertificate ServerCertificate::certificate() const
{
    return m_chain.isEmpty() ? QSslCertificate() : m_chain.first();
}

QList<QSslCertificate> ServerCertificate::chain() const
{
    return m_chain;
}

QSslKey ServerCertificate::privateKey() const
{
    return m_key;
}

QString ServerCertificate::sha256Fingerprint() const
{
    if (m_chain.isEmpty())
        return QString();
    return QString::fromLatin1(m_chain.first().digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString ServerCertificate::errorString() const
{
    return m_error;
}

bool ServerCertificate::setFromPem(const QByteArray &certificatePem, const QString &certificateSource,
                                   const QByteArray &keyPem, const QString &keySource)
{
    OpenSslPtr<X509> certificate;
    OpenSslPtr<EVP_PKEY> key;
    QList<QSslCertificate> chain;
    QSslKey converted;
    QString error;
    if (!parseCertificates(certificatePem, certificateSource, certificate, chain, error)
        || !parsePrivateKey(keyPem, keySource, key, converted, error))
        return fail(error);
    if (X509_check_private_key(certificate.get(), key.get()) != 1) {
        takeOpenSslErrors();
        return fail(QStringLiteral("%1: the private key does not belong to the certificate of %2")
                        .arg(keySource, certificateSource));
    }
    m_chain = chain;
    m_key = converted;
    m_error.clear();
    return true;
}

bool ServerCertificate::fail(const QString &error)
{
    m_chain.clear();
    m_key.clear();
    m_error = error;
    return false;
}
