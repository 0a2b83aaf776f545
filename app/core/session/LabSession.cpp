// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/session/LabSession.h"

#include "Jid.h"
#include "Vocabulary.h"
#include "core/session/RawStanza.h"
#include "core/session/SentStanzaTap.h"
#include "core/session/StanzaReadGate.h"
#include "core/session/StanzaSummary.h"
#include "core/session/StanzaTap.h"

#include <QDomElement>
#include <QSslCipher>
#include <QSslSocket>
#include <QXmppClient.h>
#include <QXmppConfiguration.h>
#include <utility>

namespace {
// For double-quoted attribute values and text: escapes & < > and ".
QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}
} // namespace

LabSession::LabSession(const QString &user, const QString &domain, const QString &resource, QObject *parent)
    : QObject(parent)
    , m_user(user)
    , m_domain(domain)
    , m_resource(resource)
    , m_client(new QXmppClient(this))
{
    qRegisterMetaType<LabSession::Received>();
    auto *tap = new StanzaTap;
    // First in line, so it sees stanzas before any manager can consume them.
    m_client->insertExtension(0, tap);
    connect(tap, &StanzaTap::stanzaSeen, this, &LabSession::record);
    // QXmpp reads only whole stanzas: a busy stream is parsed once, not again and again.
    new StanzaReadGate(m_client);
    auto *sent = new SentStanzaTap(m_client);
    connect(sent, &SentStanzaTap::stanzaSent, this, [this](const QDomElement &stanza) {
        if (stanza.tagName() == QLatin1String("presence") && !stanza.hasAttribute(QStringLiteral("to")))
            m_sentOwnPresence = true;
        // Barrier pings stay out of the logs, as their answers do (see record()).
        if (!stanza.attribute(QStringLiteral("id")).startsWith(QLatin1String("lab-ping-")))
            emit elementSent(stanza);
    });
    connect(sent, &SentStanzaTap::authMechanismChosen, this,
            [this](const QString &mechanism) { m_mechanism = mechanism; });

    connect(m_client, &QXmppClient::connected, this, [this] {
        m_connected = true;
        if (const auto *socket = m_client->findChild<QSslSocket *>())
            m_localPort = socket->localPort();
        const bool resumedStream = isStreamResumed();
        if (m_networkLost && !resumedStream) {
            // A new stream: the old session is gone, and its rooms with it.
            m_available = false;
            forgetRooms();
        }
        m_networkLost = false;
        if (resumedStream) {
            // QXmppClient 1.4 sends its initial presence again right after connected(),
            // also on a resumed stream: until the server echoes it, this is still logging
            // in (isAvailable() is what tells a user's stanzas from the client's own).
            m_available = false;
            m_sentOwnPresence = false;
            QMetaObject::invokeMethod(
                this,
                [this] {
                    if (!m_sentOwnPresence && m_connected && !m_available) {
                        m_available = true; // a client that sends none: the old presence stands
                        emit changed();
                    }
                },
                Qt::QueuedConnection);
        }
        emit connectionChanged(true);
        if (resumedStream)
            emit resumed();
        emit changed();
    });
    connect(m_client, &QXmppClient::disconnected, this, [this] {
        m_connected = false;
        // A lost network leaves the server's session in its rooms (resumable); anything
        // else ends it.
        if (!m_networkLost) {
            m_available = false;
            forgetRooms();
        }
        emit connectionChanged(false);
        emit changed();
    });
    connect(m_client, &QXmppClient::error, this, [this](QXmppClient::Error error) {
        // The socket error of a network the lab itself cut is no news.
        if (m_networkLost && error == QXmppClient::SocketError)
            return;
        const QString text = error == QXmppClient::SocketError ? m_client->socketErrorString()
            : error == QXmppClient::KeepAliveError             ? QStringLiteral("keep-alive timed out")
                                                               : QStringLiteral("XMPP stream error");
        emit errorOccurred(text);
        emit changed();
    });
    connect(m_client, &QXmppClient::sslErrors, this, [this](const QList<QSslError> &errors) {
        QStringList texts;
        for (const QSslError &error : errors)
            texts << error.errorString();
        emit errorOccurred(QStringLiteral("TLS: %1").arg(texts.join(QStringLiteral("; "))));
        emit changed();
    });
}

