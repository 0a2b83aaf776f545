// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A session's run-time controls: join and leave with a chosen nick, change nick,
// set presence (show and status) in the room, drop the connection (the server ends
// the session), lose the network (the server keeps it for resumption) and resume,
// reconnect, and switch the account's join mode. Shows how the stream is secured.
#pragma once

#include <QSslCertificate>
#include <QWidget>

class ElidedLabel;
class LabServerHost;
class LabSession;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;

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
    // The client's socket is cut: the server detaches the session, which stays in its rooms.
    void loseNetwork();
    // The same client logs in again and resumes the detached session.
    void resume();
    void reconnect();

private:
    void refresh();
    // Once a second while the server keeps the session detached: the countdown.
    void tick();

    LabSession *const m_session;
    LabServerHost *const m_host;
    const QString m_room;
    ElidedLabel *m_state = nullptr;
    QLineEdit *m_nick = nullptr;
    QPushButton *m_join = nullptr;
    QPushButton *m_leave = nullptr;
    QPushButton *m_changeNick = nullptr;
    QComboBox *m_show = nullptr;
    QLineEdit *m_status = nullptr;
    QPushButton *m_setPresence = nullptr;
    ElidedLabel *m_security = nullptr;
    QSslCertificate m_explainedCertificate; // the one m_certificateExplanation describes
    QString m_certificateExplanation;
    QPushButton *m_drop = nullptr;
    QPushButton *m_lose = nullptr;
    QPushButton *m_resume = nullptr;
    QPushButton *m_reconnect = nullptr;
    QPushButton *m_disconnect = nullptr;
    QComboBox *m_mode = nullptr;
    bool m_nickEdited = false; // keep what the user typed over the suggestion
    QTimer *m_countdown = nullptr;
};
