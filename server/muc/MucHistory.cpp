// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucHistory.h"

#include "MessageArchive.h"
#include "MucContext.h"
#include "MucForm.h"
#include "XmlText.h"

MucHistory::MucHistory(MessageArchive *archive)
    : m_archive(archive)
{ }

void MucHistory::restore(MucRoom *room) const
{
    for (const HistoryEntry &entry : m_archive->roomHistory(room->jid(), room->config().historyLength))
        room->addHistory(entry.xml, entry.stamp);
}

void MucHistory::occupantJoined(MucContext &context, MucRoom *room, const MucOccupant &newcomer,
                                const QDomElement &presence)
{
    const HistoryRequest request = HistoryRequest::fromJoin(presence, room->config().historyLength);
    for (const HistoryEntry &entry : request.select(room->history(), QDateTime::currentDateTimeUtc()))
        context.send(delayedCopy(entry, room->jid(), newcomer.realJid));
}

void MucHistory::messageBroadcast(MucRoom *room, QDomElement message, const MucOccupant &)
{
    if (!MessageArchive::isArchivable(message))
        return; // chat states, <no-store/> and the like are not history (MucStanzaIds agrees)
    // Serialised once, for the room's history in memory and its archive: the broadcast has
    // no 'to' yet and no <delay/> (MucService took the sender's away).
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString xml = XmlText::fromElement(message);
    room->addHistory(xml, now);
    m_archive->storeRoom(room->jid(), MessageArchive::roomStanzaId(message, room->jid()), xml, now);
}

void MucHistory::addConfigFields(const MucRoomConfig &config, QDomElement form) const
{
    MucForm::addField(form, QStringLiteral("muc#roomconfig_historylength"), QStringLiteral("text-single"),
                      QStringLiteral("Messages of history kept"), QString::number(config.historyLength));
}

MucFeature::FieldStatus MucHistory::applyConfigField(const QString &var, const QString &value,
                                                     MucRoomConfig &next) const
{
    if (var != QLatin1String("muc#roomconfig_historylength"))
        return FieldStatus::Unknown;
    bool ok = false;
    next.historyLength = value.toInt(&ok);
    ok = ok && next.historyLength >= 0 && next.historyLength <= 1000;
    return ok ? FieldStatus::Accepted : FieldStatus::Invalid;
}

void MucHistory::configChanged(MucContext &, MucRoom *room, const MucRoomConfig &)
{
    room->trimHistory();
}
