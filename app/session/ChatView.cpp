// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/ChatView.h"

#include "Jid.h"
#include "Vocabulary.h"
#include "core/session/LabSession.h"
#include "core/session/StanzaSummary.h"
#include "ui/LabPalette.h"
#include "ui/LocalClock.h"

#include <QDateTime>
#include <QDomElement>
#include <QLabel>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTimer>
#include <QVBoxLayout>

namespace {
// When the message was said: its <delay/> stamp for history, else now.
QString timeOf(const QDomElement &stanza)
{
    const QDomElement delay = stanza.firstChildElement(QStringLiteral("delay"));
    if (!delay.isNull()) {
        const QDateTime stamp
            = QDateTime::fromString(delay.attribute(QStringLiteral("stamp")), Qt::ISODateWithMs);
        if (stamp.isValid())
            return stamp.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    }
    return LocalClock::now().toString(QStringLiteral("HH:mm:ss"));
}

QColor nickColor(const QString &nick)
{
    // Stable per nick, from the lab's account accents.
    return LabPalette::accountColor(int(qHash(nick) % 7)).darker(125);
}

QTextCharFormat colored(const QColor &color, bool bold = false)
{
    QTextCharFormat format;
    format.setForeground(color);
    if (bold)
        format.setFontWeight(QFont::Bold);
    return format;
}

// The formats every line uses, made once: a busy room brings thousands of lines a
// second, and a format is a heap allocation of its own (a copy is not).
const QTextCharFormat &mutedFormat()
{
    static const QTextCharFormat format = colored(LabPalette::mutedInk());
    return format;
}

const QTextCharFormat &inkFormat()
{
    static const QTextCharFormat format = colored(LabPalette::ink());
    return format;
}

// One line is one block: a body's own line breaks stay inside it.
QString oneBlock(QString text)
{
    text.replace(QLatin1String("\r\n"), QString(QChar::LineSeparator));
    text.replace(QLatin1Char('\n'), QChar::LineSeparator);
    text.replace(QLatin1Char('\r'), QChar::LineSeparator);
    return text;
}
} // namespace

ChatView::Run ChatView::timeRun(const QString &time)
{
    return { time + QLatin1Char(' '), mutedFormat() };
}

const QTextCharFormat &ChatView::nickFormat(const QString &nick)
{
    auto found = m_nickFormats.constFind(nick);
    if (found == m_nickFormats.cend()) {
        if (m_nickFormats.size() >= MaxNickFormats) // a room of many nicks: bounded all the same
            m_nickFormats.clear();
        found = m_nickFormats.insert(nick, colored(nickColor(nick), true));
    }
    return *found;
}

ChatView::Run ChatView::badgeRun(const QString &text, const QColor &color)
{
    QTextCharFormat format = colored(color);
    format.setFontWeight(QFont::DemiBold);
    format.setProperty(QTextFormat::FontSizeAdjustment, -1); // "small"
    return { QStringLiteral("[%1] ").arg(text), format };
}

ChatView::ChatView(LabSession *session, const QString &roomJid, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_room(roomJid)
    , m_batch([this](QVector<Line> &lines) { insertLines(lines); })
{
    m_subjectLabel = new QLabel;
    m_subjectLabel->setObjectName(QStringLiteral("subject"));
    m_subjectLabel->setWordWrap(true);
    m_subjectLabel->setTextFormat(Qt::RichText);
    m_subjectLabel->setStyleSheet(QStringLiteral("QLabel { background: #f3f0fb; border: 1px solid #e2dbf5; "
                                                 "border-radius: 6px; padding: 4px 8px; }"));
    // A plain text edit with character formats: its layout takes lines off the top in
    // constant time, where a rich text view lays the whole chat out again.
    m_view = new QPlainTextEdit;
    m_view->setObjectName(QStringLiteral("chat"));
    m_view->setReadOnly(true);
    m_view->setUndoRedoEnabled(false);
    m_view->setMaximumBlockCount(MaxLines);
    m_view->setStyleSheet(
        QStringLiteral("QPlainTextEdit { border: 1px solid %1; border-radius: 6px; background: white; }")
            .arg(LabPalette::cardBorder().name()));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_subjectLabel);
    layout->addWidget(m_view, 1);
    // Scrolling up stops following the newest line; back at the bottom resumes it.
    connect(m_view->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        const QScrollBar *bar = m_view->verticalScrollBar();
        m_follow = bar->sliderPosition() >= bar->maximum();
    });

    connect(session, &LabSession::elementReceived, this, &ChatView::received);
    connect(session, &LabSession::elementSent, this, &ChatView::sent);
    connect(session, &LabSession::logCleared, this, &ChatView::clear);
    connect(session, &LabSession::joinedChanged, this, [this](const QString &room, bool joined) {
        if (room != m_room)
            return;
        addNotice(joined ? tr("joined as %1").arg(m_session->nick(m_room)) : tr("left the room"));
    });
    connect(session, &LabSession::connectionChanged, this, [this](bool connected) {
        if (connected)
            addNotice(m_session->isStreamResumed() ? tr("resumed: what was said meanwhile follows")
                                                   : tr("connected"));
        else
            addNotice(m_session->isNetworkLost() ? tr("network lost: still in the room, resumable")
                                                 : tr("disconnected"));
    });
    setSubject(QString(), QString());
}

