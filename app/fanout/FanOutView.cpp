// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "fanout/FanOutView.h"

#include "Jid.h"
#include "Vocabulary.h"
#include "XmlText.h"
#include "core/session/StanzaSummary.h"
#include "fanout/FanOutEdge.h"
#include "fanout/FanOutNode.h"
#include "ui/LabPalette.h"
#include "ui/UpdateBatcher.h"

#include <QFontMetricsF>
#include <QGraphicsPathItem>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QHelpEvent>
#include <QToolTip>
#include <algorithm>
#include <utility>

namespace {
constexpr qreal SceneMinWidth = 1000;
constexpr qreal SceneHeight = 470;
constexpr qreal RoomY = 84;
constexpr qreal AccountY = 228;
constexpr qreal SessionY = 352;
constexpr qreal SessionGap = 18; // between sessions of one account
constexpr qreal AccountGap = 56; // between accounts
constexpr int MaxTooltipXml = 4000;
constexpr int FrameMs = UpdateBatch::IntervalMs; // the counters' batches, and ~30 fps while something glows
} // namespace

FanOutView::FanOutView(const QString &roomJid, QWidget *parent)
    : QGraphicsView(parent)
    , m_roomJid(roomJid)
    , m_scene(new QGraphicsScene(this))
{
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setFrameShape(QFrame::NoFrame);
    setBackgroundBrush(LabPalette::canvas());
    setMinimumSize(480, 260);
    m_scene->setItemIndexMethod(QGraphicsScene::NoIndex); // few items, many repaints

    m_room = new FanOutNode(FanOutNode::Role::Room, roomJid, LabPalette::ink());
    m_room->setTitle(Jid::node(roomJid));
    m_scene->addItem(m_room);

    QFont titleFont = font();
    titleFont.setPointSizeF(13);
    titleFont.setBold(true);
    m_title = m_scene->addSimpleText(QString(), titleFont);
    m_title->setBrush(LabPalette::ink());
    m_title->setPos(24, 18);
    m_caption = m_scene->addText(QString());
    m_caption->setDefaultTextColor(LabPalette::mutedInk());
    m_caption->setTextWidth(300);
    m_caption->setPos(20, 42);
    buildLegend();

    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, [this] {
        if (m_detached.isEmpty())
            m_countdown.stop();
        refreshState();
    });
    m_clock.start();
    m_frameTimer.setInterval(FrameMs);
    connect(&m_frameTimer, &QTimer::timeout, this, &FanOutView::tick);
    updateCaption();
    layoutScene();
    refreshState();
}

FanOutView::~FanOutView() = default;

void FanOutView::buildLegend()
{
    const QList<QPair<TraceEvent::Kind, QString>> kinds = {
        { TraceEvent::Kind::GroupChat, QStringLiteral("groupchat") },
        { TraceEvent::Kind::Presence, QStringLiteral("presence") },
        { TraceEvent::Kind::Subject, QStringLiteral("subject") },
        { TraceEvent::Kind::Error, QStringLiteral("error") },
        { TraceEvent::Kind::Iq, QStringLiteral("iq") },
    };
    QFont legendFont = font();
    legendFont.setPointSizeF(8.5);
    for (const auto &kind : kinds) {
        auto *line = m_scene->addLine(
            0, 0, 22, 0, QPen(LabPalette::kindColor(kind.first), 3.5, Qt::SolidLine, Qt::RoundCap));
        auto *label = m_scene->addSimpleText(kind.second, legendFont);
        label->setBrush(LabPalette::mutedInk());
        m_legend << line << label;
    }
    auto *idle = m_scene->addLine(0, 0, 22, 0, QPen(LabPalette::idleLine(), 1.6, Qt::DashLine));
    auto *idleLabel = m_scene->addSimpleText(QStringLiteral("not in the room"), legendFont);
    idleLabel->setBrush(LabPalette::mutedInk());
    m_legend << idle << idleLabel;
    // A session whose network is lost while the server keeps it (XEP-0198).
    auto *detached = m_scene->addRect(0, -6, 22, 12, QPen(LabPalette::detached(), 1.4, Qt::DashLine),
                                      QBrush(LabPalette::detached(), Qt::BDiagPattern));
    auto *detachedLabel = m_scene->addSimpleText(QStringLiteral("detached, resumable"), legendFont);
    detachedLabel->setBrush(LabPalette::mutedInk());
    m_legend << detached << detachedLabel;
}

