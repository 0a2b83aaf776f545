// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/trace/TimelineModel.h"

#include "Jid.h"
#include "XmlText.h"

#include <QDomElement>
#include <limits>

namespace {
quint64 fanOutKey(quint32 epoch, quint64 fanOutId)
{
    return (quint64(epoch) << 48) ^ fanOutId;
}

QString elided(QString text, int length)
{
    text = text.simplified();
    if (text.size() > length)
        text = text.left(length - 1) + QChar(0x2026);
    return text;
}
} // namespace

TimelineModel::TimelineModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

int TimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant TimelineModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return QVariant();
    const TimelineRow &r = row(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return r.label;
    case Qt::ToolTipRole:
        return QStringLiteral("%1  %2\n%3")
            .arg(r.time.toUTC().toString(QStringLiteral("HH:mm:ss.zzz")),
                 TraceEvent::directionName(r.direction), r.label);
    case IdRole:
        return r.id;
    case FanOutRole:
        return r.fanOutId;
    case TimeRole:
        return r.time;
    case DirectionRole:
        return int(r.direction);
    case KindRole:
        return int(r.kind);
    case XmlRole:
        return r.xml;
    default:
        return QVariant();
    }
}

void TimelineModel::addRoom(const QString &roomJid)
{
    m_seededLanes.insert(ensureLane(TimelineLane::Type::Room, roomJid));
}

void TimelineModel::addSession(const QString &fullJid)
{
    m_seededLanes.insert(ensureLane(TimelineLane::Type::Account, Jid::bare(fullJid)));
    m_seededLanes.insert(ensureLane(TimelineLane::Type::Session, fullJid));
}

void TimelineModel::setCapacity(int rows)
{
    m_capacity = qMax(1, rows);
    trim();
}

void TimelineModel::setIncludeServerTraffic(bool include)
{
    m_serverTraffic = include;
}

QStringList TimelineModel::laneLabels() const
{
    QStringList labels;
    for (const TimelineLane &lane : m_lanes)
        labels << lane.label;
    return labels;
}

const TimelineRow &TimelineModel::row(int index) const
{
    const TimelineRow &r = m_rows[std::size_t(index)];
    if (r.labelPending) {
        r.label = describeStanza(r.kind, r.from, r.to, r.xml);
        r.labelPending = false;
    }
    return r;
}

int TimelineModel::rowOfId(quint64 id) const
{
    for (int i = rowCount() - 1; i >= 0; --i) {
        const TimelineRow &r = m_rows[std::size_t(i)];
        if (r.id == id && r.epoch == m_epoch)
            return i;
    }
    return -1;
}

int TimelineModel::recentRowOfId(quint64 id) const
{
    // A decision follows the stanza it is about closely: a bounded look back keeps a
    // fork per event cheap even with thousands of rows.
    const int oldest = qMax(0, rowCount() - 64);
    for (int i = rowCount() - 1; i >= oldest; --i) {
        const TimelineRow &r = m_rows[std::size_t(i)];
        if (r.id == id && r.epoch == m_epoch)
            return i;
    }
    return -1;
}

QVector<int> TimelineModel::fanOutSiblings(int index) const
{
    QVector<int> siblings;
    if (index < 0 || index >= rowCount())
        return siblings;
    const TimelineRow &selected = m_rows[std::size_t(index)];
    for (int i = 0; i < rowCount(); ++i) {
        if (i != index && m_rows[std::size_t(i)].sameFanOut(selected))
            siblings << i;
    }
    return siblings;
}

QString TimelineModel::shortJid(const QString &jid)
{
    // lobby@conference.localhost/bob -> lobby/bob, alice@localhost/phone -> alice/phone
    const QString node = Jid::node(jid);
    if (node.isEmpty())
        return jid;
    const QString resource = Jid::resource(jid);
    return resource.isEmpty() ? node : node + QLatin1Char('/') + resource;
}

void TimelineModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_viaAccount.clear();
    m_directCopies.clear();
    m_dropped = 0;
    m_droppedSinceForget = 0;
    endResetModel();
    // Lanes that only traffic brought in go with it.
    QVector<TimelineLane> kept;
    for (const TimelineLane &lane : std::as_const(m_lanes)) {
        if (m_seededLanes.contains(lane.key))
            kept << lane;
    }
    if (kept.size() != m_lanes.size()) {
        m_lanes = kept;
        rebuildIndex();
        emit lanesChanged();
    }
}

void TimelineModel::startEpoch()
{
    ++m_epoch;
    m_lastId = 0;
}

bool TimelineModel::accept(const TraceEvent &event) const
{
    if (m_serverTraffic)
        return true;
    return !event.room.isEmpty();
}

