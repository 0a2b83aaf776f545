// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One XEP-0045 room: configuration, affiliations, occupants, subject and history.
// Pure state; the features in muc/ hold the rules, MucService turns them into stanzas.
#pragma once

#include "HistoryRequest.h"

#include <QDateTime>
#include <QDomElement>
#include <QHash>
#include <QMap>
#include <QString>
#include <QVector>

enum class MucAffiliation { None, Outcast, Member, Admin, Owner };
enum class MucRole { None, Visitor, Participant, Moderator };

QString affiliationName(MucAffiliation affiliation);
QString roleName(MucRole role);
MucAffiliation affiliationFromName(const QString &name, bool *ok = nullptr);
// "none", "visitor", "participant", "moderator"; anything else sets *ok false and
// gives None, which a caller must not take for "none" (it would kick).
MucRole roleFromName(const QString &name, bool *ok = nullptr);

struct MucOccupant
{
    QString nick;
    QString realJid; // a session's full JID (classic) or an account's bare JID (account-level)
    MucRole role = MucRole::Participant;
    QDomElement presence; // the occupant's last available presence, as it sent it
    // Further sessions of the same account under this nick (classic mode; Prosody's
    // multi-session nicks): full JID -> its last presence. realJid and presence are
    // the primary session, whose presence the room shows.
    QMap<QString, QDomElement> otherSessions;

    // realJid, then the other sessions: everything sent to this occupant goes to each.
    QStringList sessions() const;
};

struct MucRoomConfig
{
    QString name;
    QString description;
    bool persistent = false;
    bool isPublic = true;
    bool membersOnly = false;
    // muc#roomconfig_allowinvites: in a members-only room, a member's invitation admits
    // the invitee too (otherwise only an admin's or owner's does, XEP-0045 §7.8.2).
    bool membersMayInvite = false;
    bool moderated = false;
    bool occupantsMayChangeSubject = false;
    bool passwordProtected = false;
    QString password;
    bool nonAnonymous = false; // real JIDs to everyone (otherwise to moderators)
    int historyLength = 20;
    // muc#roomconfig_presencebroadcast: the roles whose presence the occupants see, sorted;
    // None among them shows affiliated users who are not in the room as unavailable.
    QVector<MucRole> presenceBroadcast { MucRole::Visitor, MucRole::Participant, MucRole::Moderator };

    bool broadcastsPresenceOf(MucRole role) const { return presenceBroadcast.contains(role); }
};

class MucRoom
{
public:
    explicit MucRoom(const QString &jid);

    QString jid() const { return m_jid; }
    const MucRoomConfig &config() const { return m_config; }
    bool isLocked() const { return m_locked; }
    void unlock() { m_locked = false; }
    // Restores a stored room (RoomStore).
    void restore(const MucRoomConfig &config, bool locked);
    void setConfig(const MucRoomConfig &config) { m_config = config; }

    MucAffiliation affiliation(const QString &bareJid) const;
    void setAffiliation(const QString &bareJid, MucAffiliation affiliation);
    // Every bare JID with an affiliation other than none.
    const QHash<QString, MucAffiliation> &affiliations() const { return m_affiliations; }
    // Bare JIDs with exactly this affiliation, sorted.
    QStringList affiliated(MucAffiliation affiliation) const;
    // XEP-0045 §7.10: the nick an affiliated user registered (reserved), or empty. Losing
    // the affiliation (None) drops the reservation.
    QString reservedNick(const QString &bareJid) const;
    // The bare JID that reserved this nick, or empty.
    QString reservedBy(const QString &nick) const;
    void setReservedNick(const QString &bareJid, const QString &nick); // empty clears
    // Why the affiliation was last changed (a ban's reason), shown in the lists; dropped
    // with the affiliation.
    QString affiliationReason(const QString &bareJid) const;
    void setAffiliationReason(const QString &bareJid, const QString &reason); // empty clears

    const QMap<QString, MucOccupant> &occupants() const { return m_occupants; }
    MucOccupant *occupant(const QString &nick);
    // The nick of the occupant with this real JID, or an empty string.
    QString nickOf(const QString &realJid) const;
    // Every occupant's real JIDs (each of its sessions), in nick order.
    QStringList occupantJids() const;
    void addOccupant(const MucOccupant &occupant);
    void removeOccupant(const QString &nick);
    void renameOccupant(const QString &oldNick, const QString &newNick);

    QString subject() const { return m_subject; }
    QString subjectNick() const { return m_subjectNick; }
    // When the subject was set (UTC); invalid when unknown (never set, or restored
    // without it).
    QDateTime subjectStamp() const { return m_subjectStamp; }
    void setSubject(const QString &subject, const QString &nick, const QDateTime &stamp = QDateTime());

    void addHistory(const QString &xml, const QDateTime &stamp);
    const QVector<HistoryEntry> &history() const { return m_history; }
    // Drops the oldest entries beyond the configured length.
    void trimHistory();

    // XEP-0421: a stable, opaque id per real user of this room.
    QString occupantId(const QString &realJid) const;

private:
    const QString m_jid;
    MucRoomConfig m_config;
    bool m_locked = true;
    QHash<QString, MucAffiliation> m_affiliations;
    QHash<QString, QString> m_reservedNicks; // by bare JID
    QHash<QString, QString> m_affiliationReasons; // by bare JID
    QMap<QString, MucOccupant> m_occupants;
    QString m_subject;
    QString m_subjectNick;
    QDateTime m_subjectStamp;
    QVector<HistoryEntry> m_history;
    mutable QHash<QString, QString> m_occupantIds; // by bare JID
};
