// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/XmlConsole.h"

#include "Jid.h"
#include "core/session/LabSession.h"
#include "session/XmlHighlighter.h"
#include "ui/ElidedLabel.h"
#include "ui/LabPalette.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDomDocument>
#include <QDomElement>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>
#include <QTimer>
#include <QVBoxLayout>

namespace {
// Whitespace between elements, as a raw send may carry it, would fight the indentation.
void dropBlankText(QDomNode node)
{
    for (QDomNode child = node.firstChild(); !child.isNull();) {
        const QDomNode next = child.nextSibling();
        if (child.isText() && child.toText().data().trimmed().isEmpty() && node.childNodes().size() > 1)
            node.removeChild(child);
        else if (child.isElement())
            dropBlankText(child);
        child = next;
    }
}

QString indented(const QDomElement &stanza)
{
    // Saved as a document of its own: QDomNode::save() of an inner node starts one level deep.
    QDomDocument document;
    document.appendChild(document.importNode(stanza, true));
    dropBlankText(document.documentElement());
    QString xml = document.toString(2);
    // The client namespace is the stream's default; repeating it on every stanza is noise.
    xml.replace(QLatin1String(" xmlns=\"jabber:client\""), QString());
    // Only \n breaks lines, so an entry's lines in the view can be counted (trim()).
    xml.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    xml.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    xml.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    return xml.trimmed();
}
} // namespace

QString XmlConsole::Entry::label() const
{
    return QStringLiteral("%1 %2 %3")
        .arg(direction == Direction::In ? QStringLiteral("in") : QStringLiteral("out"), kind, peer);
}

XmlConsole::XmlConsole(LabSession *session, QWidget *parent)
    : QWidget(parent)
    , m_ownDomain(Jid::domain(session->account()))
    , m_batch([this](QVector<QString> &texts) { appendToView(texts); })
{
    build();
    connect(session, &LabSession::elementReceived, this,
            [this](const QDomElement &stanza) { add(Direction::In, stanza); });
    connect(session, &LabSession::elementSent, this,
            [this](const QDomElement &stanza) { add(Direction::Out, stanza); });
    connect(session, &LabSession::logCleared, this, &XmlConsole::clear);
}

XmlConsole::XmlConsole(const QString &account, QWidget *parent)
    : QWidget(parent)
    , m_ownDomain(Jid::domain(account))
    , m_batch([this](QVector<QString> &texts) { appendToView(texts); })
{
    build();
}

