// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "TestClient.h"

#include "Stanza.h"
#include "Vocabulary.h"

#include <QDomDocument>
#include <QEventLoop>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>
#include <QXmlStreamWriter>
#include <QXmppClient.h>
#include <QXmppClientExtension.h>
#include <QXmppConfiguration.h>
#include <QXmppStanza.h>

namespace {
// Sends its XML as it is: for stanzas no QXmpp class can express.
class RawStanza : public QXmppStanza
{
public:
    explicit RawStanza(const QString &xml)
        : m_xml(xml.toUtf8())
    { }
    void toXml(QXmlStreamWriter *writer) const override { writer->device()->write(m_xml); }
    void parse(const QDomElement &) override { }

private:
    QByteArray m_xml;
};

QDomElement firstChild(const QDomElement &parent, const QString &name, const QString &ns)
{
    for (QDomElement e = parent.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
        if (e.tagName() == name && e.namespaceURI() == ns)
            return e;
    }
    return {};
}
} // namespace

// Sees every element first and lets it pass on.
class StanzaRecorder : public QXmppClientExtension
{
public:
    StanzaRecorder(QList<QDomElement> *received, TestClient *owner)
        : m_received(received)
        , m_owner(owner)
    { }
    bool handleStanza(const QDomElement &stanza) override
    {
        m_received->append(Stanza::copy(stanza));
        emit m_owner->elementArrived();
        return false;
    }

private:
    QList<QDomElement> *m_received;
    TestClient *m_owner;
};

template<typename Signal>
bool TestClient::spinUntil(const std::function<bool()> &done, int timeoutMs,
                           const typename QtPrivate::FunctionPointer<Signal>::Object *sender, Signal signal)
{
    if (done())
        return true;
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(sender, signal, &loop, [&] {
        if (done())
            loop.quit();
    });
    timeout.start(timeoutMs);
    loop.exec();
    return done();
}

TestClient::TestClient(const QString &user, const QString &resource, QObject *parent)
    : QObject(parent)
    , m_client(new QXmppClient(this))
    , m_recorder(new StanzaRecorder(&m_received, this))
    , m_user(user)
    , m_resource(resource)
{
    m_client->insertExtension(0, m_recorder);
}

TestClient::~TestClient()
{
    m_client->disconnectFromServer();
}

QString TestClient::jid() const
{
    return bareJid() + QLatin1Char('/') + m_resource;
}

QString TestClient::bareJid() const
{
    return m_user + QStringLiteral("@localhost");
}

bool TestClient::connectToServer(quint16 port, const QString &password)
{
    QXmppConfiguration config;
    config.setHost(QStringLiteral("127.0.0.1"));
    config.setPort(port);
    config.setDomain(QStringLiteral("localhost"));
    config.setUser(m_user);
    config.setPassword(password);
    config.setResource(m_resource);
    config.setAutoReconnectionEnabled(false);
    config.setStreamSecurityMode(QXmppConfiguration::TLSDisabled);
    qRegisterMetaType<QXmppClient::Error>();
    QSignalSpy connected(m_client, &QXmppClient::connected);
    QSignalSpy failed(m_client, &QXmppClient::error);
    m_client->connectToServer(config);
    const auto settled = [&] { return connected.count() > 0 || failed.count() > 0; };
    spinUntil(settled, 5000, m_client, &QXmppClient::stateChanged);
    if (!settled())
        return false;
    return connected.count() > 0 && sync();
}

void TestClient::disconnectFromServer()
{
    QSignalSpy disconnected(m_client, &QXmppClient::disconnected);
    m_client->disconnectFromServer();
    if (m_client->state() != QXmppClient::DisconnectedState)
        spinUntil([&] { return disconnected.count() > 0; }, 5000, m_client, &QXmppClient::disconnected);
}

void TestClient::sendXml(const QString &xml)
{
    m_client->sendPacket(RawStanza(xml));
}

