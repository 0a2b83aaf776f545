// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/SessionPane.h"

#include "core/session/StanzaSummary.h"
#include "ui/LabPalette.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

SessionPane::SessionPane(LabSession *session, const QString &roomJid, const QColor &accent, QWidget *parent)
    : QFrame(parent)
    , m_session(session)
    , m_room(roomJid)
    , m_batch([this](QVector<LogLine> &lines) { addToLog(lines); })
{
    setObjectName(QStringLiteral("pane-") + session->jid());
    setFrameShape(QFrame::NoFrame);
    setProperty("detached", false);
    updateFrame();

    QLayout *header = createHeader(session, accent, 1);

    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("status"));
    m_counts = new QLabel;
    m_counts->setObjectName(QStringLiteral("counts"));
    // Long counts must not widen the card; they may be clipped instead.
    m_counts->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    QPalette muted = m_counts->palette();
    muted.setColor(QPalette::WindowText, LabPalette::mutedInk());
    m_counts->setPalette(muted);
    QFont small = m_counts->font();
    small.setPointSizeF(small.pointSizeF() - 1);
    m_counts->setFont(small);
    m_status->setFont(small);

    auto *state = new QHBoxLayout;
    state->addWidget(m_status);
    state->addStretch(1);

    m_log = new QListWidget;
    m_log->setObjectName(QStringLiteral("log"));
    m_log->setUniformItemSizes(true);
    m_log->setSelectionMode(QAbstractItemView::NoSelection);
    m_log->setFocusPolicy(Qt::NoFocus);
    m_log->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_log->setTextElideMode(Qt::ElideRight);
    QFont logFont = m_log->font();
    logFont.setPointSizeF(logFont.pointSizeF() - 1.5);
    m_log->setFont(logFont);

    m_join = new QPushButton(tr("Join"));
    m_join->setObjectName(QStringLiteral("join"));
    m_join->setToolTip(tr("Send presence to %1").arg(roomJid));
    m_leave = new QPushButton(tr("Leave"));
    m_leave->setObjectName(QStringLiteral("leave"));
    m_message = new QLineEdit;
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setPlaceholderText(tr("Message to %1").arg(StanzaSummary::shortJid(roomJid)));
    m_message->setClearButtonEnabled(true);
    m_message->setMinimumWidth(60);
    m_send = new QPushButton(tr("Send"));
    m_send->setObjectName(QStringLiteral("send"));

    auto *buttons = new QHBoxLayout;
    buttons->setSpacing(6);
    buttons->addWidget(m_join);
    buttons->addWidget(m_leave);
    auto *compose = new QHBoxLayout;
    compose->setSpacing(6);
    compose->addWidget(m_message, 1);
    compose->addWidget(m_send);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 12);
    layout->setSpacing(8);
    layout->addLayout(header);
    layout->addLayout(state);
    layout->addWidget(m_log, 1);
    layout->addWidget(m_counts);
    layout->addLayout(buttons);
    layout->addLayout(compose);

    connect(m_join, &QPushButton::clicked, this, [this] { emit joinRequested(m_session); });
    connect(m_leave, &QPushButton::clicked, this, [this] { m_session->leave(m_room); });
    connect(m_send, &QPushButton::clicked, this, &SessionPane::send);
    connect(m_message, &QLineEdit::returnPressed, this, &SessionPane::send);
    connect(m_message, &QLineEdit::textChanged, this, &SessionPane::refresh);

    connect(session, &LabSession::stanzaReceived, this, [this](const LabSession::Received &entry) {
        append(entry.summary, LabPalette::kindColor(entry.kind).darker(125),
               entry.kind == TraceEvent::Kind::GroupChat);
    });
    connect(session, &LabSession::errorOccurred, this, [this](const QString &message) {
        append(tr("error: %1").arg(message), LabPalette::kindColor(TraceEvent::Kind::Error), true);
    });
    connect(session, &LabSession::roomConfigured, this, [this](const QString &room) {
        append(tr("%1 created; defaults accepted").arg(StanzaSummary::shortJid(room)),
               LabPalette::mutedInk());
    });
    connect(session, &LabSession::logCleared, this, &SessionPane::clearLog);
    connect(session, &LabSession::changed, this, &SessionPane::refresh);
    connect(session, &LabSession::detachedChanged, this, [this](bool detached) {
        if (detached)
            append(tr("detached: the server keeps it for %1")
                       .arg(LabSession::countdownText(m_session->resumeSecondsLeft())),
                   LabPalette::detached().darker(130), true);
    });
    connect(session, &LabSession::detachedSessionEnded, this, [this] {
        append(tr("not resumed in time: the server ended the session"), LabPalette::mutedInk(), true);
    });
    connect(session, &LabSession::resumed, this, [this] {
        append(tr("resumed: what was queued follows"), LabPalette::detached().darker(130), true);
    });
    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &SessionPane::refresh);
    setToolTip(tr("Click for %1's chat, occupants, XML console and controls").arg(session->name()));
    refresh();
    updateCounts();
}

SessionPane::~SessionPane() = default;

QLayout *SessionPane::createHeader(LabSession *session, const QColor &accent, qreal titleGrowth)
{
    auto *dot = new QLabel;
    dot->setFixedSize(12, 12);
    dot->setStyleSheet(QStringLiteral("background: %1; border-radius: 6px;").arg(accent.name()));
    auto *title = new QLabel(QStringLiteral("<b>%1</b><span style='color:%3'> / %2</span>")
                                 .arg(session->user(), session->resource(), LabPalette::mutedInk().name()));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() + titleGrowth);
    title->setFont(titleFont);
    title->setToolTip(session->jid());
    auto *header = new QHBoxLayout;
    header->setSpacing(8);
    header->addWidget(dot);
    header->addWidget(title, 1);
    return header;
}