void XmlConsole::build()
{
    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("kindFilter"));
    m_kind->addItem(tr("All kinds"), QString());
    for (const QString &kind : { QStringLiteral("message"), QStringLiteral("presence"), QStringLiteral("iq"),
                                 QStringLiteral("error") })
        m_kind->addItem(kind, kind);
    m_room = new QComboBox;
    m_room->setObjectName(QStringLiteral("roomFilter"));
    m_room->addItem(tr("All rooms"), QString());
    m_room->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_text = new QLineEdit;
    m_text->setObjectName(QStringLiteral("textFilter"));
    m_text->setPlaceholderText(tr("Filter text"));
    m_text->setClearButtonEnabled(true);

    m_view = new QPlainTextEdit;
    m_view->setObjectName(QStringLiteral("consoleView"));
    m_view->setReadOnly(true);
    m_view->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_view->setMaximumBlockCount(0);
    m_view->setUndoRedoEnabled(false); // a log: an undo history would only grow
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(qMax(8.0, mono.pointSizeF() - 1));
    m_view->setFont(mono);
    m_view->setStyleSheet(QStringLiteral("QPlainTextEdit { background: #fbfcfd; border: 1px solid %1; "
                                         "border-radius: 6px; }")
                              .arg(LabPalette::cardBorder().name()));
    m_highlighter = new XmlHighlighter(m_view->document());
    m_highlighter->setActive(false); // until shown
    // Scrolling up stops following the newest entry; back at the bottom resumes it.
    connect(m_view->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        const QScrollBar *bar = m_view->verticalScrollBar();
        m_follow = bar->sliderPosition() >= bar->maximum();
    });

    auto *copySelected = new QPushButton(tr("Copy selected"));
    copySelected->setObjectName(QStringLiteral("copySelected"));
    auto *copyAll = new QPushButton(tr("Copy all"));
    copyAll->setObjectName(QStringLiteral("copyAll"));
    copyAll->setToolTip(tr("Copy every entry the filters show"));
    auto *clearButton = new QPushButton(tr("Clear"));
    clearButton->setObjectName(QStringLiteral("clearConsole"));
    m_count = new ElidedLabel;
    m_count->setObjectName(QStringLiteral("consoleCount"));
    QPalette muted = m_count->palette();
    muted.setColor(QPalette::WindowText, LabPalette::mutedInk());
    m_count->setPalette(muted);
    m_count->setExplanation(tr("Every stanza on this session's stream, both ways: what it sent and what it "
                               "received, from the room or not. The card counts received stanzas only; the "
                               "badge in the diagram counts the room stanzas the server delivered to it."));

    auto *filters = new QHBoxLayout;
    filters->setSpacing(6);
    filters->addWidget(m_kind);
    filters->addWidget(m_room);
    filters->addWidget(m_text, 1);
    auto *actions = new QHBoxLayout;
    actions->setSpacing(6);
    actions->addWidget(m_count, 1);
    actions->addWidget(copySelected);
    actions->addWidget(copyAll);
    actions->addWidget(clearButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    layout->addLayout(filters);
    layout->addWidget(m_view, 1);
    layout->addLayout(actions);

    connect(m_kind, QOverload<int>::of(&QComboBox::currentIndexChanged), this, &XmlConsole::rebuild);
    connect(m_room, QOverload<int>::of(&QComboBox::currentIndexChanged), this, &XmlConsole::rebuild);
    connect(m_text, &QLineEdit::textChanged, this, &XmlConsole::rebuild);
    connect(copySelected, &QPushButton::clicked, m_view, &QPlainTextEdit::copy);
    connect(copyAll, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(visibleText()); });
    connect(clearButton, &QPushButton::clicked, this, &XmlConsole::clear);
    updateCount();
}

void XmlConsole::setKindFilter(const QString &kind)
{
    m_kind->setCurrentIndex(qMax(0, m_kind->findData(kind)));
}

void XmlConsole::setRoomFilter(const QString &room)
{
    m_room->setCurrentIndex(qMax(0, m_room->findData(room)));
}

void XmlConsole::setTextFilter(const QString &text)
{
    m_text->setText(text);
}

void XmlConsole::add(Direction direction, const QDomElement &stanza)
{
    Entry entry;
    entry.direction = direction;
    entry.time = QTime::currentTime();
    const QString type = stanza.attribute(QStringLiteral("type"));
    entry.kind = type == QLatin1String("error") ? type : stanza.tagName();
    entry.peer = stanza.attribute(direction == Direction::In ? QStringLiteral("from") : QStringLiteral("to"));
    const QString bare = Jid::bare(entry.peer);
    if (bare.contains(QLatin1Char('@')) && Jid::domain(bare) != m_ownDomain)
        entry.room = bare;
    entry.xml = indented(stanza);
    if (!entry.room.isEmpty() && m_room->findData(entry.room) < 0)
        m_room->addItem(Jid::node(entry.room), entry.room);

    m_entries.append(entry);
    if (m_entries.size() > MaxEntries)
        trim();
    if (accepts(entry)) {
        ++m_visible;
        // Shown, the view takes the entries in batches: one layout, one colouring pass
        // and one repaint per batch. Hidden, at once: nothing is coloured or painted.
        if (isVisible()) {
            m_batch.add(render(entry));
        } else {
            m_batch.add(render(entry), UpdateBatcher<QString>::Schedule::OnFlush);
            m_batch.flush();
        }
    }
    if (!m_batch.isScheduled())
        updateCount();
}

void XmlConsole::appendToView(const QVector<QString> &texts)
{
    QScrollBar *bar = m_view->verticalScrollBar();
    if (m_view->isVisible())
        m_follow = bar->value() == bar->maximum();
    // A blank line between entries, none before the first.
    const QString text = QStringList(texts.cbegin(), texts.cend()).join(QStringLiteral("\n\n"));
    m_view->appendPlainText(m_view->document()->isEmpty() ? text : QLatin1Char('\n') + text);
    if (m_follow)
        bar->setValue(bar->maximum());
    updateCount();
}

