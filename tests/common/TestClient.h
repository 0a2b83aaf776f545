// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A real QXmppClient session for protocol tests. It records every element it
// receives, sends raw XML, and offers waits that never sleep blindly: sync() is a
// ping round trip, so anything the server sent before it has arrived after it.
#pragma once

#include <QDomElement>
#include <QObject>
#include <QStringList>
#include <functional>

class QXmppClient;
class StanzaRecorder;

class TestClient : public QObject
{
    Q_OBJECT
public:
    using Predicate = std::function<bool(const QDomElement &)>;

    TestClient(const QString &user, const QString &resource, QObject *parent = nullptr);
    ~TestClient() override;

    QString jid() const; // full JID
    QString bareJid() const;
    QXmppClient *client() const { return m_client; }

    // Connects and waits until the session is bound and its initial presence is sent.
    bool connectToServer(quint16 port, const QString &password = QStringLiteral("secret"));
    void disconnectFromServer();

    void sendXml(const QString &xml);
    // Sends a ping to the server and waits for its answer.
    bool sync();

    const QList<QDomElement> &received() const { return m_received; }
    QList<QDomElement> receivedMatching(const Predicate &predicate) const;
    int count(const Predicate &predicate) const;
    // Waits until an element received at index >= since matches.
    bool waitFor(const Predicate &predicate, int timeoutMs = 5000, int since = 0);
    int mark() const { return m_received.size(); }
    void clearReceived() { m_received.clear(); }

    // The usual stanza shapes.
    static Predicate presenceFrom(const QString &from, const QString &type = QString());
    static Predicate selfPresence(const QString &room);
    static Predicate groupchat(const QString &room, const QString &body);
    static Predicate anyGroupchatFrom(const QString &room);
    static Predicate anythingFrom(const QString &roomOrOccupant);
    static Predicate iqResult(const QString &id);
    static Predicate errorWithId(const QString &id);
    static Predicate subjectFrom(const QString &room);

    // Sends an IQ and waits for its answer (a null element on timeout). In requestXml the
    // text has %1 where the id goes.
    QDomElement request(const QString &type, const QString &to, const QString &payload);
    QDomElement requestXml(const QString &xmlWithIdPlaceholder);

    // Joins room/nick (raw presence with the MUC x; extra goes inside the x) and
    // waits for the own presence with status 110. Configures a new room (201).
    bool join(const QString &room, const QString &nick, const QString &extra = QString());
    bool leave(const QString &room, const QString &nick);
    void say(const QString &room, const QString &body);

signals:
    void elementArrived();

private:
    // Runs the event loop until done() holds, re-checking whenever signal fires.
    template<typename Signal>
    bool spinUntil(const std::function<bool()> &done, int timeoutMs,
                   const typename QtPrivate::FunctionPointer<Signal>::Object *sender, Signal signal);

    QXmppClient *m_client;
    StanzaRecorder *m_recorder;
    QString m_user;
    QString m_resource;
    QList<QDomElement> m_received;
    int m_nextId = 1;
};

// Text helpers for assertions.
QList<int> mucStatusCodes(const QDomElement &presence);
QString bodyOf(const QDomElement &message);
// The defined condition of an error stanza ("conflict", "forbidden", ...).
QString errorCondition(const QDomElement &stanza);
// The pubsub-specific condition of an error (XEP-0060 pubsub#errors), e.g. "payload-too-big".
QString pubsubErrorCondition(const QDomElement &stanza);
// Bodies of the groupchat messages with a body from this room (any nick), in order.
QStringList groupchatBodies(const TestClient &client, const QString &room);
