// One session's card: what it received (newest last) and its controls: join and
// leave the room, send a groupchat message.
#pragma once

#include "LabSession.h"

#include <QFrame>

class QLabel;
class QLayout;
class QLineEdit;
class QListWidget;
class QPushButton;

class SessionPane : public QFrame
{
    Q_OBJECT
public:
    SessionPane(LabSession *session, const QString &roomJid, const QColor &accent, QWidget *parent = nullptr);

    LabSession *session() const { return m_session; }

    // The accent dot and "user / resource" title, as cards and detail pages show them.
    static QLayout *createHeader(LabSession *session, const QColor &accent, qreal titleGrowth);

signals:
    // The window picks the nick, which depends on the join mode.
    void joinRequested(LabSession *session);
    // A click on the card: show this session's details.
    void detailsRequested(LabSession *session);

protected:
    void mousePressEvent(QMouseEvent *event) override;

private:
    void append(const QString &text, const QColor &color, bool emphasised = false);
    void refresh();
    void send();

    LabSession *const m_session;
    const QString m_room;
    QLabel *m_status = nullptr;
    QLabel *m_counts = nullptr;
    QListWidget *m_log = nullptr;
    QPushButton *m_join = nullptr;
    QPushButton *m_leave = nullptr;
    QLineEdit *m_message = nullptr;
    QPushButton *m_send = nullptr;
};