void TimelineModel::handleTrace(const TraceEvent &event)
{
    // Ids only grow within one server; a smaller one means a fresh server.
    if (event.id <= m_lastId)
        startEpoch();
    m_lastId = event.id;
    if (!accept(event))
        return;

    using Direction = TraceEvent::Direction;
    TimelineRow row;
    row.id = event.id;
    row.fanOutId = event.fanOutId;
    row.epoch = m_epoch;
    row.time = event.time;
    row.direction = event.direction;
    row.kind = event.kind;
    row.from = event.from;
    row.to = event.to;
    row.note = event.note;
    row.xml = event.xml;
    // A stanza's label needs its XML parsed: left until the row is looked at, since a
    // busy room brings thousands of hops a second and only a screenful is ever drawn.
    switch (event.direction) {
    case TraceEvent::Direction::Fork:
    case TraceEvent::Direction::Replay:
    case TraceEvent::Direction::StreamError:
    case TraceEvent::Direction::Storage:
        row.label = describe(event);
        break;
    default:
        row.labelPending = true;
        break;
    }
    const quint64 key = fanOutKey(m_epoch, event.fanOutId);

    switch (event.direction) {
    case Direction::RoomToAccount:
        row.fromLane = ensureLane(TimelineLane::Type::Room, event.room);
        row.toLane = ensureLane(TimelineLane::Type::Account, event.account);
        m_viaAccount.insert(key);
        break;
    case Direction::AccountToRoom:
        retargetToAccount(event);
        row.fromLane = ensureLane(TimelineLane::Type::Account, event.account);
        row.toLane = ensureLane(TimelineLane::Type::Room, event.room);
        break;
    case Direction::RoomToSession:
        row.fromLane = ensureLane(TimelineLane::Type::Room, event.room);
        row.toLane = ensureLane(TimelineLane::Type::Session, event.to);
        m_directCopies.insert(qMakePair(key, event.to));
        break;
    case Direction::ServerToSession:
        // Classic mode: the room already addressed this session; its delivery is a dot
        // on the session's lane, not a second arrow from the room.
        if (m_directCopies.remove(qMakePair(key, event.to))) {
            row.markerLane = ensureLane(TimelineLane::Type::Session, event.to);
            break;
        }
        row.toLane = ensureLane(TimelineLane::Type::Session, event.to);
        if (!event.room.isEmpty() && Jid::bare(event.from) == event.room)
            row.fromLane = m_viaAccount.contains(key)
                ? ensureLane(TimelineLane::Type::Account, Jid::bare(event.to))
                : ensureLane(TimelineLane::Type::Room, event.room);
        else
            row.fromLane = laneForJid(event.from, event);
        break;
    case Direction::SessionToServer:
        row.fromLane = ensureLane(TimelineLane::Type::Session, event.from);
        row.toLane = laneForJid(event.to, event);
        break;
    case Direction::Internal:
        row.fromLane = laneForJid(event.from, event);
        row.toLane = laneForJid(event.to, event);
        if (row.fromLane == row.toLane)
            return;
        break;
    case Direction::Fork:
    case Direction::Replay: {
        m_viaAccount.insert(key);
        row.markerLane = ensureLane(TimelineLane::Type::Account, event.account);
        for (const QString &target : event.targets)
            row.targetLanes << ensureLane(TimelineLane::Type::Session, target);
        // The session whose stanza led to this decision spoke to its account.
        const int origin = recentRowOfId(event.fanOutId);
        if (origin >= 0 && m_rows[std::size_t(origin)].direction == Direction::SessionToServer
            && m_rows[std::size_t(origin)].toLane != row.markerLane) {
            m_rows[std::size_t(origin)].toLane = row.markerLane;
            emit dataChanged(index(origin), index(origin));
        }
        break;
    }
    case Direction::StreamError:
    case Direction::Storage:
        row.markerLane = ensureLane(TimelineLane::Type::Server, QString());
        break;
    }
    append(std::move(row));
}

QString TimelineModel::laneForJid(const QString &jid, const TraceEvent &event)
{
    if (!event.room.isEmpty() && Jid::bare(jid) == event.room)
        return ensureLane(TimelineLane::Type::Room, event.room);
    const QString localDomain = Jid::domain(event.account);
    if (!Jid::node(jid).isEmpty() && Jid::domain(jid) == localDomain) {
        // A session's stanza to another account is handled by the server for that account.
        if (Jid::isFull(jid) && m_laneIndex.contains(TimelineLane::sessionKey(jid)))
            return TimelineLane::sessionKey(jid);
        return ensureLane(TimelineLane::Type::Account, Jid::bare(jid));
    }
    return ensureLane(TimelineLane::Type::Server, localDomain.isEmpty() ? jid : localDomain);
}

