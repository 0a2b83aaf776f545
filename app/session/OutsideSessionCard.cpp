// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/OutsideSessionCard.h"

#include "Jid.h"
#include "XmlText.h"
#include "core/session/StanzaSummary.h"
#include "session/XmlConsole.h"
#include "ui/ElidedLabel.h"
#include "ui/LabPalette.h"

#include <QDialog>
#include <QDomElement>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMouseEvent>
#include <QVBoxLayout>

OutsideSessionCard::OutsideSessionCard(const QString &fullJid, const QColor &accent, QWidget *parent)
    : QFrame(parent)
    , m_jid(fullJid)
{
    setObjectName(QStringLiteral("outsideCard"));
    setFrameShape(QFrame::StyledPanel);
    // Dotted: a session the lab watches but does not drive.
    setStyleSheet(
        QStringLiteral("OutsideSessionCard { border: 1px dashed %1; border-radius: 8px; background: "
                       "palette(base); }")
            .arg(LabPalette::mutedInk().name()));
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("%1 is a real client's session: the lab shows what it gets but cannot type for it. "
                  "Click for its XML.")
                   .arg(fullJid));

    auto *dot = new QLabel;
    dot->setFixedSize(12, 12);
    dot->setStyleSheet(QStringLiteral("background: %1; border-radius: 6px;").arg(accent.name()));
    auto *title = new ElidedLabel(QStringLiteral("%1 / %2").arg(Jid::node(fullJid), Jid::resource(fullJid)));
    title->setObjectName(QStringLiteral("title"));
    QFont bold = title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() + 1);
    title->setFont(bold);
    title->setExplanation(fullJid);
    auto *header = new QHBoxLayout;
    header->setSpacing(8);
    header->addWidget(dot);
    header->addWidget(title, 1);

    QPalette muted = palette();
    muted.setColor(QPalette::WindowText, LabPalette::mutedInk());
    m_client = new ElidedLabel;
    m_client->setObjectName(QStringLiteral("client"));
    m_client->setPalette(muted);
    m_state = new ElidedLabel;
    m_state->setObjectName(QStringLiteral("status"));
    m_state->setMaximumLines(2);
    m_counts = new ElidedLabel;
    m_counts->setObjectName(QStringLiteral("counts"));
    m_counts->setPalette(muted);
    m_counts->setExplanation(tr("Stanzas the server delivered to this session, from the room or not."));

    m_log = new QListWidget;
    m_log->setObjectName(QStringLiteral("log"));
    m_log->setUniformItemSizes(true);
    m_log->setSelectionMode(QAbstractItemView::NoSelection);
    m_log->setFocusPolicy(Qt::NoFocus);
    m_log->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_log->setTextElideMode(Qt::ElideRight);
    m_log->setMinimumHeight(3 * fontMetrics().height() + 8);
    m_log->viewport()->setCursor(Qt::PointingHandCursor);
    m_log->viewport()->installEventFilter(this);

    auto *note = new QLabel(tr("Real client \u00b7 the lab only watches"));
    note->setObjectName(QStringLiteral("watchNote"));
    note->setPalette(muted);
    QFont small = note->font();
    small.setPointSizeF(small.pointSizeF() - 1);
    note->setFont(small);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(4);
    layout->addLayout(header);
    layout->addWidget(m_client);
    layout->addWidget(m_state);
    layout->addWidget(m_log, 1);
    layout->addWidget(m_counts);
    layout->addWidget(note);

    // The console collects from the start, shown or not, so opening it shows everything.
    m_console = new XmlConsole(Jid::bare(fullJid));
    m_console->setObjectName(QStringLiteral("outsideConsole"));
    m_consoleWindow = new QDialog(this);
    m_consoleWindow->setWindowTitle(tr("XML of %1").arg(fullJid));
    auto *consoleLayout = new QVBoxLayout(m_consoleWindow);
    consoleLayout->addWidget(m_console);
    m_consoleWindow->resize(760, 560);
    updateTexts();
}

void OutsideSessionCard::setClientName(const QString &name)
{
    m_clientName = name;
    updateTexts();
}

void OutsideSessionCard::setRooms(const QStringList &rooms)
{
    m_rooms = rooms;
    updateTexts();
}

void OutsideSessionCard::addSent(const QString &xml)
{
    m_console->add(XmlConsole::Direction::Out, XmlText::toElement(xml));
}

void OutsideSessionCard::addReceived(const QString &xml)
{
    const QDomElement stanza = XmlText::toElement(xml);
    m_console->add(XmlConsole::Direction::In, stanza);
    ++m_received;
    auto *item = new QListWidgetItem(StanzaSummary::summarize(stanza));
    item->setToolTip(item->text());
    m_log->addItem(item);
    if (m_log->count() > MaxLogLines)
        delete m_log->takeItem(0);
    m_log->scrollToBottom();
    updateTexts();
}

QString OutsideSessionCard::stateText() const
{
    if (m_rooms.isEmpty())
        return tr("online, in no room");
    QStringList names;
    for (const QString &room : m_rooms)
        names << Jid::node(room);
    return tr("joined %1").arg(names.join(QStringLiteral(", ")));
}

void OutsideSessionCard::showConsole()
{
    m_consoleWindow->show();
    m_consoleWindow->raise();
    m_consoleWindow->activateWindow();
}

void OutsideSessionCard::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        showConsole();
    QFrame::mousePressEvent(event);
}

bool OutsideSessionCard::eventFilter(QObject *watched, QEvent *event)
{
    // The log fills most of the card: a click on it opens the console too.
    if (watched == m_log->viewport() && event->type() == QEvent::MouseButtonPress)
        showConsole();
    return QFrame::eventFilter(watched, event);
}

void OutsideSessionCard::updateTexts()
{
    m_client->setText(m_clientName.isEmpty() ? tr("client not identified yet") : m_clientName);
    m_client->setExplanation(m_clientName.isEmpty()
                                 ? tr("Asked with XEP-0092 when it logged in; a client may not answer.")
                                 : tr("As the client names itself (XEP-0092, or its XEP-0115 caps node)."));
    m_state->setText(stateText());
    m_counts->setText(tr("%n received", nullptr, m_received));
}
