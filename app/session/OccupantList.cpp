// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/OccupantList.h"

#include "Jid.h"
#include "Vocabulary.h"
#include "core/session/LabSession.h"
#include "ui/ElidedLabel.h"
#include "ui/LabPalette.h"

#include <QDomElement>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <algorithm>

namespace {
enum Column { NickColumn, RoleColumn, ShowColumn };
constexpr int OccupantRole = Qt::UserRole;

QColor showColor(const QString &show)
{
    if (show == QLatin1String("online") || show == QLatin1String("chat"))
        return QColor(0x2e, 0xa0, 0x43);
    if (show == QLatin1String("away"))
        return QColor(0xe0, 0x9b, 0x1a);
    if (show == QLatin1String("xa"))
        return QColor(0xc2, 0x6a, 0x1f);
    return QColor(0xcf, 0x3a, 0x3a); // dnd
}
} // namespace

OccupantList::OccupantList(LabSession *session, const QString &roomJid, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_room(roomJid)
{
    // "Occupants" in bold, then whose view and how many, cut with "…" when narrow.
    auto *heading = new QLabel(QStringLiteral("<b>%1</b>").arg(tr("Occupants")));
    m_title = new ElidedLabel;
    m_title->setObjectName(QStringLiteral("occupantTitle"));
    QPalette muted = m_title->palette();
    muted.setColor(QPalette::WindowText, LabPalette::mutedInk());
    m_title->setPalette(muted);
    m_tree = new QTreeWidget;
    m_tree->setObjectName(QStringLiteral("occupants"));
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    // Short headers, so the columns fit a narrow dock; the cells say "role / affiliation".
    m_tree->setHeaderLabels({ tr("Nick"), tr("Role"), tr("Show") });
    m_tree->headerItem()->setToolTip(RoleColumn, tr("Role / affiliation"));
    m_tree->headerItem()->setToolTip(ShowColumn, tr("Presence show, and status text"));
    // Every column in view however narrow the dock: nick and show share what role and
    // affiliation leave, cut with "…" (the tooltips have them whole), never scrolled off.
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(NickColumn, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(RoleColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(ShowColumn, QHeaderView::Stretch);
    m_tree->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(NickColumn, Qt::AscendingOrder);
    m_tree->setStyleSheet(QStringLiteral("QTreeWidget { border: 1px solid %1; border-radius: 6px; }")
                              .arg(LabPalette::cardBorder().name()));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    auto *titleRow = new QHBoxLayout;
    titleRow->setSpacing(6);
    titleRow->addWidget(heading);
    titleRow->addWidget(m_title, 1);
    layout->addLayout(titleRow);
    layout->addWidget(m_tree, 1);

    connect(session, &LabSession::elementReceived, this, &OccupantList::follow);
    // Whoever is no longer in the room sees nobody there.
    connect(session, &LabSession::joinedChanged, this, [this](const QString &room, bool joined) {
        if (room == m_room && !joined)
            clear();
    });
    connect(session, &LabSession::connectionChanged, this, [this](bool connected) {
        // A lost network leaves the session in the room until it resumes or ends, and
        // then joinedChanged() says so.
        if (!connected && !m_session->isNetworkLost())
            clear();
    });
    updateTitle();
}

void OccupantList::follow(const QDomElement &stanza)
{
    if (stanza.tagName() != QLatin1String("presence"))
        return;
    const QString from = stanza.attribute(QStringLiteral("from"));
    const QString nick = Jid::resource(from);
    if (Jid::bare(from) != m_room || nick.isEmpty())
        return;
    const QString type = stanza.attribute(QStringLiteral("type"));
    if (!type.isEmpty() && type != QLatin1String("unavailable"))
        return; // errors answer a request; they say nothing about who is there

    QTreeWidgetItem *item = nullptr;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        if (m_tree->topLevelItem(i)->data(NickColumn, OccupantRole).toString() == nick)
            item = m_tree->topLevelItem(i);
    }
    if (type == QLatin1String("unavailable")) {
        delete item; // a nick change (303) too: the new nick's presence follows
        updateTitle();
        return;
    }

    Occupant occupant;
    occupant.nick = nick;
    bool self = false;
    for (QDomElement x = stanza.firstChildElement(QStringLiteral("x")); !x.isNull();
         x = x.nextSiblingElement(QStringLiteral("x"))) {
        if (x.namespaceURI() != Ns::MucUser)
            continue;
        const QDomElement itemElement = x.firstChildElement(QStringLiteral("item"));
        occupant.role = itemElement.attribute(QStringLiteral("role"));
        occupant.affiliation = itemElement.attribute(QStringLiteral("affiliation"));
        for (QDomElement status = x.firstChildElement(QStringLiteral("status")); !status.isNull();
             status = status.nextSiblingElement(QStringLiteral("status"))) {
            if (status.attribute(QStringLiteral("code")).toInt() == MucStatus::SelfPresence)
                self = true;
        }
    }
    occupant.self = self || nick == m_session->nick(m_room);
    const QString show = stanza.firstChildElement(QStringLiteral("show")).text();
    occupant.show = show.isEmpty() ? QStringLiteral("online") : show;
    occupant.status = stanza.firstChildElement(QStringLiteral("status")).text();
    if (!item) {
        item = new QTreeWidgetItem;
        m_tree->addTopLevelItem(item);
    }
    update(item, occupant);
    updateTitle();
}

void OccupantList::update(QTreeWidgetItem *item, const Occupant &occupant)
{
    item->setData(NickColumn, OccupantRole, occupant.nick);
    item->setData(RoleColumn, OccupantRole, occupant.role);
    item->setData(ShowColumn, OccupantRole, occupant.affiliation);
    item->setData(ShowColumn, OccupantRole + 1, occupant.show);
    item->setData(NickColumn, OccupantRole + 1, occupant.self);
    item->setData(NickColumn, OccupantRole + 2, occupant.status);
    item->setText(NickColumn, occupant.self ? tr("%1 (you)").arg(occupant.nick) : occupant.nick);
    item->setText(RoleColumn, QStringLiteral("%1 / %2").arg(occupant.role, occupant.affiliation));
    item->setText(ShowColumn,
                  occupant.status.isEmpty()
                      ? occupant.show
                      : QStringLiteral("%1 \u2014 %2").arg(occupant.show, occupant.status));
    item->setForeground(ShowColumn, showColor(occupant.show));
    item->setToolTip(ShowColumn, item->text(ShowColumn));
    item->setToolTip(RoleColumn, item->text(RoleColumn));
    QFont font = m_tree->font();
    font.setBold(occupant.self);
    item->setFont(NickColumn, font);
    item->setToolTip(NickColumn, Jid::full(m_room, occupant.nick));
}

QVector<OccupantList::Occupant> OccupantList::occupants() const
{
    QVector<Occupant> list;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_tree->topLevelItem(i);
        Occupant occupant;
        occupant.nick = item->data(NickColumn, OccupantRole).toString();
        occupant.role = item->data(RoleColumn, OccupantRole).toString();
        occupant.affiliation = item->data(ShowColumn, OccupantRole).toString();
        occupant.show = item->data(ShowColumn, OccupantRole + 1).toString();
        occupant.self = item->data(NickColumn, OccupantRole + 1).toBool();
        occupant.status = item->data(NickColumn, OccupantRole + 2).toString();
        list << occupant;
    }
    std::sort(list.begin(), list.end(), [](const Occupant &a, const Occupant &b) { return a.nick < b.nick; });
    return list;
}

QStringList OccupantList::nicks() const
{
    QStringList list;
    for (const Occupant &occupant : occupants())
        list << occupant.nick;
    return list;
}

void OccupantList::clear()
{
    m_tree->clear();
    updateTitle();
}

void OccupantList::updateTitle()
{
    const int count = m_tree->topLevelItemCount();
    m_title->setText(tr("%1 \u00b7 as %2 sees them").arg(count).arg(m_session->name()));
}