void TimelineModel::retargetToAccount(const TraceEvent &event)
{
    // In account-level mode a session's stanza to the room stops at its account, which
    // then speaks to the room: that AccountToRoom hop follows the session's one at once.
    const int oldest = qMax(0, rowCount() - 8);
    for (int i = rowCount() - 1; i >= oldest; --i) {
        TimelineRow &candidate = m_rows[std::size_t(i)];
        if (candidate.epoch != m_epoch || candidate.direction != TraceEvent::Direction::SessionToServer)
            continue;
        if (Jid::bare(candidate.from) != event.account || Jid::bare(candidate.to) != event.room)
            continue;
        const QString account = TimelineLane::accountKey(event.account);
        if (candidate.toLane != account) {
            candidate.toLane = account;
            emit dataChanged(index(i), index(i));
        }
        return;
    }
}

QString TimelineModel::ensureLane(TimelineLane::Type type, const QString &jid)
{
    // Asked for every hop: a known lane costs one lookup, and the rows share its key.
    const QString key = type == TimelineLane::Type::Server ? TimelineLane::serverKey()
        : type == TimelineLane::Type::Room                 ? TimelineLane::roomKey(jid)
        : type == TimelineLane::Type::Account              ? TimelineLane::accountKey(jid)
                                                           : TimelineLane::sessionKey(jid);
    const auto known = m_laneIndex.constFind(key);
    if (known != m_laneIndex.cend())
        return m_lanes.at(*known).key;

    TimelineLane lane;
    lane.type = type;
    lane.jid = jid;
    switch (type) {
    case TimelineLane::Type::Server:
        lane.key = TimelineLane::serverKey();
        lane.label = jid.isEmpty() ? tr("server") : jid;
        break;
    case TimelineLane::Type::Room:
        lane.key = TimelineLane::roomKey(jid);
        lane.label = jid;
        break;
    case TimelineLane::Type::Account:
        lane.key = TimelineLane::accountKey(jid);
        lane.label = jid;
        lane.account = jid;
        break;
    case TimelineLane::Type::Session:
        lane.key = TimelineLane::sessionKey(jid);
        lane.label = shortJid(jid);
        lane.account = Jid::bare(jid);
        break;
    }
    if (m_laneIndex.contains(lane.key))
        return lane.key;
    if (type == TimelineLane::Type::Session)
        ensureLane(TimelineLane::Type::Account, lane.account);

    // Server first, then rooms, then each account followed by its sessions.
    int position = m_lanes.size();
    const auto lastOf = [this](auto predicate) {
        for (int i = m_lanes.size() - 1; i >= 0; --i) {
            if (predicate(m_lanes.at(i)))
                return i;
        }
        return -1;
    };
    switch (type) {
    case TimelineLane::Type::Server:
        position = 0;
        break;
    case TimelineLane::Type::Room:
        position = 1 + lastOf([](const TimelineLane &l) {
                       return l.type == TimelineLane::Type::Server || l.type == TimelineLane::Type::Room;
                   });
        break;
    case TimelineLane::Type::Account:
        break;
    case TimelineLane::Type::Session:
        position = 1 + lastOf([&lane](const TimelineLane &l) { return l.account == lane.account; });
        break;
    }
    m_lanes.insert(position, lane);
    rebuildIndex();
    emit lanesChanged();
    return lane.key;
}

void TimelineModel::rebuildIndex()
{
    m_laneIndex.clear();
    for (int i = 0; i < m_lanes.size(); ++i)
        m_laneIndex.insert(m_lanes.at(i).key, i);
}

void TimelineModel::append(TimelineRow row)
{
    const int at = rowCount();
    beginInsertRows(QModelIndex(), at, at);
    m_rows.push_back(std::move(row));
    endInsertRows();
    trim();
}

void TimelineModel::trim()
{
    const int excess = rowCount() - m_capacity;
    if (excess <= 0)
        return;
    beginRemoveRows(QModelIndex(), 0, excess - 1);
    m_rows.erase(m_rows.begin(), m_rows.begin() + excess);
    m_dropped += excess;
    endRemoveRows();
    m_droppedSinceForget += excess;
    if (m_droppedSinceForget >= m_capacity)
        forgetOldFanOuts();
}

void TimelineModel::forgetOldFanOuts()
{
    // Fan-out ids grow within a server: those older than every kept row of this epoch
    // (or of an earlier one) can no longer be drawn.
    m_droppedSinceForget = 0;
    quint64 oldest = std::numeric_limits<quint64>::max();
    for (const TimelineRow &row : m_rows) {
        if (row.epoch == m_epoch && row.fanOutId != 0)
            oldest = qMin(oldest, row.fanOutId);
    }
    const auto stale = [this, oldest](quint64 key) {
        constexpr quint64 IdBits = (quint64(1) << 48) - 1;
        return (key >> 48) != (quint64(m_epoch) & 0xffff) || (key & IdBits) < oldest;
    };
    for (auto it = m_viaAccount.begin(); it != m_viaAccount.end();)
        it = stale(*it) ? m_viaAccount.erase(it) : std::next(it);
    for (auto it = m_directCopies.begin(); it != m_directCopies.end();)
        it = stale(it->first) ? m_directCopies.erase(it) : std::next(it);
}

