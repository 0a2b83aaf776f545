// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0313 Message Archive Management (urn:xmpp:mam:2) over MessageArchive: queries
// by a session to its own account's personal archive (no 'to', or its bare JID: its
// one-to-one messages, never its rooms' history) and to a room's archive (to the
// room's bare JID), with the with/start/end filters and RSM
// paging, <flip-page/> (newest first), the extended <metadata/> (first and last entry)
// and the account's archiving preferences (<prefs/>, §6.1, JIDs normalised). Runs before account-level
// joining so that a room query is answered to the session that asked, whatever the join mode.
#pragma once

#include "MessageArchive.h"
#include "ServerExtension.h"
#include "ServiceLimits.h"

#include <QHash>
#include <deque>

class ArchivePreferences;
class MucService;
class SessionRegistry;

// A page is at most ServiceLimits::maxArchivePageSize results whatever RSM <max> asks
// (<fin/> then says it is not complete). Results go out only while the session's output
// waiting for its client is below ServiceLimits::archiveOutputWindowBytes; the rest
// follows as the client reads, then <fin/>. One query per session is answered at a time;
// up to MaxWaitingQueries more wait their turn, past them a query gets resource-constraint.
class ArchiveService : public ServerExtension
{
    Q_OBJECT
public:
    static constexpr int MaxWaitingQueries = 8;

    ArchiveService(StanzaRouter *router, MessageArchive *archive, const MucService *muc,
                   SessionRegistry *sessions, const ServiceLimits &limits = ServiceLimits(),
                   ArchivePreferences *preferences = nullptr);

    QString extensionName() const override { return QStringLiteral("mam"); }
    int extensionPriority() const override { return ArchivePriority; }
    QStringList accountFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;

    // Queries of this session being answered or waiting (0 or 1 + up to MaxWaitingQueries).
    int pendingQueries(const QString &session) const;

private:
    struct Query
    {
        QDomElement iq;
        ArchiveQuery request;
        QString queryId;
        bool flipped = false; // XEP-0313 <flip-page/>: the page's results newest first
        bool started = false;
        ArchivePage page; // results are dropped as they are sent
        QString firstId; // of the page, for the <fin/>
        QString lastId;
        int next = 0; // the next result of page to send
    };
    struct Session
    {
        std::deque<Query> queries; // the first is being answered
        bool connected = false; // to its stream's outputDrained()
        bool pumping = false;
    };

    void answerQuery(const QDomElement &iq, const QDomElement &query, const QString &owner);
    // The account's own preferences (§6.1); false when the stanza is none of ours.
    bool handlePrefs(const QDomElement &iq, const QDomElement &prefs, const QString &account);
    void answerMetadata(const QDomElement &iq, const QString &owner);
    // Sends what the session's output window allows of its queries, in order.
    void pump(const QString &session);
    void sendResult(const Query &query, const QString &session, const ArchivedMessage &archived);
    void sendFin(const Query &query);

    MessageArchive *const m_archive;
    const MucService *const m_muc;
    SessionRegistry *const m_sessions;
    const ServiceLimits m_limits;
    ArchivePreferences *const m_preferences;
    QHash<QString, Session> m_pending; // by full JID
};
