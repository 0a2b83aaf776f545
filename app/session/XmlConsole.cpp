// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/XmlConsole.h"

#include "Jid.h"
#include "core/session/LabSession.h"
#include "session/XmlHighlighter.h"
#include "ui/ElidedLabel.h"
#include "ui/LabPalette.h"
#include "ui/LocalClock.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
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
#include <QVarLengthArray>
#include <cstdio>

namespace {
// Escapes as QDomNode::save() does: < and & always, > after "]]", double quotes in
// attribute values (where tabs and line breaks become references too), a carriage
// return in text as a reference.
void appendEscaped(QString &out, const QString &text, bool attribute)
{
    const QChar *data = text.constData();
    const int length = int(text.size());
    int plain = 0; // start of the run of characters that need no escaping
    const auto flush = [&](int end) {
        if (end > plain)
            out.append(data + plain, end - plain);
    };
    for (int i = 0; i < length; ++i) {
        QLatin1String replacement;
        switch (data[i].unicode()) {
        case '<':
            replacement = QLatin1String("&lt;");
            break;
        case '&':
            replacement = QLatin1String("&amp;");
            break;
        case '>':
            if (i >= 2 && data[i - 1] == QLatin1Char(']') && data[i - 2] == QLatin1Char(']'))
                replacement = QLatin1String("&gt;");
            break;
        case '"':
            if (attribute)
                replacement = QLatin1String("&quot;");
            break;
        case '\t':
            if (attribute)
                replacement = QLatin1String("&#x9;");
            break;
        case '\n':
            if (attribute)
                replacement = QLatin1String("&#xa;");
            break;
        case '\r':
            replacement = QLatin1String("&#xd;");
            break;
        default:
            break;
        }
        if (replacement.size() == 0)
            continue;
        flush(i);
        out += replacement;
        plain = i + 1;
    }
    flush(length);
}

void indent(QString &out, int depth)
{
    static const QString spaces(64, QLatin1Char(' '));
    for (int left = depth * 2; left > 0; left -= int(spaces.size()))
        out.append(spaces.constData(), qMin(left, int(spaces.size())));
}

// Whitespace between elements, as a raw send may carry it, would fight the indentation:
// a blank text node goes unless it is its element's only child.
using Children = QVarLengthArray<QDomNode, 8>;
Children shownChildren(const QDomNode &node)
{
    Children children;
    int count = 0;
    for (QDomNode child = node.firstChild(); !child.isNull(); child = child.nextSibling())
        ++count;
    for (QDomNode child = node.firstChild(); !child.isNull(); child = child.nextSibling()) {
        if (child.isText() && child.nodeValue().trimmed().isEmpty() && count > 1) {
            --count;
            continue;
        }
        children.append(child);
    }
    return children;
}

// One node as QDomDocument::toString(2) writes it, without building a document or
// passing each character through a text codec: a busy session logs thousands a second.
void writeIndented(QString &out, const QDomNode &node, int depth, bool afterText, bool beforeText)
{
    if (node.isText()) { // a CDATA section is a text node too
        if (node.isCDATASection()) {
            QString data = node.nodeValue();
            data.replace(QLatin1String("]]>"), QLatin1String("]]]]><![CDATA[>"));
            out += QLatin1String("<![CDATA[") + data + QLatin1String("]]>");
        } else {
            appendEscaped(out, node.nodeValue(), false);
        }
        return;
    }
    if (node.isComment()) {
        if (!afterText)
            indent(out, depth);
        out += QLatin1String("<!--") + node.nodeValue();
        if (node.nodeValue().endsWith(QLatin1Char('-')))
            out += QLatin1Char(' ');
        out += QLatin1String("-->");
        if (!beforeText)
            out += QLatin1Char('\n');
        return;
    }
    if (!node.isElement())
        return;
    const QDomElement element = node.toElement();
    if (!afterText)
        indent(out, depth);
    const QString prefix = element.prefix();
    const QString name
        = prefix.isEmpty() ? element.nodeName() : prefix + QLatin1Char(':') + element.localName();
    out += QLatin1Char('<');
    out += name;
    const QString ns = element.namespaceURI();
    if (!ns.isNull()) {
        out += prefix.isEmpty() ? QLatin1String(" xmlns=\"")
                                : QLatin1String(" xmlns:") + prefix + QLatin1String("=\"");
        appendEscaped(out, ns, true);
        out += QLatin1Char('"');
    }
    const QDomNamedNodeMap attributes = element.attributes();
    QStringList declared;
    for (int i = 0; i < attributes.count(); ++i) {
        const QDomAttr attribute = attributes.item(i).toAttr();
        out += QLatin1Char(' ');
        const QString attributeNs = attribute.namespaceURI();
        const QString attributePrefix = attribute.prefix();
        if (attributeNs.isNull())
            out += attribute.name();
        else
            out += attributePrefix + QLatin1Char(':') + attribute.localName();
        out += QLatin1String("=\"");
        appendEscaped(out, attribute.value(), true);
        out += QLatin1Char('"');
        if (!attributeNs.isNull() && attributePrefix != prefix && !declared.contains(attributePrefix)) {
            declared << attributePrefix;
            out += QLatin1String(" xmlns:") + attributePrefix + QLatin1String("=\"");
            appendEscaped(out, attributeNs, true);
            out += QLatin1Char('"');
        }
    }
    const Children children = shownChildren(element);
    if (children.isEmpty()) {
        out += QLatin1String("/>");
    } else {
        out += QLatin1Char('>');
        if (!children.first().isText())
            out += QLatin1Char('\n');
        for (int i = 0; i < children.size(); ++i)
            writeIndented(out, children.at(i), depth + 1, i > 0 && children.at(i - 1).isText(),
                          i + 1 < children.size() && children.at(i + 1).isText());
        if (!children.last().isText())
            indent(out, depth);
        out += QLatin1String("</");
        out += name;
        out += QLatin1Char('>');
    }
    if (!beforeText)
        out += QLatin1Char('\n');
}
} // namespace

