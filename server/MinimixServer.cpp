// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MinimixServer.h"

#include "AccountLevelJoining.h"
#include "AccountStore.h"
#include "ArchivePreferences.h"
#include "ArchiveService.h"
#include "AvatarPresenceUpdate.h"
#include "BlockList.h"
#include "BlockingService.h"
#include "BookmarkAutojoin.h"
#include "ChatMessages.h"
#include "ClientListener.h"
#include "ClientStream.h"
#include "Database.h"
#include "DiscoveryService.h"
#include "EntityCapabilities.h"
#include "FallbackRouting.h"
#include "Jid.h"
#include "LoginThrottle.h"
#include "MembershipStore.h"
#include "MessageArchive.h"
#include "MucService.h"
#include "OfflineMessages.h"
#include "OfflineStore.h"
#include "PepService.h"
#include "PepStore.h"
#include "PingService.h"
#include "PresenceSubscriptions.h"
#include "PrivateStorage.h"
#include "PrivateStore.h"
#include "RegistrationService.h"
#include "RoomStore.h"
#include "RosterService.h"
#include "RosterStore.h"
#include "ServerCertificate.h"
#include "ServerInfoService.h"
#include "SessionPresence.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "VCardService.h"
#include "VCardStore.h"
#include "Vocabulary.h"

#include <QTimer>
#include <QXmppServer.h>

struct MinimixServer::Private
{
    ServerOptions options;
    QString error;
    Database database;
    std::unique_ptr<AccountStore> accounts;
    ServerCertificate certificate;
    StreamConfig streams;
    LoginThrottle loginThrottle { StreamDefaults::LoginDelayFirstMs, StreamDefaults::LoginDelayMaxMs,
                                  StreamDefaults::LoginFailureMemorySeconds };
    MessageArchive archive { &database };
    RoomStore rooms { &database };
    MembershipStore memberships { &database };
    quint64 clientRequests = 0; // the server's own questions to a session (lab)
    PepStore pep { &database };
    PrivateStore privateStore { &database };
    BlockList blocks { &database };
    VCardStore vcards { &database };
    RosterStore rosters { &database };
    ArchivePreferences archivePreferences { &database, &rosters };
    OfflineStore offlineStore { &database };
    QXmppServer *server = nullptr;
    SessionRegistry *sessions = nullptr;
    StanzaRouter *router = nullptr;
    ClientListener *listener = nullptr;
    MucService *muc = nullptr;
    AccountLevelJoining *accountJoin = nullptr;
    JoinMode defaultMode = JoinMode::AccountLevel;
    QHash<QString, JoinMode> accountModes;
    bool tracing = false;
    bool storageBehind = false; // writes were rolled back: memory holds what storage lacks
};

MinimixServer::MinimixServer(const ServerOptions &options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    qRegisterMetaType<TraceEvent>();
    d->options = options;
    d->defaultMode = options.joinMode;
    d->accounts = std::make_unique<AccountStore>(&d->database);
}

MinimixServer::~MinimixServer()
{
    stop();
}

