// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "RoomStore.h"

#include "Database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>
#include <algorithm>

namespace {
QJsonArray rolesToJson(const QVector<MucRole> &roles)
{
    QJsonArray array;
    for (MucRole role : roles)
        array.append(roleName(role));
    return array;
}

// Unknown names are skipped; a missing array keeps the default.
QVector<MucRole> rolesFromJson(const QJsonValue &value, const QVector<MucRole> &fallback)
{
    if (!value.isArray())
        return fallback;
    QVector<MucRole> roles;
    for (const QJsonValue &name : value.toArray()) {
        bool ok = false;
        const MucRole role = roleFromName(name.toString(), &ok);
        if (ok && !roles.contains(role))
            roles.append(role);
    }
    std::sort(roles.begin(), roles.end());
    return roles;
}

QString configToJson(const MucRoomConfig &config)
{
    const QJsonObject object {
        { QStringLiteral("name"), config.name },
        { QStringLiteral("description"), config.description },
        { QStringLiteral("persistent"), config.persistent },
        { QStringLiteral("public"), config.isPublic },
        { QStringLiteral("membersOnly"), config.membersOnly },
        { QStringLiteral("membersMayInvite"), config.membersMayInvite },
        { QStringLiteral("moderated"), config.moderated },
        { QStringLiteral("occupantsMayChangeSubject"), config.occupantsMayChangeSubject },
        { QStringLiteral("passwordProtected"), config.passwordProtected },
        { QStringLiteral("password"), config.password },
        { QStringLiteral("nonAnonymous"), config.nonAnonymous },
        { QStringLiteral("historyLength"), config.historyLength },
        { QStringLiteral("presenceBroadcast"), rolesToJson(config.presenceBroadcast) },
    };
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// Missing keys keep the defaults, so a newer program reads an older row.
MucRoomConfig configFromJson(const QString &json)
{
    MucRoomConfig config;
    const QJsonObject object = QJsonDocument::fromJson(json.toUtf8()).object();
    config.name = object.value(QStringLiteral("name")).toString(config.name);
    config.description = object.value(QStringLiteral("description")).toString();
    config.persistent = object.value(QStringLiteral("persistent")).toBool(config.persistent);
    config.isPublic = object.value(QStringLiteral("public")).toBool(config.isPublic);
    config.membersOnly = object.value(QStringLiteral("membersOnly")).toBool(config.membersOnly);
    config.membersMayInvite
        = object.value(QStringLiteral("membersMayInvite")).toBool(config.membersMayInvite);
    config.moderated = object.value(QStringLiteral("moderated")).toBool(config.moderated);
    config.occupantsMayChangeSubject
        = object.value(QStringLiteral("occupantsMayChangeSubject")).toBool(config.occupantsMayChangeSubject);
    config.passwordProtected
        = object.value(QStringLiteral("passwordProtected")).toBool(config.passwordProtected);
    config.password = object.value(QStringLiteral("password")).toString();
    config.nonAnonymous = object.value(QStringLiteral("nonAnonymous")).toBool(config.nonAnonymous);
    config.historyLength = object.value(QStringLiteral("historyLength")).toInt(config.historyLength);
    config.presenceBroadcast
        = rolesFromJson(object.value(QStringLiteral("presenceBroadcast")), config.presenceBroadcast);
    return config;
}

// The configuration, and when the subject was set (XEP-0045 §7.2.15: the join's subject
// carries it), which MucRoomConfig does not hold.
QString roomToJson(const MucRoom &room)
{
    if (!room.subjectStamp().isValid())
        return configToJson(room.config());
    QJsonObject object = QJsonDocument::fromJson(configToJson(room.config()).toUtf8()).object();
    object.insert(QStringLiteral("subjectStamp"), room.subjectStamp().toUTC().toString(Qt::ISODateWithMs));
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QDateTime subjectStampFromJson(const QString &json)
{
    const QString stamp
        = QJsonDocument::fromJson(json.toUtf8()).object().value(QStringLiteral("subjectStamp")).toString();
    return stamp.isEmpty() ? QDateTime() : QDateTime::fromString(stamp, Qt::ISODateWithMs);
}
} // namespace

RoomStore::RoomStore(Database *database)
    : m_database(database)
{ }

bool RoomStore::execWrite(QSqlQuery &query, const char *what, const QString &roomJid)
{
    if (query.exec())
        return true;
    // Said once by whoever reports the failed commit, not once per statement.
    m_database->fail(QStringLiteral("RoomStore: cannot %1 %2: %3")
                         .arg(QLatin1String(what), roomJid, query.lastError().text()));
    query.finish();
    return false;
}

bool RoomStore::save(const MucRoom &room)
{
    if (!saveSettings(room))
        return false;
    QSqlQuery clear = m_database->prepared(QStringLiteral("DELETE FROM room_affiliations WHERE room = ?"));
    clear.addBindValue(room.jid());
    if (!execWrite(clear, "clear the affiliations of", room.jid()))
        return false;
    for (auto it = room.affiliations().cbegin(); it != room.affiliations().cend(); ++it) {
        if (!setAffiliation(room.jid(), it.key(), it.value()))
            return false;
    }
    return true;
}

bool RoomStore::saveSettings(const MucRoom &room)
{
    if (!m_database->isOpen())
        return false;
    m_database->beginWrite();
    QSqlQuery upsert = m_database->prepared(
        QStringLiteral("INSERT INTO rooms (jid, config, locked, subject, subject_nick) VALUES (?, ?, ?, ?, ?)"
                       " ON CONFLICT(jid) DO UPDATE SET config = excluded.config, locked = excluded.locked,"
                       " subject = excluded.subject, subject_nick = excluded.subject_nick"));
    upsert.addBindValue(room.jid());
    upsert.addBindValue(roomToJson(room));
    upsert.addBindValue(room.isLocked() ? 1 : 0);
    upsert.addBindValue(Database::text(room.subject()));
    upsert.addBindValue(Database::text(room.subjectNick()));
    return execWrite(upsert, "save", room.jid());
}

bool RoomStore::setAffiliation(const QString &roomJid, const QString &bareJid, MucAffiliation affiliation)
{
    if (!m_database->isOpen())
        return false;
    m_database->beginWrite();
    if (affiliation == MucAffiliation::None) {
        QSqlQuery remove = m_database->prepared(
            QStringLiteral("DELETE FROM room_affiliations WHERE room = ? AND jid = ?"));
        remove.addBindValue(roomJid);
        remove.addBindValue(bareJid);
        return execWrite(remove, "remove an affiliation in", roomJid);
    }
    QSqlQuery upsert = m_database->prepared(
        QStringLiteral("INSERT INTO room_affiliations (room, jid, affiliation) VALUES (?, ?, ?)"
                       " ON CONFLICT(room, jid) DO UPDATE SET affiliation = excluded.affiliation"));
    upsert.addBindValue(roomJid);
    upsert.addBindValue(bareJid);
    upsert.addBindValue(affiliationName(affiliation));
    return execWrite(upsert, "save an affiliation in", roomJid);
}

bool RoomStore::remove(const QString &roomJid)
{
    if (!m_database->isOpen())
        return false;
    m_database->beginWrite();
    for (const QString &sql : { QStringLiteral("DELETE FROM rooms WHERE jid = ?"),
                                QStringLiteral("DELETE FROM room_affiliations WHERE room = ?") }) {
        QSqlQuery query = m_database->prepared(sql);
        query.addBindValue(roomJid);
        if (!execWrite(query, "remove", roomJid))
            return false;
    }
    return true;
}

QVector<std::shared_ptr<MucRoom>> RoomStore::load()
{
    QVector<std::shared_ptr<MucRoom>> rooms;
    if (!m_database->isOpen())
        return rooms;
    QHash<QString, std::shared_ptr<MucRoom>> byJid;
    QSqlQuery query(m_database->connection());
    query.exec(QStringLiteral("SELECT jid, config, locked, subject, subject_nick FROM rooms ORDER BY jid"));
    while (query.next()) {
        auto room = std::make_shared<MucRoom>(query.value(0).toString());
        room->restore(configFromJson(query.value(1).toString()), query.value(2).toBool());
        room->setSubject(query.value(3).toString(), query.value(4).toString(),
                         subjectStampFromJson(query.value(1).toString()));
        rooms.append(room);
        byJid.insert(room->jid(), room);
    }
    query.exec(QStringLiteral("SELECT room, jid, affiliation FROM room_affiliations"));
    while (query.next()) {
        bool ok = false;
        const MucAffiliation affiliation = affiliationFromName(query.value(2).toString(), &ok);
        if (auto room = byJid.value(query.value(0).toString()); room && ok)
            room->setAffiliation(query.value(1).toString(), affiliation);
    }
    return rooms;
}