void ChatView::received(const QDomElement &stanza)
{
    const QString from = stanza.attribute(QStringLiteral("from"));
    if (stanza.tagName() != QLatin1String("message") || Jid::bare(from) != m_room)
        return;
    const QString type = stanza.attribute(QStringLiteral("type"));
    const QString nick = Jid::resource(from);
    const QDomElement body = stanza.firstChildElement(QStringLiteral("body"));
    const QDomElement subject = stanza.firstChildElement(QStringLiteral("subject"));
    if (type == QLatin1String("error")) {
        addNotice(tr("error from the room: %1").arg(StanzaSummary::errorCondition(stanza)));
        return;
    }
    if (type == QLatin1String("groupchat") && !subject.isNull() && body.isNull()) {
        setSubject(subject.text(), nick);
        return;
    }
    if (body.isNull())
        return;
    const Run time = timeRun(timeOf(stanza));
    const QString text = body.text();
    if (type == QLatin1String("groupchat")) {
        const bool history = StanzaSummary::isDelayed(stanza);
        const QString line = QStringLiteral("%1: %2").arg(nick, text);
        Line runs { time };
        if (history)
            runs << badgeRun(tr("history"), LabPalette::mutedInk());
        runs << Run { nick + QLatin1Char(' '), nickFormat(nick) }
             << Run { oneBlock(text), history ? mutedFormat() : inkFormat() };
        addLine(history ? QStringLiteral("[history] ") + line : line, runs);
    } else if (!nick.isEmpty()) {
        const QColor privateColor = LabPalette::kindColor(TraceEvent::Kind::Subject);
        addLine(
            QStringLiteral("[private from %1] %2").arg(nick, text),
            { time, badgeRun(tr("private from %1").arg(nick), privateColor), Run { oneBlock(text), {} } });
    }
}

void ChatView::sent(const QDomElement &stanza)
{
    // Groupchat comes back from the room; a private message does not, so it is shown here.
    const QString to = stanza.attribute(QStringLiteral("to"));
    const QString nick = Jid::resource(to);
    const QDomElement body = stanza.firstChildElement(QStringLiteral("body"));
    if (stanza.tagName() != QLatin1String("message") || Jid::bare(to) != m_room || nick.isEmpty()
        || body.isNull() || stanza.attribute(QStringLiteral("type")) == QLatin1String("groupchat"))
        return;
    addLine(QStringLiteral("[private to %1] %2").arg(nick, body.text()),
            { timeRun(LocalClock::now().toString(QStringLiteral("HH:mm:ss"))),
              badgeRun(tr("private to %1").arg(nick), LabPalette::kindColor(TraceEvent::Kind::Subject)),
              Run { oneBlock(body.text()), {} } });
}

void ChatView::addLine(const QString &plain, const Line &line)
{
    m_lines << plain;
    if (m_lines.size() > MaxLines)
        m_lines.removeFirst();
    // Hidden, the lines wait for showEvent().
    m_batch.add(line,
                isVisible() ? UpdateBatcher<Line>::Schedule::Later : UpdateBatcher<Line>::Schedule::OnFlush);
    // What would scroll off the top at once need not be laid out first.
    if (m_batch.pendingCount() >= 2 * MaxLines)
        m_batch.keepNewest(MaxLines);
}

void ChatView::insertLines(const QVector<Line> &lines)
{
    QTextDocument *document = m_view->document();
    bool first = document->isEmpty();
    QTextCursor cursor(document);
    cursor.beginEditBlock(); // one layout change for the whole batch
    cursor.movePosition(QTextCursor::End);
    for (const Line &line : lines) {
        if (!first)
            cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
        first = false;
        for (const Run &run : line)
            cursor.insertText(run.text, run.format);
    }
    cursor.endEditBlock();
    if (m_follow)
        scrollToEnd();
}

void ChatView::scrollToEnd()
{
    // The text cursor at the end, in sight: the view lays out what it must to know where
    // the end is. Its scroll bar alone cannot say: a plain text view counts a block it has
    // not laid out yet as one line, and lines that wrap take more (and the oldest lines
    // leave the top as new ones come). A selection of the reader's stays where it is.
    if (m_view->textCursor().hasSelection()) {
        m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->maximum());
        return;
    }
    m_view->moveCursor(QTextCursor::End);
    m_view->ensureCursorVisible();
}

void ChatView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_batch.flush();
    // Once the view has its size: a chat filled while hidden shows its newest line.
    if (m_follow)
        QTimer::singleShot(0, this, [this] {
            if (m_follow)
                scrollToEnd();
        });
}

void ChatView::addNotice(const QString &text)
{
    QTextCharFormat format = colored(LabPalette::mutedInk());
    format.setFontItalic(true);
    addLine(QStringLiteral("* ") + text, { Run { QStringLiteral("\u2022 ") + text, format } });
}

void ChatView::setSubject(const QString &subject, const QString &by)
{
    m_subject = subject;
    m_subjectLabel->setText(
        subject.isEmpty()
            ? tr("<span style='color:%1'>%2 \u00b7 no subject</span>")
                  .arg(LabPalette::mutedInk().name(), StanzaSummary::shortJid(m_room).toHtmlEscaped())
            : tr("<b>%1</b> <span style='color:%2'>\u00b7 %3%4</span>")
                  .arg(subject.toHtmlEscaped(), LabPalette::mutedInk().name(),
                       StanzaSummary::shortJid(m_room).toHtmlEscaped(),
                       by.isEmpty() ? QString() : tr(", set by %1").arg(by.toHtmlEscaped())));
}

void ChatView::clear()
{
    m_lines.clear();
    m_batch.clear();
    m_view->clear();
    m_follow = true; // an empty chat is at its end
}
