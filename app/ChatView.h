// The room as one session sees it: the subject on top, then groupchat messages with
// nick and time (history marked), private messages marked, and the session's own
// comings and goings. Built only from what that session received and sent.
#pragma once

#include <QWidget>

class LabSession;
class QDomElement;
class QLabel;
class QTextBrowser;

class ChatView : public QWidget
{
    Q_OBJECT
public:
    ChatView(LabSession *session, const QString &roomJid, QWidget *parent = nullptr);

    QString subject() const { return m_subject; }
    // One line per entry, as plain text: "alice: hi", "[history] bob: hello",
    // "[private from bob] psst", "[private to bob] psst", "* joined as alice".
    QStringList lines() const { return m_lines; }

private:
    void received(const QDomElement &stanza);
    void sent(const QDomElement &stanza);
    void addLine(const QString &plain, const QString &html);
    void addNotice(const QString &text);
    void setSubject(const QString &subject, const QString &by);
    void clear();

    LabSession *const m_session;
    const QString m_room;
    QString m_subject;
    QStringList m_lines;
    QLabel *m_subjectLabel = nullptr;
    QTextBrowser *m_view = nullptr;
};
