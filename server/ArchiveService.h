// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0313 Message Archive Management (urn:xmpp:mam:2) over MessageArchive: queries
// by a session to its own account's archive (no 'to', or its bare JID) and to a
// room's archive (to the room's bare JID), with the with/start/end filters and RSM
// paging. Runs before account-level joining so that a room query is answered to
// the session that asked, whatever the join mode.
#pragma once

#include "ServerExtension.h"

class MessageArchive;
class MucService;

class ArchiveService : public ServerExtension
{
    Q_OBJECT
public:
    ArchiveService(StanzaRouter *router, MessageArchive *archive, const MucService *muc);

    QString extensionName() const override { return QStringLiteral("mam"); }
    int extensionPriority() const override { return ArchivePriority; }
    QStringList accountFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;

private:
    void answerQuery(const QDomElement &iq, const QDomElement &query, const QString &owner);

    MessageArchive *const m_archive;
    const MucService *const m_muc;
};