void FanOutView::addSession(const QString &fullJid, const QColor &accent)
{
    if (m_sessions.contains(fullJid))
        return;
    const QString account = Jid::bare(fullJid);
    if (!m_accounts.contains(account)) {
        auto *group = new QGraphicsPathItem;
        QColor fill = accent;
        fill.setAlpha(14);
        QColor border = accent;
        border.setAlpha(55);
        group->setBrush(fill);
        group->setPen(QPen(border, 1));
        group->setZValue(0);
        m_scene->addItem(group);
        m_groups.insert(account, group);

        auto *node = new FanOutNode(FanOutNode::Role::Account, account, accent);
        node->setTitle(account);
        m_scene->addItem(node);
        m_accounts.insert(account, node);
        m_accountOrder << account;

        auto *edge = new FanOutEdge(m_room, node);
        m_scene->addItem(edge);
        m_roomEdges.insert(account, edge);
    }
    // Sessions stay grouped under their account whatever the order they come in.
    int insertAt = m_sessionOrder.size();
    for (int i = m_sessionOrder.size() - 1; i >= 0; --i) {
        if (Jid::bare(m_sessionOrder.at(i)) == account) {
            insertAt = i + 1;
            break;
        }
    }
    m_sessionOrder.insert(insertAt, fullJid);

    auto *node = new FanOutNode(FanOutNode::Role::Session, fullJid, accent);
    node->setTitle(Jid::resource(fullJid));
    m_scene->addItem(node);
    m_sessions.insert(fullJid, node);
    auto *viaAccount = new FanOutEdge(m_accounts.value(account), node);
    m_scene->addItem(viaAccount);
    m_accountEdges.insert(fullJid, viaAccount);
    auto *direct = new FanOutEdge(m_room, node);
    m_scene->addItem(direct);
    m_directEdges.insert(fullJid, direct);

    layoutScene();
    refreshState();
}

void FanOutView::removeSession(const QString &fullJid)
{
    if (!m_sessions.contains(fullJid))
        return;
    const QString account = Jid::bare(fullJid);
    QList<QGraphicsItem *> doomed;
    for (auto *edges : { &m_accountEdges, &m_directEdges }) {
        FanOutEdge *edge = edges->take(fullJid);
        m_glowing.remove(edge);
        doomed << edge;
    }
    doomed << m_sessions.take(fullJid);
    m_sessionOrder.removeAll(fullJid);
    m_joined.remove(fullJid);
    m_detached.remove(fullJid);
    m_observedRoute.remove(fullJid);
    m_directFanOut.remove(fullJid);
    m_counters.remove(fullJid);
    m_dirtyCounters.remove(fullJid);
    const bool lastOfAccount
        = std::none_of(m_sessionOrder.cbegin(), m_sessionOrder.cend(),
                       [&](const QString &session) { return Jid::bare(session) == account; });
    if (lastOfAccount) {
        FanOutEdge *edge = m_roomEdges.take(account);
        m_glowing.remove(edge);
        doomed << edge << m_accounts.take(account) << m_groups.take(account);
        m_accountOrder.removeAll(account);
        m_occupyingAccounts.remove(account);
    }
    for (QGraphicsItem *item : std::as_const(doomed)) {
        m_scene->removeItem(item);
        delete item;
    }
    layoutScene();
    refreshState();
}

