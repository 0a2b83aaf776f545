// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/SessionPane.h"

#include "core/session/StanzaSummary.h"
#include "ui/ElidedLabel.h"
#include "ui/LabPalette.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

SessionPane::SessionPane(LabSession *session, const QString &roomJid, const QColor &accent, QWidget *parent)
    : QFrame(parent)
    , m_session(session)
    , m_room(roomJid)
    , m_batch([this](QVector<LogLine> &lines) { addToLog(lines); })
    , m_baseFont(font())
{
    setObjectName(QStringLiteral("pane-") + session->jid());
    setFrameShape(QFrame::NoFrame);
    setProperty("detached", false);
    updateFrame();

    QLayout *header = createHeader(session, accent, 1);

    m_status = new ElidedLabel;
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setMaximumLines(2); // "joined as" above "alice" on a narrow card
    m_counts = new ElidedLabel;
    m_counts->setObjectName(QStringLiteral("counts"));
    m_counts->setExplanation(countsExplanation());
    QPalette muted = m_counts->palette();
    muted.setColor(QPalette::WindowText, LabPalette::mutedInk());
    m_counts->setPalette(muted);

    auto *state = new QHBoxLayout;
    state->setSpacing(6);
    state->addWidget(m_status);
    state->addStretch(1);

    m_log = new QListWidget;
    m_log->setObjectName(QStringLiteral("log"));
    m_log->setUniformItemSizes(true);
    m_log->setSelectionMode(QAbstractItemView::NoSelection);
    m_log->setFocusPolicy(Qt::NoFocus);
    m_log->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_log->setTextElideMode(Qt::ElideRight);

    m_join = new QPushButton(tr("Join"));
    m_join->setObjectName(QStringLiteral("join"));
    m_join->setToolTip(tr("Send presence to %1").arg(roomJid));
    m_leave = new QPushButton(tr("Leave"));
    m_leave->setObjectName(QStringLiteral("leave"));
    m_message = new QLineEdit;
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setPlaceholderText(tr("Message to %1").arg(StanzaSummary::shortJid(roomJid)));
    m_message->setClearButtonEnabled(true);
    m_message->installEventFilter(this); // its placeholder follows its width

    m_send = new QPushButton(tr("Send"));
    m_send->setObjectName(QStringLiteral("send"));

    // Join and Leave share one place beside the counts (above them on a narrow card):
    // only the one that applies shows.
    m_countRow = new QBoxLayout(QBoxLayout::LeftToRight);
    m_countRow->setSpacing(6);
    m_countRow->addWidget(m_counts, 1);
    m_countRow->addWidget(m_join);
    m_countRow->addWidget(m_leave);
    auto *compose = new QHBoxLayout;
    compose->setSpacing(6);
    compose->addWidget(m_message, 1);
    compose->addWidget(m_send);

    m_layout = new QVBoxLayout(this);
    m_layout->setContentsMargins(8, 10, 8, 10);
    m_layout->setSpacing(8);
    m_layout->addLayout(header);
    m_layout->addLayout(state);
    m_layout->addWidget(m_log, 1);
    m_layout->addLayout(m_countRow);
    m_layout->addLayout(compose);
    m_titleBox = header->findChild<QBoxLayout *>(QStringLiteral("titleBox"));

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
    applyFonts();
    refresh();
    updateCounts();
    adaptToWidth();
}

void SessionPane::keepTitleReadable(QLabel *user, QLabel *resource)
{
    // Cut, each keeps two letters: "al… / la…" still tells alice's cards apart.
    for (QLabel *label : { user, resource }) {
        if (label)
            label->setMinimumWidth(
                qMin(label->sizeHint().width(),
                     label->fontMetrics().horizontalAdvance(label->text().left(2) + QChar(0x2026))
                         + 2)); // elidedText() wants a little slack
    }
}

QString SessionPane::countsExplanation()
{
    return tr("Stanzas received: every stanza that reached this session since the logs were cleared, "
              "from the room or not (roster, pings, errors).\n"
              "Groupchat: the room's messages among them.\n"
              "The badge on its box in the diagram counts only the room stanzas the server delivered "
              "to it; the XML console counts every stanza on its stream, sent and received.");
}

QSize SessionPane::sizeHint() const
{
    return { qMax(minimumSizeHint().width(), 42 * fontMetrics().averageCharWidth()),
             minimumSizeHint().height() };
}

QSize SessionPane::minimumSizeHint() const
{
    // As narrow as the narrow arrangement goes: the message field and Send side by side.
    const int narrow = 2 * 6 + m_message->minimumWidth() + 6 + m_send->minimumWidth();
    const QSize least = QFrame::minimumSizeHint();
    return { qMax(narrow, least.width()), least.height() };
}

int SessionPane::narrowWidth() const
{
    return 32 * fontMetrics().averageCharWidth();
}

bool SessionPane::isTitleStacked() const
{
    return m_titleBox && m_titleBox->direction() == QBoxLayout::TopToBottom;
}

