// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The client edge of the server over real sockets: each attack on stream negotiation,
// authentication, binding and the stream limits, replayed byte for byte on a raw
// connection, with the exact answer it must get. QXmpp 1.4's incoming stream (with
// StreamGuard in front) failed every one of these; QXmppClient sessions show that
// real clients still get in.
#include "ClientStream.h"
#include "MinimixServer.h"
#include "RawStream.h"
#include "StreamLimits.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTest>
#include <QTextStream>
#include <QTimer>
#include <QXmppClient.h>
#include <QXmppConfiguration.h>
#include <QXmppLogger.h>

namespace {
const QByteArray Header = RawStream::header();
// Every body an attacker sends carries this, so a leak is easy to spot.
const QByteArray Marker = QByteArrayLiteral("EVIL-MARKER");
const QString Bob = QStringLiteral("bob@localhost/desktop");

// The stream header with "to='localhost'" replaced.
QByteArray headerWith(const QByteArray &attributes)
{
    return QByteArray(Header).replace("to='localhost'", attributes);
}

QByteArray chatTo(const QString &to, const QByteArray &body)
{
    return "<message type='chat' to='" + to.toUtf8() + "'><body>" + body + "</body></message>";
}

// A QXmppClient login; what the client sent is in *sent.
bool xmppLogin(QXmppClient *client, quint16 port, QXmppConfiguration config, QStringList *sent = nullptr)
{
    config.setHost(QStringLiteral("127.0.0.1"));
    config.setPort(port);
    config.setDomain(QStringLiteral("localhost"));
    config.setAutoReconnectionEnabled(false);
    if (config.resource().isEmpty())
        config.setResource(QStringLiteral("qxmpp"));
    auto *logger = new QXmppLogger(client);
    logger->setLoggingType(QXmppLogger::SignalLogging);
    logger->setMessageTypes(QXmppLogger::SentMessage);
    if (sent)
        QObject::connect(logger, &QXmppLogger::message, client,
                         [sent](QXmppLogger::MessageType, const QString &text) { *sent << text; });
    client->setLogger(logger);
    qRegisterMetaType<QXmppClient::Error>();
    QSignalSpy connected(client, &QXmppClient::connected);
    QSignalSpy failed(client, &QXmppClient::error);
    QEventLoop loop;
    QObject::connect(client, &QXmppClient::connected, &loop, &QEventLoop::quit);
    QObject::connect(client, &QXmppClient::error, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    client->connectToServer(config);
    if (connected.isEmpty() && failed.isEmpty())
        loop.exec();
    return !connected.isEmpty();
}

QXmppConfiguration account(const QString &user, const QString &password = QStringLiteral("secret"))
{
    QXmppConfiguration config;
    config.setUser(user);
    config.setPassword(password);
    config.setResource(QStringLiteral("qxmpp"));
    return config;
}

ClientStream *streamOf(MinimixServer *server, const QString &jid)
{
    for (ClientStream *stream : server->findChildren<ClientStream *>()) {
        if (stream->jid() == jid)
            return stream;
    }
    return nullptr;
}

bool containsMarker(const QDomElement &e)
{
    QString xml;
    QTextStream stream(&xml);
    e.save(stream, 0);
    return xml.contains(QLatin1String(Marker));
}

QStringList mechanisms(const QDomElement &features)
{
    QStringList names;
    const QDomElement list = features.firstChildElement(QStringLiteral("mechanisms"));
    for (QDomElement m = list.firstChildElement(QStringLiteral("mechanism")); !m.isNull();
         m = m.nextSiblingElement(QStringLiteral("mechanism")))
        names << m.text();
    return names;
}

ServerOptions plainAllowed()
{
    ServerOptions options;
    options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
    return options;
}
} // namespace

class tst_ClientStream : public QObject
{
    Q_OBJECT

private:
    // The stream ended with exactly this stream error and the connection is closed.
    static void checkStreamError(RawStream &raw, const QString &condition, int timeoutMs = 5000)
    {
        QVERIFY2(raw.waitForClose(timeoutMs),
                 qPrintable(QStringLiteral("still open; expected <%1/>; got: %2")
                                .arg(condition, RawStream::show(raw.received()))));
        const ServerOutput out = raw.output();
        QVERIFY2(
            out.streamError() == condition,
            qPrintable(
                QStringLiteral("expected <%1/>, got: %2").arg(condition, RawStream::show(raw.received()))));
        QCOMPARE(out.count(QStringLiteral("error"), RawNs::Stream), 1);
        QVERIFY2(out.closed, "the stream was not closed with </stream:stream>");
    }

private slots:
    // 1. Nothing but negotiation before authentication: a stanza, a bind or stream
    // management is a not-authorized stream error, and nothing of it reaches anyone.
    void stanzaBeforeAuthentication_data()
    {
        QTest::addColumn<QByteArray>("stanza");
        QTest::addColumn<bool>("withHeader"); // in the same write as the stream header
        QTest::newRow("bind") << RawStream::bindRequest("b", "evil") << false;
        QTest::newRow("bind in the write of the header") << RawStream::bindRequest("b", "evil") << true;
        QTest::newRow("bind without a resource")
            << QByteArray("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>")
            << false;
        QTest::newRow("session") << QByteArray("<iq type='set' id='s'><session "
                                               "xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>")
                                 << false;
        QTest::newRow("message to bob") << chatTo(Bob, Marker) << false;
        QTest::newRow("message to bob with a forged from")
            << QByteArray("<message type='chat' to='bob@localhost/desktop' from='alice@localhost/x'><body>"
                          + Marker + "</body></message>")
            << false;
        QTest::newRow("directed presence to bob")
            << QByteArray("<presence to='bob@localhost/desktop'><status>" + Marker + "</status></presence>")
            << false;
        QTest::newRow("subscription request to bob") << QByteArray(
            "<presence to='bob@localhost' type='subscribe'><status>" + Marker + "</status></presence>")
                                                     << false;
        QTest::newRow("iq to bob") << QByteArray("<iq type='get' id='v' to='bob@localhost/desktop'><query "
                                                 "xmlns='jabber:iq:version'/><x>"
                                                 + Marker + "</x></iq>")
                                   << false;
        QTest::newRow("ping to the server") << RawStream::pingRequest("p") << false;
        QTest::newRow("stream management enable")
            << QByteArray("<enable xmlns='urn:xmpp:sm:3' resume='true'/>") << false;
        QTest::newRow("stream management resume")
            << QByteArray("<resume xmlns='urn:xmpp:sm:3' previd='abc' h='0'/>") << false;
        QTest::newRow("SASL success sent by the client")
            << QByteArray("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>") << false;
    }
    void stanzaBeforeAuthentication()
    {
        QFETCH(QByteArray, stanza);
        QFETCH(bool, withHeader);
        TestServer server;
        TestClient *bob = server.connect(QStringLiteral("bob"));
        const int since = bob->mark();

        RawStream raw(server.port());
        if (withHeader) {
            raw.send(Header + stanza);
        } else {
            QVERIFY(!raw.openStream().isNull());
            raw.send(stanza);
        }
        checkStreamError(raw, QStringLiteral("not-authorized"));
        // Nothing was answered but the error: no bind result, no pong.
        const ServerOutput out = raw.output();
        QCOMPARE(out.count(QStringLiteral("iq"), QStringLiteral("jabber:client")), 0);
        QCOMPARE(out.count(QStringLiteral("enabled"), RawNs::Sm), 0);
        QCOMPARE(server.server()->sessions(), QStringList { Bob });
        QTRY_COMPARE(server.server()->findChildren<ClientStream *>().size(), 1);
        // Bob got nothing but the answer to his own ping.
        QVERIFY(bob->sync());
        QCOMPARE(bob->received().size() - since, 1);
        QCOMPARE(bob->count(containsMarker), 0);
    }

