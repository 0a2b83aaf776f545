// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ArchiveService.h"

#include "ArchivePreferences.h"
#include "ClientStream.h"
#include "Jid.h"
#include "JidPrep.h"
#include "MucService.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

#include <QRegularExpression>
#include <algorithm>

namespace {
constexpr int DefaultPageSize = 100;

// Whole seconds, as Prosody stamps: clients compare the stamps they were given (two messages
// of one second share one), and a stamp sent back as a bound covers its whole second (below).
QString stamp(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODate);
}

// XEP-0082 DateTime (CCYY-MM-DDThh:mm:ss[.sss]TZD); an empty text is no bound. The zone is
// required: a time without one would be read in the server's local zone.
bool parseTime(const QString &text, QDateTime *time)
{
    if (text.isEmpty())
        return true;
    static const QRegularExpression dateTime(
        QStringLiteral("^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$"));
    if (!dateTime.match(text).hasMatch())
        return false;
    *time = QDateTime::fromString(text, Qt::ISODateWithMs);
    return time->isValid();
}

// An end given in whole seconds, like the stamps this archive hands out, includes that second.
bool parseEnd(const QString &text, QDateTime *time)
{
    if (!parseTime(text, time))
        return false;
    if (time->isValid() && !text.contains(QLatin1Char('.')))
        *time = time->addMSecs(999);
    return true;
}

void addField(QDomElement form, const QString &var, const QString &type, const QString &value = QString())
{
    QDomElement field = Stanza::addChild(form, QStringLiteral("field"));
    field.setAttribute(QStringLiteral("var"), var);
    field.setAttribute(QStringLiteral("type"), type);
    if (!value.isEmpty())
        Stanza::addTextChild(field, QStringLiteral("value"), value);
}
} // namespace

ArchiveService::ArchiveService(StanzaRouter *router, MessageArchive *archive, const MucService *muc,
                               SessionRegistry *sessions, const ServiceLimits &limits,
                               ArchivePreferences *preferences)
    : ServerExtension(router)
    , m_archive(archive)
    , m_muc(muc)
    , m_sessions(sessions)
    , m_limits(limits)
    , m_preferences(preferences)
{
    // A session that is gone takes its queries with it.
    connect(sessions, &SessionRegistry::sessionOffline, this,
            [this](const QString &session) { m_pending.remove(session); });
}

int ArchiveService::pendingQueries(const QString &session) const
{
    const auto it = m_pending.constFind(session);
    return it == m_pending.constEnd() ? 0 : int(it->queries.size());
}

QStringList ArchiveService::accountFeatures() const
{
    return { QString(Ns::Mam), QString(Ns::Mam) + QStringLiteral("#extended") };
}

bool ArchiveService::handleStanza(const QDomElement &stanza)
{
    if (!Stanza::isIq(stanza))
        return false;
    const QDomElement query = Stanza::child(stanza, QStringLiteral("query"), Ns::Mam);
    const QDomElement prefs = Stanza::child(stanza, QStringLiteral("prefs"), Ns::Mam);
    const QDomElement metadata = Stanza::child(stanza, QStringLiteral("metadata"), Ns::Mam);
    const QString type = Stanza::type(stanza);
    if ((query.isNull() && prefs.isNull() && metadata.isNull())
        || (type != QLatin1String("get") && type != QLatin1String("set")))
        return false;
    const QString from = Stanza::from(stanza);
    if (!router()->isLocalAccount(from) || !Jid::isFull(from))
        return false;
    const QString account = Jid::bare(from);
    const QString to = router()->accountAddressed(stanza);
    if (query.isNull()) {
        if (to != account)
            return false; // a room's or another account's: not served here
        if (!prefs.isNull())
            return handlePrefs(stanza, prefs, account);
        if (type != QLatin1String("get")) {
            replyError(stanza, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                       QStringLiteral("archive metadata is read with a get"));
            return true;
        }
        answerMetadata(stanza, account);
        return true;
    }

    if (router()->isRoomJid(to)) {
        if (!Jid::isBare(to))
            return false;
        const MucRoom *room = m_muc->room(to);
        if (!room) {
            replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                       QStringLiteral("no such room"));
            return true;
        }
        const MucAffiliation affiliation = room->affiliation(account);
        const bool member = affiliation == MucAffiliation::Member || affiliation == MucAffiliation::Admin
            || affiliation == MucAffiliation::Owner;
        if (affiliation == MucAffiliation::Outcast || (room->config().membersOnly && !member)) {
            replyError(stanza, Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                       QStringLiteral("only members may read this room's archive"));
            return true;
        }
    } else if (to != account) {
        if (!router()->isLocalAccount(to) || !Jid::isBare(to))
            return false;
        replyError(stanza, Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                   QStringLiteral("an account's archive is its own"));
        return true;
    }

    if (type == QLatin1String("get")) {
        QDomElement result = Stanza::iqResult(stanza);
        QDomElement answer = Stanza::addChild(result, QStringLiteral("query"), Ns::Mam);
        QDomElement form = Stanza::addChild(answer, QStringLiteral("x"), Ns::DataForms);
        form.setAttribute(QStringLiteral("type"), QStringLiteral("form"));
        addField(form, QStringLiteral("FORM_TYPE"), QStringLiteral("hidden"), Ns::Mam);
        addField(form, QStringLiteral("with"), QStringLiteral("jid-single"));
        addField(form, QStringLiteral("start"), QStringLiteral("text-single"));
        addField(form, QStringLiteral("end"), QStringLiteral("text-single"));
        router()->route(result);
        return true;
    }
    answerQuery(stanza, query, to);
    return true;
}

