// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// "Connect your own client": what a real client (Gajim, Dino, Profanity, Poezio, Psi+)
// needs to log in to the lab's server beside the lab's sessions: host, port, domain,
// MUC service, accounts and password, the certificate's fingerprint (each with a copy
// button), a line of advice per client, and where the server listens (remembered;
// applying it restarts the server).
#pragma once

#include <QDockWidget>
#include <QHash>

class LabServerHost;
class QComboBox;
class QGridLayout;
class QLabel;
class QSpinBox;

class OwnClientDock : public QDockWidget
{
    Q_OBJECT
public:
    OwnClientDock(LabServerHost *host, QWidget *parent = nullptr);

    // Where the window's server listens unless --listen says otherwise: remembered, or
    // 127.0.0.1:5222 (the port Dino assumes; another is taken when it is in use).
    static QString rememberedAddress();
    static quint16 rememberedPort();
    static constexpr quint16 DefaultPort = 5222;

    // The value shown on a row, by its name ("host", "port", "domain", "muc",
    // "fingerprint", "sha1", "password", or an account JID): what its copy button copies.
    QString value(const QString &row) const;
    QString statusText() const;
    // One line per well-known client.
    static QStringList clientAdvice();

signals:
    // The user asked to listen elsewhere; the window restarts the server there.
    void listenChangeRequested();

public slots:
    void refresh();

private:
    void addRow(const QString &name, const QString &label, const QString &explanation);
    void saveCertificate();
    // "AB:CD:…" like the SHA-256 one; Profanity shows this one.
    QString sha1Fingerprint() const;
    void applyListen();

    LabServerHost *const m_host;
    QGridLayout *m_grid = nullptr;
    int m_firstAccountRow = 0;
    QList<QWidget *> m_accountWidgets; // the accounts' rows in m_grid
    QHash<QString, QLabel *> m_values;
    QLabel *m_status = nullptr;
    QComboBox *m_address = nullptr;
    QSpinBox *m_port = nullptr;
};
