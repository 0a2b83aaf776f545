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
#include <QJsonArray>
#include <QToolTip>
#include <algorithm>
#include <utility>

namespace {
// The layout, in pixels at scale 1 (textScale()); the scene is the viewport, pixel
// for pixel, and every item is scaled by the unit the viewport allows.
constexpr qreal Margin = 16; // left and right of the diagram
constexpr qreal TopMargin = 10;
constexpr qreal BottomMargin = 6;
constexpr qreal SessionGap = 18; // between sessions of one account, with room to spare
constexpr qreal CompactSessionGap = 10;
constexpr qreal AccountGap = 56; // between accounts
constexpr qreal CompactAccountGap = 28; // still keeps the accounts' frames apart
constexpr qreal MinSessionWidth = 96; // a resource and most of "joined via alice"
constexpr qreal MinRoomWidth = 230;
constexpr qreal CaptionWidth = 300;
constexpr qreal StatsWidth = 250;
constexpr qreal StatsHeight = 52;
constexpr qreal TitlePixels = 17;
constexpr qreal CaptionPixels = 12;
constexpr qreal LegendPixels = 11;
constexpr qreal LegendRow = 22;
constexpr qreal GroupAbove = 14; // an account's frame around its node and sessions
constexpr qreal GroupBelow = 13;
constexpr qreal GroupSide = 12;
// Vertical gaps: the least that still shows the fan, and what they get with room to spare.
constexpr qreal MinRoomGap = 30; // room to accounts
constexpr qreal RoomGap = 86;
constexpr qreal MinAccountGap = 28; // accounts to sessions
constexpr qreal AccountRowGap = 66;
constexpr qreal MinLegendGap = 8;
constexpr qreal LegendGap = 40;
// Node titles on screen at 100 %: a projector's back row still reads them.
constexpr qreal ReadableTitlePixels = 11.5;
constexpr int MaxTooltipXml = 4000;
constexpr int FrameMs = UpdateBatch::IntervalMs; // the counters' batches, and ~30 fps while something glows

qreal roomHeight()
{
    return FanOutNode::sizeFor(FanOutNode::Role::Room).height();
}
qreal accountHeight()
{
    return FanOutNode::sizeFor(FanOutNode::Role::Account).height();
}
qreal sessionHeight()
{
    return FanOutNode::sizeFor(FanOutNode::Role::Session).height();
}
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
    setMinimumSize(480, 240);
    m_scene->setItemIndexMethod(QGraphicsScene::NoIndex); // few items, many repaints

    m_room = new FanOutNode(FanOutNode::Role::Room, roomJid, LabPalette::ink());
    m_room->setTitle(Jid::node(roomJid));
    m_scene->addItem(m_room);