void ArchiveService::answerQuery(const QDomElement &iq, const QDomElement &query, const QString &owner)
{
    ArchiveQuery request;
    request.owner = owner;
    // §8: at a room, the room's archive; at an account, its one-to-one messages only (its
    // history of its rooms serves join replays and is never a XEP-0313 user archive).
    request.kind = router()->isRoomJid(owner) ? ArchiveKind::Room : ArchiveKind::Personal;
    const QDomElement form = Stanza::child(query, QStringLiteral("x"), Ns::DataForms);
    for (QDomElement field = form.firstChildElement(QStringLiteral("field")); !field.isNull();
         field = field.nextSiblingElement(QStringLiteral("field"))) {
        const QString var = field.attribute(QStringLiteral("var"));
        const QString value = field.firstChildElement(QStringLiteral("value")).text().trimmed();
        bool ok = true;
        if (var == QLatin1String("FORM_TYPE"))
            ok = value == Ns::Mam;
        else if (var == QLatin1String("with"))
            request.with = Jid::bare(value);
        else if (var == QLatin1String("start"))
            ok = parseTime(value, &request.start);
        else if (var == QLatin1String("end"))
            ok = parseEnd(value, &request.end);
        else {
            replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("feature-not-implemented"),
                       QStringLiteral("unknown filter field '%1'").arg(var));
            return;
        }
        if (!ok) {
            replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                       QStringLiteral("bad value for field '%1'").arg(var));
            return;
        }
    }

    const QDomElement set = Stanza::child(query, QStringLiteral("set"), Ns::Rsm);
    const int maxPageSize = qMax(1, m_limits.maxArchivePageSize);
    request.max = qMin(DefaultPageSize, maxPageSize);
    if (!set.isNull()) {
        const QDomElement max = set.firstChildElement(QStringLiteral("max"));
        if (!max.isNull()) {
            bool ok = false;
            request.max = max.text().trimmed().toInt(&ok);
            if (!ok || request.max < 0) {
                replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                           QStringLiteral("RSM max must be a number of 0 or more"));
                return;
            }
            request.max = qMin(request.max, maxPageSize);
        }
        const QDomElement after = set.firstChildElement(QStringLiteral("after"));
        const QDomElement before = set.firstChildElement(QStringLiteral("before"));
        request.afterId = after.text().trimmed();
        if (!before.isNull()) {
            request.beforeId = before.text().trimmed();
            request.lastPage = request.beforeId.isEmpty();
        }
    }

    const QString session = Stanza::from(iq);
    Session &pending = m_pending[session];
    if (int(pending.queries.size()) > MaxWaitingQueries) {
        replyError(iq, Stanza::ErrorType::Wait, QStringLiteral("resource-constraint"),
                   QStringLiteral("%1 archive queries of this session wait already").arg(MaxWaitingQueries));
        return;
    }
    Query next;
    next.iq = iq;
    next.request = request;
    next.queryId = query.attribute(QStringLiteral("queryid"));
    next.flipped = !Stanza::child(query, QStringLiteral("flip-page"), Ns::Mam).isNull();
    pending.queries.push_back(std::move(next));
    if (pending.queries.size() > 1)
        return; // its turn comes after the query being answered
    // Results are written once the stanza that asked is settled, so that the output the
    // window measures is what the connection holds.
    QMetaObject::invokeMethod(
        this, [this, session] { pump(session); }, Qt::QueuedConnection);
}

