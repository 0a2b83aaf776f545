// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Discussion history (XEP-0045 §7.2.13): the room keeps its last messages, in memory
// and in its archive, and replays them with <delay/> to a newcomer as it asked.
#pragma once

#include "MucFeature.h"

class MessageArchive;

class MucHistory : public MucFeature
{
public:
    explicit MucHistory(MessageArchive *archive);

    // A stored room comes back: its history from its archive.
    void restore(MucRoom *room) const;

    void occupantJoined(MucContext &context, MucRoom *room, const MucOccupant &newcomer,
                        const QDomElement &presence) override;
    void messageBroadcast(MucRoom *room, QDomElement message, const MucOccupant &sender) override;
    void addConfigFields(const MucRoomConfig &config, QDomElement form) const override;
    FieldStatus applyConfigField(const QString &var, const QString &value,
                                 MucRoomConfig &next) const override;
    void configChanged(MucContext &context, MucRoom *room, const MucRoomConfig &before) override;

private:
    MessageArchive *const m_archive;
};
