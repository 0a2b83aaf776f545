// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The embeddable server: QXmppServer with the extension chain of this project,
// accounts in SQLite, account-level joining switchable per server and per account.
// Lives in one thread (the lab moves it to a worker thread); call its methods
// from that thread, observe it through its signals.
#pragma once

#include "JoinMode.h"
#include "ServiceLimits.h"
#include "StreamLimits.h"
#include "StreamSecurity.h"
#include "TraceEvent.h"

#include <QHostAddress>
#include <QObject>
#include <QSslCertificate>
#include <memory>

class AccountStore;
class MucService;
class AccountLevelJoining;

struct ServerOptions
{
    QString domain = QStringLiteral("localhost");
    QHostAddress bindAddress = QHostAddress::LocalHost;
    quint16 port = 0; // 0: any free port, see MinimixServer::port()
    QString databasePath = QStringLiteral(":memory:");
    JoinMode joinMode = JoinMode::AccountLevel;
    TlsPolicy tls = TlsPolicy::Optional;
    PlainAuthPolicy plainAuth = PlainAuthPolicy::OnlyWithTls;
    // XEP-0077 in-band registration before authentication (--allow-registration).
    bool allowRegistration = false;
    // Server admins, bare JIDs (--admin): they may destroy any room with the MUC service's
    // ad-hoc command, as Prosody's admins may.
    QStringList admins;
    // PEM files; both empty: a self-signed certificate kept beside the database.
    QString certificatePath;
    QString keyPath;
    StreamLimits limits;
    ServiceLimits service;
};

class MinimixServer : public QObject
{
    Q_OBJECT
public:
    explicit MinimixServer(const ServerOptions &options = ServerOptions(), QObject *parent = nullptr);
    ~MinimixServer() override;

    // Opens the database and starts listening. On failure see errorString().
    bool start();
    void stop();
    bool isRunning() const;
    QString errorString() const;

    QString domain() const;
    QString mucDomain() const;
    QHostAddress address() const;
    quint16 port() const;
    // The certificate offered with STARTTLS (null before start() or with TLS off).
    QSslCertificate certificate() const;
    // Its SHA-256 fingerprint, "AB:CD:..." (empty without one).
    QString certificateFingerprint() const;

    // Creates the account or changes its password.
    bool setAccount(const QString &name, const QString &password);
    bool removeAccount(const QString &name);
    QStringList accounts() const;
    // Makes the bare JID a server admin (ServerOptions::admins), at once if running.
    void addAdmin(const QString &bareJid);

    JoinMode defaultJoinMode() const;
    void setDefaultJoinMode(JoinMode mode);
    void setAccountJoinMode(const QString &account, JoinMode mode);
    JoinMode joinMode(const QString &account) const;

    // Trace events cost a serialisation per stanza; off unless someone watches.
    void setTracing(bool enabled);
    QStringList sessions() const;
    // Closes a session's connection without any presence and without resumption.
    void dropSession(const QString &fullJid);
    // Asks a session which client it is (XEP-0092), from the server's domain. The answer
    // is a stanza from the session like any other (traced, then ignored by the server).
    void requestSoftwareVersion(const QString &fullJid);
    // Asks a session's disco#info (XEP-0030): its identity names the client when it does
    // not tell its version (Gajim answers XEP-0092 to its contacts only).
    void requestDiscoInfo(const QString &fullJid);
    // Sessions whose connection was lost and that wait for resumption (XEP-0198).
    QStringList detachedSessions() const;
    QHash<QString, quint64> counters() const;

    const MucService *mucService() const;
    const AccountLevelJoining *accountLevelJoining() const;

signals:
    void traced(const TraceEvent &event);
    void sessionOnline(const QString &fullJid);
    void sessionOffline(const QString &fullJid);
    void sessionDetached(const QString &fullJid, int resumeSeconds);
    void sessionResumed(const QString &fullJid);
    // The storage stopped taking writes (reason says why; the server then refuses what it
    // cannot store) or takes them again. Once per change, not per stanza.
    void storageStateChanged(bool healthy, const QString &reason);

private:
    // An account name ("alice") or JID ("alice@localhost/x") as the account's bare JID.
    QString accountJid(const QString &account) const;
    struct Private;
    std::unique_ptr<Private> d;
};