    // 2. One bind per stream: the second is refused with not-allowed and the stream
    // keeps its first JID.
    void bindTwice()
    {
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        TestClient *bob = server.connect(QStringLiteral("bob"));
        RawStream raw(server.port());
        QCOMPARE(raw.logIn("alice", "first"), QStringLiteral("alice@localhost/first"));
        QCOMPARE(raw.bind("second"), QStringLiteral("error:not-allowed"));
        QCOMPARE(raw.bind("first"), QStringLiteral("error:not-allowed"));
        const QDomElement refusal = raw.output().iq(QStringLiteral("bind-2"));
        QCOMPARE(refusal.attribute(QStringLiteral("type")), QStringLiteral("error"));
        QCOMPARE(refusal.firstChildElement(QStringLiteral("error")).attribute(QStringLiteral("type")),
                 QStringLiteral("cancel"));
        QVERIFY(raw.isOpen());
        QCOMPARE(server.server()->sessions().size(), 2);
        QVERIFY(server.server()->sessions().contains(QStringLiteral("alice@localhost/first")));
        QVERIFY(!server.server()->sessions().contains(QStringLiteral("alice@localhost/second")));
        // What it sends still comes from the first JID.
        raw.send(chatTo(Bob, "after the second bind"));
        const TestClient::Predicate message
            = [](const QDomElement &e) { return bodyOf(e) == QLatin1String("after the second bind"); };
        QVERIFY(bob->waitFor(message));
        QCOMPARE(FIRST_OF(bob->receivedMatching(message)).attribute(QStringLiteral("from")),
                 QStringLiteral("alice@localhost/first"));
    }

    // One authentication per stream: a second <auth/> (even with bob's right password)
    // fails and the stream stays alice's.
    void authenticateTwice_data()
    {
        QTest::addColumn<bool>("afterBind");
        QTest::newRow("after binding") << true;
        QTest::newRow("after SASL success, before binding") << false;
    }
    void authenticateTwice()
    {
        QFETCH(bool, afterBind);
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        TestClient *bob = server.connect(QStringLiteral("bob"));
        RawStream raw(server.port());
        QVERIFY(!raw.openStream().isNull());
        QCOMPARE(raw.authenticatePlain("alice", "secret"), QString());
        QVERIFY(!raw.openStream().isNull());
        QString jid;
        if (afterBind)
            jid = raw.bind("desk");
        QCOMPARE(raw.authenticatePlain("bob", "secret"), QStringLiteral("not-authorized"));
        QCOMPARE(raw.authenticateScram(QStringLiteral("SCRAM-SHA-1"), "bob", "secret"),
                 QStringLiteral("not-authorized"));
        QVERIFY(raw.isOpen());
        if (!afterBind)
            jid = raw.bind("desk");
        QCOMPARE(jid, QStringLiteral("alice@localhost/desk"));
        QCOMPARE(raw.output().count(QStringLiteral("success"), RawNs::Sasl), 1);
        raw.send(chatTo(Bob, "who am I"));
        const TestClient::Predicate message
            = [](const QDomElement &e) { return bodyOf(e) == QLatin1String("who am I"); };
        QVERIFY(bob->waitFor(message));
        QCOMPARE(FIRST_OF(bob->receivedMatching(message)).attribute(QStringLiteral("from")),
                 QStringLiteral("alice@localhost/desk"));
        QVERIFY(!server.server()->sessions().contains(QStringLiteral("bob@localhost/desk")));
    }

    // The replay of the use-after-free: bind twice, drop the connection, then send to
    // the first full JID from another session. The server keeps serving.
    void messageToTheFirstJidOfAStreamThatBoundTwice()
    {
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        TestClient *bob = server.connect(QStringLiteral("bob"));
        {
            RawStream raw(server.port());
            QCOMPARE(raw.logIn("alice", "first"), QStringLiteral("alice@localhost/first"));
            QCOMPARE(raw.bind("second"), QStringLiteral("error:not-allowed"));
            raw.send("<presence/>");
            QVERIFY(raw.ping());
            raw.abort();
        }
        QTRY_COMPARE(server.server()->sessions(), QStringList { Bob });
        for (const QString &to :
             { QStringLiteral("alice@localhost/first"), QStringLiteral("alice@localhost/second"),
               QStringLiteral("alice@localhost") }) {
            bob->sendXml(QStringLiteral("<message type='chat' to='%1'><body>hello</body></message>").arg(to));
            bob->sendXml(
                QStringLiteral("<iq type='get' id='v' to='%1'><query xmlns='jabber:iq:version'/></iq>")
                    .arg(to));
            bob->sendXml(QStringLiteral("<presence to='%1'/>").arg(to));
        }
        QVERIFY(bob->sync());
        TestClient carol(QStringLiteral("carol"), QStringLiteral("third"));
        QVERIFY(carol.connectToServer(server.port()));
        QVERIFY(carol.sync());
        QCOMPARE(server.server()->sessions().size(), 2);
    }

