// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/SessionDetail.h"

#include "core/session/LabSession.h"
#include "session/ChatView.h"
#include "session/OccupantList.h"
#include "session/RawXmlInput.h"
#include "session/SessionControls.h"
#include "session/SessionPane.h"
#include "session/XmlConsole.h"
#include "ui/LabPalette.h"

#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

namespace {
QWidget *section(const QString &title, QWidget *content)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    if (!title.isEmpty())
        layout->addWidget(new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped())));
    layout->addWidget(content, 1);
    return box;
}
} // namespace

SessionDetail::SessionDetail(LabSession *session, LabServerHost *host, const QString &roomJid,
                             const QColor &accent, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    setObjectName(QStringLiteral("detail-") + session->jid());
    QLayout *header = SessionPane::createHeader(session, accent, 2);

    m_controls = new SessionControls(session, host, roomJid);
    m_chat = new ChatView(session, roomJid);
    m_occupants = new OccupantList(session, roomJid);
    m_console = new XmlConsole(session);
    m_raw = new RawXmlInput(session);

    auto *room = new QSplitter(Qt::Horizontal);
    room->setChildrenCollapsible(false);
    room->addWidget(section(QString(), m_chat));
    room->addWidget(m_occupants);
    room->setStretchFactor(0, 1);
    room->setStretchFactor(1, 1);

    // Tabs, not a stack of panes: beside the Timeline dock at 1400×900 each one gets the
    // dock's whole height, so the XML console shows more than a couple of lines.
    auto *tabs = new QTabWidget;
    tabs->setObjectName(QStringLiteral("detailTabs"));
    tabs->setDocumentMode(true);
    tabs->addTab(room, tr("Room"));
    tabs->addTab(section(QString(), m_console), tr("XML console"));
    tabs->addTab(section(QString(), m_raw), tr("Send raw XML"));
    tabs->setTabToolTip(0, tr("The room as %1 sees it: chat and occupants").arg(session->name()));
    tabs->setTabToolTip(1, tr("Every stanza %1 sent and received").arg(session->name()));
    tabs->setTabToolTip(2, tr("Send any stanza from %1").arg(session->name()));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(8);
    layout->addLayout(header);
    layout->addWidget(m_controls);
    layout->addWidget(tabs, 1);
}