bool TestClient::sync()
{
    const QString id = QStringLiteral("sync-%1").arg(m_nextId++);
    const int since = mark();
    sendXml(
        QStringLiteral("<iq type='get' id='%1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>").arg(id));
    return waitFor(iqResult(id), 5000, since);
}

QList<QDomElement> TestClient::receivedMatching(const Predicate &predicate) const
{
    QList<QDomElement> found;
    for (const QDomElement &e : m_received) {
        if (predicate(e))
            found << e;
    }
    return found;
}

int TestClient::count(const Predicate &predicate) const
{
    return receivedMatching(predicate).size();
}

bool TestClient::waitFor(const Predicate &predicate, int timeoutMs, int since)
{
    int checked = since;
    const auto matched = [&] {
        for (; checked < m_received.size(); ++checked) {
            if (predicate(m_received.at(checked)))
                return true;
        }
        return false;
    };
    return spinUntil(matched, timeoutMs, this, &TestClient::elementArrived);
}

TestClient::Predicate TestClient::presenceFrom(const QString &from, const QString &type)
{
    return [from, type](const QDomElement &e) {
        return e.tagName() == QLatin1String("presence") && e.attribute(QStringLiteral("from")) == from
            && e.attribute(QStringLiteral("type")) == type;
    };
}

TestClient::Predicate TestClient::selfPresence(const QString &room)
{
    return [room](const QDomElement &e) {
        return e.tagName() == QLatin1String("presence")
            && e.attribute(QStringLiteral("from")).startsWith(room + QLatin1Char('/'))
            && mucStatusCodes(e).contains(110);
    };
}

TestClient::Predicate TestClient::groupchat(const QString &room, const QString &body)
{
    return [room, body](const QDomElement &e) {
        return e.tagName() == QLatin1String("message")
            && e.attribute(QStringLiteral("type")) == QLatin1String("groupchat")
            && e.attribute(QStringLiteral("from")).startsWith(room + QLatin1Char('/')) && bodyOf(e) == body;
    };
}

TestClient::Predicate TestClient::anyGroupchatFrom(const QString &room)
{
    return [room](const QDomElement &e) {
        return e.tagName() == QLatin1String("message")
            && e.attribute(QStringLiteral("type")) == QLatin1String("groupchat")
            && e.attribute(QStringLiteral("from")).startsWith(room) && !bodyOf(e).isEmpty();
    };
}

TestClient::Predicate TestClient::anythingFrom(const QString &roomOrOccupant)
{
    return [roomOrOccupant](const QDomElement &e) {
        const QString from = e.attribute(QStringLiteral("from"));
        return from == roomOrOccupant || from.startsWith(roomOrOccupant + QLatin1Char('/'));
    };
}

TestClient::Predicate TestClient::iqResult(const QString &id)
{
    return [id](const QDomElement &e) {
        return e.tagName() == QLatin1String("iq") && e.attribute(QStringLiteral("id")) == id
            && e.attribute(QStringLiteral("type")) == QLatin1String("result");
    };
}

TestClient::Predicate TestClient::errorWithId(const QString &id)
{
    return [id](const QDomElement &e) {
        return e.attribute(QStringLiteral("id")) == id
            && e.attribute(QStringLiteral("type")) == QLatin1String("error");
    };
}

TestClient::Predicate TestClient::subjectFrom(const QString &room)
{
    return [room](const QDomElement &e) {
        return e.tagName() == QLatin1String("message") && e.attribute(QStringLiteral("from")).startsWith(room)
            && !e.firstChildElement(QStringLiteral("subject")).isNull()
            && e.firstChildElement(QStringLiteral("body")).isNull();
    };
}

QDomElement TestClient::request(const QString &type, const QString &to, const QString &payload)
{
    return requestXml(
        QStringLiteral("<iq type='%1' id='%3' to='%2'>%4</iq>").arg(type, to, QStringLiteral("%1"), payload));
}

