// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The session details dock: pick a session (or click its card) to see its room,
// XML console and controls; add a session ("user/resource", a new account is
// created on the fly) or remove the one shown.
#pragma once

#include <QDockWidget>

class LabServerHost;
class LabSession;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class SessionDetail;

class SessionsDock : public QDockWidget
{
    Q_OBJECT
public:
    SessionsDock(LabServerHost *host, const QString &roomJid, QWidget *parent = nullptr);

    SessionDetail *addSession(LabSession *session, const QColor &accent);
    void removeSession(LabSession *session);
    SessionDetail *detail(const LabSession *session) const;
    SessionDetail *currentDetail() const;
    void showSession(const LabSession *session);
    // While the demo or a scenario plays, the set of sessions must not change.
    void setSessionsLocked(bool locked);
    // Shown under the add row, e.g. why a session could not be added.
    void setMessage(const QString &text);

signals:
    void addRequested(const QString &user, const QString &resource);
    void removeRequested(LabSession *session);

private:
    void requestAdd();
    void refresh();

    LabServerHost *const m_host;
    const QString m_room;
    QComboBox *m_selector = nullptr;
    QLineEdit *m_newSession = nullptr;
    QPushButton *m_add = nullptr;
    QPushButton *m_remove = nullptr;
    QLabel *m_message = nullptr;
    QStackedWidget *m_stack = nullptr;
    bool m_locked = false;
};
