// A plain-TCP socket for QXmppIncomingClient that passes the client's bytes through
// a StreamGuard first. On bad input it answers with a stream error and closes this
// connection only.
#pragma once

#include "StreamGuard.h"

#include <QSslSocket>

class GuardedSocket : public QSslSocket
{
    Q_OBJECT
public:
    GuardedSocket(const QString &domain, int maxStanzaBytes, QObject *parent = nullptr);

signals:
    // The connection is being closed because of bad input.
    void rejected(const QString &condition, const QString &text);

protected:
    qint64 readData(char *data, qint64 maxSize) override;

private:
    void reject();

    const QString m_domain;
    StreamGuard m_guard;
    QByteArray m_ready;
    bool m_rejecting = false;
};
