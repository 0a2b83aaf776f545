// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The TLS certificate and private key the server presents for STARTTLS: loaded from
// PEM files, or self-signed for the domain and kept in files so that its fingerprint
// survives restarts.
#pragma once

#include <QByteArray>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

class ServerCertificate
{
public:
    // Loads a PEM certificate (the first of the file; further ones are the chain: chain())
    // and a PEM private key (RSA or EC, unencrypted). False with errorString() naming the
    // path when a file is missing, unreadable, not PEM, or the key does not match the
    // certificate; the object is then null.
    bool load(const QString &certificatePath, const QString &keyPath);
    // Loads the files when both exist; creates a self-signed certificate for domain when
    // neither exists and writes them (the key with mode 0600, both atomically). An error
    // when only one of them exists or they are broken: a user's file is never overwritten.
    // Empty paths: created in memory only, nothing written (for the :memory: database).
    bool loadOrCreate(const QString &domain, const QString &certificatePath, const QString &keyPath);
    // Where the kept certificate lives for a database file: "<db>.crt" / "<db>.key"
    // beside it; empty for ":memory:" or an empty path.
    static QString certificatePathFor(const QString &databasePath);
    static QString keyPathFor(const QString &databasePath);

    bool isNull() const;
    QSslCertificate certificate() const;
    // The certificate first, then the further certificates of its file.
    QList<QSslCertificate> chain() const;
    QSslKey privateKey() const;
    // SHA-256 of the DER certificate, upper-case hex pairs joined by ':' (as
    // `openssl x509 -fingerprint -sha256` prints it); empty when null.
    QString sha256Fingerprint() const;
    QString errorString() const;

private:
    bool setFromPem(const QByteArray &certificatePem, const QString &certificateSource,
                    const QByteArray &keyPem, const QString &keySource);
    bool fail(const QString &error);

    QList<QSslCertificate> m_chain;
    QSslKey m_key;
    QString m_error;
};
