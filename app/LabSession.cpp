#include "LabSession.h"

#include "Jid.h"
#include "StanzaSummary.h"
#include "StanzaTap.h"
#include "Vocabulary.h"

#include <QDomElement>
#include <QXmppClient.h>
#include <QXmppConfiguration.h>
#include <QXmppDataForm.h>
#include <QXmppMucIq.h>
#include <QXmppMucManager.h>

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
    m_muc = new QXmppMucManager;
    m_client->addExtension(m_muc);

    connect(m_client, &QXmppClient::connected, this, [this] {
        emit connectionChanged(true);
        emit changed();
    });
    connect(m_client, &QXmppClient::disconnected, this, [this] {
        m_configurationIqs.clear();
        m_available = false;
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

bool LabSession::isConnected() const
{
    return m_client->isConnected();
}

QXmppMucRoom *LabSession::room(const QString &jid) const
{
    return m_rooms.value(jid);
}

bool LabSession::join(const QString &roomJid, const QString &nick)
{
    if (!isConnected() || nick.isEmpty())
        return false;
    QXmppMucRoom *muc = room(roomJid);
    if (!muc) {
        muc = m_muc->addRoom(roomJid);
        m_rooms.insert(roomJid, muc);
        connect(muc, &QXmppMucRoom::joined, this, [this, roomJid] {
            emit joinedChanged(roomJid, true);
            emit changed();
        });
        connect(muc, &QXmppMucRoom::left, this, [this, roomJid] {
            emit joinedChanged(roomJid, false);
            emit changed();
        });
        connect(muc, &QXmppMucRoom::error, this, [this, roomJid](const QXmppStanza::Error &error) {
            emit errorOccurred(
                QStringLiteral("%1 refused: %2").arg(StanzaSummary::shortJid(roomJid), error.text()));
            emit changed();
        });
    }
    if (muc->isJoined())
        return false;
    muc->setNickName(nick);
    return muc->join();
}

bool LabSession::leave(const QString &roomJid)
{
    QXmppMucRoom *muc = room(roomJid);
    return muc && muc->isJoined() && muc->leave();
}

bool LabSession::sendGroupMessage(const QString &roomJid, const QString &text)
{
    QXmppMucRoom *muc = room(roomJid);
    return muc && muc->isJoined() && !text.isEmpty() && muc->sendMessage(text);
}

bool LabSession::isJoined(const QString &roomJid) const
{
    const QXmppMucRoom *muc = room(roomJid);
    return muc && muc->isJoined();
}

bool LabSession::isConfiguring(const QString &roomJid) const
{
    return !m_configurationIqs.key(roomJid).isEmpty();
}

QString LabSession::nick(const QString &roomJid) const
{
    const QXmppMucRoom *muc = room(roomJid);
    return muc ? muc->nickName() : QString();
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
    QXmppMucOwnerIq iq;
    iq.setType(QXmppIq::Set);
    iq.setTo(roomJid);
    iq.setForm(QXmppDataForm(QXmppDataForm::Submit));
    if (m_client->sendPacket(iq))
        m_configurationIqs.insert(iq.id(), roomJid);
}

void LabSession::record(const QDomElement &stanza)
{
    const QString tag = stanza.tagName();
    const QString type = stanza.attribute(QStringLiteral("type"));
    const QString from = stanza.attribute(QStringLiteral("from"));
    const QString roomJid = Jid::bare(from);

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
        ++m_roomCounts[roomJid].groupChat;
    }
    if (tag == QLatin1String("presence") && from == jid())
        m_available = type.isEmpty();
    emit stanzaReceived(entry);

    // What the stanza asks of this session, after it has been logged.
    const QString id = stanza.attribute(QStringLiteral("id"));
    if (tag == QLatin1String("presence") && type.isEmpty() && m_rooms.contains(roomJid)) {
        const QList<int> codes = StanzaSummary::mucStatusCodes(stanza);
        if (codes.contains(MucStatus::SelfPresence) && codes.contains(MucStatus::RoomCreated))
            configureInstantRoom(roomJid);
    } else if (tag == QLatin1String("iq") && m_configurationIqs.contains(id)) {
        const QString configured = m_configurationIqs.take(id);
        if (type == QLatin1String("result"))
            emit roomConfigured(configured);
        else
            emit errorOccurred(QStringLiteral("%1 kept its room locked: %2")
                                   .arg(StanzaSummary::shortJid(configured), entry.summary));
    }
    emit changed();
}
