// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The room as one session sees it: the subject on top, then groupchat messages with
// nick and time (history marked), private messages marked, and the session's own
// comings and goings. Built only from what that session received and sent.
// Lines reach the view in batches, at most FlushMs apart, and only while it is
// shown: a busy room costs a hidden chat nothing but its lines().
#pragma once

#include "ui/UpdateBatcher.h"

#include <QHash>
#include <QTextCharFormat>
#include <QVector>
#include <QWidget>

class LabSession;
class QDomElement;
class QLabel;
class QPlainTextEdit;

class ChatView : public QWidget
{
    Q_OBJECT
public:
    ChatView(LabSession *session, const QString &roomJid, QWidget *parent = nullptr);

    QString subject() const { return m_subject; }
    // One line per entry, as plain text: "alice: hi", "[history] bob: hello",
    // "[private from bob] psst", "[private to bob] psst", "* joined as alice".
    QStringList lines() const { return m_lines; }

    static constexpr int MaxLines = 2000;
    static constexpr int FlushMs = UpdateBatch::IntervalMs;

protected:
    void showEvent(QShowEvent *event) override;

private:
    // A piece of a line in one format: the time, a badge, the nick, the text.
    struct Run
    {
        QString text;
        QTextCharFormat format;
    };
    using Line = QVector<Run>;

    void received(const QDomElement &stanza);
    void sent(const QDomElement &stanza);
    void addLine(const QString &plain, const Line &line);
    void addNotice(const QString &text);
    void setSubject(const QString &subject, const QString &by);
    void clear();
    void insertLines(const QVector<Line> &lines);
    // Shows the newest line, wrapped lines included.
    void scrollToEnd();
    static Run timeRun(const QString &time);
    // Bold, in the nick's colour; made once per nick.
    const QTextCharFormat &nickFormat(const QString &nick);
    static Run badgeRun(const QString &text, const QColor &color);

    LabSession *const m_session;
    const QString m_room;
    QString m_subject;
    QStringList m_lines;
    QLabel *m_subjectLabel = nullptr;
    QPlainTextEdit *m_view = nullptr;
    UpdateBatcher<Line> m_batch; // lines not in the view yet
    bool m_follow = true; // the view keeps the newest line in sight (until scrolled up)
    QHash<QString, QTextCharFormat> m_nickFormats;
    static constexpr int MaxNickFormats = 256;
};
