// One real XMPP session of the lab: a QXmppClient over loopback that joins rooms
// the way any XEP-0045 client does and records everything the server sends it.
#pragma once

#include "TraceEvent.h"

#include <QHash>
#include <QObject>
#include <QVector>

class QDomElement;
class QXmppClient;
class QXmppMucManager;
class QXmppMucRoom;

class LabSession : public QObject
{
    Q_OBJECT
public:
    struct Received
    {
        TraceEvent::Kind kind = TraceEvent::Kind::Other;
        QString summary;
    };
    struct GroupMessage
    {
        QString room;
        QString nick;
        QString body;
        bool delayed = false; // history or replay: carried <delay/>
    };

    LabSession(const QString &user, const QString &domain, const QString &resource,
               QObject *parent = nullptr);
    ~LabSession() override;

    QString user() const { return m_user; }
    QString account() const; // bare JID
    QString resource() const { return m_resource; }
    QString jid() const; // full JID

    void connectToServer(const QString &host, quint16 port, const QString &password);
    bool isConnected() const;
    // The server has echoed this session's own available presence (RFC 6121 §4.2.2),
    // so it has also told the account's other sessions.
    bool isAvailable() const { return m_available; }

    // Presence to room/nick with <x xmlns='…muc'/>. A room this session creates is
    // configured at once with an empty submit form (an "instant room").
    bool join(const QString &room, const QString &nick);
    bool leave(const QString &room);
    bool sendGroupMessage(const QString &room, const QString &text);
    bool isJoined(const QString &room) const;
    // True while the instant-room form this session sent is unanswered: the room is
    // still locked for everybody else.
    bool isConfiguring(const QString &room) const;
    QString nick(const QString &room) const;

    // Everything received since the last clearLog(); the log keeps the newest MaxLog entries.
    int receivedCount() const { return m_receivedCount; }
    const QVector<Received> &received() const { return m_received; }
    QVector<GroupMessage> groupMessages(const QString &room) const;
    QStringList groupBodies(const QString &room) const;
    int groupMessageCount(const QString &room) const { return m_roomCounts.value(room).groupChat; }
    // Stanzas of any kind whose sender is the room or one of its occupants.
    int roomStanzaCount(const QString &room) const { return m_roomCounts.value(room).stanzas; }
    void clearLog();

    static constexpr int MaxLog = 2000;

signals:
    void connectionChanged(bool connected);
    void stanzaReceived(const LabSession::Received &stanza);
    void joinedChanged(const QString &room, bool joined);
    void roomConfigured(const QString &room);
    void errorOccurred(const QString &message);
    void logCleared();
    // Any of the above: one signal for whoever waits on a condition.
    void changed();

private:
    void record(const QDomElement &stanza);
    void configureInstantRoom(const QString &room);
    QXmppMucRoom *room(const QString &jid) const;

    const QString m_user;
    const QString m_domain;
    const QString m_resource;
    QXmppClient *const m_client;
    QXmppMucManager *m_muc = nullptr;
    QHash<QString, QXmppMucRoom *> m_rooms;
    QHash<QString, QString> m_configurationIqs; // iq id -> room
    QVector<Received> m_received;
    QVector<GroupMessage> m_groupMessages;
    struct RoomCounts
    {
        int stanzas = 0;
        int groupChat = 0;
    };
    QHash<QString, RoomCounts> m_roomCounts; // so panes need not count on every stanza
    int m_receivedCount = 0;
    bool m_available = false;
};

Q_DECLARE_METATYPE(LabSession::Received)