    // 3. A second XML declaration is not-well-formed, wherever it comes; a normal
    // client logs in right after.
    void xmlDeclarationBetweenStanzas_data()
    {
        QTest::addColumn<bool>("loggedIn");
        QTest::addColumn<QByteArray>("sends");
        const QByteArray declaration = "<?xml version='1.0'?>";
        QTest::newRow("after the features") << false << declaration;
        QTest::newRow("after the features, with a stanza after it")
            << false << declaration + RawStream::bindRequest("b", "x");
        QTest::newRow("in a session") << true << declaration;
        QTest::newRow("in a session, after a stanza in the same write")
            << true << RawStream::pingRequest("p") + declaration;
        QTest::newRow("in a session, with a new stream header") << true << Header;
    }
    void xmlDeclarationBetweenStanzas()
    {
        QFETCH(bool, loggedIn);
        QFETCH(QByteArray, sends);
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        RawStream raw(server.port());
        if (loggedIn)
            QCOMPARE(raw.logIn("alice", "raw"), QStringLiteral("alice@localhost/raw"));
        else
            QVERIFY(!raw.openStream().isNull());
        raw.send(sends);
        checkStreamError(raw, QStringLiteral("not-well-formed"));
        QTRY_VERIFY(server.server()->sessions().isEmpty());
        QElapsedTimer timer;
        timer.start();
        TestClient carol(QStringLiteral("carol"), QStringLiteral("after"));
        QVERIFY(carol.connectToServer(server.port()));
        qInfo("a new login took %lld ms", timer.elapsed());
        QVERIFY(timer.elapsed() < 3000);
        QVERIFY(carol.sync());
    }

    // A '>' inside a stream header attribute is part of the value: the header is read
    // whole and answered as what it says.
    void angleBracketInStreamHeader_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<QString>("condition"); // empty: the features come
        QTest::newRow("to='local>host'") << headerWith("to='local>host'") << QStringLiteral("host-unknown");
        QTest::newRow("to='localhost>'") << headerWith("to='localhost>'") << QStringLiteral("host-unknown");
        QTest::newRow("xml:lang='e>n'") << headerWith("to='localhost' xml:lang='e>n'") << QString();
        QTest::newRow("from='a>b@localhost'")
            << headerWith("from='a>b@localhost' to='localhost'") << QString();
        QTest::newRow("id='>'") << headerWith("id='>' to='localhost'") << QString();
        QTest::newRow("'>' in double quotes") << headerWith("to=\"localhost\" xml:lang=\"'>'\"") << QString();
    }
    void angleBracketInStreamHeader()
    {
        QFETCH(QByteArray, header);
        QFETCH(QString, condition);
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        {
            RawStream raw(server.port());
            raw.send(header);
            if (condition.isEmpty()) {
                QVERIFY2(!raw.waitForElement(QStringLiteral("features"), RawNs::Stream, 0).isNull(),
                         qPrintable(RawStream::show(raw.received())));
                QCOMPARE(raw.output().headers, 1);
                QVERIFY(raw.output().streamError().isEmpty());
                // The stream goes on normally.
                QCOMPARE(raw.authenticatePlain("alice", "secret"), QString());
                QVERIFY(!raw.openStream().isNull());
                QCOMPARE(raw.bind("raw"), QStringLiteral("alice@localhost/raw"));
            } else {
                checkStreamError(raw, condition);
                QCOMPARE(raw.output().headers, 1);
                QCOMPARE(raw.output().count(QStringLiteral("features"), RawNs::Stream), 0);
            }
        }
        QElapsedTimer timer;
        timer.start();
        TestClient carol(QStringLiteral("carol"), QStringLiteral("after"));
        QVERIFY(carol.connectToServer(server.port()));
        qInfo("a new login took %lld ms", timer.elapsed());
        QVERIFY(timer.elapsed() < 3000);
        QVERIFY(carol.sync());
    }

    // 4. 1,000 failed <auth/> in one write: the stream is closed after the limit of
    // failures, each answered in turn, while another client logs in.
    void authenticationFlood()
    {
        ServerOptions options = plainAllowed();
        const int limit = options.limits.maxFailedAuthAttempts;
        QCOMPARE(limit, StreamDefaults::MaxFailedAuthAttempts);
        TestServer server(JoinMode::AccountLevel, options);
        RawStream raw(server.port());
        QVERIFY(!raw.openStream().isNull());
        QByteArray flood;
        for (int i = 0; i < 1000; ++i)
            flood += RawStream::plainAuth("alice", "wrong" + QByteArray::number(i));
        QElapsedTimer timer;
        timer.start();
        qint64 closedMs = -1;
        connect(&raw.socket(), &QSslSocket::disconnected, this, [&] { closedMs = timer.elapsed(); });
        raw.send(flood);
        TestClient bob(QStringLiteral("bob"), QStringLiteral("meanwhile"));
        QVERIFY(bob.connectToServer(server.port()));
        const qint64 loginMs = timer.elapsed();
        checkStreamError(raw, QStringLiteral("policy-violation"), 10000);
        // The failures of 127.0.0.1 slow bob's login too (the address is throttled).
        qInfo("the flood was closed after %lld ms; a login meanwhile took %lld ms", closedMs, loginMs);
        QStringList failures;
        for (int i = 0; i < limit; ++i)
            failures << QStringLiteral("not-authorized");
        QCOMPARE(raw.output().saslFailures(), failures);
        QCOMPARE(raw.output().count(QStringLiteral("success"), RawNs::Sasl), 0);
        QVERIFY(bob.sync());
        QCOMPARE(server.server()->sessions(), QStringList { QStringLiteral("bob@localhost/meanwhile") });
    }