bool MinimixServer::start()
{
    if (isRunning())
        return true;
    if (!d->database.isOpen() && !d->database.open(d->options.databasePath)) {
        d->error = d->database.errorString();
        return false;
    }
    if (d->options.tls != TlsPolicy::Off && d->certificate.isNull()) {
        const bool given = !d->options.certificatePath.isEmpty() || !d->options.keyPath.isEmpty();
        const bool ok = given
            ? d->certificate.load(d->options.certificatePath, d->options.keyPath)
            : d->certificate.loadOrCreate(d->options.domain,
                                          ServerCertificate::certificatePathFor(d->options.databasePath),
                                          ServerCertificate::keyPathFor(d->options.databasePath));
        if (!ok) {
            d->error = d->certificate.errorString();
            return false;
        }
    }
    const QString mucDomain = QStringLiteral("conference.") + d->options.domain;
    d->server = new QXmppServer(this);
    d->server->setDomain(d->options.domain);
    d->sessions = new SessionRegistry(d->server);
    d->router = new StanzaRouter(d->server, d->sessions, mucDomain, d->server);
    d->router->setTracing(d->tracing);
    connect(d->router, &StanzaRouter::traced, this, &MinimixServer::traced);
    connect(d->sessions, &SessionRegistry::stanzaFromSession, d->router, &StanzaRouter::routeFromSession);
    // What a stanza changed is committed before anything it caused reaches a socket; if
    // it cannot be, nothing it caused is sent (the router holds it until then).
    d->router->setDatabase(&d->database);
    connect(d->router, &StanzaRouter::settled, this, [this](bool committed) {
        if (committed)
            return;
        d->archive.forgetCachedState();
        d->blocks.forget();
        d->storageBehind = true;
    });
    connect(d->router, &StanzaRouter::storageStateChanged, this, [this](bool healthy, const QString &reason) {
        if (healthy)
            qInfo("minimix-server: the database takes writes again");
        else
            qWarning("minimix-server: cannot write the database (%s); refusing what cannot be stored "
                     "until it can",
                     qPrintable(reason));
        emit storageStateChanged(healthy, reason);
        if (healthy && d->storageBehind) {
            // What the server held while writes failed is written now (a failure here is
            // one more change of state, reported after this one).
            d->storageBehind = false;
            d->accountJoin->persistAll();
            d->muc->persistAll();
            d->router->commitWrites();
        }
    });
    // Writes made outside any routed stanza (rare) do not wait for the next one; while the
    // storage refuses writes, this also finds out when it takes them again.
    auto *commitTimer = new QTimer(d->server);
    connect(commitTimer, &QTimer::timeout, d->router, &StanzaRouter::commitWrites);
    commitTimer->start(500);
    connect(d->sessions, &SessionRegistry::sessionOnline, this, &MinimixServer::sessionOnline);
    connect(d->sessions, &SessionRegistry::sessionOffline, this, &MinimixServer::sessionOffline);

    d->accountJoin = new AccountLevelJoining(d->router, d->sessions, &d->archive, &d->memberships);
    connect(d->router, &StanzaRouter::settled, d->accountJoin, &AccountLevelJoining::onSettled);
    d->accountJoin->setDefaultMode(d->defaultMode);
    d->accountJoin->setMaxMembershipsPerAccount(d->options.service.maxMembershipsPerAccount);
    for (auto it = d->accountModes.cbegin(); it != d->accountModes.cend(); ++it)
        d->accountJoin->setAccountMode(it.key(), it.value());
    d->muc = new MucService(d->router, mucDomain, &d->archive, &d->rooms);
    connect(d->router, &StanzaRouter::settled, d->muc, &MucService::onSettled);
    d->muc->setLimits(d->options.service);
    d->muc->setAdmins(d->options.admins);
    auto *pep = new PepService(d->router, d->sessions, &d->pep);
    pep->setLimits(d->options.service);
    auto *bookmarks = new BookmarkAutojoin(pep, d->accountJoin, mucDomain, d->server);
    connect(d->sessions, &SessionRegistry::sessionOffline, d->muc, &MucService::removeOccupant);
    connect(d->sessions, &SessionRegistry::sessionUnavailable, d->muc, &MucService::removeOccupant);
    auto *presence = new SessionPresence(d->router, d->sessions, &d->rosters);
    presence->setBlockList(&d->blocks);
    auto *capabilities = new EntityCapabilities(d->router, d->sessions, &d->rosters, presence);
    capabilities->setBlockList(&d->blocks);
    pep->setRosters(&d->rosters);
    pep->setCapabilities(capabilities);
    auto *roster
        = new RosterService(d->router, d->sessions, &d->rosters, d->options.service.maxRosterItemsPerAccount);
    auto *subscriptions = new PresenceSubscriptions(d->router, d->sessions, &d->rosters, roster, presence);
    roster->setSubscriptions(subscriptions);
    AccountStore *accountStore = d->accounts.get();
    subscriptions->setAccountExists(
        [accountStore](const QString &bareJid) { return accountStore->contains(Jid::node(bareJid)); });
    auto *blocking = new BlockingService(d->router, d->sessions, &d->blocks);
    RosterStore *rosters = &d->rosters;
    auto *offline = new OfflineMessages(d->router, d->sessions, presence, &d->offlineStore,
                                        d->options.service.maxOfflineMessagesPerAccount);
    offline->setAccountExists(
        [accountStore](const QString &bareJid) { return accountStore->contains(Jid::node(bareJid)); });
    auto *chat
        = new ChatMessages(d->router, d->sessions, &d->archive, d->accountJoin, &d->archivePreferences);
    chat->setOfflineMessages(offline);
    connect(blocking, &BlockingService::inboundDropped, d->accountJoin,
            &AccountLevelJoining::roomStanzaNotDelivered);
    blocking->setPresenceSource(
        [rosters](const QString &account) { return rosters->subscribers(account); },
        [presence](const QString &account) { return presence->presencesOf(account); });
    const QList<QXmppServerExtension *> extensions = {
        blocking,
        new AvatarPresenceUpdate(d->router, d->sessions, &d->pep, &d->vcards),
        new ArchiveService(d->router, &d->archive, d->muc, d->sessions, d->options.service,
                           &d->archivePreferences),
        chat,
        d->accountJoin,
        d->muc,
        capabilities,
        presence,
        subscriptions,
        roster,
        new DiscoveryService(d->router),
        pep,
        new PingService(d->router),
        new VCardService(d->router, &d->vcards, d->accounts.get()),
        new RegistrationService(d->router, d->accounts.get()),
        new ServerInfoService(d->router),
        new PrivateStorage(d->router, &d->privateStore, pep),
        offline,
        new FallbackRouting(d->router, d->sessions),
    };
    for (QXmppServerExtension *extension : extensions) {
        d->server->addExtension(extension);
        extension->start(); // the MUC service restores its rooms here
    }
    // §10: back in every room, as before the stop (or the crash).
    d->accountJoin->rejoinStored();
    bookmarks->joinAutojoinBookmarks();
    d->muc->removeUnusedRooms();
    d->router->commitWrites();

    d->streams.domain = d->options.domain;
    d->streams.tls = d->options.tls;
    d->streams.plainAuth = d->options.plainAuth;
    d->streams.certificateChain
        = d->options.tls == TlsPolicy::Off ? QList<QSslCertificate>() : d->certificate.chain();
    d->streams.privateKey = d->certificate.privateKey();
    d->streams.limits = d->options.limits;
    d->streams.credentials = d->accounts.get();
    d->streams.throttle = &d->loginThrottle;
    AccountStore *accounts = d->accounts.get();
    d->streams.registerAccount = nullptr;
    if (d->options.allowRegistration) {
        d->streams.registerAccount = [accounts](const QString &username, const QString &password) {
            return RegistrationService::createAccount(accounts, username, password);
        };
    }
    SessionRegistry *sessions = d->sessions;
    d->streams.findResumable = [sessions](const QString &id) { return sessions->resumable(id); };
    d->streams.findOnlyDetached = [sessions](const QString &bare) { return sessions->onlyDetached(bare); };
    StanzaRouter *router = d->router;
    d->streams.count = [router](const QString &name) { router->count(name); };
    connect(d->sessions, &SessionRegistry::sessionDetached, this, &MinimixServer::sessionDetached);
    connect(d->sessions, &SessionRegistry::sessionResumed, this, &MinimixServer::sessionResumed);
    d->listener = new ClientListener(&d->streams, d->server);
    connect(d->listener, &ClientListener::clientAccepted, d->sessions, &SessionRegistry::watch);
    connect(d->listener, &ClientListener::clientRejected, d->router, &StanzaRouter::traceStreamError);
    if (!d->listener->listen(d->options.bindAddress, d->options.port)) {
        d->error = QStringLiteral("cannot listen on %1:%2: %3")
                       .arg(d->options.bindAddress.toString())
                       .arg(d->options.port)
                       .arg(d->listener->errorString());
        stop();
        return false;
    }
    return true;
}