void LabSession::forgetRooms()
{
    m_configurationIqs.clear();
    m_pings.clear();
    QStringList left;
    for (auto it = m_rooms.begin(); it != m_rooms.end(); ++it) {
        if (it->joined)
            left << it.key();
        it->joined = false;
        it->joining = false;
    }
    for (const QString &room : std::as_const(left))
        emit joinedChanged(room, false);
}

LabSession::~LabSession() = default;

QString LabSession::account() const
{
    return m_user + QLatin1Char('@') + m_domain;
}

QString LabSession::jid() const
{
    return Jid::full(account(), m_resource);
}

void LabSession::connectToServer(const QString &host, quint16 port, const QString &password,
                                 const QSslCertificate &trusted)
{
    QXmppConfiguration config;
    config.setHost(host);
    config.setPort(port);
    config.setDomain(m_domain);
    config.setUser(m_user);
    config.setPassword(password);
    config.setResource(m_resource);
    config.setAutoReconnectionEnabled(false);
    if (trusted.isNull()) {
        // External servers are spoken to as before: plain TCP on loopback.
        config.setStreamSecurityMode(QXmppConfiguration::TLSDisabled);
    } else {
        // STARTTLS or nothing, and no certificate authority but the server's own
        // certificate: its name (the domain) is checked as for any server.
        config.setStreamSecurityMode(QXmppConfiguration::TLSRequired);
        config.setCaCertificates({ trusted });
    }
    m_mechanism.clear();
    m_client->connectToServer(config);
}

void LabSession::disconnectFromServer()
{
    m_networkLost = false;
    // QXmppClient 1.4 says goodbye only on a stream it bound itself, not on a resumed one.
    if (m_connected && !m_client->isConnected())
        sendXml(QStringLiteral("<presence type=\"unavailable\"/>"));
    m_client->disconnectFromServer();
}

void LabSession::loseNetwork()
{
    auto *socket = m_client->findChild<QSslSocket *>();
    if (!socket || !isConnected())
        return;
    m_networkLost = true;
    socket->abort();
    emit changed();
}

bool LabSession::isEncrypted() const
{
    const auto *socket = m_client->findChild<QSslSocket *>();
    return isConnected() && socket && socket->isEncrypted();
}

QString LabSession::tlsVersion() const
{
    const auto *socket = m_client->findChild<QSslSocket *>();
    if (!isEncrypted())
        return QString();
    switch (socket->sessionProtocol()) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLS 1.3");
    default:
        return QStringLiteral("TLS");
    }
}

bool LabSession::isStreamManaged() const
{
    return isConnected() && m_client->streamManagementState() != QXmppClient::NoStreamManagement;
}

bool LabSession::isStreamResumed() const
{
    return isConnected() && m_client->streamManagementState() == QXmppClient::ResumedStream;
}

QString LabSession::securitySummary() const
{
    if (!isConnected())
        return QStringLiteral("not connected");
    QStringList parts;
    parts << (isEncrypted() ? tlsVersion() : QStringLiteral("no TLS"));
    if (!m_mechanism.isEmpty())
        parts << m_mechanism;
    if (isStreamManaged())
        parts << (isStreamResumed() ? QStringLiteral("stream resumed") : QStringLiteral("stream management"));
    return parts.join(QStringLiteral(" \u00b7 "));
}

QSslCertificate LabSession::peerCertificate() const
{
    const auto *socket = m_client->findChild<QSslSocket *>();
    return isEncrypted() ? socket->peerCertificate() : QSslCertificate();
}

void LabSession::setServerDetached(int resumeSeconds)
{
    m_resumeDeadline = QDeadlineTimer(qint64(qMax(0, resumeSeconds)) * 1000, Qt::PreciseTimer);
    const bool was = m_detached;
    m_detached = true;
    if (!was)
        emit detachedChanged(true);
    emit changed();
}

void LabSession::setServerAttached(bool ended)
{
    // The session is gone on the server while this client still thinks itself joined.
    if (ended && m_networkLost && isOffline()) {
        m_networkLost = false;
        m_available = false;
        forgetRooms();
    }
    if (!m_detached)
        return;
    m_detached = false;
    emit detachedChanged(false);
    if (ended)
        emit detachedSessionEnded();
    emit changed();
}