    // A failed login slows the next attempt for the account, from any connection; the
    // right password still gets in (a delay, not a lockout). Another account from
    // another address is not slowed.
    void failedLoginSlowsTheNextAttempt()
    {
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        const auto attempt = [&](const QByteArray &user, const QByteArray &password, QString *outcome,
                                 const QHostAddress &from = QHostAddress()) {
            RawStream raw(server.port(), from);
            if (raw.openStream().isNull())
                return qint64(-1);
            QElapsedTimer timer;
            timer.start();
            *outcome = raw.authenticatePlain(user, password);
            return timer.elapsed();
        };
        const int delay = StreamDefaults::LoginDelayFirstMs;
        QString outcome;
        const qint64 first = attempt("dave", "wrong", &outcome);
        QCOMPARE(outcome, QStringLiteral("not-authorized"));
        const qint64 second = attempt("dave", "wrong again", &outcome);
        QCOMPARE(outcome, QStringLiteral("not-authorized"));
        // The failures were dave's and 127.0.0.1's: carol from elsewhere is not slowed,
        // carol from 127.0.0.1 is (and her success clears the address).
        const qint64 otherAddress
            = attempt("carol", "secret", &outcome, QHostAddress(QStringLiteral("127.0.0.2")));
        QCOMPARE(outcome, QString());
        const qint64 sameAddress = attempt("carol", "secret", &outcome);
        QCOMPARE(outcome, QString());
        const qint64 right = attempt("dave", "secret", &outcome);
        QCOMPARE(outcome, QString());
        qInfo("dave: first failure %lld ms, second %lld ms, right password %lld ms", first, second, right);
        qInfo("carol: from 127.0.0.2 %lld ms, from 127.0.0.1 %lld ms", otherAddress, sameAddress);
        QVERIFY(first >= 0);
        QVERIFY2(second >= delay / 2 && second > 2 * first, "the second attempt was not slowed");
        QVERIFY2(2 * otherAddress < sameAddress, "another account from another address was slowed");
        QVERIFY2(sameAddress >= delay, "another account from the same address was not slowed");
        QVERIFY2(right >= delay, "the attempt after two failures was not slowed");
    }

    // 5. Authenticate within limits.authTimeoutSeconds or the stream is closed, whatever
    // is sent meanwhile; an authenticated stream is not affected.
    void authTimeout_data()
    {
        QTest::addColumn<QByteArray>("first");
        QTest::addColumn<bool>("keepAlive"); // a space every 200 ms
        QTest::newRow("header, then a space every 200 ms") << Header << true;
        QTest::newRow("nothing at all") << QByteArray() << false;
        QTest::newRow("half a stream header") << Header.left(40) << false;
        QTest::newRow("SCRAM started, never finished")
            << Header + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-1'>"
                + QByteArray("n,,n=alice,r=abcdefgh").toBase64() + "</auth>"
            << true;
    }
    void authTimeout()
    {
        QFETCH(QByteArray, first);
        QFETCH(bool, keepAlive);
        ServerOptions options = plainAllowed();
        options.limits.authTimeoutSeconds = 1;
        TestServer server(JoinMode::AccountLevel, options);
        RawStream authenticated(server.port());
        QCOMPARE(authenticated.logIn("alice", "raw"), QStringLiteral("alice@localhost/raw"));

        QElapsedTimer timer;
        timer.start();
        RawStream slow(server.port());
        if (!first.isEmpty())
            slow.send(first);
        QTimer spaces;
        connect(&spaces, &QTimer::timeout, &slow, [&slow] { slow.send(" "); });
        if (keepAlive)
            spaces.start(200);
        checkStreamError(slow, QStringLiteral("connection-timeout"), 5000);
        const qint64 closedAfter = timer.elapsed();
        qInfo("closed after %lld ms", closedAfter);
        QVERIFY(closedAfter >= 900 && closedAfter < 3000);
        QCOMPARE(slow.output().count(QStringLiteral("success"), RawNs::Sasl), 0);
        // The session that authenticated in time is older than the timeout and still here.
        QVERIFY(authenticated.ping());
        QVERIFY(authenticated.isOpen());
        QCOMPARE(server.server()->sessions(), QStringList { QStringLiteral("alice@localhost/raw") });
    }

    // 6. Account names are nodeprepped: ALICE is alice; names with white space are no
    // one (and not a way around a ban), with PLAIN and with both SCRAMs.
    void accountNameNormalisation_data()
    {
        QTest::addColumn<QString>("mechanism");
        QTest::addColumn<QByteArray>("user");
        QTest::addColumn<QString>("jid"); // empty: refused with not-authorized
        for (const QString &mechanism :
             { QStringLiteral("PLAIN"), QStringLiteral("SCRAM-SHA-1"), QStringLiteral("SCRAM-SHA-256") }) {
            const auto row = [&](const char *name, const QByteArray &user, const QString &jid) {
                QTest::addRow("%s %s", qPrintable(mechanism), name) << mechanism << user << jid;
            };
            row("ALICE", "ALICE", QStringLiteral("alice@localhost/r"));
            row("Alice", "Alice", QStringLiteral("alice@localhost/r"));
            row("' alice '", " alice ", QString());
            row("'alice<TAB>'", "alice\t", QString());
            row("'alice<NBSP>'", "alice\xc2\xa0", QString());
        }
    }
    void accountNameNormalisation()
    {
        QFETCH(QString, mechanism);
        QFETCH(QByteArray, user);
        QFETCH(QString, jid);
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        RawStream raw(server.port());
        QVERIFY(!raw.openStream().isNull());
        const QString outcome = mechanism == QLatin1String("PLAIN")
            ? raw.authenticatePlain(user, "secret")
            : raw.authenticateScram(mechanism, user, "secret");
        if (jid.isEmpty()) {
            QCOMPARE(outcome, QStringLiteral("not-authorized"));
            QCOMPARE(raw.output().count(QStringLiteral("success"), RawNs::Sasl), 0);
            return;
        }
        QCOMPARE(outcome, QString());
        QVERIFY(!raw.openStream().isNull());
        QCOMPARE(raw.bind("r"), jid);
        QCOMPARE(server.server()->sessions(), QStringList { jid });
    }