void ArchiveService::pump(const QString &session)
{
    auto it = m_pending.find(session);
    if (it == m_pending.end() || it->pumping)
        return;
    ClientStream *stream = m_sessions->stream(session);
    if (!stream) {
        m_pending.erase(it);
        return;
    }
    if (!it->connected) {
        it->connected = true;
        connect(stream, &ClientStream::outputDrained, this, [this, session] { pump(session); });
    }
    it->pumping = true;
    const qint64 window = m_limits.archiveOutputWindowBytes;
    while (!it->queries.empty()) {
        Query &query = it->queries.front();
        if (!query.started) {
            query.started = true;
            query.page = m_archive->query(query.request);
            if (query.page.unknownId) {
                replyError(query.iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                           QStringLiteral("no message with that id in this archive"));
                it = m_pending.find(session); // answering may have changed the sessions
                if (it == m_pending.end())
                    return;
                it->queries.pop_front();
                continue;
            }
            if (!query.page.messages.isEmpty()) {
                query.firstId = query.page.messages.first().id;
                query.lastId = query.page.messages.last().id;
                // The RSM ids keep naming the page in archive order; only the results turn.
                if (query.flipped)
                    std::reverse(query.page.messages.begin(), query.page.messages.end());
            }
        }
        while (query.next < query.page.messages.size()) {
            if (window > 0 && stream->pendingOutputBytes() >= window) {
                // The client reads slower than it asks: the rest waits for outputDrained().
                router()->count(QStringLiteral("mam.waiting-for-reader"));
                it->pumping = false;
                return;
            }
            const int sent = query.next++;
            sendResult(query, session, query.page.messages.at(sent));
            // Sending may have ended the session (and with it this entry and its queries).
            it = m_pending.find(session);
            if (it == m_pending.end())
                return;
            // Done with: the page holds no more than what is still to be sent.
            it->queries.front().page.messages[sent] = ArchivedMessage();
        }
        const Query done = std::move(query);
        it->queries.pop_front();
        sendFin(done);
        it = m_pending.find(session);
        if (it == m_pending.end())
            return;
    }
    disconnect(stream, &ClientStream::outputDrained, this, nullptr);
    m_pending.erase(it);
}

void ArchiveService::sendResult(const Query &query, const QString &session, const ArchivedMessage &archived)
{
    const QString owner = query.request.owner;
    QDomElement message = Stanza::create(QStringLiteral("message"), owner, session);
    QDomElement result = Stanza::addChild(message, QStringLiteral("result"), Ns::Mam);
    if (!query.queryId.isEmpty())
        result.setAttribute(QStringLiteral("queryid"), query.queryId);
    result.setAttribute(QStringLiteral("id"), archived.id);
    QDomElement forwarded = Stanza::addChild(result, QStringLiteral("forwarded"), Ns::Forward);
    Stanza::addChild(forwarded, QStringLiteral("delay"), Ns::Delay)
        .setAttribute(QStringLiteral("stamp"), stamp(archived.stamp));
    forwarded.appendChild(message.ownerDocument().importNode(archived.message, true));
    router()->deliver(message);
}

void ArchiveService::sendFin(const Query &query)
{
    const ArchivePage &page = query.page;
    QDomElement answer = Stanza::iqResult(query.iq);
    QDomElement fin = Stanza::addChild(answer, QStringLiteral("fin"), Ns::Mam); // no queryid in mam:2
    if (page.complete)
        fin.setAttribute(QStringLiteral("complete"), QStringLiteral("true"));
    QDomElement rsm = Stanza::addChild(fin, QStringLiteral("set"), Ns::Rsm);
    if (!page.messages.isEmpty()) {
        QDomElement first = Stanza::addTextChild(rsm, QStringLiteral("first"), query.firstId);
        first.setAttribute(QStringLiteral("index"), QString::number(page.firstIndex));
        Stanza::addTextChild(rsm, QStringLiteral("last"), query.lastId);
    }
    Stanza::addTextChild(rsm, QStringLiteral("count"), QString::number(page.count));
    router()->route(answer);
}