void XmlConsole::trim()
{
    // A tenth at a time: each removal stays short. The view holds the entries the
    // filters accept but for those still pending, each its header and XML lines, with
    // a blank line between two: the oldest go in one removal at the top, not in a
    // rebuild of those that stay.
    const int drop = int(m_entries.size()) - (MaxEntries - MaxEntries / 10);
    const int inView = m_visible - m_batch.pendingCount();
    int droppedVisible = 0;
    int blocks = 0;
    for (int i = 0; i < drop; ++i) {
        const Entry &old = m_entries.at(i);
        if (!accepts(old))
            continue;
        if (++droppedVisible <= inView)
            blocks += 1 + 1 + int(old.xml.count(QLatin1Char('\n'))) + 1; // header, XML, blank line after
    }
    m_entries.remove(0, drop);
    if (droppedVisible == 0)
        return;
    m_visible -= droppedVisible;
    if (droppedVisible >= inView) {
        m_view->clear();
        m_batch.dropOldest(droppedVisible - inView);
        return;
    }
    // By position: moving block by block would lay out every block on the way.
    QTextCursor head(m_view->document());
    head.setPosition(m_view->document()->findBlockByNumber(blocks).position(), QTextCursor::KeepAnchor);
    head.removeSelectedText();
}

void XmlConsole::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_highlighter->setActive(true);
    if (m_follow) {
        // Once the view has its size: a console filled while hidden shows its newest entry.
        QTimer::singleShot(0, this, [this] {
            if (m_follow)
                m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->maximum());
        });
    }
}

void XmlConsole::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_batch.flush(); // hidden, the view holds every entry the filters accept
    updateCount();
    m_highlighter->setActive(false);
}

bool XmlConsole::accepts(const Entry &entry) const
{
    const QString kind = m_kind->currentData().toString();
    const QString room = m_room->currentData().toString();
    const QString text = m_text->text().trimmed();
    return (kind.isEmpty() || entry.kind == kind) && (room.isEmpty() || entry.room == room)
        && (text.isEmpty() || entry.xml.contains(text, Qt::CaseInsensitive));
}

QString XmlConsole::render(const Entry &entry)
{
    const bool in = entry.direction == Direction::In;
    return QStringLiteral("%1 %2  %3  %4 %5\n%6")
        .arg(in ? QChar(0x25bc) : QChar(0x25b2))
        .arg(in ? QStringLiteral("in ") : QStringLiteral("out"))
        .arg(entry.time.toString(QStringLiteral("HH:mm:ss.zzz")), entry.kind,
             entry.peer.isEmpty() ? QString()
                                  : (in ? QStringLiteral("from ") : QStringLiteral("to ")) + entry.peer,
             entry.xml);
}

QVector<XmlConsole::Entry> XmlConsole::visibleEntries() const
{
    QVector<Entry> visible;
    for (const Entry &entry : m_entries) {
        if (accepts(entry))
            visible << entry;
    }
    return visible;
}

QString XmlConsole::visibleText() const
{
    QStringList texts;
    for (const Entry &entry : m_entries) {
        if (accepts(entry))
            texts << render(entry);
    }
    return texts.join(QStringLiteral("\n\n"));
}

void XmlConsole::clear()
{
    m_entries.clear();
    m_batch.clear();
    m_view->clear();
    m_visible = 0;
    updateCount();
}

void XmlConsole::rebuild()
{
    // One document change rather than one per entry: a filter switch stays instant.
    m_batch.clear();
    m_view->setPlainText(visibleText());
    m_visible = int(visibleEntries().size());
    m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->maximum());
    updateCount();
}

void XmlConsole::updateCount()
{
    // Both directions: more than the card's "received" and the diagram's room deliveries.
    const int total = int(m_entries.size());
    m_count->setText(m_visible == total ? (total == 1 ? tr("1 stanza sent or received")
                                                      : tr("%1 stanzas sent and received").arg(total))
                                        : tr("%1 of %2 stanzas sent and received").arg(m_visible).arg(total));
}