void FanOutView::layoutScene()
{
    const qreal sessionWidth = FanOutNode::sizeFor(FanOutNode::Role::Session).width();
    QVector<qreal> offsets; // each session's centre, from the left end of the row
    qreal width = 0;
    for (int i = 0; i < m_sessionOrder.size(); ++i) {
        if (i > 0)
            width += Jid::bare(m_sessionOrder.at(i)) == Jid::bare(m_sessionOrder.at(i - 1)) ? SessionGap
                                                                                            : AccountGap;
        offsets << width + sessionWidth / 2;
        width += sessionWidth;
    }
    // As wide as the viewport's shape asks for, so the diagram fills the height and
    // the spare width goes to the margins where the title and the numbers sit.
    const qreal aspect = viewport()->height() > 0 ? qreal(viewport()->width()) / viewport()->height() : 0;
    const qreal sceneWidth = std::max({ SceneMinWidth, width + 120, SceneHeight * aspect });
    const qreal centerX = sceneWidth / 2;
    m_scene->setSceneRect(0, 0, sceneWidth, SceneHeight);
    m_room->setPos(centerX, RoomY);

    QHash<QString, QPair<qreal, qreal>> spans; // account -> first and last session centre
    for (int i = 0; i < m_sessionOrder.size(); ++i) {
        const QString &session = m_sessionOrder.at(i);
        const QString account = Jid::bare(session);
        const qreal cx = centerX - width / 2 + offsets.at(i);
        m_sessions.value(session)->setPos(cx, SessionY);
        auto span = spans.value(account, { cx, cx });
        span.second = cx;
        spans.insert(account, span);
    }
    for (const QString &account : std::as_const(m_accountOrder)) {
        const auto span = spans.value(account);
        FanOutNode *node = m_accounts.value(account);
        node->setPos((span.first + span.second) / 2, AccountY);
        const QRectF frame(span.first - sessionWidth / 2 - 12, AccountY - 40,
                           span.second - span.first + sessionWidth + 24, SessionY - AccountY + 40 + 46);
        QPainterPath path;
        path.addRoundedRect(frame, 18, 18);
        m_groups.value(account)->setPath(path);
    }

    // Edges leave the room spread along its lower side, like a fan.
    const QPointF roomBottom = m_room->bottomAnchor();
    const qreal roomHalf = m_room->size().width() / 2 - 30;
    auto spreadFrom = [&](qreal targetX) {
        const qreal offset = qBound(-roomHalf, (targetX - centerX) * 0.32, roomHalf);
        return QPointF(centerX + offset, roomBottom.y());
    };
    for (const QString &account : std::as_const(m_accountOrder)) {
        FanOutNode *node = m_accounts.value(account);
        m_roomEdges.value(account)->setEnds(spreadFrom(node->x()), node->topAnchor());
    }
    for (const QString &session : std::as_const(m_sessionOrder)) {
        FanOutNode *node = m_sessions.value(session);
        FanOutNode *account = m_accounts.value(Jid::bare(session));
        const qreal half = account->size().width() / 2 - 24;
        const qreal offset = qBound(-half, (node->x() - account->x()) * 0.45, half);
        m_accountEdges.value(session)->setEnds(QPointF(account->x() + offset, account->bottomAnchor().y()),
                                               node->topAnchor());
        m_directEdges.value(session)->setEnds(spreadFrom(node->x()), node->topAnchor());
    }

    // Legend along the bottom, centred.
    qreal legendWidth = 0;
    for (int i = 0; i < m_legend.size(); i += 2)
        legendWidth += 28 + m_legend.at(i + 1)->boundingRect().width() + 22;
    qreal lx = centerX - legendWidth / 2;
    const qreal ly = SceneHeight - 26;
    for (int i = 0; i < m_legend.size(); i += 2) {
        m_legend.at(i)->setPos(lx, ly);
        QGraphicsItem *label = m_legend.at(i + 1);
        label->setPos(lx + 28, ly - label->boundingRect().height() / 2);
        lx += 28 + label->boundingRect().width() + 22;
    }
    m_statsRect = QRectF(sceneWidth - 280, 14, 260, 56);
    fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
}

FanOutView::Route FanOutView::route(const QString &fullJid) const
{
    if (m_joined.value(fullJid) && m_observedRoute.contains(fullJid))
        return m_observedRoute.value(fullJid);
    return m_mode == JoinMode::Classic ? Route::Direct : Route::ViaAccount;
}