    // "Ban evasion": MALLORY is the account mallory, not a second one.
    void accountNamesAreOneAccount()
    {
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        QVERIFY(server.server()->setAccount(QStringLiteral("MALLORY"), QStringLiteral("first")));
        QVERIFY(server.server()->accounts().contains(QStringLiteral("mallory")));
        QVERIFY(!server.server()->accounts().contains(QStringLiteral("MALLORY")));
        {
            RawStream raw(server.port());
            QCOMPARE(raw.logIn("mallory", "r", "first"), QStringLiteral("mallory@localhost/r"));
        }
        // Setting "Mallory" changes mallory's password: there is one account.
        const int count = server.server()->accounts().size();
        QVERIFY(server.server()->setAccount(QStringLiteral("Mallory"), QStringLiteral("second")));
        QCOMPARE(server.server()->accounts().size(), count);
        {
            RawStream raw(server.port());
            QCOMPARE(raw.logIn("MALLORY", "s", "second"), QStringLiteral("mallory@localhost/s"));
        }
        TestClient scram(QStringLiteral("mallory"), QStringLiteral("t"));
        QVERIFY(scram.connectToServer(server.port(), QStringLiteral("second")));
        RawStream old(server.port());
        QVERIFY(!old.openStream().isNull());
        QCOMPARE(old.authenticatePlain("mallory", "first"), QStringLiteral("not-authorized"));
    }

