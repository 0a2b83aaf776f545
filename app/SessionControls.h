// A session's run-time controls: join and leave with a chosen nick, change nick,
// set presence (show and status) in the room, drop the connection the way a lost
// network would, reconnect, and switch the account's join mode.
#pragma once

#include <QWidget>

class LabServerHost;
class LabSession;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

class SessionControls : public QWidget
{
    Q_OBJECT
public:
    SessionControls(LabSession *session, LabServerHost *host, const QString &roomJid,
                    QWidget *parent = nullptr);

    // The nick a join would ask for in the account's current mode.
    QString suggestedNick() const;

public slots:
    void join();
    void leave();
    void changeNick();
    void setPresence();
    // The server closes the stream without a word; the client only notices the socket.
    void drop();
    void reconnect();

private:
    void refresh();

    LabSession *const m_session;
    LabServerHost *const m_host;
    const QString m_room;
    QLabel *m_state = nullptr;
    QLineEdit *m_nick = nullptr;
    QPushButton *m_join = nullptr;
    QPushButton *m_leave = nullptr;
    QPushButton *m_changeNick = nullptr;
    QComboBox *m_show = nullptr;
    QLineEdit *m_status = nullptr;
    QPushButton *m_setPresence = nullptr;
    QPushButton *m_drop = nullptr;
    QPushButton *m_reconnect = nullptr;
    QPushButton *m_disconnect = nullptr;
    QComboBox *m_mode = nullptr;
    bool m_nickEdited = false; // keep what the user typed over the suggestion
};