QString LabSession::countdownText(int seconds)
{
    seconds = qMax(0, seconds);
    return QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

int LabSession::resumeSecondsLeft() const
{
    if (!m_detached)
        return 0;
    // Rounded up: "0:01" until the very end.
    return int((m_resumeDeadline.remainingTime() + 999) / 1000);
}

bool LabSession::isConnected() const
{
    // From QXmppClient's connected() to its disconnected(). Its own isConnected() is
    // true from the bound resource on, while it still waits for stream management's
    // <enabled/>, and never on a resumed stream (QXmpp 1.4 binds nothing there).
    return m_connected;
}

bool LabSession::isOffline() const
{
    // QXmppClient reports a socket that is still closing as disconnected, and a new
    // connection on it would be refused; its stream's socket knows better.
    const auto *socket = m_client->findChild<QSslSocket *>();
    return m_client->state() == QXmppClient::DisconnectedState
        && (!socket || socket->state() == QAbstractSocket::UnconnectedState);
}

bool LabSession::sendXml(const QString &xml)
{
    return isConnected() && m_client->sendPacket(RawStanza(xml));
}

QString LabSession::ping()
{
    const QString id = QStringLiteral("lab-ping-%1").arg(m_nextId++);
    if (!sendXml(QStringLiteral("<iq type=\"get\" id=\"%1\" to=\"%2\"><ping xmlns=\"%3\"/></iq>")
                     .arg(id, escaped(m_domain), Ns::Ping)))
        return QString();
    m_pings.insert(id);
    return id;
}

bool LabSession::join(const QString &roomJid, const QString &nick, const QString &mucPayload)
{
    if (!isConnected() || nick.isEmpty())
        return false;
    const Room current = m_rooms.value(roomJid);
    if (current.joined || current.joining)
        return false;
    Room &room = m_rooms[roomJid];
    room.nick = nick;
    room.joining = true;
    room.instant = true;
    const bool sent = sendXml(QStringLiteral("<presence to=\"%1\"><x xmlns=\"%2\">%3</x></presence>")
                                  .arg(escaped(Jid::full(roomJid, nick)), Ns::Muc, mucPayload));
    emit changed();
    return sent;
}

bool LabSession::leave(const QString &roomJid)
{
    if (!isJoined(roomJid))
        return false;
    return sendXml(QStringLiteral("<presence to=\"%1\" type=\"unavailable\"/>")
                       .arg(escaped(Jid::full(roomJid, nick(roomJid)))));
}

bool LabSession::sendGroupMessage(const QString &roomJid, const QString &text)
{
    if (!isJoined(roomJid) || text.isEmpty())
        return false;
    return sendXml(QStringLiteral("<message to=\"%1\" type=\"groupchat\"><body>%2</body></message>")
                       .arg(escaped(roomJid), escaped(text)));
}

bool LabSession::isJoined(const QString &roomJid) const
{
    return m_rooms.value(roomJid).joined;
}

bool LabSession::isConfiguring(const QString &roomJid) const
{
    return !m_configurationIqs.key(roomJid).isEmpty();
}

QString LabSession::nick(const QString &roomJid) const
{
    return m_rooms.value(roomJid).nick;
}

QVector<LabSession::GroupMessage> LabSession::groupMessages(const QString &roomJid) const
{
    QVector<GroupMessage> messages;
    for (const GroupMessage &message : m_groupMessages) {
        if (message.room == roomJid)
            messages << message;
    }
    return messages;
}

QStringList LabSession::groupBodies(const QString &roomJid) const
{
    QStringList bodies;
    for (const GroupMessage &message : m_groupMessages) {
        if (message.room == roomJid)
            bodies << message.body;
    }
    return bodies;
}

void LabSession::clearLog()
{
    m_received.clear();
    m_groupMessages.clear();
    m_roomCounts.clear();
    m_receivedCount = 0;
    emit logCleared();
    emit changed();
}

void LabSession::configureInstantRoom(const QString &roomJid)
{
    // XEP-0045 §10.1.2: an empty submit form accepts the default configuration.
    const QString id = QStringLiteral("lab-config-%1").arg(m_nextId++);
    const QString iq = QStringLiteral("<iq type=\"set\" id=\"%1\" to=\"%2\"><query xmlns=\"%3\">"
                                      "<x xmlns=\"%4\" type=\"submit\"/></query></iq>")
                           .arg(id, escaped(roomJid), Ns::MucOwner, Ns::DataForms);
    if (sendXml(iq))
        m_configurationIqs.insert(id, roomJid);
}

void LabSession::setJoined(const QString &roomJid, bool joined)
{
    Room &room = m_rooms[roomJid];
    room.joining = false;
    if (room.joined == joined)
        return;
    room.joined = joined;
    emit joinedChanged(roomJid, joined);
}

void LabSession::followRoomPresence(const QDomElement &presence, const QString &roomJid)
{
    const QString type = presence.attribute(QStringLiteral("type"));
    const QString from = presence.attribute(QStringLiteral("from"));
    const Room current = m_rooms.value(roomJid);
    if (type == QLatin1String("error")) {
        // Only an answer to our own join refuses it; a refused nick change keeps us in.
        if (!current.joining)
            return;
        m_rooms[roomJid].joining = false;
        emit errorOccurred(
            QStringLiteral("%1 refused: %2")
                .arg(StanzaSummary::shortJid(roomJid), StanzaSummary::errorCondition(presence)));
        return;
    }
    const QList<int> codes = StanzaSummary::mucStatusCodes(presence);
    // 110 marks our own presence; a room that omits it still uses our occupant JID.
    const bool self = codes.contains(MucStatus::SelfPresence)
        || (current.joined && from == Jid::full(roomJid, current.nick));
    if (!self)
        return;
    if (type.isEmpty()) {
        const bool configure = codes.contains(MucStatus::RoomCreated) && current.instant;
        Room &room = m_rooms[roomJid];
        room.nick = Jid::resource(from);
        room.instant = false;
        setJoined(roomJid, true);
        if (configure)
            configureInstantRoom(roomJid);
    } else if (type == QLatin1String("unavailable")) {
        if (codes.contains(MucStatus::NickChanged)) {
            const QDomElement x = presence.firstChildElement(QStringLiteral("x"));
            const QString newNick
                = x.firstChildElement(QStringLiteral("item")).attribute(QStringLiteral("nick"));
            if (!newNick.isEmpty())
                m_rooms[roomJid].nick = newNick;
            return;
        }
        setJoined(roomJid, false);
    }
}

void LabSession::record(const QDomElement &stanza)
{
    const QString tag = stanza.tagName();
    const QString type = stanza.attribute(QStringLiteral("type"));
    const QString from = stanza.attribute(QStringLiteral("from"));
    const QString roomJid = Jid::bare(from);
    const QString id = stanza.attribute(QStringLiteral("id"));
    if (tag == QLatin1String("iq") && m_pings.remove(id)) {
        emit pingAnswered(id);
        emit changed();
        return;
    }

    if (tag == QLatin1String("presence") && from != jid())
        followRoomPresence(stanza, roomJid);

    const Received entry { TraceEvent::classify(stanza), StanzaSummary::summarize(stanza) };
    ++m_receivedCount;
    m_received.append(entry);
    if (m_received.size() > MaxLog)
        m_received.remove(0, m_received.size() - MaxLog / 2); // in chunks: removal at the front is linear
    if (m_rooms.contains(roomJid))
        ++m_roomCounts[roomJid].stanzas;
    const QDomElement body = stanza.firstChildElement(QStringLiteral("body"));
    if (tag == QLatin1String("message") && type == QLatin1String("groupchat") && !body.isNull()) {
        m_groupMessages.append(
            { roomJid, Jid::resource(from), body.text(), StanzaSummary::isDelayed(stanza) });
        if (m_groupMessages.size() > MaxGroupMessages) // a busy room must not grow it without end
            m_groupMessages.remove(0, m_groupMessages.size() - (MaxGroupMessages - MaxGroupMessages / 10));
        ++m_roomCounts[roomJid].groupChat;
    }
    if (tag == QLatin1String("presence") && from == jid())
        m_available = type.isEmpty();
    emit stanzaReceived(entry);

    if (tag == QLatin1String("iq") && m_configurationIqs.contains(id)) {
        const QString configured = m_configurationIqs.take(id);
        if (type == QLatin1String("result"))
            emit roomConfigured(configured);
        else
            emit errorOccurred(QStringLiteral("%1 kept its room locked: %2")
                                   .arg(StanzaSummary::shortJid(configured), entry.summary));
    }
    emit elementReceived(stanza);
    emit changed();
}
