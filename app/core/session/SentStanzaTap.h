// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Sees what a QXmppClient writes to its socket, through a logger of its own (never
// the process-wide default one), and reports each complete stanza it sent, so the
// lab can show the outgoing half of a session's conversation next to the incoming.
#pragma once

#include <QObject>

class QDomElement;
class QXmppClient;

class SentStanzaTap : public QObject
{
    Q_OBJECT
public:
    // Installs a logger on client; the tap is a child of client.
    explicit SentStanzaTap(QXmppClient *client);

signals:
    void stanzaSent(const QDomElement &stanza);
    // The client opened SASL with this mechanism ("SCRAM-SHA-256"): QXmppClient does
    // not say which one it picked, its <auth/> does.
    void authMechanismChosen(const QString &mechanism);

private:
    void handleSent(const QString &data);
};