bool TimelineModel::isSessionOffline(const TimelineRow &row)
{
    return row.direction == TraceEvent::Direction::Fork && row.xml.isEmpty()
        && row.kind == TraceEvent::Kind::Other && row.targetLanes.size() == 1;
}

bool TimelineModel::isSessionOffline(const TraceEvent &event)
{
    return event.direction == TraceEvent::Direction::Fork && event.xml.isEmpty()
        && event.kind == TraceEvent::Kind::Other && event.targets.size() == 1;
}

QString TimelineModel::describe(const TraceEvent &event)
{
    using Direction = TraceEvent::Direction;
    if (isSessionOffline(event)) {
        // No stanza was forked: the server noted that one of the account's sessions ended.
        return tr("%1 offline \u00b7 connection ended; the account stays in the room")
            .arg(shortJid(event.targets.constFirst()));
    }
    if (event.direction == Direction::Fork || event.direction == Direction::Replay) {
        QStringList targets;
        for (const QString &target : event.targets)
            targets << shortJid(target);
        QString line = event.direction == Direction::Fork ? tr("fork") : tr("replay");
        line += QStringLiteral(" \u2192 ")
            + (targets.isEmpty() ? tr("no session") : targets.join(QStringLiteral(", ")));
        if (!event.note.isEmpty())
            line += QStringLiteral(" \u00b7 ") + event.note;
        return line;
    }
    if (event.direction == Direction::StreamError)
        return tr("stream error \u00b7 %1 \u00b7 %2").arg(event.from, event.note);
    if (event.direction == Direction::Storage)
        return tr("storage \u00b7 %1").arg(event.note);

    return describeStanza(event.kind, event.from, event.to, event.xml);
}

QString TimelineModel::describeStanza(TraceEvent::Kind kind, const QString &from, const QString &to,
                                      const QString &xml)
{
    const QDomElement stanza = XmlText::toElement(xml);
    // The kind in the palette's words; the type only where the kind does not say it.
    QString line = TraceEvent::kindName(kind);
    const QString type = stanza.attribute(QStringLiteral("type"));
    if (!type.isEmpty() && type != QLatin1String("groupchat") && type != QLatin1String("error"))
        line += QLatin1Char(' ') + type;
    line += QStringLiteral("  %1 \u2192 %2").arg(shortJid(from), shortJid(to));

    // The one detail that tells stanzas of a kind apart.
    QString detail;
    const QDomElement body = stanza.firstChildElement(QStringLiteral("body"));
    const QDomElement subject = stanza.firstChildElement(QStringLiteral("subject"));
    const QDomElement error = stanza.firstChildElement(QStringLiteral("error"));
    if (!error.isNull()) {
        detail = error.firstChildElement().tagName();
    } else if (!body.isNull()) {
        detail = QStringLiteral("\u201c%1\u201d").arg(elided(body.text(), 40));
        if (!stanza.firstChildElement(QStringLiteral("delay")).isNull())
            detail += tr(" (history)");
    } else if (!subject.isNull()) {
        detail = subject.text().trimmed().isEmpty()
            ? tr("(no subject)")
            : QStringLiteral("\u201c%1\u201d").arg(elided(subject.text(), 40));
    } else if (stanza.tagName() == QLatin1String("presence")) {
        QStringList codes;
        for (QDomElement x = stanza.firstChildElement(QStringLiteral("x")); !x.isNull();
             x = x.nextSiblingElement(QStringLiteral("x"))) {
            for (QDomElement status = x.firstChildElement(QStringLiteral("status")); !status.isNull();
                 status = status.nextSiblingElement(QStringLiteral("status")))
                codes << status.attribute(QStringLiteral("code"));
        }
        const QString show = stanza.firstChildElement(QStringLiteral("show")).text();
        if (!show.isEmpty())
            detail = show;
        if (!codes.isEmpty())
            detail += (detail.isEmpty() ? QString() : QStringLiteral(" ")) + codes.join(QLatin1Char(' '));
    } else if (stanza.tagName() == QLatin1String("iq")) {
        const QDomElement payload = stanza.firstChildElement();
        if (!payload.isNull())
            detail = payload.namespaceURI().isEmpty() ? payload.tagName() : payload.namespaceURI();
    }
    if (!detail.isEmpty())
        line += QStringLiteral("  ") + detail;
    return line;
}