void MinimixServer::stop()
{
    if (!d->server)
        return;
    for (QXmppServerExtension *extension : d->server->extensions())
        extension->stop();
    if (d->listener)
        d->listener->close();
    d->sessions->closeAll(); // what the extensions said on stopping (e.g. status 332) goes out first
    delete d->server; // owns the registry, router, listener, extensions and client streams
    d->database.commit();
    d->server = nullptr;
    d->sessions = nullptr;
    d->router = nullptr;
    d->listener = nullptr;
    d->muc = nullptr;
    d->accountJoin = nullptr;
}

bool MinimixServer::isRunning() const
{
    return d->listener && d->listener->isListening();
}

QString MinimixServer::errorString() const
{
    return d->error;
}

QString MinimixServer::domain() const
{
    return d->options.domain;
}

QString MinimixServer::mucDomain() const
{
    return QStringLiteral("conference.") + d->options.domain;
}

QHostAddress MinimixServer::address() const
{
    return d->listener ? d->listener->serverAddress() : d->options.bindAddress;
}

quint16 MinimixServer::port() const
{
    return d->listener ? d->listener->serverPort() : d->options.port;
}

bool MinimixServer::setAccount(const QString &name, const QString &password)
{
    if (!d->database.isOpen() && !d->database.open(d->options.databasePath)) {
        d->error = d->database.errorString();
        return false;
    }
    if (!d->accounts->setAccount(name, password)) {
        d->error = d->accounts->errorString();
        return false;
    }
    return true;
}

