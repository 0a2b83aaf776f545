// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The XEP-0045 multi-user chat service at conference.<domain>. It consumes every
// stanza addressed to its domain. Occupants are identified by the JID that spoke:
// a session's full JID in classic mode, an account's bare JID in account-level mode.
// The service dispatches stanzas and runs the room's lifecycle (join, nick change,
// leave, destroy); each room feature (server/muc/) answers the room's events.
#pragma once

#include "MucRoom.h"
#include "ServerExtension.h"
#include "ServiceLimits.h"
#include "muc/MucContext.h"
#include "muc/MucRefusal.h"

#include <QHash>
#include <QSet>
#include <memory>

class MessageArchive;
class MucAdmin;
class MucConfigForm;
class MucFeature;
class MucHistory;
class MucInvitations;
class MucRegistration;
class MucIqRelay;
class MucRoomInfo;
class MucSubject;
class RoomStore;

class MucService : public ServerExtension, private MucContext
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
    // What one user may make the service hold (ServerOptions::service); defaults until set.
    void setLimits(const ServiceLimits &limits);
    const ServiceLimits &limits() const { return m_limits; }
    // Server admins (bare JIDs, ServerOptions::admins): they may destroy any room with the
    // service's ad-hoc command (muc/MucAdminCommands).
    void setAdmins(const QStringList &bareJids);
    bool isAdmin(const QString &jid) const;
    // Relayed IQs between occupants still waiting for their answer.
    int pendingRelayedIqs() const;
    // The stanza being handled was committed, or rolled back: then the rooms it created
    // are undone.
    void onSettled(bool committed);
    // Writes every room as held now, and forgets stored rooms that are gone (after writes
    // were rolled back, so that the storage catches up with what the server holds).
    void persistAll();

private:
    // MucContext, for the features.
    void send(const QDomElement &stanza) override;
    void deliver(QDomElement stanza, const MucOccupant &recipient) override;
    void save(const MucRoom *room) override;
    void setAffiliation(MucRoom *room, const QString &bareJid, MucAffiliation affiliation) override;
    void evict(MucRoom *room, const QString &nick, const QList<int> &statusCodes,
               const Decoration &decorate = nullptr) override;
    void broadcastPresence(MucRoom *room, const QString &nick, const Decoration &decorate = nullptr) override;
    bool admits(const MucRoom &room, MucAffiliation affiliation) const override;

    void handleServiceIq(const QDomElement &iq);
    void handlePresence(const QDomElement &presence);
    void handleMessage(const QDomElement &message);
    void handleIq(const QDomElement &iq);
    void handleOccupantIq(MucRoom *room, const QDomElement &iq);

    // A new room owned by the presence's sender, or null (and an error) for a bad name or
    // a sender who owns ServiceLimits::maxRoomsPerAccount rooms already.
    MucRoom *createRoom(const QDomElement &presence);
    int roomsOwnedBy(const QString &account) const;
    // The refusal of the first feature that refuses this join, or a nick conflict.
    MucRefusal checkJoin(const MucRoom &room, const QString &nick, const QDomElement &presence) const;
    enum class RoomAge { Existing, JustCreated }; // a new room's owner gets status 201
    void join(MucRoom *room, const QString &nick, const QDomElement &presence, RoomAge age);
    void updatePresence(MucRoom *room, const QString &nick, const QDomElement &presence);
    void changeNick(MucRoom *room, const QString &oldNick, const QString &newNick,
                    const QDomElement &presence);
    void leave(MucRoom *room, const QString &nick, const QDomElement &presence);
    // Classic mode, as Prosody: another session of the occupant's account joins under its
    // nick; one of several sessions leaves (the occupant stays).
    void joinSession(MucRoom *room, const QString &nick, const QDomElement &presence);
    void leaveSession(MucRoom *room, const QString &nick, const QDomElement &presence, bool error);
    // A joined session asks to join again: it is sent the join's answer again.
    void resync(MucRoom *room, const QString &nick, const QDomElement &presence);
    // A session's client answered the room with an error: it is removed (status 333).
    void removeForError(MucRoom *room, const QString &nick, const QDomElement &error);
    void answerProbe(MucRoom *room, const QString &prober, const QDomElement &probe);
    void broadcastMessage(MucRoom *room, const QString &nick, const QDomElement &message);
    void sendPrivateMessage(MucRoom *room, const QString &nick, const QDomElement &message);
    void handleOwnerIq(MucRoom *room, const QDomElement &iq);
    void submitConfigForm(MucRoom *room, const QDomElement &iq, const QDomElement &form);
    void handleAdminIq(MucRoom *room, const QDomElement &iq);
    // Every occupant is told the room is gone (destroy notice decorated by 'decorate').
    void destroyRoom(MucRoom *room, const Decoration &decorate);
    void destroyIfUnused(const QString &roomJid);
    // An admin's command destroys the room (no reason given); its JID, or empty for no such room.
    QString destroyByAdmin(const QString &roomJid);
    // The room is gone: from memory, from the store and with its own archive.
    void forget(const QString &roomJid);

    // The presence of occupant 'about' as seen by 'recipient', with status codes.
    QDomElement occupantPresence(MucRoom *room, const MucOccupant &about, const MucOccupant &recipient,
                                 const QString &type, const QList<int> &statusCodes) const;
    void presenceError(const QDomElement &presence, const MucRefusal &refusal);

    const QString m_domain;
    MessageArchive *const m_archive;
    RoomStore *const m_store;
    bool m_stopping = false;
    ServiceLimits m_limits;
    QSet<QString> m_admins; // bare JIDs
    QHash<QString, std::shared_ptr<MucRoom>> m_rooms;
    QStringList m_uncommittedRooms; // created while handling the current stanza
    // The room features, asked in this order (it decides which error a join gets first
    // and the order of the configuration form's fields).
    QList<MucFeature *> m_features;
    MucConfigForm *m_configForm = nullptr;
    MucHistory *m_history = nullptr;
    MucSubject *m_subject = nullptr;
    MucRegistration *m_registration = nullptr;
    const std::unique_ptr<MucAdmin> m_admin;
    const std::unique_ptr<MucRoomInfo> m_roomInfo;
    const std::unique_ptr<MucInvitations> m_invitations;
    const std::unique_ptr<MucIqRelay> m_iqRelay;
};
