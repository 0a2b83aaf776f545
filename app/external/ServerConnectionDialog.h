// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// "Connect to server…": where the lab's sessions should log in (host, port, domain,
// MUC domain), with which accounts and sessions, and how the server is assumed to
// join rooms (it cannot be asked), for drawing the fan-out.
#pragma once

#include "JoinMode.h"
#include "core/host/ServerConnection.h"

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

class ServerConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ServerConnectionDialog(QWidget *parent = nullptr);

    ServerConnection connection() const { return m_connection; }
    JoinMode assumedMode() const;

    void accept() override;

private:
    QLineEdit *m_host;
    QSpinBox *m_port;
    QLineEdit *m_domain;
    QLineEdit *m_muc;
    QPlainTextEdit *m_accounts;
    QLineEdit *m_sessions;
    QComboBox *m_mode;
    QLabel *m_error;
    ServerConnection m_connection;
};
