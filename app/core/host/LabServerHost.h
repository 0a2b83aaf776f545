// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The lab's own server: a MinimixServer in a worker thread, so stanza routing never
// competes with painting. Setup calls block briefly; everything else is queued.
#pragma once

#include "JoinMode.h"
#include "ServerThread.h"
#include "StreamLimits.h"
#include "TraceEvent.h"

#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSslCertificate>

class LabSession;

class LabServerHost : public QObject
{
    Q_OBJECT
public:
    explicit LabServerHost(QObject *parent = nullptr);
    ~LabServerHost() override;

    // Starts the thread and the server (tracing on, the lab's accounts created).
    bool start();
    // Replaces the server by a new one in the current join mode; it may listen on
    // another port. Connected sessions lose their stream. With the default in-memory
    // database it starts empty; with a database file it comes back with its rooms,
    // memberships, bookmarks and archive (§10).
    bool restart();
    // The server's SQLite file, or ":memory:" (the default). Set before start().
    void setDatabasePath(const QString &path);
    QString databasePath() const { return m_databasePath; }
    // How long the server keeps a detached session for resumption (XEP-0198); the
    // server's default (300 s) unless set before start() or a restart().
    void setResumeTimeoutSeconds(int seconds);
    int resumeTimeoutSeconds() const { return m_resumeTimeoutSeconds; }
    // Stanzas per second each connection may send (--max-stanza-rate of the server;
    // 0: unlimited, for the frame bench, which floods by design).
    void setStanzaRate(int stanzasPerSecond);
    bool isRunning() const { return m_server.isRunning(); }
    // Returns once the server thread has handled everything posted to it so far: what
    // the server emitted until then is queued in this thread.
    void sync() const;
    QString errorString() const { return m_error; }

    // Where the server listens for clients, the lab's and real ones (--listen): loopback
    // on a free port unless set; set while running, it applies at the next restart(). A
    // restart listens there again (on a new free port when the port is 0).
    // With PortFallback::AnyFreePort, a port that is taken gives way to a free one (the
    // window prefers 5222, which Dino assumes, but must not fail because of it).
    enum class PortFallback { None, AnyFreePort };
    void setListenAddress(const QHostAddress &address, quint16 port,
                          PortFallback fallback = PortFallback::None);
    quint16 preferredPort() const { return m_listenPort; }
    // Whether the preferred port was taken and the server listens on another one.
    bool isOnFallbackPort() const { return m_onFallbackPort; }
    QHostAddress listenAddress() const { return m_listenAddress; }
    // Whether the last start failed because the address could not be listened on.
    bool listenFailed() const { return m_listenFailed; }
    // The address the lab's sessions connect to: the listening one, or loopback when
    // the server listens on every address.
    QString host() const;
    quint16 port() const { return m_server.port(); }
    QString domain() const { return m_domain; }
    QString mucDomain() const { return m_mucDomain; }
    // The certificate the server offers with STARTTLS, read once at each (re)start
    // (a value, safe to hand to sessions in this thread); null while stopped.
    QSslCertificate certificate() const { return m_server.certificate(); }
    // Its SHA-256 fingerprint, "AB:CD:…".
    QString certificateFingerprint() const { return m_server.certificateFingerprint(); }
    // Keeps the certificate of an in-memory server in this folder (made once, reused by
    // every later run), so that a client that trusted it once keeps trusting it. Without
    // it (tests, headless runs) each run makes a new one. False, with errorString(), when
    // the files cannot be read or made; the server then makes one in memory.
    bool setCertificateFolder(const QString &folder);

    // Logs the session in to this server: STARTTLS required, this server's certificate
    // the only one trusted, SASL as QXmpp picks it (SCRAM). On a session whose network
    // was lost it resumes the stream while the server keeps it.
    void connectSession(LabSession *session) const;
    // From now on the session hears what the server says about it: detached (its
    // network lost, resumable), resumed, ended. The same session may be followed twice.
    void follow(LabSession *session);
    // Sessions the server keeps for resumption, as full JIDs.
    QStringList detachedSessions() const { return m_detached; }