bool SessionPane::isCountStacked() const
{
    return m_countRow->direction() == QBoxLayout::TopToBottom;
}

void SessionPane::resizeEvent(QResizeEvent *event)
{
    QFrame::resizeEvent(event);
    adaptToWidth();
}

bool SessionPane::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_message && event->type() == QEvent::Resize)
        updatePlaceholder();
    return QFrame::eventFilter(watched, event);
}

void SessionPane::adaptToWidth()
{
    // Only the width decides, and the width hints do not follow the arrangement: no
    // arrangement can take the width that chose it away.
    const bool narrow = width() < narrowWidth();
    const int side = narrow ? 6 : 8;
    const int ends = narrow ? 8 : 10;
    m_layout->setContentsMargins(side, ends, side, ends); // no-ops when unchanged
    if (m_layout->spacing() != (narrow ? 6 : 8))
        m_layout->setSpacing(narrow ? 6 : 8);
    const int inner = width() - 2 * side;
    // Narrow, the buttons give their width to the count and the message.
    for (QPushButton *button : { m_join, m_leave, m_send })
        button->setMaximumWidth(narrow ? button->minimumWidth() : QWIDGETSIZE_MAX);

    if (m_titleBox) {
        auto *user = findChild<QLabel *>(QStringLiteral("titleUser"));
        auto *separator = findChild<QLabel *>(QStringLiteral("titleSeparator"));
        auto *resource = findChild<QLabel *>(QStringLiteral("titleResource"));
        const int dot = 12 + 8;
        const int oneLine
            = dot + user->sizeHint().width() + separator->sizeHint().width() + resource->sizeHint().width();
        const bool stack = oneLine > inner;
        m_titleBox->setDirection(stack ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
        separator->setVisible(!stack);
    }

    QPushButton *button = m_session->isJoined(m_room) ? m_leave : m_join;
    const QString shortest
        = m_counts->shorterTexts().isEmpty() ? m_counts->text() : m_counts->shorterTexts().constLast();
    const int countWidth = m_counts->fontMetrics().horizontalAdvance(shortest) + 2;
    const int buttonWidth = narrow ? button->minimumWidth() : button->sizeHint().width();
    const bool stackCount = countWidth + m_countRow->spacing() + buttonWidth > inner;
    m_countRow->setDirection(stackCount ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
    updatePlaceholder();
}

void SessionPane::updatePlaceholder()
{
    // What a line edit keeps for itself: frame, margins and the clear button.
    const int frame = 2 * (style()->pixelMetric(QStyle::PM_DefaultFrameWidth, nullptr, m_message) + 2);
    const int clear = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, m_message) + 10;
    const int room = m_message->width() - frame - clear;
    const QStringList candidates { tr("Message to %1").arg(StanzaSummary::shortJid(m_room)), tr("Message"),
                                   tr("Say\u2026") };
    QString chosen = candidates.constLast();
    for (const QString &candidate : candidates) {
        if (m_message->fontMetrics().horizontalAdvance(candidate) <= room) {
            chosen = candidate;
            break;
        }
    }
    if (m_message->placeholderText() != chosen)
        m_message->setPlaceholderText(chosen);
}

void SessionPane::setZoom(double factor)
{
    if (qFuzzyCompare(factor, m_zoom))
        return;
    m_zoom = factor;
    applyFonts();
}

void SessionPane::applyFonts()
{
    // Explicit sizes do not follow a parent's font: each one is set again from the base.
    const qreal base = m_baseFont.pointSizeF() > 0 ? m_baseFont.pointSizeF() : 9;
    const auto sized = [this, base](qreal delta) {
        QFont font = m_baseFont;
        font.setPointSizeF((base + delta) * m_zoom);
        return font;
    };
    setFont(sized(0));
    QFont small = sized(-1);
    m_counts->setFont(small);
    small.setWeight(QFont::DemiBold);
    m_status->setFont(small);
    m_log->setFont(sized(-1.5));
    for (auto *title : { findChild<QLabel *>(QStringLiteral("titleUser")),
                         findChild<QLabel *>(QStringLiteral("titleSeparator")),
                         findChild<QLabel *>(QStringLiteral("titleResource")) }) {
        if (!title)
            continue;
        QFont font = sized(title->property("fontGrowth").toReal());
        font.setBold(title->objectName() == QLatin1String("titleUser"));
        title->setFont(font);
    }
    keepTitleReadable(findChild<QLabel *>(QStringLiteral("titleUser")),
                      findChild<QLabel *>(QStringLiteral("titleResource")));
    m_log->setMinimumHeight(3 * QFontMetrics(m_log->font()).lineSpacing() + 8);
    // Buttons as narrow as their text: six cards share the width beside the Session dock.
    for (QPushButton *button : { m_join, m_leave, m_send })
        button->setMinimumWidth(button->fontMetrics().horizontalAdvance(button->text()) + 14);
    m_message->setMinimumWidth(m_message->fontMetrics().horizontalAdvance(QStringLiteral("Mess")));
    m_log->doItemsLayout();
    adaptToWidth();
}

SessionPane::~SessionPane() = default;

QLayout *SessionPane::createHeader(LabSession *session, const QColor &accent, qreal titleGrowth)
{
    auto *dot = new QLabel;
    dot->setFixedSize(12, 12);
    dot->setStyleSheet(QStringLiteral("background: %1; border-radius: 6px;").arg(accent.name()));
    // The user bold, the resource muted, each cut with "…" on a narrow card: the
    // separator stays, and the resource keeps a few letters (alice has three cards).
    auto *user = new ElidedLabel(session->user());
    user->setObjectName(QStringLiteral("titleUser"));
    auto *separator = new QLabel(QStringLiteral("/"));
    separator->setContentsMargins(4, 0, 4, 0);
    separator->setObjectName(QStringLiteral("titleSeparator"));
    auto *resource = new ElidedLabel(session->resource());
    resource->setObjectName(QStringLiteral("titleResource"));
    for (QLabel *label : { static_cast<QLabel *>(user), separator, static_cast<QLabel *>(resource) }) {
        QFont font = label->font();
        font.setPointSizeF(font.pointSizeF() + titleGrowth);
        font.setBold(label == user);
        label->setFont(font);
        label->setProperty("fontGrowth", titleGrowth); // SessionPane::applyFonts() keeps it under zoom
        if (label != user) {
            QPalette muted = label->palette();
            muted.setColor(QPalette::WindowText, LabPalette::mutedInk());
            label->setPalette(muted);
        }
    }
    for (ElidedLabel *label : { user, resource })
        label->setExplanation(session->jid());
    keepTitleReadable(user, resource);
    // A card too narrow for one line puts the resource under the user (adaptToWidth()).
    auto *title = new QBoxLayout(QBoxLayout::LeftToRight);
    title->setObjectName(QStringLiteral("titleBox"));
    title->setSpacing(0);
    title->addWidget(user);
    title->addWidget(separator);
    title->addWidget(resource);
    auto *header = new QHBoxLayout;
    header->setSpacing(0);
    header->addWidget(dot);
    header->addSpacing(8);
    header->addLayout(title);
    header->addStretch(1);
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
    QFont bold;
    bold.setBold(true);
    for (int i = first; i < lines.size(); ++i) {
        const LogLine &line = lines.at(i);
        auto *item = new QListWidgetItem(line.text);
        item->setForeground(line.color);
        item->setToolTip(line.text);
        if (line.emphasised)
            item->setFont(bold); // bold alone: the size follows the list's, zoomed or not
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
        m_status->setExplanation(
            detached ? tr("Its network is lost, but the server keeps the session in its rooms "
                          "and queues what it is sent. Resume within %1, or the server ends it.")
                           .arg(LabSession::countdownText(m_session->resumeSecondsLeft()))
                     : QString());
        QColor background = color;
        background.setAlpha(30);
        m_status->setStyleSheet(
            QStringLiteral(
                "QLabel { color: %1; background: rgba(%2,%3,%4,%5); border-radius: 9px; padding: 2px 9px; }")
                .arg(color.darker(115).name())
                .arg(background.red())
                .arg(background.green())
                .arg(background.blue())
                .arg(background.alpha()));
    }
    const bool canSend = connected && joined && !m_message->text().trimmed().isEmpty();
    // Refreshed on every stanza the session receives: unless something shown changed,
    // nothing is laid out again.
    const QString shown = state + QLatin1Char('|')
        + QString::number(int(connected) | int(joined) << 1 | int(detached) << 2 | int(lost) << 3
                          | int(canSend) << 4);
    if (shown == m_shownState)
        return;
    m_shownState = shown;
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
    m_leave->setVisible(joined);
    m_join->setVisible(!joined);
    m_message->setEnabled(connected && joined);
    m_send->setEnabled(canSend);
    adaptToWidth(); // Leave is wider than Join
}

void SessionPane::updateCounts()
{
    const int stanzas = m_session->receivedCount();
    const int groupChat = m_session->groupMessageCount(m_room);
    m_counts->setText(
        tr("%1 \u00b7 %2 groupchat")
            .arg(stanzas == 1 ? tr("1 stanza received") : tr("%1 stanzas received").arg(stanzas))
            .arg(groupChat));
    // The tooltip says what each number counts; a narrow card keeps the first one.
    m_counts->setShorterTexts({ tr("%1 received \u00b7 %2 groupchat").arg(stanzas).arg(groupChat),
                                tr("%1 received").arg(stanzas) });
    adaptToWidth(); // the count may have grown a digit
}

void SessionPane::send()
{
    const QString text = m_message->text().trimmed();
    if (text.isEmpty() || !m_session->sendGroupMessage(m_room, text))
        return;
    m_message->clear();
}
