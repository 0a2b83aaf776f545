// The XEP-0045 multi-user chat service at conference.<domain>. It consumes every
// stanza addressed to its domain. Occupants are identified by the JID that spoke:
// a session's full JID in classic mode, an account's bare JID in account-level mode.
#pragma once

#include "MucRoom.h"
#include "ServerExtension.h"

#include <QHash>
#include <functional>
#include <memory>

class MessageArchive;
class RoomStore;

class MucService : public ServerExtension
{
    Q_OBJECT
public:
    // Rooms are stored in 'store', their messages in 'archive' (owner: the room).
    MucService(StanzaRouter *router, const QString &domain, MessageArchive *archive, RoomStore *store);
    ~MucService() override;

    QString extensionName() const override { return QStringLiteral("muc"); }
    int extensionPriority() const override { return MucServicePriority; }
    QStringList discoveryItems() const override { return { m_domain }; }
    bool handleStanza(const QDomElement &stanza) override;
    // Restores the stored rooms (§10).
    bool start() override;
    // Server shutdown: every occupant is told (status 332) before connections close;
    // stored rooms stay for the restart.
    void stop() override;
    // Destroys restored temporary rooms nobody came back to.
    void removeUnusedRooms();

    QString domain() const { return m_domain; }
    QStringList rooms() const;
    const MucRoom *room(const QString &roomJid) const;
    // A session that went offline or unavailable leaves every room it occupies itself
    // (classic mode), so rooms never keep ghosts.
    void removeOccupant(const QString &realJid);

private:
    void handleServiceIq(const QDomElement &iq);
    void handlePresence(const QDomElement &presence);
    void handleMessage(const QDomElement &message);
    void handleIq(const QDomElement &iq);

    void join(MucRoom *room, const QString &nick, const QDomElement &presence, bool created);
    void changeNick(MucRoom *room, const QString &oldNick, const QString &newNick,
                    const QDomElement &presence);
    void leave(MucRoom *room, const QString &nick, const QDomElement &presence);
    void broadcastMessage(MucRoom *room, const QString &nick, const QDomElement &message);
    void changeSubject(MucRoom *room, const QString &nick, const QDomElement &message);
    void sendPrivateMessage(MucRoom *room, const QString &nick, const QDomElement &message);
    void sendInvitations(MucRoom *room, const QDomElement &message);
    void handleOwnerIq(MucRoom *room, const QDomElement &iq);
    void handleAdminIq(MucRoom *room, const QDomElement &iq);
    void relayOccupantIq(MucRoom *room, const QString &senderNick, const QDomElement &iq);
    bool relayOccupantIqAnswer(const QDomElement &iq);
    void destroyRoom(MucRoom *room, const QDomElement &destroy);
    // Sends the occupant's unavailable presence to everyone (with 110 for itself), decorated
    // by 'decorate' (actor, reason, destroy), then removes it.
    void evict(MucRoom *room, const QString &nick, const QList<int> &statusCodes,
               const std::function<void(QDomElement &x)> &decorate = nullptr);
    // After an affiliation or role change: the new presence of that occupant to everyone.
    void broadcastPresence(MucRoom *room, const QString &nick);
    void sendRoomInfo(MucRoom *room, const QDomElement &iq);
    void destroyIfUnused(const QString &roomJid);
    void save(const MucRoom *room);
    // The room is gone: from memory, from the store and with its own archive.
    void forget(const QString &roomJid);

    // The presence of occupant 'about' as seen by 'recipient', with status codes.
    QDomElement occupantPresence(MucRoom *room, const MucOccupant &about, const MucOccupant &recipient,
                                 const QString &type, const QList<int> &statusCodes) const;
    QDomElement subjectMessage(MucRoom *room, const QString &to) const;
    void presenceError(const QDomElement &presence, Stanza::ErrorType type, const QString &condition,
                       const QString &text);

    const QString m_domain;
    MessageArchive *const m_archive;
    RoomStore *const m_store;
    bool m_stopping = false;
    QHash<QString, std::shared_ptr<MucRoom>> m_rooms;
    struct RelayedIq
    {
        QString requester; // real JID that asked
        QString id; // its id
        QString room;
        QString targetNick;
    };
    QHash<QString, RelayedIq> m_relayedIqs; // by the id the target sees
    quint64 m_nextRelayId = 1;
};