QString XmlConsole::indented(const QDomElement &stanza)
{
    QString xml;
    xml.reserve(512);
    writeIndented(xml, stanza, 0, false, false);
    // The client namespace is the stream's default; repeating it on every stanza is noise.
    xml.replace(QLatin1String(" xmlns=\"jabber:client\""), QString());
    // Only \n breaks lines, so an entry's lines in the view can be counted (trim()).
    xml.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    xml.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    xml.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    return xml.trimmed();
}

QString XmlConsole::Entry::label() const
{
    return QStringLiteral("%1 %2 %3")
        .arg(direction == Direction::In ? QStringLiteral("in") : QStringLiteral("out"), kind, peer);
}

XmlConsole::XmlConsole(LabSession *session, QWidget *parent)
    : QWidget(parent)
    , m_ownDomain(Jid::domain(session->account()))
    , m_batch([this](QVector<qint64> &numbers) { appendToView(numbers); })
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
    , m_batch([this](QVector<qint64> &numbers) { appendToView(numbers); })
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
    Record record;
    Entry &entry = record.entry;
    entry.direction = direction;
    entry.time = LocalClock::now();
    const QString type = stanza.attribute(QStringLiteral("type"));
    entry.kind = type == QLatin1String("error") ? type : stanza.tagName();
    entry.peer = stanza.attribute(direction == Direction::In ? QStringLiteral("from") : QStringLiteral("to"));
    const QString bare = Jid::bare(entry.peer);
    if (bare.contains(QLatin1Char('@')) && Jid::domain(bare) != m_ownDomain)
        entry.room = bare;
    record.stanza = stanza;
    if (!entry.room.isEmpty() && !m_rooms.contains(entry.room)) {
        m_rooms.insert(entry.room);
        if (m_room->findData(entry.room) < 0)
            m_room->addItem(Jid::node(entry.room), entry.room);
    }

    m_entries.push_back(record);
    const qint64 number = m_firstNumber + qint64(m_entries.size()) - 1;
    if (m_entries.size() > std::size_t(MaxEntries))
        trim();
    if (accepts(m_entries.back())) {
        ++m_visible;
        // Shown, the view takes the entries in batches: one layout, one colouring pass
        // and one repaint per batch. Hidden, they wait for showEvent(): a busy stream
        // costs a hidden console no layout at all (trim() keeps the wait bounded).
        m_batch.add(number,
                    isVisible() ? UpdateBatcher<qint64>::Schedule::Later
                                : UpdateBatcher<qint64>::Schedule::OnFlush);
    }
    // The count follows with the batch; hidden, when shown.
    if (!m_batch.isScheduled() && isVisible())
        updateCount();
}