void FanOutView::refreshState()
{
    int occupants = 0;
    bool anyJoined = false;
    QHash<QString, int> viaAccount; // joined sessions served through their account
    QHash<QString, int> direct;
    for (const QString &session : std::as_const(m_sessionOrder)) {
        const bool joined = m_joined.value(session);
        const Route r = route(session);
        FanOutNode *node = m_sessions.value(session);
        node->setLit(joined);
        node->setDetached(m_detached.contains(session));
        node->setSubtitle(sessionSubtitle(session));
        FanOutEdge *via = m_accountEdges.value(session);
        FanOutEdge *own = m_directEdges.value(session);
        via->setVisible(r == Route::ViaAccount);
        own->setVisible(r == Route::Direct);
        via->setActive(joined);
        own->setActive(joined);
        if (joined) {
            anyJoined = true;
            if (r == Route::Direct) {
                ++occupants;
                ++direct[Jid::bare(session)];
            } else {
                ++viaAccount[Jid::bare(session)];
            }
        }
    }
    for (const QString &account : std::as_const(m_accountOrder)) {
        const int sessions = viaAccount.value(account);
        // The room's word, not the sessions': an account stays in when its sessions drop (§5).
        const bool lit = m_occupyingAccounts.contains(account);
        if (lit)
            ++occupants;
        FanOutNode *node = m_accounts.value(account);
        node->setLit(lit);
        const QString joined = sessions == 0 ? QStringLiteral("no session joined")
            : sessions == 1                  ? QStringLiteral("1 session joined")
                                             : QStringLiteral("%1 sessions joined").arg(sessions);
        node->setSubtitle(lit                         ? QStringLiteral("occupant \u00b7 ") + joined
                              : direct.value(account) ? QStringLiteral("its sessions are occupants")
                                                      : QStringLiteral("not in the room"));
        FanOutEdge *edge = m_roomEdges.value(account);
        bool used = lit;
        for (const QString &session : std::as_const(m_sessionOrder)) {
            if (Jid::bare(session) == account && route(session) == Route::ViaAccount)
                used = true;
        }
        edge->setVisible(used);
        edge->setActive(lit);
    }
    m_room->setLit(anyJoined || !m_occupyingAccounts.isEmpty());
    m_room->setSubtitle(QStringLiteral("%1 \u00b7 %2 occupant%3")
                            .arg(m_roomJid)
                            .arg(occupants)
                            .arg(occupants == 1 ? QString() : QStringLiteral("s")));
}

QString FanOutView::sessionSubtitle(const QString &fullJid) const
{
    const auto detached = m_detached.constFind(fullJid);
    if (detached != m_detached.constEnd()) {
        const int seconds = int(qMax<qint64>(0, (detached->remainingTime() + 999) / 1000));
        return QStringLiteral("detached \u00b7 %1:%2 left")
            .arg(seconds / 60)
            .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    }
    if (!m_joined.value(fullJid))
        return QStringLiteral("not in the room");
    return route(fullJid) == Route::Direct ? QStringLiteral("its own occupant")
                                           : QStringLiteral("joined via %1").arg(Jid::node(fullJid));
}

void FanOutView::setSessionDetached(const QString &fullJid, int resumeSeconds)
{
    if (!m_sessions.contains(fullJid))
        return;
    m_detached.insert(fullJid, QDeadlineTimer(qint64(qMax(0, resumeSeconds)) * 1000, Qt::PreciseTimer));
    if (!m_countdown.isActive())
        m_countdown.start();
    refreshState();
}

void FanOutView::clearSessionDetached(const QString &fullJid)
{
    if (m_detached.remove(fullJid) == 0)
        return;
    if (m_detached.isEmpty())
        m_countdown.stop();
    refreshState();
}

void FanOutView::setSessionJoined(const QString &fullJid, bool joined)
{
    if (m_joined.value(fullJid) == joined)
        return;
    m_joined.insert(fullJid, joined);
    refreshState();
}

void FanOutView::setJoinMode(JoinMode mode)
{
    if (mode == m_mode)
        return;
    m_mode = mode;
    updateCaption();
    refreshState();
}

void FanOutView::updateCaption()
{
    if (m_mode == JoinMode::AccountLevel) {
        m_title->setText(QStringLiteral("Account-level joining"));
        m_caption->setPlainText(
            QStringLiteral("The room sees one occupant per account. The server forks each "
                           "room stanza to the account's joined sessions only."));
    } else {
        m_title->setText(QStringLiteral("Classic MUC"));
        m_caption->setPlainText(QStringLiteral("Every session is its own occupant. The room addresses each "
                                               "session directly and sends one copy per session."));
    }
}

