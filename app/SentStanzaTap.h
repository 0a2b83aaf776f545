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

private:
    void handleSent(const QString &data);
};
