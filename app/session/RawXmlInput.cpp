// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "session/RawXmlInput.h"

#include "core/session/LabSession.h"
#include "ui/LabPalette.h"

#include <QDomDocument>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

RawXmlInput::RawXmlInput(LabSession *session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    m_editor = new QPlainTextEdit;
    m_editor->setObjectName(QStringLiteral("rawXml"));
    m_editor->setPlaceholderText(
        tr("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>\n"
           "Ctrl+Return sends it from this session"));
    m_editor->setTabChangesFocus(true);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(qMax(8.0, mono.pointSizeF() - 1));
    m_editor->setFont(mono);
    m_editor->setMinimumHeight(56);
    m_editor->installEventFilter(this);

    m_send = new QPushButton(tr("Send XML"));
    m_send->setObjectName(QStringLiteral("sendXml"));
    m_send->setToolTip(tr("Send this stanza as written (Ctrl+Return)"));
    m_error = new QLabel;
    m_error->setObjectName(QStringLiteral("xmlError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: %1; font-weight: 600;").arg(LabPalette::failure().name()));
    m_error->hide();

    auto *row = new QHBoxLayout;
    row->setSpacing(6);
    row->addWidget(m_error, 1);
    row->addWidget(m_send, 0, Qt::AlignRight | Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);
    layout->addWidget(m_editor, 1);
    layout->addLayout(row);

    connect(m_send, &QPushButton::clicked, this, &RawXmlInput::send);
    connect(m_editor, &QPlainTextEdit::textChanged, this, [this] {
        m_error->hide();
        refresh();
    });
    connect(session, &LabSession::connectionChanged, this, &RawXmlInput::refresh);
    refresh();
}

QString RawXmlInput::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString RawXmlInput::check(const QString &xml)
{
    // Inside an element of the stream's namespace, as the server will read it; the
    // wrapper has a line of its own so the parser's line numbers are the editor's.
    const QString wrapped
        = QStringLiteral("<stream xmlns=\"jabber:client\">\n") + xml + QStringLiteral("\n</stream>");
    QDomDocument document;
    QString message;
    int line = 0;
    int column = 0;
    if (!document.setContent(wrapped, true, &message, &line, &column)) {
        // The wrapper's last line only ever fails because the input left something open.
        if (line > xml.count(QLatin1Char('\n')) + 2)
            return tr("Not well-formed XML: an element is not closed (%1).").arg(message);
        return tr("Not well-formed XML, line %1, column %2: %3.").arg(line - 1).arg(column).arg(message);
    }
    int elements = 0;
    for (QDomNode node = document.documentElement().firstChild(); !node.isNull(); node = node.nextSibling()) {
        if (node.isElement())
            ++elements;
        else if (node.isText() && !node.toText().data().trimmed().isEmpty())
            return tr("Text outside the stanza: only one element can be sent.");
    }
    if (elements != 1)
        return elements == 0 ? tr("Nothing to send: write one stanza.")
                             : tr("%1 elements: send one stanza at a time.").arg(elements);
    return QString();
}

bool RawXmlInput::send()
{
    const QString xml = m_editor->toPlainText().trimmed();
    const QString problem = check(xml);
    if (!problem.isEmpty()) {
        showError(problem);
        return false;
    }
    if (!m_session->sendXml(xml)) {
        showError(tr("Not sent: %1 is offline.").arg(m_session->name()));
        return false;
    }
    m_error->hide();
    emit sent(xml);
    return true;
}

bool RawXmlInput::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_editor && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter)
            && key->modifiers().testFlag(Qt::ControlModifier)) {
            send();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void RawXmlInput::showError(const QString &text)
{
    m_error->setText(text);
    m_error->show();
}

void RawXmlInput::refresh()
{
    m_send->setEnabled(m_session->isConnected() && !m_editor->toPlainText().trimmed().isEmpty());
}