void FanOutView::drawForeground(QPainter *painter, const QRectF &rect)
{
    // Painted rather than kept in an item: always current, and a counter change
    // costs only a dirty rectangle.
    if (!rect.intersects(m_statsRect))
        return;
    QFont numbers = font();
    numbers.setPointSizeF(14);
    numbers.setBold(true);
    QFont label = font();
    label.setPointSizeF(9);
    const QList<QPair<int, QString>> stats = {
        { m_roomStanzas, tr("stanzas sent by the room") },
        { m_deliveries, tr("copies delivered to sessions") },
    };
    const qreal row = m_statsRect.height() / stats.size();
    // Wide enough for the longest number: tens of thousands under load.
    const qreal numberWidth = qMax<qreal>(
        56, QFontMetricsF(numbers).horizontalAdvance(QString::number(qMax(m_roomStanzas, m_deliveries))) + 4);
    for (int i = 0; i < stats.size(); ++i) {
        const QRectF number(m_statsRect.left(), m_statsRect.top() + i * row, numberWidth, row);
        const QRectF text(number.right() + 8, number.top(), m_statsRect.right() - number.right() - 8, row);
        painter->setFont(numbers);
        painter->setPen(LabPalette::ink());
        painter->drawText(number, Qt::AlignRight | Qt::AlignVCenter, QString::number(stats.at(i).first));
        painter->setFont(label);
        painter->setPen(LabPalette::mutedInk());
        painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter, stats.at(i).second);
    }
}

void FanOutView::countersChanged()
{
    m_statsDirty = true;
    requestFrame();
}

void FanOutView::requestFrame()
{
    if (!m_frameTimer.isActive())
        m_frameTimer.start();
}

void FanOutView::resetCounters()
{
    for (FanOutNode *node : std::as_const(m_sessions))
        node->setCounter(0);
    m_counters.clear();
    m_dirtyCounters.clear();
    for (auto *edges : { &m_roomEdges, &m_accountEdges, &m_directEdges }) {
        for (FanOutEdge *edge : std::as_const(*edges))
            edge->resetCount();
    }
    m_glowing.clear();
    m_frameTimer.stop();
    m_directFanOut.clear();
    m_roomStanzas = 0;
    m_deliveries = 0;
    m_scene->update(m_statsRect);
}

void FanOutView::resetRoom()
{
    m_occupyingAccounts.clear();
    m_detached.clear();
    m_countdown.stop();
    m_observedRoute.clear();
    resetCounters();
    refreshState();
}

bool FanOutView::isAccountLit(const QString &bareJid) const
{
    const FanOutNode *node = m_accounts.value(bareJid);
    return node && node->isLit();
}

bool FanOutView::isSessionLit(const QString &fullJid) const
{
    const FanOutNode *node = m_sessions.value(fullJid);
    return node && node->isLit();
}

int FanOutView::sessionCounter(const QString &fullJid) const
{
    return m_sessions.contains(fullJid) ? m_counters.value(fullJid) : 0;
}

FanOutEdge *FanOutView::edgeTo(const QString &fullJid) const
{
    return route(fullJid) == Route::Direct ? m_directEdges.value(fullJid) : m_accountEdges.value(fullJid);
}

void FanOutView::observeRoute(const QString &session, Route r)
{
    const auto known = m_observedRoute.constFind(session);
    if (!m_sessions.contains(session) || (known != m_observedRoute.constEnd() && *known == r))
        return;
    m_observedRoute.insert(session, r);
    refreshState();
}

void FanOutView::followAccountPresence(const TraceEvent &event)
{
    // Only the room's presences about the account itself (status 110) say whether it is in.
    const QDomElement presence = XmlText::toElement(event.xml);
    const QList<int> codes = StanzaSummary::mucStatusCodes(presence);
    if (!codes.contains(MucStatus::SelfPresence) || codes.contains(MucStatus::NickChanged))
        return;
    const bool inRoom = presence.attribute(QStringLiteral("type")).isEmpty();
    if (inRoom == m_occupyingAccounts.contains(event.account))
        return;
    if (inRoom)
        m_occupyingAccounts.insert(event.account);
    else
        m_occupyingAccounts.remove(event.account);
    refreshState();
}

