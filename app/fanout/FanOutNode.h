// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A box in the fan-out diagram: the room, an account or a session. Lit nodes take
// part in the room; dim ones are shown so the absence is visible too. Sizes and
// fonts are in pixels at scale 1; the view scales the item (setScale()) for zoom
// and lets the size shrink from sizeFor() when the row is crowded.
#pragma once

#include <QColor>
#include <QGraphicsItem>

class FanOutNode : public QGraphicsItem
{
public:
    enum class Role { Room, Account, Session };
    enum { Type = UserType + 1 };

    FanOutNode(Role role, const QString &jid, const QColor &accent);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    Role role() const { return m_role; }
    QString jid() const { return m_jid; }
    QSizeF size() const { return m_size; }
    void setSize(const QSizeF &size);
    // The size the node has with room to spare.
    static QSizeF sizeFor(Role role);
    // Font sizes in pixels at scale 1; the subtitle is the smallest text in a node.
    static constexpr qreal TitlePixels = 14;
    static constexpr qreal RoomTitlePixels = 16.5;
    static constexpr qreal SubtitlePixels = 11;

    void setTitle(const QString &title);
    void setSubtitle(const QString &subtitle);
    QString subtitle() const { return m_subtitle; }
    void setLit(bool lit);
    bool isLit() const { return m_lit; }
    // Sessions only: the connection is lost but the server keeps the session (and its
    // place in the room) for resumption; drawn hatched with a dashed golden border.
    void setDetached(bool detached);
    bool isDetached() const { return m_detached; }
    // Sessions show how many room stanzas reached them.
    void setCounter(int counter);
    int counter() const { return m_counter; }

    // Where edges attach, in scene coordinates.
    QPointF topAnchor() const;
    QPointF bottomAnchor() const;

private:
    void updateToolTip();

    const Role m_role;
    const QString m_jid;
    const QColor m_accent;
    QSizeF m_size;
    QString m_title;
    QString m_subtitle;
    bool m_lit = false;
    bool m_detached = false;
    int m_counter = 0;
};
