// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/SessionsDock.h"

#include "core/session/LabSession.h"
#include "session/SessionDetail.h"
#include "ui/LabPalette.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace {
// The dock's content asks for a width that leaves six session cards room beside it
// at 1400 pixels; QMainWindow sizes a dock by its content, not by the dock.
class NarrowContent : public QWidget
{
public:
    QSize sizeHint() const override
    {
        return { qMin(470, QWidget::sizeHint().width()), QWidget::sizeHint().height() };
    }
};
} // namespace

SessionsDock::SessionsDock(LabServerHost *host, const QString &roomJid, QWidget *parent)
    : QDockWidget(tr("Session"), parent)
    , m_host(host)
    , m_room(roomJid)
{
    setObjectName(QStringLiteral("sessionsDock"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable
                | QDockWidget::DockWidgetFloatable);

    m_selector = new QComboBox;
    m_selector->setObjectName(QStringLiteral("sessionSelector"));
    m_selector->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_selector->setSizePolicy(QSizePolicy::Minimum, QSizePolicy::Fixed); // the name whole, always
    m_remove = new QPushButton(tr("Remove"));
    m_remove->setObjectName(QStringLiteral("removeSession"));
    m_remove->setToolTip(tr("Log this session out and take it out of the lab"));
    m_newSession = new QLineEdit;
    m_newSession->setObjectName(QStringLiteral("newSession"));
    m_newSession->setPlaceholderText(tr("user/resource, e.g. dave/tablet"));
    m_newSession->setClearButtonEnabled(true);
    m_newSession->setMinimumWidth(m_newSession->fontMetrics().horizontalAdvance(QStringLiteral("dave/tablet"))
                                  + 24);
    m_add = new QPushButton(tr("Add session"));
    m_add->setObjectName(QStringLiteral("addSession"));
    m_add->setToolTip(tr("A new session, on a new account if the user is new"));
    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("sessionsMessage"));
    m_message->setStyleSheet(QStringLiteral("color: %1;").arg(LabPalette::failure().name()));
    m_message->setWordWrap(true); // a long reason must not widen the dock
    m_message->hide();
    m_stack = new QStackedWidget;

    auto *top = new QHBoxLayout;
    top->setSpacing(6);
    top->addWidget(m_selector);
    top->addWidget(m_remove);
    top->addSpacing(12);
    top->addWidget(m_newSession, 1);
    top->addWidget(m_add);

    auto *content = new NarrowContent;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 6, 8, 4);
    layout->setSpacing(4);
    layout->addLayout(top);
    layout->addWidget(m_message);
    layout->addWidget(m_stack, 1);
    setWidget(content);

    connect(m_selector, QOverload<int>::of(&QComboBox::currentIndexChanged), this, [this](int index) {
        if (index >= 0)
            m_stack->setCurrentIndex(index);
        refresh();
    });
    connect(m_add, &QPushButton::clicked, this, &SessionsDock::requestAdd);
    connect(m_newSession, &QLineEdit::returnPressed, this, &SessionsDock::requestAdd);
    connect(m_newSession, &QLineEdit::textChanged, this, &SessionsDock::refresh);
    // A message about the previous entry is stale once the user types another.
    connect(m_newSession, &QLineEdit::textEdited, this, [this] { setMessage(QString()); });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (SessionDetail *shown = currentDetail())
            emit removeRequested(shown->session());
    });
    refresh();
}

SessionDetail *SessionsDock::addSession(LabSession *session, const QColor &accent)
{
    auto *detail = new SessionDetail(session, m_host, m_room, accent);
    m_stack->addWidget(detail);
    m_selector->addItem(session->name(), session->jid());
    setMessage(QString()); // it spoke of the sessions as they were
    refresh();
    return detail;
}

void SessionsDock::removeSession(LabSession *session)
{
    SessionDetail *gone = detail(session);
    if (!gone)
        return;
    const int index = m_stack->indexOf(gone);
    m_stack->removeWidget(gone);
    m_selector->removeItem(index);
    gone->deleteLater();
    setMessage(QString()); // "… is already in the lab" may be about this one
    refresh();
}

SessionDetail *SessionsDock::detail(const LabSession *session) const
{
    for (int i = 0; i < m_stack->count(); ++i) {
        auto *candidate = qobject_cast<SessionDetail *>(m_stack->widget(i));
        if (candidate && candidate->session() == session)
            return candidate;
    }
    return nullptr;
}

SessionDetail *SessionsDock::currentDetail() const
{
    return qobject_cast<SessionDetail *>(m_stack->currentWidget());
}

void SessionsDock::showSession(const LabSession *session)
{
    if (SessionDetail *shown = detail(session))
        m_selector->setCurrentIndex(m_stack->indexOf(shown));
    show();
    raise();
}

void SessionsDock::setSessionsLocked(bool locked)
{
    m_locked = locked;
    refresh();
}

void SessionsDock::setMessage(const QString &text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void SessionsDock::requestAdd()
{
    // The lab's names: a user and a resource, both plain words.
    const QRegularExpression pattern(QStringLiteral("^([a-z0-9._-]+)/([A-Za-z0-9._-]+)$"));
    const QRegularExpressionMatch match = pattern.match(m_newSession->text().trimmed());
    if (m_locked)
        return;
    if (!match.hasMatch()) {
        setMessage(tr("Write the new session as user/resource, e.g. dave/tablet."));
        return;
    }
    setMessage(QString());
    emit addRequested(match.captured(1), match.captured(2));
}

void SessionsDock::refresh()
{
    m_add->setEnabled(!m_locked && !m_newSession->text().trimmed().isEmpty());
    m_remove->setEnabled(!m_locked && m_stack->count() > 0);
}