const XmlConsole::Entry &XmlConsole::written(Record &record)
{
    if (!record.stanza.isNull()) {
        record.entry.xml = indented(record.stanza);
        record.stanza = QDomElement(); // what is left of its document may go
    }
    return record.entry;
}

QVector<XmlConsole::Entry> XmlConsole::entries() const
{
    QVector<Entry> all;
    all.reserve(int(m_entries.size()));
    for (Record &record : m_entries)
        all << written(record);
    return all;
}

void XmlConsole::appendToView(const QVector<qint64> &numbers)
{
    QScrollBar *bar = m_view->verticalScrollBar();
    if (m_view->isVisible())
        m_follow = bar->value() == bar->maximum();
    // A blank line between entries, none before the first.
    QString text;
    for (const qint64 number : numbers) {
        if (!text.isEmpty())
            text += QLatin1String("\n\n");
        text += render(written(m_entries.at(std::size_t(number - m_firstNumber))));
    }
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
        Record &old = m_entries.at(std::size_t(i));
        if (!accepts(old))
            continue;
        // Its header, XML and the blank line after it; those in the view were written
        // when they went in.
        if (++droppedVisible <= inView)
            blocks += 1 + 1 + int(written(old).xml.count(QLatin1Char('\n'))) + 1;
    }
    m_entries.erase(m_entries.begin(), m_entries.begin() + drop);
    m_firstNumber += drop;
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
    // What came while hidden, in one append, coloured in the one pass setActive() makes.
    m_batch.flush();
    updateCount();
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
    // A batch still due goes in with the next one, when shown again.
    m_batch.holdUntilFlush();
    m_highlighter->setActive(false);
}

bool XmlConsole::accepts(Record &record) const
{
    const QString kind = m_kind->currentData().toString();
    const QString room = m_room->currentData().toString();
    const QString text = m_text->text().trimmed();
    const Entry &entry = record.entry;
    return (kind.isEmpty() || entry.kind == kind) && (room.isEmpty() || entry.room == room)
        && (text.isEmpty() || written(record).xml.contains(text, Qt::CaseInsensitive));
}

QString XmlConsole::render(const Entry &entry)
{
    // "▼ in   12:34:56.789  message from lobby@…/bob", then the XML: built by hand, as
    // QString::arg() and QTime::toString() parse their patterns on every call.
    const bool in = entry.direction == Direction::In;
    QString time;
    if (entry.time.isValid()) {
        char digits[16];
        std::snprintf(digits, sizeof digits, "%02d:%02d:%02d.%03d", entry.time.hour(), entry.time.minute(),
                      entry.time.second(), entry.time.msec());
        time = QString::fromLatin1(digits);
    }
    QString text;
    text.reserve(40 + entry.kind.size() + entry.peer.size() + entry.xml.size());
    text += in ? QChar(0x25bc) : QChar(0x25b2);
    text += in ? QLatin1String(" in   ") : QLatin1String(" out  ");
    text += time;
    text += QLatin1String("  ");
    text += entry.kind;
    text += QLatin1Char(' ');
    if (!entry.peer.isEmpty()) {
        text += in ? QLatin1String("from ") : QLatin1String("to ");
        text += entry.peer;
    }
    text += QLatin1Char('\n');
    text += entry.xml;
    return text;
}

QVector<XmlConsole::Entry> XmlConsole::visibleEntries() const
{
    QVector<Entry> visible;
    for (Record &record : m_entries) {
        if (accepts(record))
            visible << written(record);
    }
    return visible;
}

QString XmlConsole::visibleText() const
{
    QStringList texts;
    for (Record &record : m_entries) {
        if (accepts(record))
            texts << render(written(record));
    }
    return texts.join(QStringLiteral("\n\n"));
}

void XmlConsole::clear()
{
    m_firstNumber += qint64(m_entries.size());
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
