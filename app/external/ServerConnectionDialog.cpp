// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "external/ServerConnectionDialog.h"

#include "ui/LabPalette.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

ServerConnectionDialog::ServerConnectionDialog(QWidget *parent)
    : QDialog(parent)
    , m_host(new QLineEdit(QStringLiteral("127.0.0.1")))
    , m_port(new QSpinBox)
    , m_domain(new QLineEdit(QStringLiteral("localhost")))
    , m_muc(new QLineEdit)
    , m_accounts(new QPlainTextEdit)
    , m_sessions(new QLineEdit)
    , m_mode(new QComboBox)
    , m_error(new QLabel)
{
    setWindowTitle(tr("Connect to server"));
    m_port->setRange(1, 65535);
    m_port->setValue(5222);
    m_muc->setPlaceholderText(tr("conference.<domain>"));
    m_accounts->setPlaceholderText(tr("one NAME:PASSWORD per line, e.g. alice:secret"));
    m_accounts->setTabChangesFocus(true);
    m_accounts->setFixedHeight(80);
    m_sessions->setPlaceholderText(tr("e.g. alice/phone alice/laptop bob/desktop (default NAME/lab)"));
    m_mode->addItem(tr("Classic (each session its own occupant)"));
    m_mode->addItem(tr("Account-level (the account is the occupant)"));
    m_mode->setToolTip(tr("The server's trace is not available: this only decides how the view draws "
                          "what the sessions receive"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color:%1").arg(LabPalette::failure().name()));

    auto *form = new QFormLayout;
    form->addRow(tr("Host"), m_host);
    form->addRow(tr("Port"), m_port);
    form->addRow(tr("Domain"), m_domain);
    form->addRow(tr("MUC domain"), m_muc);
    form->addRow(tr("Accounts"), m_accounts);
    form->addRow(tr("Sessions"), m_sessions);
    form->addRow(tr("Server joins"), m_mode);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ServerConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    resize(520, sizeHint().height());
}

JoinMode ServerConnectionDialog::assumedMode() const
{
    return m_mode->currentIndex() == 0 ? JoinMode::Classic : JoinMode::AccountLevel;
}

void ServerConnectionDialog::accept()
{
    ServerConnection connection;
    QString error;
    bool ok = connection.setServer(QStringLiteral("%1:%2").arg(m_host->text().trimmed()).arg(m_port->value()),
                                   &error);
    connection.domain = m_domain->text().trimmed();
    connection.mucDomain = m_muc->text().trimmed();
    const QStringList lines = m_accounts->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &line : lines)
        ok = ok && connection.addAccount(line.trimmed(), &error);
    const QStringList sessions = m_sessions->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &session : sessions)
        ok = ok && connection.addSession(session, &error);
    if (ok)
        error = connection.validate();
    // Said here, in words, rather than by a disabled button.
    m_error->setText(error.replace(QStringLiteral("--"), QString()));
    if (!error.isEmpty())
        return;
    m_connection = connection;
    QDialog::accept();
}