bool ArchiveService::handlePrefs(const QDomElement &iq, const QDomElement &prefs, const QString &account)
{
    if (!m_preferences) {
        replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("feature-not-implemented"));
        return true;
    }
    ArchivePrefs stored;
    if (Stanza::type(iq) == QLatin1String("set")) {
        static const QStringList modes
            = { QStringLiteral("always"), QStringLiteral("never"), QStringLiteral("roster") };
        stored.defaultMode = prefs.attribute(QStringLiteral("default"));
        if (!modes.contains(stored.defaultMode)) {
            replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                       QStringLiteral("default is always, never or roster"));
            return true;
        }
        // §6.1: the lists hold JIDs as any other; stored normalised, so that they match
        // the bare JIDs messages are archived under and are shown as such.
        const auto readList = [&](const QString &name, QStringList *jids) {
            const QDomElement list = Stanza::child(prefs, name, Ns::Mam);
            for (const QDomElement &jid : Stanza::children(list, QStringLiteral("jid"), Ns::Mam)) {
                const QString prepared = JidPrep::jid(jid.text().trimmed());
                if (prepared.isEmpty()) {
                    replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("jid-malformed"),
                               QStringLiteral("'%1' is not a JID").arg(jid.text().trimmed()));
                    return false;
                }
                if (!jids->contains(prepared))
                    *jids << prepared;
            }
            if (jids->size() > ServiceDefaults::MaxArchivePreferenceJids) {
                replyError(iq, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"),
                           QStringLiteral("a preference list holds at most %1 JIDs")
                               .arg(ServiceDefaults::MaxArchivePreferenceJids));
                return false;
            }
            return true;
        };
        if (!readList(QStringLiteral("always"), &stored.always)
            || !readList(QStringLiteral("never"), &stored.never))
            return true;
        m_preferences->save(account, stored);
    } else {
        stored = m_preferences->prefs(account);
    }
    QDomElement result = Stanza::iqResult(iq);
    QDomElement answer = Stanza::addChild(result, QStringLiteral("prefs"), Ns::Mam);
    answer.setAttribute(QStringLiteral("default"), stored.defaultMode);
    QDomElement always = Stanza::addChild(answer, QStringLiteral("always"), Ns::Mam);
    for (const QString &jid : qAsConst(stored.always))
        Stanza::addTextChild(always, QStringLiteral("jid"), jid, Ns::Mam);
    QDomElement never = Stanza::addChild(answer, QStringLiteral("never"), Ns::Mam);
    for (const QString &jid : qAsConst(stored.never))
        Stanza::addTextChild(never, QStringLiteral("jid"), jid, Ns::Mam);
    router()->route(result);
    return true;
}

void ArchiveService::answerMetadata(const QDomElement &iq, const QString &owner)
{
    // XEP-0313 §7.1 (extended): the first and the last entry of the account's archive.
    ArchiveQuery first;
    first.kind = ArchiveKind::Personal;
    first.owner = owner;
    first.max = 1;
    ArchiveQuery last = first;
    last.lastPage = true;
    const ArchivePage oldest = m_archive->query(first);
    const ArchivePage newest = m_archive->query(last);
    QDomElement result = Stanza::iqResult(iq);
    QDomElement metadata = Stanza::addChild(result, QStringLiteral("metadata"), Ns::Mam);
    if (!oldest.messages.isEmpty() && !newest.messages.isEmpty()) {
        QDomElement start = Stanza::addChild(metadata, QStringLiteral("start"), Ns::Mam);
        start.setAttribute(QStringLiteral("id"), oldest.messages.first().id);
        start.setAttribute(QStringLiteral("timestamp"), stamp(oldest.messages.first().stamp));
        QDomElement end = Stanza::addChild(metadata, QStringLiteral("end"), Ns::Mam);
        end.setAttribute(QStringLiteral("id"), newest.messages.last().id);
        end.setAttribute(QStringLiteral("timestamp"), stamp(newest.messages.last().stamp));
    }
    router()->route(result);
}
