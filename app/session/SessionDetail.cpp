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
#include <QVBoxLayout>

namespace {
QLabel *sectionTitle(const QString &text)
{
    auto *label = new QLabel(QStringLiteral("<b>%1</b>").arg(text.toHtmlEscaped()));
    return label;
}

QWidget *section(const QString &title, QWidget *content)
{
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    if (!title.isEmpty())
        layout->addWidget(sectionTitle(title));
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
    room->setStretchFactor(0, 3);
    room->setStretchFactor(1, 2);

    auto *vertical = new QSplitter(Qt::Vertical);
    vertical->setObjectName(QStringLiteral("detailSplitter"));
    vertical->setChildrenCollapsible(false);
    vertical->addWidget(room);
    vertical->addWidget(section(tr("XML console"), m_console));
    vertical->addWidget(section(tr("Send raw XML"), m_raw));
    vertical->setStretchFactor(0, 4);
    vertical->setStretchFactor(1, 6);
    vertical->setStretchFactor(2, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(8);
    layout->addLayout(header);
    layout->addWidget(m_controls);
    layout->addWidget(vertical, 1);
}