    // 7. Mechanisms: SCRAM only on an unencrypted stream unless PLAIN is allowed there.
    void mechanismsWithoutTls()
    {
        TestServer server;
        RawStream raw(server.port());
        const QDomElement features = raw.openStream();
        QCOMPARE(mechanisms(features),
                 (QStringList { QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1") }));
        QCOMPARE(raw.authenticatePlain("alice", "secret"), QStringLiteral("encryption-required"));
        QCOMPARE(raw.output().count(QStringLiteral("success"), RawNs::Sasl), 0);
        QVERIFY(raw.isOpen());
        // SCRAM works on the same stream.
        QCOMPARE(raw.authenticateScram(QStringLiteral("SCRAM-SHA-256"), "alice", "secret"), QString());
        QVERIFY(!raw.openStream().isNull());
        QCOMPARE(raw.bind("r"), QStringLiteral("alice@localhost/r"));
    }
    void plainWithoutTlsWhenAllowed()
    {
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        RawStream raw(server.port());
        const QDomElement features = raw.openStream();
        QCOMPARE(mechanisms(features),
                 (QStringList { QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1"),
                                QStringLiteral("PLAIN") }));
        QCOMPARE(raw.authenticatePlain("alice", "secret"), QString());
        QVERIFY(!raw.openStream().isNull());
        QCOMPARE(raw.bind("r"), QStringLiteral("alice@localhost/r"));
    }
    void unknownMechanism()
    {
        TestServer server;
        RawStream raw(server.port());
        QVERIFY(!raw.openStream().isNull());
        raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='DIGEST-MD5'/>");
        QVERIFY(!raw.waitForElement(QStringLiteral("failure"), RawNs::Sasl, 0).isNull());
        QCOMPARE(raw.output().saslFailures(), QStringList { QStringLiteral("invalid-mechanism") });
    }

    // QXmppClient logs in with either SCRAM.
    void qxmppScram_data()
    {
        QTest::addColumn<QString>("mechanism");
        QTest::newRow("SCRAM-SHA-1") << QStringLiteral("SCRAM-SHA-1");
        QTest::newRow("SCRAM-SHA-256") << QStringLiteral("SCRAM-SHA-256");
    }
    void qxmppScram()
    {
        QFETCH(QString, mechanism);
        TestServer server;
        QXmppClient client;
        QXmppConfiguration config = account(QStringLiteral("alice"));
        config.setStreamSecurityMode(QXmppConfiguration::TLSDisabled);
        config.setSaslAuthMechanism(mechanism);
        QStringList sent;
        QVERIFY(xmppLogin(&client, server.port(), config, &sent));
        const QString auth = sent.filter(QStringLiteral("<auth")).value(0);
        QVERIFY2(auth.contains(QStringLiteral("mechanism=\"%1\"").arg(mechanism)), qPrintable(auth));
        QTRY_VERIFY(server.server()->sessions().contains(QStringLiteral("alice@localhost/qxmpp")));
        // The wrong password fails with the same mechanism.
        QXmppClient intruder;
        config.setPassword(QStringLiteral("wrong"));
        config.setResource(QStringLiteral("intruder"));
        QVERIFY(!xmppLogin(&intruder, server.port(), config));
        QCOMPARE(intruder.xmppStreamError(), QXmppStanza::Error::NotAuthorized);
        QVERIFY(!server.server()->sessions().contains(QStringLiteral("alice@localhost/intruder")));
    }

    // An authzid may only name the authenticated account itself.
    void authzid_data()
    {
        QTest::addColumn<QByteArray>("authzid");
        QTest::addColumn<QString>("condition");
        QTest::newRow("another account") << QByteArray("bob@localhost") << QStringLiteral("invalid-authzid");
        QTest::newRow("another account's full JID")
            << QByteArray("bob@localhost/desktop") << QStringLiteral("invalid-authzid");
        QTest::newRow("the server") << QByteArray("localhost") << QStringLiteral("invalid-authzid");
        QTest::newRow("own account") << QByteArray("alice@localhost") << QString();
    }
    void authzid()
    {
        QFETCH(QByteArray, authzid);
        QFETCH(QString, condition);
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        RawStream raw(server.port());
        QVERIFY(!raw.openStream().isNull());
        QCOMPARE(raw.authenticatePlain("alice", "secret", authzid), condition);
        if (!condition.isEmpty())
            return;
        QVERIFY(!raw.openStream().isNull());
        QCOMPARE(raw.bind("r"), QStringLiteral("alice@localhost/r"));
    }

    // 8. STARTTLS: offered by default, PLAIN after it; a QXmppClient that trusts only
    // the server's certificate logs in over TLS.
    void startTls()
    {
        TestServer server;
        RawStream raw(server.port());
        const QDomElement features = raw.openStream();
        const QDomElement starttls = features.firstChildElement(QStringLiteral("starttls"));
        QCOMPARE(starttls.namespaceURI(), RawNs::Tls);
        QVERIFY(starttls.firstChildElement(QStringLiteral("required")).isNull());
        QVERIFY(raw.startTls(server.server()->certificate()));
        QVERIFY2(raw.sslErrors().isEmpty(), qPrintable(raw.sslErrors().join(QStringLiteral("; "))));
        const QDomElement secured = raw.openStream();
        QVERIFY(secured.firstChildElement(QStringLiteral("starttls")).isNull());
        QCOMPARE(mechanisms(secured),
                 (QStringList { QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1"),
                                QStringLiteral("PLAIN") }));
        QCOMPARE(raw.authenticatePlain("alice", "secret"), QString());
        QVERIFY(!raw.openStream().isNull());
        QCOMPARE(raw.bind("tls"), QStringLiteral("alice@localhost/tls"));
        QVERIFY(streamOf(server.server(), QStringLiteral("alice@localhost/tls"))->isEncrypted());

        QXmppClient client;
        QXmppConfiguration config = account(QStringLiteral("bob"));
        config.setStreamSecurityMode(QXmppConfiguration::TLSRequired);
        config.setIgnoreSslErrors(false);
        config.setCaCertificates({ server.server()->certificate() });
        QStringList sent;
        QVERIFY(xmppLogin(&client, server.port(), config, &sent));
        QVERIFY(!sent.filter(QStringLiteral("<starttls")).isEmpty());
        QTRY_VERIFY(streamOf(server.server(), QStringLiteral("bob@localhost/qxmpp")));
        QVERIFY(streamOf(server.server(), QStringLiteral("bob@localhost/qxmpp"))->isEncrypted());
    }

    // --tls required: nothing but STARTTLS before TLS.
    void tlsRequired()
    {
        ServerOptions options = plainAllowed();
        options.tls = TlsPolicy::Required;
        TestServer server(JoinMode::AccountLevel, options);
        RawStream raw(server.port());
        const QDomElement features = raw.openStream();
        QCOMPARE(features.childNodes().size(), 1);
        QCOMPARE(features.firstChildElement().localName(), QStringLiteral("starttls"));
        QVERIFY(!features.firstChildElement().firstChildElement(QStringLiteral("required")).isNull());
        QCOMPARE(raw.authenticatePlain("alice", "secret"), QStringLiteral("encryption-required"));
        QCOMPARE(raw.authenticateScram(QStringLiteral("SCRAM-SHA-256"), "alice", "secret"),
                 QStringLiteral("encryption-required"));
        QCOMPARE(raw.output().count(QStringLiteral("success"), RawNs::Sasl), 0);
        QVERIFY(raw.startTls(server.server()->certificate()));
        QVERIFY(!mechanisms(raw.openStream()).isEmpty());
        QCOMPARE(raw.authenticatePlain("alice", "secret"), QString());

        QXmppClient client;
        QXmppConfiguration config = account(QStringLiteral("bob"));
        config.setStreamSecurityMode(QXmppConfiguration::TLSDisabled);
        // QXmpp 1.4 even reports "connected" here; the server has no session for it.
        QStringList sent;
        xmppLogin(&client, server.port(), config, &sent);
        QVERIFY2(sent.filter(QStringLiteral("<auth")).isEmpty()
                     && sent.filter(QStringLiteral("<iq")).isEmpty(),
                 qPrintable(sent.join(QLatin1Char('\n'))));
        QVERIFY(server.server()->sessions().isEmpty());
        QXmppClient secure;
        config.setStreamSecurityMode(QXmppConfiguration::TLSEnabled);
        config.setCaCertificates({ server.server()->certificate() });
        config.setIgnoreSslErrors(false);
        QVERIFY(xmppLogin(&secure, server.port(), config));
    }

    // TLS off: no STARTTLS offered, and one asked for is a failure that ends the stream.
    void tlsOff()
    {
        ServerOptions options;
        options.tls = TlsPolicy::Off;
        TestServer server(JoinMode::AccountLevel, options);
        QVERIFY(server.server()->certificate().isNull());
        RawStream raw(server.port());
        const QDomElement features = raw.openStream();
        QVERIFY(features.firstChildElement(QStringLiteral("starttls")).isNull());
        QCOMPARE(mechanisms(features),
                 (QStringList { QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-1") }));
        raw.send("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        QVERIFY(raw.waitForClose());
        QCOMPARE(raw.output().count(QStringLiteral("failure"), RawNs::Tls), 1);
        QCOMPARE(raw.output().count(QStringLiteral("proceed"), RawNs::Tls), 0);
        QVERIFY(raw.output().closed);
    }

    // Bytes sent in the clear after <starttls/> (in the same write) are never processed:
    // RFC 6120 §5.4.3.3, the STARTTLS command injection.
    void clearTextAfterStartTlsIsDropped()
    {
        TestServer server;
        TestClient *bob = server.connect(QStringLiteral("bob"));
        RawStream raw(server.port());
        QVERIFY(!raw.openStream().isNull());
        QVERIFY(raw.startTls(server.server()->certificate(),
                             RawStream::bindRequest("evil", "evil") + chatTo(Bob, Marker) + "<auth xmlns='"
                                 + RawNs::Sasl.toLatin1() + "' mechanism='PLAIN'>"
                                 + QByteArray("\0alice\0secret", 13).toBase64() + "</auth>"));
        // In the clear: the features and <proceed/>, nothing else.
        QCOMPARE(raw.output().elements.size(), 2);
        QVERIFY(!raw.openStream().isNull());
        QCOMPARE(raw.output().count(QStringLiteral("success"), RawNs::Sasl), 0);
        QCOMPARE(raw.authenticatePlain("alice", "secret"), QString());
        QVERIFY(!raw.openStream().isNull());
        QCOMPARE(raw.bind("good"), QStringLiteral("alice@localhost/good"));
        QVERIFY(raw.output().iq(QStringLiteral("evil")).isNull());
        QVERIFY(bob->sync());
        QCOMPARE(bob->count(containsMarker), 0);
        QCOMPARE(server.server()->sessions().size(), 2);
        QVERIFY(server.server()->sessions().contains(QStringLiteral("alice@localhost/good")));
    }

    // 9. Limits. The largest stanza: over it, the session is cut off and the stanza
    // reaches no one; others are unaffected.
    void maxStanzaSize()
    {
        ServerOptions options = plainAllowed();
        options.limits.maxStanzaSize = 4096;
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *bob = server.connect(QStringLiteral("bob"));
        RawStream raw(server.port());
        QCOMPARE(raw.logIn("alice", "raw"), QStringLiteral("alice@localhost/raw"));
        raw.send(chatTo(Bob, "small " + QByteArray(3900, 'a')));
        QVERIFY(
            bob->waitFor([](const QDomElement &e) { return bodyOf(e).startsWith(QLatin1String("small")); }));
        raw.send(chatTo(Bob, Marker + QByteArray(5000, 'a')));
        checkStreamError(raw, QStringLiteral("policy-violation"));
        QTRY_COMPARE(server.server()->sessions(), QStringList { Bob });
        QVERIFY(bob->sync());
        QCOMPARE(bob->count(containsMarker), 0);
    }

    // Before authentication the smaller limit applies (16 KiB); after it, the larger.
    void preAuthStanzaSize()
    {
        TestServer server(JoinMode::AccountLevel, plainAllowed());
        TestClient *bob = server.connect(QStringLiteral("bob"));
        {
            RawStream raw(server.port());
            QVERIFY(!raw.openStream().isNull());
            raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                     + QByteArray(20 * 1024, 'A') + "</auth>");
            checkStreamError(raw, QStringLiteral("policy-violation"));
            QCOMPARE(raw.output().saslFailures(), QStringList());
        }
        {
            // Under the limit: an ordinary SASL failure.
            RawStream raw(server.port());
            QVERIFY(!raw.openStream().isNull());
            QCOMPARE(raw.authenticatePlain("alice", QByteArray(10 * 1024, 'p')),
                     QStringLiteral("not-authorized"));
            QVERIFY(raw.isOpen());
        }
        RawStream raw(server.port());
        QCOMPARE(raw.logIn("alice", "raw"), QStringLiteral("alice@localhost/raw"));
        raw.send(chatTo(Bob, "big " + QByteArray(20 * 1024, 'a')));
        QVERIFY(
            bob->waitFor([](const QDomElement &e) { return bodyOf(e).startsWith(QLatin1String("big")); }));
        QVERIFY(raw.isOpen());
    }

    // Attributes per element, namespace declarations included; and nesting depth.
    void structureLimits_data()
    {
        QTest::addColumn<bool>("loggedIn");
        QTest::addColumn<QByteArray>("sends");
        QTest::addColumn<bool>("accepted");
        const auto attributes = [](int count, const QByteArray &prefix) {
            QByteArray text;
            for (int i = 0; i < count; ++i)
                text += ' ' + prefix + QByteArray::number(i) + "='v'";
            return text;
        };
        const auto nested = [](int depth) {
            QByteArray open;
            QByteArray close;
            for (int i = 0; i < depth - 1; ++i) {
                open += "<x>";
                close += "</x>";
            }
            return "<message type='chat' to='bob@localhost/desktop'>" + open + close + "<body>" + Marker
                + "</body></message>";
        };
        // The limits here: 10 attributes, depth 8.
        QTest::newRow("10 attributes") << true
                                       << "<message type='chat' to='bob@localhost/desktop'"
                + attributes(8, "a") + "><body>" + Marker + "</body></message>"
                                       << true;
        QTest::newRow("11 attributes") << true
                                       << "<message type='chat' to='bob@localhost/desktop'"
                + attributes(9, "a") + "><body>" + Marker + "</body></message>"
                                       << false;
        QTest::newRow("11 namespace declarations on a child")
            << true
            << "<message type='chat' to='bob@localhost/desktop'><x" + attributes(11, "xmlns:p") + "/><body>"
                + Marker + "</body></message>"
            << false;
        QTest::newRow("11 attributes before authentication")
            << false << "<auth" + attributes(11, "a") + "/>" << false;
        QTest::newRow("depth 8") << true << nested(8) << true;
        QTest::newRow("depth 9") << true << nested(9) << false;
        QTest::newRow("depth 9 never closed")
            << true << QByteArray("<message><a><b><c><d><e><f><g><h>") << false;
    }
    void structureLimits()
    {
        QFETCH(bool, loggedIn);
        QFETCH(QByteArray, sends);
        QFETCH(bool, accepted);
        ServerOptions options = plainAllowed();
        options.limits.maxAttributesPerElement = 10;
        options.limits.maxDepth = 8;
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *bob = server.connect(QStringLiteral("bob"));
        RawStream raw(server.port());
        if (loggedIn)
            QCOMPARE(raw.logIn("alice", "raw"), QStringLiteral("alice@localhost/raw"));
        else
            QVERIFY(!raw.openStream().isNull());
        raw.send(sends);
        if (accepted) {
            if (sends.contains(Marker))
                QVERIFY(bob->waitFor(containsMarker));
            QVERIFY(raw.ping());
            return;
        }
        checkStreamError(raw, QStringLiteral("policy-violation"));
        QVERIFY(bob->sync());
        QCOMPARE(bob->count(containsMarker), 0);
    }
    void attributesInStreamHeader()
    {
        ServerOptions options;
        options.limits.maxAttributesPerElement = 5;
        TestServer server(JoinMode::AccountLevel, options);
        {
            RawStream raw(server.port());
            QVERIFY(!raw.openStream(headerWith("to='localhost' xml:lang='en'")).isNull());
        }
        RawStream raw(server.port());
        raw.send(headerWith("to='localhost' xml:lang='en' id='x'"));
        checkStreamError(raw, QStringLiteral("policy-violation"));
        QCOMPARE(raw.output().count(QStringLiteral("features"), RawNs::Stream), 0);
    }

    // Input rate: past the burst the server reads a fast sender at the set rate (TCP
    // pushes back) instead of buffering; other sessions are not slowed.
    void inputRate()
    {
        ServerOptions options = plainAllowed();
        options.limits.inputBytesPerSecond = 2048;
        options.limits.inputBurstBytes = 2048;
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *bob = server.connect(QStringLiteral("bob"));
        RawStream raw(server.port());
        QCOMPARE(raw.logIn("alice", "raw"), QStringLiteral("alice@localhost/raw"));
        QByteArray pings;
        QStringList ids;
        // 10 KiB: some 4 s at this rate past the burst.
        while (pings.size() < 10 * 1024) {
            ids << QStringLiteral("flood-%1").arg(ids.size());
            pings += RawStream::pingRequest(ids.last().toLatin1());
        }
        const auto answered = [&] {
            const ServerOutput out = raw.output();
            return !out.iq(ids.last()).isNull() || !raw.isOpen();
        };
        QElapsedTimer timer;
        timer.start();
        raw.send(pings);
        // Meanwhile bob's round trips are as quick as ever.
        QElapsedTimer bobTimer;
        bobTimer.start();
        QVERIFY(bob->sync());
        const qint64 bobMs = bobTimer.elapsed();
        QVERIFY(!answered());
        QVERIFY(raw.waitUntil(answered, 30000));
        const qint64 elapsed = timer.elapsed();
        const qint64 expectedMs
            = (pings.size() - options.limits.inputBurstBytes) * 1000 / options.limits.inputBytesPerSecond;
        qInfo(
            "%d bytes of pings at 2048 B/s: the last pong after %lld ms (at least %lld expected); bob's ping "
            "meanwhile %lld ms",
            int(pings.size()), elapsed, expectedMs, bobMs);
        QVERIFY(raw.isOpen());
        QVERIFY2(elapsed >= expectedMs / 2, "the server read faster than the rate");
        QVERIFY2(bobMs < 1000, "another session was slowed");
        // Every ping was answered, in order.
        const ServerOutput out = raw.output();
        for (const QString &id : ids)
            QCOMPARE(out.iq(id).attribute(QStringLiteral("type")), QStringLiteral("result"));
    }

    // Output queue: a session that never reads is cut off once more than
    // maxOutputQueueBytes wait for it; others keep being served. A session that reads
    // is not, even when one read of its requests is answered with more than the bound.
    void outputQueueOfAClientThatNeverReads()
    {
        ServerOptions options = plainAllowed();
        options.limits.maxOutputQueueBytes = 64 * 1024;
        options.limits.inputBytesPerSecond = 256 * 1024 * 1024;
        options.limits.inputBurstBytes = 256 * 1024 * 1024;
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *bob = server.connect(QStringLiteral("bob"));

        RawStream reader(server.port());
        QCOMPARE(reader.logIn("alice", "reader"), QStringLiteral("alice@localhost/reader"));
        QByteArray burst;
        for (int i = 0; i < 40; ++i)
            burst += RawStream::pingRequest(QByteArray(8 * 1024, 'r') + QByteArray::number(i));
        reader.send(burst);
        const QString lastId = QString(8 * 1024, QLatin1Char('r')) + QStringLiteral("39");
        QVERIFY2(reader.waitUntil([&] { return !reader.output().iq(lastId).isNull() || !reader.isOpen(); }),
                 "the answers did not come");
        QVERIFY2(reader.isOpen(), "a client that reads was cut off");

        RawStream raw(server.port());
        const QString jid = raw.logIn("alice", "raw");
        QCOMPARE(jid, QStringLiteral("alice@localhost/raw"));
        raw.stopReading();
        // Pings with 32 KiB ids: each answer is as big. The kernel buffers take some
        // megabytes; past them the server's queue grows, until the bound.
        const QByteArray id(32 * 1024, 'i');
        int pings = 0;
        for (; pings < 1000 && server.server()->sessions().contains(jid); ++pings) {
            raw.send(RawStream::pingRequest(id + QByteArray::number(pings)));
            QVERIFY(bob->sync()); // lets the server read it; and bob is served all along
        }
        qInfo("cut off after %d pings (%d KiB of answers)", pings, pings * 32);
        QTRY_VERIFY(!server.server()->sessions().contains(jid));
        QVERIFY(pings > 2);
        QVERIFY(pings < 1000);
        QVERIFY(bob->sync());
        QVERIFY(reader.ping());
        TestClient carol(QStringLiteral("carol"), QStringLiteral("after"));
        QVERIFY(carol.connectToServer(server.port()));
        QCOMPARE(server.server()->sessions().size(), 3);
    }

    // With stream management, what waits unacknowledged is bounded the same way: the
    // session gets resource-constraint.
    void outputQueueOfUnacknowledgedStanzas()
    {
        ServerOptions options = plainAllowed();
        options.limits.maxOutputQueueBytes = 64 * 1024;
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *bob = server.connect(QStringLiteral("bob"));
        RawStream raw(server.port());
        const QString jid = raw.logIn("alice", "raw");
        QCOMPARE(jid, QStringLiteral("alice@localhost/raw"));
        const int since = raw.elementMark();
        raw.send("<enable xmlns='urn:xmpp:sm:3'/>");
        QVERIFY(!raw.waitForElement(QStringLiteral("enabled"), RawNs::Sm, since).isNull());
        const QString body(8 * 1024, QLatin1Char('b'));
        for (int i = 0; i < 12 && raw.isOpen(); ++i) {
            bob->sendXml(
                QStringLiteral("<message type='chat' to='%1'><body>%2</body></message>").arg(jid, body));
            QVERIFY(bob->sync());
        }
        checkStreamError(raw, QStringLiteral("resource-constraint"));
        // It got at most the bound before the error.
        const int delivered = raw.output().count(QStringLiteral("message"), QStringLiteral("jabber:client"));
        QVERIFY2(delivered * body.size() <= options.limits.maxOutputQueueBytes,
                 qPrintable(QString::number(delivered)));
        QTRY_COMPARE(server.server()->sessions(), QStringList { Bob });
        QVERIFY(bob->sync());
    }

    // 10. An authenticated stream silent for idleTimeoutSeconds is closed; white space
    // keeps it alive.
    void idleTimeout()
    {
        ServerOptions options = plainAllowed();
        options.limits.idleTimeoutSeconds = 1;
        TestServer server(JoinMode::AccountLevel, options);
        RawStream silent(server.port());
        QCOMPARE(silent.logIn("alice", "silent"), QStringLiteral("alice@localhost/silent"));
        QElapsedTimer timer;
        timer.start();
        RawStream talking(server.port());
        QCOMPARE(talking.logIn("bob", "talking"), QStringLiteral("bob@localhost/talking"));
        QTimer spaces;
        connect(&spaces, &QTimer::timeout, &talking, [&talking] { talking.send(" "); });
        spaces.start(300);
        checkStreamError(silent, QStringLiteral("connection-timeout"), 5000);
        qInfo("the silent session was closed %lld ms after its last word", timer.elapsed());
        QVERIFY(timer.elapsed() < 3000);
        QTRY_COMPARE(server.server()->sessions(), QStringList { QStringLiteral("bob@localhost/talking") });
        // Past twice the limit on white space alone, the other is still there.
        QVERIFY(!talking.waitForClose(2500));
        QVERIFY(talking.ping());
        // Silent now, it goes the same way.
        spaces.stop();
        checkStreamError(talking, QStringLiteral("connection-timeout"), 5000);
        QTRY_VERIFY(server.server()->sessions().isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_ClientStream)
#include "tst_clientstream.moc"
