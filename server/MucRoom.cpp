// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucRoom.h"

#include "Jid.h"

#include <QCryptographicHash>

QString affiliationName(MucAffiliation affiliation)
{
    switch (affiliation) {
    case MucAffiliation::None:
        return QStringLiteral("none");
    case MucAffiliation::Outcast:
        return QStringLiteral("outcast");
    case MucAffiliation::Member:
        return QStringLiteral("member");
    case MucAffiliation::Admin:
        return QStringLiteral("admin");
    case MucAffiliation::Owner:
        return QStringLiteral("owner");
    }
    return QString();
}

MucAffiliation affiliationFromName(const QString &name, bool *ok)
{
    for (auto a : { MucAffiliation::None, MucAffiliation::Outcast, MucAffiliation::Member,
                    MucAffiliation::Admin, MucAffiliation::Owner }) {
        if (affiliationName(a) == name) {
            if (ok)
                *ok = true;
            return a;
        }
    }
    if (ok)
        *ok = false;
    return MucAffiliation::None;
}

MucRole roleFromName(const QString &name, bool *ok)
{
    for (auto role : { MucRole::None, MucRole::Visitor, MucRole::Participant, MucRole::Moderator }) {
        if (roleName(role) == name) {
            if (ok)
                *ok = true;
            return role;
        }
    }
    if (ok)
        *ok = false;
    return MucRole::None;
}

QString roleName(MucRole role)
{
    switch (role) {
    case MucRole::None:
        return QStringLiteral("none");
    case MucRole::Visitor:
        return QStringLiteral("visitor");
    case MucRole::Participant:
        return QStringLiteral("participant");
    case MucRole::Moderator:
        return QStringLiteral("moderator");
    }
    return QString();
}

MucRoom::MucRoom(const QString &jid)
    : m_jid(jid)
{
    m_config.name = Jid::node(jid);
}

MucAffiliation MucRoom::affiliation(const QString &bareJid) const
{
    return m_affiliations.value(Jid::bare(bareJid), MucAffiliation::None);
}

void MucRoom::setAffiliation(const QString &bareJid, MucAffiliation affiliation)
{
    if (affiliation == MucAffiliation::None) {
        m_affiliations.remove(Jid::bare(bareJid));
        m_reservedNicks.remove(Jid::bare(bareJid));
        m_affiliationReasons.remove(Jid::bare(bareJid));
    } else {
        m_affiliations.insert(Jid::bare(bareJid), affiliation);
    }
}

QStringList MucRoom::affiliated(MucAffiliation affiliation) const
{
    QStringList jids;
    for (auto it = m_affiliations.cbegin(); it != m_affiliations.cend(); ++it) {
        if (it.value() == affiliation)
            jids << it.key();
    }
    jids.sort();
    return jids;
}

QString MucRoom::reservedNick(const QString &bareJid) const
{
    return m_reservedNicks.value(Jid::bare(bareJid));
}

QString MucRoom::reservedBy(const QString &nick) const
{
    for (auto it = m_reservedNicks.cbegin(); it != m_reservedNicks.cend(); ++it) {
        if (it.value() == nick)
            return it.key();
    }
    return QString();
}

void MucRoom::setReservedNick(const QString &bareJid, const QString &nick)
{
    if (nick.isEmpty())
        m_reservedNicks.remove(Jid::bare(bareJid));
    else
        m_reservedNicks.insert(Jid::bare(bareJid), nick);
}

QString MucRoom::affiliationReason(const QString &bareJid) const
{
    return m_affiliationReasons.value(Jid::bare(bareJid));
}

void MucRoom::setAffiliationReason(const QString &bareJid, const QString &reason)
{
    if (reason.isEmpty())
        m_affiliationReasons.remove(Jid::bare(bareJid));
    else
        m_affiliationReasons.insert(Jid::bare(bareJid), reason);
}

MucOccupant *MucRoom::occupant(const QString &nick)
{
    auto it = m_occupants.find(nick);
    return it == m_occupants.end() ? nullptr : &it.value();
}

QString MucRoom::nickOf(const QString &realJid) const
{
    for (auto it = m_occupants.cbegin(); it != m_occupants.cend(); ++it) {
        if (it->realJid == realJid || it->otherSessions.contains(realJid))
            return it.key();
    }
    return QString();
}

QStringList MucRoom::occupantJids() const
{
    QStringList jids;
    for (const MucOccupant &occupant : m_occupants)
        jids << occupant.sessions();
    return jids;
}

QStringList MucOccupant::sessions() const
{
    return QStringList { realJid } + otherSessions.keys();
}

void MucRoom::addOccupant(const MucOccupant &occupant)
{
    m_occupants.insert(occupant.nick, occupant);
}

void MucRoom::removeOccupant(const QString &nick)
{
    m_occupants.remove(nick);
}

void MucRoom::renameOccupant(const QString &oldNick, const QString &newNick)
{
    MucOccupant occupant = m_occupants.take(oldNick);
    occupant.nick = newNick;
    m_occupants.insert(newNick, occupant);
}

void MucRoom::restore(const MucRoomConfig &config, bool locked)
{
    m_config = config;
    m_locked = locked;
}

void MucRoom::setSubject(const QString &subject, const QString &nick, const QDateTime &stamp)
{
    m_subject = subject;
    m_subjectNick = nick;
    m_subjectStamp = stamp.toUTC();
}

void MucRoom::addHistory(const QString &xml, const QDateTime &stamp)
{
    if (m_config.historyLength <= 0)
        return;
    m_history.append(HistoryEntry { xml, stamp });
    trimHistory();
}

void MucRoom::trimHistory()
{
    while (m_history.size() > m_config.historyLength)
        m_history.removeFirst();
}

QString MucRoom::occupantId(const QString &realJid) const
{
    const QString bare = Jid::bare(realJid);
    auto it = m_occupantIds.constFind(bare);
    if (it == m_occupantIds.constEnd()) { // a hash per message would show in profiles
        const QByteArray seed = (m_jid + QLatin1Char('\n') + bare).toUtf8();
        it = m_occupantIds.insert(
            bare,
            QString::fromLatin1(
                QCryptographicHash::hash(seed, QCryptographicHash::Sha256).toBase64().left(22)));
    }
    return it.value();
}