bool MinimixServer::removeAccount(const QString &name)
{
    if (!d->accounts->removeAccount(name))
        return false;
    // A deleted account may not keep talking.
    const QString bare = accountJid(name);
    if (d->sessions) {
        for (const QString &session : d->sessions->sessions(bare))
            d->sessions->dropSession(session);
    }
    return true;
}

QStringList MinimixServer::accounts() const
{
    return d->database.isOpen() ? d->accounts->accounts() : QStringList();
}

void MinimixServer::addAdmin(const QString &bareJid)
{
    if (!d->options.admins.contains(bareJid))
        d->options.admins << bareJid;
    if (d->muc)
        d->muc->setAdmins(d->options.admins);
}

QString MinimixServer::accountJid(const QString &account) const
{
    if (account.contains(QLatin1Char('@')))
        return Jid::bare(account);
    return AccountStore::normalizedName(account) + QLatin1Char('@') + d->options.domain;
}

JoinMode MinimixServer::defaultJoinMode() const
{
    return d->defaultMode;
}

void MinimixServer::setDefaultJoinMode(JoinMode mode)
{
    d->defaultMode = mode;
    if (d->accountJoin)
        d->accountJoin->setDefaultMode(mode);
}

void MinimixServer::setAccountJoinMode(const QString &account, JoinMode mode)
{
    const QString bare = accountJid(account);
    d->accountModes.insert(bare, mode);
    if (d->accountJoin)
        d->accountJoin->setAccountMode(bare, mode);
}

JoinMode MinimixServer::joinMode(const QString &account) const
{
    const QString bare = accountJid(account);
    return d->accountModes.value(bare, d->defaultMode);
}

void MinimixServer::setTracing(bool enabled)
{
    d->tracing = enabled;
    if (d->router)
        d->router->setTracing(enabled);
}

QStringList MinimixServer::sessions() const
{
    return d->sessions ? d->sessions->sessions() : QStringList();
}

void MinimixServer::dropSession(const QString &fullJid)
{
    if (d->sessions)
        d->sessions->dropSession(fullJid);
}

void MinimixServer::requestSoftwareVersion(const QString &fullJid)
{
    if (!d->router || !d->sessions || !d->sessions->isConnected(fullJid))
        return;
    QDomElement request
        = Stanza::create(QStringLiteral("iq"), d->router->domain(), fullJid, QStringLiteral("get"));
    request.setAttribute(QStringLiteral("id"), QStringLiteral("minimix-version-%1").arg(++d->clientRequests));
    Stanza::addChild(request, QStringLiteral("query"), Ns::SoftwareVersion);
    d->router->route(request);
}

void MinimixServer::requestDiscoInfo(const QString &fullJid)
{
    if (!d->router || !d->sessions || !d->sessions->isConnected(fullJid))
        return;
    QDomElement request
        = Stanza::create(QStringLiteral("iq"), d->router->domain(), fullJid, QStringLiteral("get"));
    request.setAttribute(QStringLiteral("id"), QStringLiteral("minimix-disco-%1").arg(++d->clientRequests));
    Stanza::addChild(request, QStringLiteral("query"), Ns::DiscoInfo);
    d->router->route(request);
}

QStringList MinimixServer::detachedSessions() const
{
    return d->sessions ? d->sessions->detachedSessions() : QStringList();
}

QSslCertificate MinimixServer::certificate() const
{
    return d->certificate.certificate();
}

QString MinimixServer::certificateFingerprint() const
{
    return d->certificate.isNull() ? QString() : d->certificate.sha256Fingerprint();
}

QHash<QString, quint64> MinimixServer::counters() const
{
    return d->router ? d->router->counters() : QHash<QString, quint64>();
}

const MucService *MinimixServer::mucService() const
{
    return d->muc;
}

const AccountLevelJoining *MinimixServer::accountLevelJoining() const
{
    return d->accountJoin;
}
