// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The fan-out diagram: one room at the top, the accounts in the middle and their
// sessions below. Trace events light the edges a stanza travelled, so one can see
// a room stanza addressed to an account being forked to the joined sessions only.
#pragma once

#include "JoinMode.h"
#include "TraceEvent.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QGraphicsView>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QTimer>

class FanOutEdge;
class FanOutNode;
class QGraphicsPathItem;
class QGraphicsSimpleTextItem;
class QGraphicsTextItem;

class FanOutView : public QGraphicsView
{
    Q_OBJECT
    // Presentation zoom (PresentationZoom): text and boxes grow, the diagram still fits.
    Q_PROPERTY(double zoom READ zoom WRITE setZoom)
public:
    enum class Route { ViaAccount, Direct };

    explicit FanOutView(const QString &roomJid, QWidget *parent = nullptr);
    ~FanOutView() override;

    QString room() const { return m_roomJid; }
    // Draws another room (a scenario's): no session has joined it and no route was seen yet.
    void setRoom(const QString &roomJid);
    // Sessions are laid out under their account, in the order they are added.
    void addSession(const QString &fullJid, const QColor &accent);
    void setSessionJoined(const QString &fullJid, bool joined);
    // The server keeps the session for resumption for up to resumeSeconds: its node is
    // hatched with a countdown; it still counts as joined (§5).
    void setSessionDetached(const QString &fullJid, int resumeSeconds);
    // Resumed, or ended: drawn as its joined state says again.
    void clearSessionDetached(const QString &fullJid);
    bool isSessionDetached(const QString &fullJid) const { return m_detached.contains(fullJid); }
    // The detached session's node subtitle, e.g. "detached · 4:32 left".
    QString sessionSubtitle(const QString &fullJid) const;
    // The session's node and edges go; its account's too when it was the last one.
    void removeSession(const QString &fullJid);
    // The server's default mode: how sessions that have not joined would be routed.
    void setJoinMode(JoinMode mode);
    void resetCounters();
    // A new server: the room has no occupants and no route has been seen yet.
    void resetRoom();

    QStringList accounts() const { return m_accountOrder; }
    // Lit: the room says the account is an occupant (account-level mode).
    bool isAccountLit(const QString &bareJid) const;
    bool isSessionLit(const QString &fullJid) const;
    int sessionCounter(const QString &fullJid) const;
    Route route(const QString &fullJid) const;
    // The edge a room stanza takes last on its way to the session, as drawn now.
    FanOutEdge *edgeTo(const QString &fullJid) const;
    FanOutEdge *roomEdge(const QString &bareJid) const { return m_roomEdges.value(bareJid); }
    int glowingEdgeCount() const { return m_glowing.size(); }
    double zoom() const { return m_zoom; }
    void setZoom(double factor);
    // Pixels on screen per pixel of the node fonts (FanOutNode::TitlePixels): the zoom
    // factor as far as the diagram fits, and never below readable while it can.
    qreal textScale() const { return m_unit; }
    // A session's or account's title as tall as it is drawn now, in pixels on screen.
    qreal nodeTitlePixels() const;
    // The explanation of the mode under the title; on the title's tooltip when narrow.
    bool isCaptionShown() const;
    // The roomy layout at the zoom: what a splitter should try to give the diagram.
    QSize sizeHint() const override;

    int roomStanzas() const { return m_roomStanzas; }
    int deliveries() const { return m_deliveries; }
    // What the view shows, as data: the room, its occupant count, each account and
    // session with its state and counter, and the totals (--view-json).
    QJsonObject viewModel() const;

public slots:
    void handleTrace(const TraceEvent &event);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    bool viewportEvent(QEvent *event) override;

private:
    void layoutScene();
    // The scale the layout uses in a viewport of this size: see textScale().
    qreal unitFor(const QSizeF &viewport) const;
    // Layout widths and heights at scale 1, in pixels.
    qreal minimumWidth() const;
    qreal preferredWidth() const;
    qreal legendWidth() const;
    qreal minimumHeight(qreal width) const;
    qreal preferredHeight(qreal width) const;
    qreal leftBlockHeight(bool wide) const;
    void refreshState();
    void observeRoute(const QString &session, Route route);
    void followAccountPresence(const TraceEvent &event);
    void light(FanOutEdge *edge, const TraceEvent &event, bool downward);
    void tick();
    void requestFrame();
    void updateCaption();
    void countersChanged();
    void buildLegend();

    QString m_roomJid;
    QGraphicsScene *const m_scene;
    FanOutNode *m_room = nullptr;
    QGraphicsSimpleTextItem *m_title = nullptr;
    QGraphicsTextItem *m_caption = nullptr;
    QList<QGraphicsItem *> m_legend;
    QStringList m_accountOrder;
    QStringList m_sessionOrder;
    QHash<QString, FanOutNode *> m_accounts;
    QHash<QString, FanOutNode *> m_sessions;
    QHash<QString, QGraphicsPathItem *> m_groups; // by account
    QHash<QString, FanOutEdge *> m_roomEdges; // room → account, by account
    QHash<QString, FanOutEdge *> m_accountEdges; // account → session, by session
    QHash<QString, FanOutEdge *> m_directEdges; // room → session (classic), by session
    QHash<QString, bool> m_joined;
    QHash<QString, QDeadlineTimer> m_detached; // by session: when the server gives up
    QTimer m_countdown; // once a second while any session is detached
    QSet<QString> m_occupyingAccounts; // as the room reported them
    QHash<QString, Route> m_observedRoute; // what the server last did for a session
    QHash<QString, quint64> m_directFanOut; // session -> fan-out of its last RoomToSession hop
    JoinMode m_mode = JoinMode::AccountLevel;
    int m_occupants = 0; // as the room node says
    int m_roomStanzas = 0;
    int m_deliveries = 0;
    QRectF m_statsRect;
    double m_zoom = 1.0;
    qreal m_unit = 1.0; // see textScale()

    // One clock and one frame timer for every glow, never an animation per stanza.
    // Counters and new glows reach the scene at the next frame too: however many
    // stanzas arrive in between, the view repaints at most once per frame.
    QElapsedTimer m_clock;
    QTimer m_frameTimer;
    QSet<FanOutEdge *> m_glowing;
    QHash<QString, int> m_counters; // by session, as shown at the next frame
    QSet<QString> m_dirtyCounters;
    bool m_statsDirty = false;
};