    // Pixel sizes: layoutScene() scales the items, so the sizes on screen are known.
    QFont titleFont = font();
    titleFont.setPixelSize(qRound(TitlePixels));
    titleFont.setBold(true);
    m_title = m_scene->addSimpleText(QString(), titleFont);
    m_title->setBrush(LabPalette::ink());
    QFont captionFont = font();
    captionFont.setPixelSize(qRound(CaptionPixels));
    m_caption = m_scene->addText(QString(), captionFont);
    m_caption->setDefaultTextColor(LabPalette::mutedInk());
    m_caption->setTextWidth(CaptionWidth);
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
    legendFont.setPixelSize(qRound(LegendPixels));
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

void FanOutView::setZoom(double factor)
{
    factor = qBound(0.5, factor, 4.0);
    if (qFuzzyCompare(factor, m_zoom))
        return;
    m_zoom = factor;
    layoutScene();
}

qreal FanOutView::nodeTitlePixels() const
{
    return FanOutNode::TitlePixels * m_unit;
}

QSize FanOutView::sizeHint() const
{
    const qreal unit = qMax(1.0, m_zoom);
    return QSize(int(preferredWidth() * unit), int(preferredHeight(preferredWidth()) * unit));
}

bool FanOutView::isCaptionShown() const
{
    return m_caption->isVisible();
}

qreal FanOutView::legendWidth() const
{
    qreal width = 0;
    for (int i = 0; i < m_legend.size(); i += 2)
        width += 28 + m_legend.at(i + 1)->boundingRect().width() + 22;
    return width;
}

qreal FanOutView::leftBlockHeight(bool wide) const
{
    // The title with the caption under it, or (narrow) with the numbers under it.
    const qreal title = m_title->boundingRect().height();
    return title + 6 + (wide ? m_caption->boundingRect().height() : StatsHeight);
}

namespace {
struct Row
{
    qreal sessionWidth;
    qreal sessionGap;
    qreal accountGap;
};

int accountCount(const QStringList &sessions)
{
    int accounts = 0;
    for (int i = 0; i < sessions.size(); ++i)
        accounts += i == 0 || Jid::bare(sessions.at(i)) != Jid::bare(sessions.at(i - 1)) ? 1 : 0;
    return accounts;
}

// The sessions' row in a width: gaps shrink first, then the boxes, down to their minimum.
Row rowFor(const QStringList &sessions, qreal width)
{
    const qreal natural = FanOutNode::sizeFor(FanOutNode::Role::Session).width();
    const int n = int(sessions.size());
    const int accounts = accountCount(sessions);
    const qreal wideGaps = (n - accounts) * SessionGap + qMax(0, accounts - 1) * AccountGap;
    const qreal compactGaps = (n - accounts) * CompactSessionGap + qMax(0, accounts - 1) * CompactAccountGap;
    if (n == 0 || n * natural + wideGaps <= width)
        return { natural, SessionGap, AccountGap };
    if (n * natural + compactGaps <= width) {
        const qreal t = (width - n * natural - compactGaps) / qMax<qreal>(1, wideGaps - compactGaps);
        return { natural, CompactSessionGap + t * (SessionGap - CompactSessionGap),
                 CompactAccountGap + t * (AccountGap - CompactAccountGap) };
    }
    return { qMax(MinSessionWidth, (width - compactGaps) / n), CompactSessionGap, CompactAccountGap };
}

qreal rowWidth(const QStringList &sessions, const Row &row)
{
    qreal width = 0;
    for (int i = 0; i < sessions.size(); ++i) {
        if (i > 0)
            width += Jid::bare(sessions.at(i)) == Jid::bare(sessions.at(i - 1)) ? row.sessionGap
                                                                                : row.accountGap;
        width += row.sessionWidth;
    }
    return width;
}
} // namespace

qreal FanOutView::minimumWidth() const
{
    const qreal row = rowWidth(m_sessionOrder, { MinSessionWidth, CompactSessionGap, CompactAccountGap });
    const qreal top = Margin + qMax(m_title->boundingRect().width(), StatsWidth) + 16 + MinRoomWidth + Margin;
    return qMax(top, row + 2 * Margin);
}

qreal FanOutView::preferredWidth() const
{
    const qreal natural = FanOutNode::sizeFor(FanOutNode::Role::Session).width();
    const qreal row = rowWidth(m_sessionOrder, { natural, SessionGap, AccountGap });
    const qreal top = 2 * (Margin + qMax(CaptionWidth, StatsWidth) + 16)
        + FanOutNode::sizeFor(FanOutNode::Role::Room).width();
    return std::max({ top, row + 2 * Margin, legendWidth() + 2 * Margin });
}

qreal FanOutView::minimumHeight(qreal width) const
{
    const bool wide = width >= preferredWidth() - 0.5;
    const int legendRows = legendWidth() + 2 * Margin <= width ? 1 : 2;
    const qreal roomGap = qMax(MinRoomGap, leftBlockHeight(wide) + 6 + GroupAbove - roomHeight());
    return TopMargin + roomHeight() + roomGap + accountHeight() + MinAccountGap + sessionHeight() + GroupBelow
        + MinLegendGap + legendRows * LegendRow + BottomMargin;
}

qreal FanOutView::preferredHeight(qreal width) const
{
    return minimumHeight(width) + (RoomGap - MinRoomGap) + (AccountRowGap - MinAccountGap)
        + (LegendGap - MinLegendGap);
}

qreal FanOutView::unitFor(const QSizeF &viewport) const
{
    if (viewport.width() <= 0 || viewport.height() <= 0)
        return 1;
    const auto fits = [&](qreal unit) {
        const qreal width = viewport.width() / unit;
        return width >= minimumWidth() && viewport.height() / unit >= minimumHeight(width);
    };
    // As large as the roomy layout fills the viewport, and at least natural size; zoomed
    // from there. Then as large as still fits, the gaps and boxes at their least.
    const qreal fill
        = qMin(viewport.width() / preferredWidth(), viewport.height() / preferredHeight(preferredWidth()));
    const qreal wanted = m_zoom * qMax<qreal>(1, fill);
    if (fits(wanted))
        return wanted;
    qreal low = 0.05;
    qreal high = wanted;
    for (int i = 0; i < 24; ++i) {
        const qreal mid = (low + high) / 2;
        (fits(mid) ? low : high) = mid;
    }
    return low;
}

void FanOutView::layoutScene()
{
    // The scene is the viewport, pixel for pixel: what is drawn at 11 pixels is 11 on screen.
    const QSizeF viewportSize = viewport()->size();
    const qreal u = unitFor(viewportSize);
    m_unit = u;
    const qreal width = viewportSize.width() / u; // everything below at scale 1
    const qreal height = viewportSize.height() / u;
    resetTransform();
    m_scene->setSceneRect(0, 0, viewportSize.width(), viewportSize.height());
    const auto at = [u](qreal x, qreal y) { return QPointF(x * u, y * u); };

    // The top: title, caption and numbers left and right of the room; narrow, the
    // numbers go under the title and the caption into the title's tooltip.
    const bool wide = width >= preferredWidth() - 0.5;
    const qreal leftColumn = qMax(m_title->boundingRect().width(), StatsWidth);
    const qreal roomWidth = wide ? FanOutNode::sizeFor(FanOutNode::Role::Room).width()
                                 : qBound(MinRoomWidth, width - (Margin + leftColumn + 16) - Margin,
                                          FanOutNode::sizeFor(FanOutNode::Role::Room).width());
    const qreal centerX = width / 2;
    const qreal roomX = wide
        ? centerX
        : qMin(width - Margin - roomWidth / 2, qMax(centerX, Margin + leftColumn + 16 + roomWidth / 2));
    m_title->setScale(u);
    m_title->setPos(at(Margin, TopMargin));
    m_title->setToolTip(m_caption->toPlainText());
    m_caption->setVisible(wide);
    m_caption->setScale(u);
    m_caption->setPos(at(Margin - 4, TopMargin + m_title->boundingRect().height() + 2)); // 4: document margin
    const qreal titleBottom = TopMargin + m_title->boundingRect().height() + 6;
    const QRectF stats = wide ? QRectF(width - Margin - StatsWidth, TopMargin, StatsWidth, StatsHeight)
                              : QRectF(Margin, titleBottom, StatsWidth, StatsHeight);
    m_statsRect = QRectF(at(stats.left(), stats.top()), stats.size() * u);

    // Vertical gaps between their least and their roomy size, and beyond with room to spare.
    const int legendRows = legendWidth() + 2 * Margin <= width ? 1 : 2;
    const qreal minRoomGap = qMax(MinRoomGap, leftBlockHeight(wide) + 6 + GroupAbove - roomHeight());
    const qreal fixed = TopMargin + roomHeight() + accountHeight() + sessionHeight() + GroupBelow
        + legendRows * LegendRow + BottomMargin;
    const qreal least = minRoomGap + MinAccountGap + MinLegendGap;
    const qreal roomy = qMax(RoomGap, minRoomGap) + AccountRowGap + LegendGap;
    const qreal spare = height - fixed;
    const qreal t = qBound<qreal>(0, (spare - least) / (roomy - least), 1);
    const qreal extra = qMax<qreal>(0, spare - roomy);
    const qreal roomGap = minRoomGap + t * (qMax(RoomGap, minRoomGap) - minRoomGap) + extra * 0.4;
    const qreal accountGap = MinAccountGap + t * (AccountRowGap - MinAccountGap) + extra * 0.4;
    const qreal legendGap = MinLegendGap + t * (LegendGap - MinLegendGap) + extra * 0.2;
    const qreal roomY = TopMargin + roomHeight() / 2;
    const qreal accountY = TopMargin + roomHeight() + roomGap + accountHeight() / 2;
    const qreal sessionY = accountY + accountHeight() / 2 + accountGap + sessionHeight() / 2;
    const qreal legendTop = sessionY + sessionHeight() / 2 + GroupBelow + legendGap;

    m_room->setSize(QSizeF(roomWidth, roomHeight()));
    m_room->setScale(u);
    m_room->setPos(at(roomX, roomY));

    // The sessions' row, centred; crowded, the gaps and then the boxes narrow.
    const Row row = rowFor(m_sessionOrder, width - 2 * Margin);
    const qreal sessionWidth = row.sessionWidth;
    const qreal total = rowWidth(m_sessionOrder, row);
    QHash<QString, QPair<qreal, qreal>> spans; // account -> first and last session centre
    qreal x = centerX - total / 2;
    for (int i = 0; i < m_sessionOrder.size(); ++i) {
        const QString &session = m_sessionOrder.at(i);
        const QString account = Jid::bare(session);
        if (i > 0)
            x += account == Jid::bare(m_sessionOrder.at(i - 1)) ? row.sessionGap : row.accountGap;
        const qreal cx = x + sessionWidth / 2;
        x += sessionWidth;
        FanOutNode *node = m_sessions.value(session);
        node->setSize(QSizeF(sessionWidth, sessionHeight()));
        node->setScale(u);
        node->setPos(at(cx, sessionY));
        auto span = spans.value(account, { cx, cx });
        span.second = cx;
        spans.insert(account, span);
    }
    for (const QString &account : std::as_const(m_accountOrder)) {
        const auto span = spans.value(account);
        const qreal frameWidth = span.second - span.first + sessionWidth + 2 * GroupSide;
        FanOutNode *node = m_accounts.value(account);
        node->setSize(QSizeF(qMin(FanOutNode::sizeFor(FanOutNode::Role::Account).width(), frameWidth - 8),
                             accountHeight()));
        node->setScale(u);
        node->setPos(at((span.first + span.second) / 2, accountY));
        const QRectF frame(span.first - sessionWidth / 2 - GroupSide,
                           accountY - accountHeight() / 2 - GroupAbove, frameWidth,
                           sessionY - accountY + accountHeight() / 2 + GroupAbove + sessionHeight() / 2
                               + GroupBelow);
        QPainterPath path;
        path.addRoundedRect(QRectF(at(frame.left(), frame.top()), frame.size() * u), 18 * u, 18 * u);
        m_groups.value(account)->setPath(path);
    }

    // Edges leave the room spread along its lower side, like a fan.
    const QPointF roomBottom = m_room->bottomAnchor();
    const qreal roomHalf = (roomWidth / 2 - 30) * u;
    auto spreadFrom = [&](qreal targetX) {
        const qreal offset = qBound(-roomHalf, (targetX - roomBottom.x()) * 0.32, roomHalf);
        return QPointF(roomBottom.x() + offset, roomBottom.y());
    };
    const auto edges = { &m_roomEdges, &m_accountEdges, &m_directEdges };
    for (auto *list : edges) {
        for (FanOutEdge *edge : std::as_const(*list))
            edge->setUnit(u);
    }
    for (const QString &account : std::as_const(m_accountOrder)) {
        FanOutNode *node = m_accounts.value(account);
        m_roomEdges.value(account)->setEnds(spreadFrom(node->x()), node->topAnchor());
    }
    for (const QString &session : std::as_const(m_sessionOrder)) {
        FanOutNode *node = m_sessions.value(session);
        FanOutNode *account = m_accounts.value(Jid::bare(session));
        const qreal half = qMax<qreal>(0, account->size().width() / 2 - 24) * u;
        const qreal offset = qBound(-half, (node->x() - account->x()) * 0.45, half);
        m_accountEdges.value(session)->setEnds(QPointF(account->x() + offset, account->bottomAnchor().y()),
                                               node->topAnchor());
        m_directEdges.value(session)->setEnds(spreadFrom(node->x()), node->topAnchor());
    }

    // Legend along the bottom, centred; in two rows when one does not fit.
    QVector<int> breaks { 0 }; // the first item of each row
    if (legendRows > 1) {
        qreal run = 0;
        for (int i = 0; i < m_legend.size(); i += 2) {
            run += 28 + m_legend.at(i + 1)->boundingRect().width() + 22;
            if (breaks.size() == 1 && run > legendWidth() / 2 && i + 2 < m_legend.size())
                breaks << i + 2;
        }
    }
    breaks << int(m_legend.size());
    for (int r = 0; r + 1 < breaks.size(); ++r) {
        qreal rowWidth = 0;
        for (int i = breaks.at(r); i < breaks.at(r + 1); i += 2)
            rowWidth += 28 + m_legend.at(i + 1)->boundingRect().width() + 22;
        qreal lx = centerX - (rowWidth - 22) / 2;
        const qreal ly = legendTop + r * LegendRow + LegendRow / 2;
        for (int i = breaks.at(r); i < breaks.at(r + 1); i += 2) {
            QGraphicsItem *mark = m_legend.at(i);
            QGraphicsItem *label = m_legend.at(i + 1);
            mark->setScale(u);
            mark->setPos(at(lx, ly));
            label->setScale(u);
            label->setPos(at(lx + 28, ly - label->boundingRect().height() / 2));
            lx += 28 + label->boundingRect().width() + 22;
        }
    }
    m_scene->update();
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
        // Short enough for a one-session account's node: "occupant · 1 session".
        const QString joined = sessions == 0 ? QStringLiteral("no session")
            : sessions == 1                  ? QStringLiteral("1 session")
                                             : QStringLiteral("%1 sessions").arg(sessions);
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
    m_occupants = occupants;
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
    layoutScene(); // the title's width changed
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
    // Scaled with the diagram: the rectangle is in scene pixels, the fonts follow.
    QFont numbers = font();
    numbers.setPixelSize(qMax(1, qRound(19 * m_unit)));
    numbers.setBold(true);
    QFont label = font();
    label.setPixelSize(qMax(1, qRound(12 * m_unit)));
    const QList<QPair<int, QString>> stats = {
        { m_roomStanzas, tr("stanzas sent by the room") },
        { m_deliveries, tr("copies delivered to sessions") },
    };
    const qreal row = m_statsRect.height() / stats.size();
    // Wide enough for the longest number: tens of thousands under load.
    const qreal numberWidth = qMax<qreal>(
        56 * m_unit,
        QFontMetricsF(numbers).horizontalAdvance(QString::number(qMax(m_roomStanzas, m_deliveries))) + 4);
    for (int i = 0; i < stats.size(); ++i) {
        const QRectF number(m_statsRect.left(), m_statsRect.top() + i * row, numberWidth, row);
        const QRectF text(number.right() + 8 * m_unit, number.top(),
                          m_statsRect.right() - number.right() - 8 * m_unit, row);
        painter->setFont(numbers);
        painter->setPen(LabPalette::ink());
        painter->drawText(number, Qt::AlignRight | Qt::AlignVCenter, QString::number(stats.at(i).first));
        painter->setFont(label);
        painter->setPen(LabPalette::mutedInk());
        painter->drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetricsF(label).elidedText(stats.at(i).second, Qt::ElideRight, text.width()));
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

void FanOutView::setRoom(const QString &roomJid)
{
    if (roomJid == m_roomJid)
        return;
    m_roomJid = roomJid;
    m_room->setTitle(Jid::node(roomJid));
    for (auto joined = m_joined.begin(); joined != m_joined.end(); ++joined)
        joined.value() = false;
    m_directFanOut.clear();
    resetRoom();
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
        // Only what the room sends its occupants makes a session its own occupant: any
        // session may ask the room things (disco, admin lists) and get a direct answer.
        if (event.kind != TraceEvent::Kind::Iq && event.kind != TraceEvent::Kind::Error)
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
    case Direction::Storage:
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

QJsonObject FanOutView::viewModel() const
{
    QJsonArray accounts;
    for (const QString &account : m_accountOrder) {
        const FanOutNode *node = m_accounts.value(account);
        QJsonArray sessions;
        for (const QString &session : m_sessionOrder) {
            if (Jid::bare(session) != account)
                continue;
            const FanOutNode *box = m_sessions.value(session);
            const bool joined = m_joined.value(session);
            sessions.append(QJsonObject {
                { QStringLiteral("resource"), Jid::resource(session) },
                { QStringLiteral("joined"), joined },
                { QStringLiteral("state"), box->subtitle() },
                { QStringLiteral("route"),
                  !joined                               ? QStringLiteral("none")
                      : route(session) == Route::Direct ? QStringLiteral("direct")
                                                        : QStringLiteral("via-account") },
                { QStringLiteral("detached"), m_detached.contains(session) },
                { QStringLiteral("delivered"), m_counters.value(session) },
            });
        }
        accounts.append(QJsonObject {
            { QStringLiteral("jid"), account },
            { QStringLiteral("occupant"), node->isLit() },
            { QStringLiteral("state"), node->subtitle() },
            { QStringLiteral("sessions"), sessions },
        });
    }
    return QJsonObject {
        { QStringLiteral("room"), m_roomJid },
        { QStringLiteral("mode"), joinModeName(m_mode) },
        { QStringLiteral("occupants"), m_occupants },
        { QStringLiteral("accounts"), accounts },
        { QStringLiteral("totals"),
          QJsonObject { { QStringLiteral("room_sent"), m_roomStanzas },
                        { QStringLiteral("delivered"), m_deliveries } } },
    };
}