QDomElement TestClient::requestXml(const QString &xmlWithIdPlaceholder)
{
    const QString id = QStringLiteral("request-%1").arg(m_nextId++);
    const int since = mark();
    sendXml(xmlWithIdPlaceholder.arg(id));
    const auto answered = [id](const QDomElement &e) {
        return e.tagName() == QLatin1String("iq") && e.attribute(QStringLiteral("id")) == id;
    };
    if (!waitFor(answered, 5000, since))
        return {};
    return receivedMatching(answered).last();
}

bool TestClient::join(const QString &room, const QString &nick, const QString &extra)
{
    const int since = mark();
    sendXml(QStringLiteral("<presence to='%1/%2'><x xmlns='http://jabber.org/protocol/muc'>%3</x></presence>")
                .arg(room, nick, extra));
    const Predicate answered = [room](const QDomElement &e) {
        return selfPresence(room)(e)
            || (e.tagName() == QLatin1String("presence")
                && e.attribute(QStringLiteral("type")) == QLatin1String("error")
                && e.attribute(QStringLiteral("from")).startsWith(room));
    };
    if (!waitFor(answered, 5000, since))
        return false;
    const QDomElement answer = receivedMatching(answered).last();
    if (answer.attribute(QStringLiteral("type")) == QLatin1String("error"))
        return false;
    if (mucStatusCodes(answer).contains(201)) {
        const QString id = QStringLiteral("config-%1").arg(m_nextId++);
        const int configSince = mark();
        sendXml(QStringLiteral(
                    "<iq type='set' id='%1' to='%2'><query xmlns='http://jabber.org/protocol/muc#owner'>"
                    "<x xmlns='jabber:x:data' type='submit'/></query></iq>")
                    .arg(id, room));
        if (!waitFor(iqResult(id), 5000, configSince))
            return false;
    }
    // Everything the join produced (history, subject) has arrived after a round trip.
    return sync();
}

bool TestClient::leave(const QString &room, const QString &nick)
{
    const int since = mark();
    sendXml(QStringLiteral("<presence to='%1/%2' type='unavailable'/>").arg(room, nick));
    const Predicate gone = [room](const QDomElement &e) {
        return selfPresence(room)(e) && e.attribute(QStringLiteral("type")) == QLatin1String("unavailable");
    };
    return waitFor(gone, 5000, since) && sync();
}

void TestClient::say(const QString &room, const QString &body)
{
    sendXml(QStringLiteral("<message type='groupchat' to='%1'><body>%2</body></message>")
                .arg(room, body.toHtmlEscaped()));
}

QList<int> mucStatusCodes(const QDomElement &presence)
{
    QList<int> codes;
    const QDomElement x = firstChild(presence, QStringLiteral("x"), Ns::MucUser);
    for (QDomElement s = x.firstChildElement(QStringLiteral("status")); !s.isNull();
         s = s.nextSiblingElement(QStringLiteral("status")))
        codes << s.attribute(QStringLiteral("code")).toInt();
    return codes;
}

QString bodyOf(const QDomElement &message)
{
    return message.firstChildElement(QStringLiteral("body")).text();
}

QString errorCondition(const QDomElement &stanza)
{
    return Stanza::errorCondition(stanza);
}

QString pubsubErrorCondition(const QDomElement &stanza)
{
    const QDomElement error = stanza.firstChildElement(QStringLiteral("error"));
    for (QDomElement e = error.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
        if (e.namespaceURI() == Ns::PubSubErrors)
            return e.localName();
    }
    return QString();
}

QStringList groupchatBodies(const TestClient &client, const QString &room)
{
    QStringList bodies;
    for (const QDomElement &message : client.receivedMatching(TestClient::anyGroupchatFrom(room))) {
        if (!bodyOf(message).isEmpty())
            bodies << bodyOf(message);
    }
    return bodies;
}
