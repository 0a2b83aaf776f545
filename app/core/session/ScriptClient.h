// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A bare XMPP client for scripted sessions (scansion): it negotiates the stream
// (STARTTLS when offered, SASL PLAIN, resource binding) and then sends exactly what
// the script says, nothing of its own: no initial presence, no roster request, no
// answers to the server's requests. Unlike LabSession (a QXmppClient, which does all
// of that), what it receives is what the server chose to send.
#pragma once

#include <QDomElement>
#include <QObject>
#include <QSslCertificate>
#include <memory>

class QSslSocket;
class StanzaReader;

class ScriptClient : public QObject
{
    Q_OBJECT
public:
    struct Login
    {
        QString host;
        quint16 port = 5222;
        QString bareJid; // "romeo@localhost"
        QString password;
        QString resource; // empty: the server picks one
        // The only certificate trusted for STARTTLS; null: any certificate (test servers).
        QSslCertificate trusted;
    };

    explicit ScriptClient(const QString &name, QObject *parent = nullptr);
    ~ScriptClient() override;

    QString name() const { return m_name; }
    // The bound full JID, empty until online.
    QString fullJid() const { return m_fullJid; }
    bool isOnline() const { return m_state == State::Online; }
    bool isOffline() const { return m_state == State::Offline; }
    // Why the last login failed or the stream ended, empty if it closed cleanly.
    QString lastError() const { return m_error; }

    void connectToServer(const Login &login);
    // Closes the stream (</stream:stream>) and waits for the server to close it too.
    void disconnectFromServer();
    // Cuts the socket at once.
    void abort();
    // One stanza as written; false when not online.
    bool sendXml(const QString &xml);
    // A ping to the server as a barrier: pingAnswered(id) means the server has processed
    // everything sent before and everything it sent before has arrived. The answer is
    // not reported as a received stanza.
    QString ping();

signals:
    void online();
    void offline();
    void elementReceived(const QDomElement &stanza);
    void elementSent(const QDomElement &stanza);
    void pingAnswered(const QString &id);
    // Any of the above.
    void changed();

private:
    enum class State { Offline, Opening, Tls, Authenticating, Binding, Online, Closing };

    void openStream();
    void writeRaw(const QString &text);
    void onReadyRead();
    void handleElement(const QDomElement &element);
    void fail(const QString &error);
    void setOffline();

    const QString m_name;
    QSslSocket *m_socket = nullptr;
    std::unique_ptr<StanzaReader> m_reader;
    Login m_login;
    State m_state = State::Offline;
    QString m_fullJid;
    QString m_error;
    int m_nextPing = 1;
};
