#include "ChatView.h"

#include "Jid.h"
#include "LabPalette.h"
#include "LabSession.h"
#include "StanzaSummary.h"
#include "Vocabulary.h"

#include <QDateTime>
#include <QDomElement>
#include <QLabel>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTextBlock>
#include <QTextCursor>
#include <QVBoxLayout>

namespace {
constexpr int MaxLines = 2000;

// When the message was said: its <delay/> stamp for history, else now.
QString timeOf(const QDomElement &stanza)
{
    const QDomElement delay = stanza.firstChildElement(QStringLiteral("delay"));
    QDateTime when = QDateTime::currentDateTime();
    if (!delay.isNull()) {
        const QDateTime stamp
            = QDateTime::fromString(delay.attribute(QStringLiteral("stamp")), Qt::ISODateWithMs);
        if (stamp.isValid())
            when = stamp.toLocalTime();
    }
    return when.toString(QStringLiteral("HH:mm:ss"));
}

QString nickColor(const QString &nick)
{
    // Stable per nick, from the lab's account accents.
    return LabPalette::accountColor(int(qHash(nick) % 7)).darker(125).name();
}

QString badge(const QString &text, const QColor &color)
{
    return QStringLiteral("<span style='color:%1; font-size:small; font-weight:600'>[%2]</span> ")
        .arg(color.name(), text.toHtmlEscaped());
}
} // namespace

ChatView::ChatView(LabSession *session, const QString &roomJid, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_room(roomJid)
{
    m_subjectLabel = new QLabel;
    m_subjectLabel->setObjectName(QStringLiteral("subject"));
    m_subjectLabel->setWordWrap(true);
    m_subjectLabel->setTextFormat(Qt::RichText);
    m_subjectLabel->setStyleSheet(QStringLiteral("QLabel { background: #f3f0fb; border: 1px solid #e2dbf5; "
                                                 "border-radius: 6px; padding: 4px 8px; }"));
    m_view = new QTextBrowser;
    m_view->setObjectName(QStringLiteral("chat"));
    m_view->setOpenLinks(false);
    m_view->setStyleSheet(
        QStringLiteral("QTextBrowser { border: 1px solid %1; border-radius: 6px; background: white; }")
            .arg(LabPalette::cardBorder().name()));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_subjectLabel);
    layout->addWidget(m_view, 1);

    connect(session, &LabSession::elementReceived, this, &ChatView::received);
    connect(session, &LabSession::elementSent, this, &ChatView::sent);
    connect(session, &LabSession::logCleared, this, &ChatView::clear);
    connect(session, &LabSession::joinedChanged, this, [this](const QString &room, bool joined) {
        if (room != m_room)
            return;
        addNotice(joined ? tr("joined as %1").arg(m_session->nick(m_room)) : tr("left the room"));
    });
    connect(session, &LabSession::connectionChanged, this,
            [this](bool connected) { addNotice(connected ? tr("connected") : tr("disconnected")); });
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
    const QString time = timeOf(stanza);
    const QString timeHtml
        = QStringLiteral("<span style='color:%1'>%2</span> ").arg(LabPalette::mutedInk().name(), time);
    const QString text = body.text();
    if (type == QLatin1String("groupchat")) {
        const bool history = StanzaSummary::isDelayed(stanza);
        const QString line = QStringLiteral("%1: %2").arg(nick, text);
        const QString html = timeHtml + (history ? badge(tr("history"), LabPalette::mutedInk()) : QString())
            + QStringLiteral("<b style='color:%1'>%2</b> <span style='color:%3'>%4</span>")
                  .arg(nickColor(nick), nick.toHtmlEscaped(),
                       history ? LabPalette::mutedInk().name() : LabPalette::ink().name(),
                       text.toHtmlEscaped());
        addLine(history ? QStringLiteral("[history] ") + line : line, html);
    } else if (!nick.isEmpty()) {
        const QColor privateColor = LabPalette::kindColor(TraceEvent::Kind::Subject);
        addLine(QStringLiteral("[private from %1] %2").arg(nick, text),
                timeHtml + badge(tr("private from %1").arg(nick), privateColor) + text.toHtmlEscaped());
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
    const QString time = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
    addLine(QStringLiteral("[private to %1] %2").arg(nick, body.text()),
            QStringLiteral("<span style='color:%1'>%2</span> ").arg(LabPalette::mutedInk().name(), time)
                + badge(tr("private to %1").arg(nick), LabPalette::kindColor(TraceEvent::Kind::Subject))
                + body.text().toHtmlEscaped());
}

void ChatView::addLine(const QString &plain, const QString &html)
{
    m_lines << plain;
    if (m_lines.size() > MaxLines) {
        m_lines.removeFirst();
        QTextCursor head(m_view->document()->firstBlock());
        head.select(QTextCursor::BlockUnderCursor);
        head.movePosition(QTextCursor::NextBlock, QTextCursor::KeepAnchor);
        head.removeSelectedText();
    }
    QScrollBar *bar = m_view->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();
    m_view->append(html);
    if (atEnd)
        bar->setValue(bar->maximum());
}

void ChatView::addNotice(const QString &text)
{
    addLine(QStringLiteral("* ") + text,
            QStringLiteral("<span style='color:%1; font-style:italic'>\u2022 %2</span>")
                .arg(LabPalette::mutedInk().name(), text.toHtmlEscaped()));
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
    m_view->clear();
}
