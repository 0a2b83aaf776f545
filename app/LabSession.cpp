#include "LabSession.h"

#include "Jid.h"
#include "RawStanza.h"
#include "SentStanzaTap.h"
#include "StanzaSummary.h"
#include "StanzaTap.h"
#include "Vocabulary.h"

#include <QAbstractSocket>
#include <QDomElement>
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
    auto *sent = new SentStanzaTap(m_client);
    connect(sent, &SentStanzaTap::stanzaSent, this, [this](const QDomElement &stanza) {
        // Barrier pings stay out of the logs, as their answers do (see record()).
        if (!stanza.attribute(QStringLiteral("id")).startsWith(QLatin1String("lab-ping-")))
            emit elementSent(stanza);
    });

    connect(m_client, &QXmppClient::connected, this, [this] {
        emit connectionChanged(true);
        emit changed();
    });
    connect(m_client, &QXmppClient::disconnected, this, [this] {
        m_configurationIqs.clear();
        m_pings.clear();
        m_available = false;
        QStringList left;
        for (auto it = m_rooms.begin(); it != m_rooms.end(); ++it) {
            if (it->joined)
                left << it.key();
            it->joined = false;
            it->joining = false;
        }
        for (const QString &room : std::as_const(left))
            emit joinedChanged(room, false);
        emit connectionChanged(false);
        emit changed();
    });
    connect(m_client, &QXmppClient::error, this, [this](QXmppClient::Error error) {
        const QString text = error == QXmppClient::SocketError ? m_client->socketErrorString()
            : error == QXmppClient::KeepAliveError             ? QStringLiteral("keep-alive timed out")
                                                               : QStringLiteral("XMPP stream error");
        emit errorOccurred(text);
        emit changed();
    });
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

void LabSession::connectToServer(const QString &host, quint16 port, const QString &password)
{
    QXmppConfiguration config;
    config.setHost(host);
    config.setPort(port);
    config.setDomain(m_domain);
    config.setUser(m_user);
    config.setPassword(password);
    config.setResource(m_resource);
    config.setAutoReconnectionEnabled(false);
    // Loopback only, and the lab server offers neither STARTTLS nor anything but PLAIN.
    config.setStreamSecurityMode(QXmppConfiguration::TLSDisabled);
    m_client->connectToServer(config);
}

void LabSession::disconnectFromServer()
{
    m_client->disconnectFromServer();
}

bool LabSession::isConnected() const
{
    return m_client->isConnected();
}

bool LabSession::isOffline() const
{
    // QXmppClient reports a socket that is still closing as disconnected, and a new
    // connection on it would be refused; its stream's socket knows better.
    const auto *socket = m_client->findChild<QAbstractSocket *>();
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