void FanOutView::handleTrace(const TraceEvent &event)
{
    if (event.room != m_roomJid)
        return;
    using Direction = TraceEvent::Direction;
    switch (event.direction) {
    case Direction::RoomToAccount:
        ++m_roomStanzas;
        countersChanged();
        light(m_roomEdges.value(event.account), event, true);
        if (event.kind == TraceEvent::Kind::Presence)
            followAccountPresence(event);
        break;
    case Direction::AccountToRoom:
        light(m_roomEdges.value(event.account), event, false);
        break;
    case Direction::RoomToSession:
        ++m_roomStanzas;
        countersChanged();
        m_directFanOut.insert(event.session, event.fanOutId);
        observeRoute(event.session, Route::Direct);
        light(m_directEdges.value(event.session), event, true);
        break;
    case Direction::ServerToSession:
        if (m_sessions.contains(event.session)) {
            ++m_counters[event.session];
            m_dirtyCounters.insert(event.session);
        }
        ++m_deliveries;
        countersChanged();
        // In classic mode the room's own hop already lit the direct edge.
        if (m_directFanOut.value(event.session) != event.fanOutId)
            light(m_accountEdges.value(event.session), event, true);
        break;
    case Direction::SessionToServer:
        light(route(event.session) == Route::Direct ? m_directEdges.value(event.session)
                                                    : m_accountEdges.value(event.session),
              event, false);
        break;
    case Direction::Fork:
    case Direction::Replay:
        for (const QString &target : event.targets)
            observeRoute(target, Route::ViaAccount);
        break;
    case Direction::Internal:
    case Direction::StreamError:
        break;
    }
}

void FanOutView::light(FanOutEdge *edge, const TraceEvent &event, bool downward)
{
    if (!edge)
        return;
    edge->flash(event.kind, downward, event.xml, m_clock.elapsed());
    m_glowing.insert(edge);
    requestFrame();
}

void FanOutView::tick()
{
    for (const QString &session : std::as_const(m_dirtyCounters)) {
        if (FanOutNode *node = m_sessions.value(session))
            node->setCounter(m_counters.value(session));
    }
    m_dirtyCounters.clear();
    if (m_statsDirty)
        m_scene->update(m_statsRect);
    m_statsDirty = false;
    const qint64 now = m_clock.elapsed();
    for (auto it = m_glowing.begin(); it != m_glowing.end();) {
        if ((*it)->advance(now))
            ++it;
        else
            it = m_glowing.erase(it);
    }
    if (m_glowing.isEmpty())
        m_frameTimer.stop();
}

void FanOutView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    layoutScene();
}

bool FanOutView::viewportEvent(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QGraphicsView::viewportEvent(event);
    auto *help = static_cast<QHelpEvent *>(event);
    const QList<QGraphicsItem *> hits = items(help->pos());
    for (QGraphicsItem *item : hits) {
        if (item->type() == FanOutNode::Type)
            break; // nodes carry their own tooltips
        if (item->type() != FanOutEdge::Type || !item->isVisible())
            continue;
        const auto *edge = static_cast<FanOutEdge *>(item);
        QString text = QStringLiteral("<b>%1</b><br>").arg(edge->label().toHtmlEscaped());
        if (edge->lastXml().isEmpty()) {
            text += QStringLiteral("No stanza has crossed this edge yet.");
        } else {
            QString xml = XmlText::indented(edge->lastXml());
            if (xml.size() > MaxTooltipXml)
                xml = xml.left(MaxTooltipXml) + QStringLiteral("\n\u2026");
            text += QStringLiteral("%1 stanza%2 so far; the last one (%3):<pre>%4</pre>")
                        .arg(edge->count())
                        .arg(edge->count() == 1 ? QString() : QStringLiteral("s"))
                        .arg(TraceEvent::kindName(edge->lastKind()), xml.toHtmlEscaped());
        }
        QToolTip::showText(help->globalPos(), text, viewport());
        return true;
    }
    return QGraphicsView::viewportEvent(event);
}