void SessionPane::mousePressEvent(QMouseEvent *event)
{
    QFrame::mousePressEvent(event);
    emit detailsRequested(m_session);
}

void SessionPane::append(const QString &text, const QColor &color, bool emphasised)
{
    m_batch.add({ text, color, emphasised });
}

void SessionPane::addToLog(const QVector<LogLine> &lines)
{
    // Those that would be trimmed at once never reach the list.
    const int keep = LabSession::MaxLog / 2;
    const int first = lines.size() > LabSession::MaxLog ? int(lines.size()) - keep : 0;
    QFont bold = m_log->font();
    bold.setBold(true);
    for (int i = first; i < lines.size(); ++i) {
        const LogLine &line = lines.at(i);
        auto *item = new QListWidgetItem(line.text);
        item->setForeground(line.color);
        item->setToolTip(line.text);
        if (line.emphasised)
            item->setFont(bold);
        m_log->addItem(item);
    }
    if (m_log->count() > LabSession::MaxLog) {
        // Trimmed in chunks, like the session's own log, and in one removal.
        m_log->model()->removeRows(0, m_log->count() - keep);
    }
    m_log->scrollToBottom();
    updateCounts();
}

void SessionPane::clearLog()
{
    m_batch.clear();
    m_log->clear();
    updateCounts();
}

void SessionPane::updateFrame()
{
    // Dashed while the connection is gone but the session is not: it is still in its rooms.
    const QString frame = m_detachedFrame
        ? QStringLiteral("2px dashed %1").arg(LabPalette::detached().name())
        : QStringLiteral("1px solid %1").arg(LabPalette::cardBorder().name());
    setStyleSheet(QStringLiteral("SessionPane { background: %1; border: %2; border-radius: 10px; }"
                                 "QListWidget { border: 1px solid %3; border-radius: 6px; background: %4; }")
                      .arg(m_detachedFrame ? QColor(0xff, 0xfc, 0xf5).name() : QStringLiteral("white"), frame,
                           QColor(0xe6, 0xe9, 0xef).name(), QColor(0xfb, 0xfc, 0xfd).name()));
}

QString SessionPane::stateText() const
{
    return m_status->text();
}

void SessionPane::refresh()
{
    const bool connected = m_session->isConnected();
    const bool joined = m_session->isJoined(m_room);
    const bool detached = m_session->isDetached();
    const bool lost = m_session->isNetworkLost();
    QString state;
    QColor color;
    if (!connected && detached && m_session->isOffline()) {
        // Short, so the card keeps its width: the dock's controls say "resumes within".
        state = tr("detached \u00b7 %1 left").arg(LabSession::countdownText(m_session->resumeSecondsLeft()));
        color = LabPalette::detached();
    } else if (!connected && (detached || lost)) {
        state = m_session->isOffline() ? tr("network lost") : tr("resuming\u2026");
        color = LabPalette::detached();
    } else if (!connected) {
        state = tr("offline");
        color = LabPalette::mutedInk();
    } else if (joined && m_session->isConfiguring(m_room)) {
        state = tr("configuring");
        color = LabPalette::kindColor(TraceEvent::Kind::Iq);
    } else if (joined) {
        state = tr("joined as %1").arg(m_session->nick(m_room));
        color = LabPalette::kindColor(TraceEvent::Kind::Presence);
    } else {
        state = tr("online");
        color = LabPalette::kindColor(TraceEvent::Kind::GroupChat);
    }
    if (m_status->text() != state) {
        m_status->setText(state);
        m_status->setToolTip(detached
                                 ? tr("Its network is lost, but the server keeps the session in its rooms "
                                      "and queues what it is sent. Resume within %1, or the server ends it.")
                                       .arg(LabSession::countdownText(m_session->resumeSecondsLeft()))
                                 : QString());
        QColor background = color;
        background.setAlpha(30);
        m_status->setStyleSheet(
            QStringLiteral(
                "QLabel { color: %1; background: rgba(%2,%3,%4,%5); border-radius: 9px; padding: 2px 9px; "
                "font-weight: 600; }")
                .arg(color.darker(115).name())
                .arg(background.red())
                .arg(background.green())
                .arg(background.blue())
                .arg(background.alpha()));
    }
    const bool dashed = !connected && (detached || lost);
    if (dashed != m_detachedFrame) {
        m_detachedFrame = dashed;
        setProperty("detached", dashed);
        updateFrame();
    }
    if (detached && !m_countdown.isActive())
        m_countdown.start();
    else if (!detached)
        m_countdown.stop();
    // A detached session is still joined, but sends nothing until it resumes.
    m_join->setEnabled(connected && !joined);
    m_leave->setEnabled(connected && joined);
    m_message->setEnabled(connected && joined);
    m_send->setEnabled(connected && joined && !m_message->text().trimmed().isEmpty());
}

void SessionPane::updateCounts()
{
    const int stanzas = m_session->receivedCount();
    const int groupChat = m_session->groupMessageCount(m_room);
    m_counts->setText(tr("%1 \u00b7 %2 groupchat")
                          .arg(stanzas == 1 ? tr("1 stanza") : tr("%1 stanzas").arg(stanzas))
                          .arg(groupChat));
}

void SessionPane::send()
{
    const QString text = m_message->text().trimmed();
    if (text.isEmpty() || !m_session->sendGroupMessage(m_room, text))
        return;
    m_message->clear();
}