    static QStringList accountNames();
    // The lab's client sessions as "user/resource", in display order.
    static QStringList sessionNames();
    static QString password() { return QStringLiteral("secret"); }

    JoinMode joinMode() const { return m_mode; }
    // The server's default mode; it applies to the next joins.
    void setJoinMode(JoinMode mode);
    // Closes a session's connection without any presence and without resumption: the
    // server ends the session as if its network were lost and the resumption had timed out.
    void dropSession(const QString &fullJid);
    // Asks a session which client it is (XEP-0092); the answer is traced like any stanza.
    void requestSoftwareVersion(const QString &fullJid);
    // Asks a session's disco#info (XEP-0030); the answer is traced too.
    void requestDiscoInfo(const QString &fullJid);

    // Accounts added at run time (by user name), created in the server thread; they are
    // created again after a restart. removeAccount also drops the account's sessions.
    bool addAccount(const QString &name);
    bool removeAccount(const QString &name);
    QStringList addedAccounts() const { return m_addedAccounts; }
    // A scripted client's account (scansion) with the script's password, created or
    // updated in the running server. The server never asks such sessions who they are:
    // the script alone decides what they receive. The account "admin" is a server admin,
    // as in Prosody's configuration for its scripts.
    bool setScriptAccount(const QString &name, const QString &password);
    bool isScriptAccount(const QString &bareJid) const { return m_scriptAccounts.contains(bareJid); }
    // The address a client on this machine connects to (loopback when listening on all).
    QString connectHost() const;
    // One account's join mode, whatever the default; a restart forgets it (scenarios
    // start from the scenario's mode alone).
    void setAccountJoinMode(const QString &name, JoinMode mode);
    JoinMode accountJoinMode(const QString &name) const { return m_accountModes.value(name, m_mode); }
    bool hasAccountJoinMode(const QString &name) const { return m_accountModes.contains(name); }

signals:
    void traced(const TraceEvent &event);
    void sessionOnline(const QString &fullJid);
    void sessionOffline(const QString &fullJid);
    // XEP-0198: the session lost its connection and waits up to resumeSeconds for its
    // client; it stays in its rooms meanwhile (§5).
    void sessionDetached(const QString &fullJid, int resumeSeconds);
    void sessionResumed(const QString &fullJid);
    // The server's database stopped taking writes (the server refuses what it cannot
    // store) or takes them again.
    void storageStateChanged(bool healthy, const QString &reason);
    void joinModeChanged(JoinMode mode);
    void restarted();
    void accountJoinModeChanged(const QString &name, JoinMode mode);

private:
    void createServer();
    bool startServer();
    LabSession *followed(const QString &fullJid) const;
    void onDetached(const QString &fullJid, int resumeSeconds);
    void onAttached(const QString &fullJid, bool ended);

    ServerThread m_server;
    quint64 m_generation = 0; // of the current server; see createServer()
    QString m_error;
    QString m_domain;
    QString m_mucDomain;
    QString m_databasePath = QStringLiteral(":memory:");
    QString m_certificatePath; // with m_keyPath: kept files for an in-memory server
    QString m_keyPath;
    QHostAddress m_listenAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 m_listenPort = 0; // 0: any free port
    bool m_listenFailed = false;
    PortFallback m_portFallback = PortFallback::None;
    bool m_onFallbackPort = false;
    int m_resumeTimeoutSeconds = StreamLimits().resumeTimeoutSeconds;
    int m_stanzaRate = StreamLimits().inputStanzasPerSecond;
    QList<QPointer<LabSession>> m_followed;
    QStringList m_detached; // full JIDs
    JoinMode m_mode = JoinMode::AccountLevel;
    QStringList m_addedAccounts;
    QSet<QString> m_scriptAccounts; // bare JIDs
    QHash<QString, JoinMode> m_accountModes; // by user name
};
