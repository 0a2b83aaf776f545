// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One real XMPP session of the lab: a QXmppClient over loopback that joins rooms
// the way any XEP-0045 client does and records everything the server sends it.
// Room state (joined, own nick) follows what the session receives, so rooms joined
// or left by raw XML, kicks and nick changes assigned by the room are all seen.
#pragma once

#include "TraceEvent.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QSet>
#include <QSslCertificate>
#include <QVector>

class QDomElement;
class QXmppClient;

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
    QString name() const { return m_user + QLatin1Char('/') + m_resource; } // "alice/phone"

    // With a certificate: STARTTLS required, and that certificate is the only one trusted
    // (the lab's own server). Without: plain TCP, as external servers are spoken to.
    // Called again on a session whose network was lost, the same client resumes its
    // stream when the server still keeps it (XEP-0198).
    void connectToServer(const QString &host, quint16 port, const QString &password,
                         const QSslCertificate &trusted = QSslCertificate());
    // A clean goodbye: unavailable presence, then the stream closes.
    void disconnectFromServer();
    // The client's socket is cut (no goodbye, no stream close), as a lost network would
    // cut it. The session keeps its rooms: a server that kept the stream for
    // resumption keeps it in them, and connectToServer() resumes.
    void loseNetwork();
    bool isConnected() const;
    // Neither connected nor on the way there.
    bool isOffline() const;
    // loseNetwork() cut the stream and it has not been replaced yet: the rooms are kept
    // until a new (not resumed) stream starts or the server ends the session.
    bool isNetworkLost() const { return m_networkLost; }

    // The stream as it is now: TLS (and its version), the SASL mechanism this client
    // chose, XEP-0198 stream management and whether this stream resumed an earlier one.
    bool isEncrypted() const;
    QString tlsVersion() const; // "TLS 1.3", or "" without TLS
    QString authMechanism() const { return m_mechanism; }
    bool isStreamManaged() const;
    bool isStreamResumed() const;
    // "TLS 1.3 · SCRAM-SHA-256 · stream management", or "not connected".
    QString securitySummary() const;
    // The certificate the server presented (null without TLS).
    QSslCertificate peerCertificate() const;
    // This client's port on its current or last connection (0 before the first): the
    // server names a connection by its address and this port (a stream error's trace).
    quint16 localPort() const { return m_localPort; }

    // The server's word on this session, for servers that tell (the lab's own): its
    // connection is gone but it stays in its rooms until it resumes or the time is up.
    void setServerDetached(int resumeSeconds);
    // The server resumed the session or ended it (resumption timed out, or a new server).
    void setServerAttached(bool ended);
    bool isDetached() const { return m_detached; }
    // Whole seconds until the server gives up on a detached session; 0 when not detached.
    int resumeSecondsLeft() const;
    // "4:32", as the lab shows the time left.
    static QString countdownText(int seconds);
    // The server has echoed this session's own available presence (RFC 6121 §4.2.2),
    // so it has also told the account's other sessions.
    bool isAvailable() const { return m_available; }

    // Presence to room/nick with <x xmlns='…muc'>mucPayload</x> (e.g. a <history/>
    // request). A room this session creates is configured at once with an empty
    // submit form (an "instant room").
    bool join(const QString &room, const QString &nick, const QString &mucPayload = QString());
    bool leave(const QString &room);
    bool sendGroupMessage(const QString &room, const QString &text);
    // Any stanza, as written; false when not connected.
    bool sendXml(const QString &xml);
    // A ping to the server, as a barrier: when pingAnswered(id) arrives, the server has
    // processed all this session sent before, and all it sent before has arrived.
    // Pings and their answers stay out of the log. Empty when not connected.
    QString ping();
    bool isJoined(const QString &room) const;
    // True while the instant-room form this session sent is unanswered: the room is
    // still locked for everybody else.
    bool isConfiguring(const QString &room) const;
    // The nick the room reported in this session's own presence (the requested one
    // while the join is under way).
    QString nick(const QString &room) const;

    // Everything received since the last clearLog(); the log keeps the newest MaxLog entries,
    // the groupchat messages the newest MaxGroupMessages.
    int receivedCount() const { return m_receivedCount; }
    const QVector<Received> &received() const { return m_received; }
    QVector<GroupMessage> groupMessages(const QString &room) const;
    QStringList groupBodies(const QString &room) const;
    int groupMessageCount(const QString &room) const { return m_roomCounts.value(room).groupChat; }
    // Stanzas of any kind whose sender is the room or one of its occupants.
    int roomStanzaCount(const QString &room) const { return m_roomCounts.value(room).stanzas; }
    void clearLog();

    static constexpr int MaxLog = 2000;
    static constexpr int MaxGroupMessages = 20000;

signals:
    void connectionChanged(bool connected);
    void stanzaReceived(const LabSession::Received &stanza);
    // The stanza itself, after the session's own state has followed it.
    void elementReceived(const QDomElement &stanza);
    // Each stanza this session wrote (barrier pings excepted), raw sends included.
    void elementSent(const QDomElement &stanza);
    void joinedChanged(const QString &room, bool joined);
    void roomConfigured(const QString &room);
    void pingAnswered(const QString &id);
    void errorOccurred(const QString &message);
    // The server has detached this session (its network was lost) or taken it back.
    void detachedChanged(bool detached);
    // The server gave up on the detached session (resumption timed out, or a new server).
    void detachedSessionEnded();
    // A stream that resumed the previous one (XEP-0198) is up again.
    void resumed();
    void logCleared();
    // Any of the above: one signal for whoever waits on a condition.
    void changed();

private:
    struct Room
    {
        QString nick;
        bool joining = false; // our join presence is unanswered
        bool joined = false;
        bool instant = false; // this session asked to join: configure the room if it is new
    };

    void record(const QDomElement &stanza);
    void followRoomPresence(const QDomElement &presence, const QString &roomJid);
    void setJoined(const QString &roomJid, bool joined);
    void configureInstantRoom(const QString &room);
    // The rooms are left, as far as this session knows (a new stream, or the server
    // ended a detached session).
    void forgetRooms();

    const QString m_user;
    const QString m_domain;
    const QString m_resource;
    QXmppClient *const m_client;
    QHash<QString, Room> m_rooms;
    QHash<QString, QString> m_configurationIqs; // iq id -> room
    QSet<QString> m_pings; // ids of unanswered pings
    int m_nextId = 1;
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
    bool m_connected = false; // between QXmppClient's connected() and disconnected()
    bool m_networkLost = false;
    bool m_sentOwnPresence = false; // a presence to no one went out on this stream
    bool m_detached = false;
    QDeadlineTimer m_resumeDeadline;
    QString m_mechanism; // the SASL mechanism of the current stream
    quint16 m_localPort = 0;
};

Q_DECLARE_METATYPE(LabSession::Received)
// The logs are trimmed at the front in chunks: what stays moves as memory, not one copy at a time.
Q_DECLARE_TYPEINFO(LabSession::Received, Q_MOVABLE_TYPE);
Q_DECLARE_TYPEINFO(LabSession::GroupMessage, Q_MOVABLE_TYPE);
