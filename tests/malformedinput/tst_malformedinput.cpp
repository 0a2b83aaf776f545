// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Bad input on one connection: the server answers with a stream error, closes that
// connection only, and everyone else keeps talking.
#include "ClientStream.h"
#include "RawStream.h"
#include "StreamLimits.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"

#include <QSignalSpy>
#include <QTest>
#include <QTextStream>
#include <QXmppClient.h>
#include <memory>

namespace {
const QString Lobby = QStringLiteral("lobby@conference.localhost");
const QByteArray Header = RawStream::header();
// Every body a raw connection sends carries this, so a leak is easy to spot.
const QByteArray Marker = QByteArrayLiteral("RAW-MARKER");

QByteArray groupchat(const QString &room, const QByteArray &body)
{
    return QStringLiteral("<message type='groupchat' to='%1'><body>").arg(room).toUtf8() + body
        + QByteArrayLiteral("</body></message>");
}

bool containsMarker(const QDomElement &e)
{
    const auto text = [](const QDomElement &element) {
        QString xml;
        QTextStream stream(&xml);
        element.save(stream, 0);
        return xml;
    };
    return text(e).contains(QLatin1String(Marker));
}
} // namespace

class tst_MalformedInput : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    TestClient *m_alice = nullptr;
    TestClient *m_bob = nullptr;
    int m_round = 0;

    // Bob speaks, alice hears him, and a new session can still log in.
    void checkOthersKeepWorking()
    {
        const QString body = QStringLiteral("still here %1").arg(++m_round);
        const int since = m_alice->mark();
        m_bob->say(Lobby, body);
        QVERIFY2(m_alice->waitFor(TestClient::groupchat(Lobby, body), 5000, since),
                 "alice no longer hears bob");
        TestClient newcomer(QStringLiteral("carol"), QStringLiteral("probe-%1").arg(m_round));
        QVERIFY2(newcomer.connectToServer(m_server->port()), "a new session cannot connect");
        QVERIFY(newcomer.sync());
    }

    // Nothing that a bad connection sent reached alice or bob.
    void checkNothingLeaked()
    {
        QVERIFY(m_alice->sync());
        QVERIFY(m_bob->sync());
        QCOMPARE(m_alice->count(containsMarker), 0);
        QCOMPARE(m_bob->count(containsMarker), 0);
    }

private slots:
    void init()
    {
        m_server = std::make_unique<TestServer>();
        m_alice = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        m_bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(m_alice->join(Lobby, QStringLiteral("alice")));
        QVERIFY(m_bob->join(Lobby, QStringLiteral("bob")));
    }
    void cleanup()
    {
        m_alice = m_bob = nullptr;
        m_server.reset();
    }

    // Each row: what a raw connection sends, and the stream error it must get.
    void badStreamIsRejected_data()
    {
        QTest::addColumn<QByteArrayList>("sends");
        QTest::addColumn<bool>("paced"); // let the server read each write before the next
        QTest::addColumn<QString>("condition");

        const QString notWellFormed = QStringLiteral("not-well-formed");
        const QString restrictedXml = QStringLiteral("restricted-xml");
        const QString policyViolation = QStringLiteral("policy-violation");
        const QString invalidNamespace = QStringLiteral("invalid-namespace");
        const auto row = [](const char *name, const QByteArrayList &sends, const QString &condition,
                            bool paced = false) { QTest::newRow(name) << sends << paced << condition; };
        const QByteArray oversized = groupchat(Lobby, Marker + QByteArray(70 * 1024, 'x'));
        QByteArrayList oversizedPieces { Header };
        for (int i = 0; i < oversized.size(); i += 4096)
            oversizedPieces << oversized.mid(i, 4096);

        row("garbage before any stream header", { "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n" },
            notWellFormed);
        // Text between stanzas is refused at once, without waiting for a '<' after it.
        row("stream header, then garbage", { Header, "hello " + Marker }, QStringLiteral("bad-format"), true);
        row("stream header and garbage in one write", { Header + "hello " + Marker },
            QStringLiteral("bad-format"));
        row("mismatched tags inside a stanza",
            { Header, groupchat(Lobby, Marker).replace("</body>", "</bdoy>") }, notWellFormed, true);
        row("comment inside a stanza", { Header, groupchat(Lobby, "<!-- " + Marker + " -->") },
            restrictedXml);
        row("undefined entity", { Header, groupchat(Lobby, Marker + "&xxe;") }, restrictedXml);
        row("oversized stanza: 70 KiB body in 4 KiB writes", oversizedPieces, policyViolation, true);
        row("oversized stanza: 70 KiB body in one write", { Header, oversized }, policyViolation, true);
        row("oversized stanza that never ends",
            { Header, "<message type='groupchat'><body>" + Marker, QByteArray(70 * 1024, 'x') },
            policyViolation, true);
        row("wrong stream namespace",
            { QByteArray(Header).replace("http://etherx.jabber.org/streams", "urn:example:streams") },
            invalidNamespace);
        row("content namespace jabber:server",
            { QByteArray(Header).replace("'jabber:client'", "'jabber:server'") }, invalidNamespace);
        row("stream to another domain", { QByteArray(Header).replace("to='localhost'", "to='example.org'") },
            QStringLiteral("host-unknown"));
        row("']]>' in a body", { Header, groupchat(Lobby, Marker + "]]>") }, notWellFormed, true);
        row("element name starting with a digit", { Header, groupchat(Lobby, Marker + "<1x/>") },
            notWellFormed, true);
        // Qt's parser stalls silently at invalid UTF-8 that is not in its first chunk, and
        // would buffer all that follows.
        row("invalid UTF-8 in a later write, then more",
            { Header, "<message type='groupchat'><body>" + Marker + "\xfe", QByteArray(70 * 1024, 'x') },
            notWellFormed, true);
    }
    void badStreamIsRejected()
    {
        QFETCH(QByteArrayList, sends);
        QFETCH(bool, paced);
        QFETCH(QString, condition);

        RawStream raw(m_server->port());
        QVERIFY(raw.isOpen());
        for (const QByteArray &bytes : sends) {
            raw.send(bytes);
            if (paced)
                QVERIFY(m_alice->sync());
        }
        // Meanwhile, the others are not held up.
        checkOthersKeepWorking();
        if (QTest::currentTestFailed())
            return;
        const bool closed = raw.waitForClose(5000);
        const ServerOutput answer = raw.output();
        QVERIFY2(closed && answer.streamErrorConditions() == QStringList { condition },
                 qPrintable(QStringLiteral("expected <%1/> and a closed connection, got%2: %3")
                                .arg(condition, closed ? QString() : QStringLiteral(" (still open)"),
                                     QString::fromUtf8(raw.received().right(400)))));
        if (closed) {
            QVERIFY2(!answer.streamErrorText().isEmpty() || condition == QLatin1String("host-unknown"),
                     "no explanation given");
            // One stream of our own (answering the client's, or opened for the error), closed properly.
            QCOMPARE(answer.headers, 1);
            QVERIFY(answer.closed);
            QVERIFY2(answer.parseError.isEmpty(), qPrintable(answer.parseError));
        }
        checkOthersKeepWorking();
        if (QTest::currentTestFailed())
            return;
        checkNothingLeaked();
    }

    // A partial stanza, then the client stops sending: the server drops the stream
    // without routing any of it.
    void partialStanzaThenClientCloses_data()
    {
        QTest::addColumn<bool>("halfClose");
        QTest::newRow("client shuts down its write side") << true;
        QTest::newRow("client disconnects") << false;
    }
    void partialStanzaThenClientCloses()
    {
        QFETCH(bool, halfClose);
        const QList<ClientStream *> before = m_server->server()->findChildren<ClientStream *>();
        RawStream raw(m_server->port());
        QVERIFY(raw.isOpen());
        raw.send(Header);
        QVERIFY2(raw.waitFor("</stream:features>"), "the server did not answer the stream header");
        ClientStream *stream = nullptr;
        for (ClientStream *candidate : m_server->server()->findChildren<ClientStream *>()) {
            if (!before.contains(candidate))
                stream = candidate;
        }
        QVERIFY(stream);
        QCOMPARE(stream->state(), ClientStream::State::Negotiating);
        QSignalSpy streamClosed(stream, &ClientStream::closed);
        QSignalSpy streamDestroyed(stream, &QObject::destroyed);
        raw.send(groupchat(Lobby, Marker).left(60));
        checkOthersKeepWorking();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(streamClosed.isEmpty());
        if (halfClose) {
            QVERIFY(raw.shutdownWrite());
            QVERIFY2(raw.waitForClose(), "the server kept a half-closed connection open");
            // Nothing after the stream features: the partial stanza got no answer.
            QVERIFY(raw.received().endsWith("</stream:features>"));
        } else {
            raw.abort();
        }
        QVERIFY2(!streamClosed.isEmpty() || streamClosed.wait(5000),
                 "the server kept the stream of a closed connection");
        QVERIFY2(!streamDestroyed.isEmpty() || streamDestroyed.wait(5000),
                 "the closed stream was not deleted");
        checkOthersKeepWorking();
        if (QTest::currentTestFailed())
            return;
        checkNothingLeaked();
    }

    // An authenticated session sending a stanza over the limit (256 Ki characters by
    // default) is cut off; the stanza reaches no one. A stanza just under the limit is
    // the control.
    void oversizedStanzaFromSession_data()
    {
        QTest::addColumn<QString>("xml");
        QTest::addColumn<bool>("delivered");
        QCOMPARE(StreamDefaults::MaxStanzaSize, 256 * 1024);
        const auto body = [](int kib) {
            return QString::fromLatin1(Marker) + QString(kib * 1024 - Marker.size(), QLatin1Char('x'));
        };
        const QString chat
            = QStringLiteral("<message type='chat' to='bob@localhost/desktop'><body>%1</body></message>");
        const QString room = QStringLiteral("<message type='groupchat' to='%1'><body>%2</body></message>");
        QTest::newRow("groupchat with a 250 KiB body") << room.arg(Lobby, body(250)) << true;
        QTest::newRow("groupchat with a 260 KiB body") << room.arg(Lobby, body(260)) << false;
        QTest::newRow("chat with a 250 KiB body") << chat.arg(body(250)) << true;
        QTest::newRow("chat with a 260 KiB body") << chat.arg(body(260)) << false;
        // Characters, not bytes: 200 Ki two-byte characters are 400 KiB of UTF-8.
        QTest::newRow("chat with 200 Ki two-byte characters")
            << chat.arg(QString::fromLatin1(Marker) + QString(200 * 1024, QChar(0xfc))) << true;
    }
    void oversizedStanzaFromSession()
    {
        QFETCH(QString, xml);
        QFETCH(bool, delivered);
        QSignalSpy aliceDisconnected(m_alice->client(), &QXmppClient::disconnected);
        m_alice->sendXml(xml);
        if (delivered) {
            QVERIFY2(m_bob->waitFor(containsMarker), "the control stanza did not arrive");
            QVERIFY(m_alice->sync());
            QVERIFY(aliceDisconnected.isEmpty());
            return;
        }
        const bool cutOff = !aliceDisconnected.isEmpty() || aliceDisconnected.wait(5000);
        QVERIFY(m_bob->sync());
        const QList<QDomElement> errors = m_alice->receivedMatching([](const QDomElement &e) {
            return e.tagName() == QLatin1String("error")
                && e.namespaceURI() == QLatin1String("http://etherx.jabber.org/streams");
        });
        const QString condition = errors.isEmpty() ? QString() : errors.first().firstChildElement().tagName();
        const int leaked = m_bob->count(containsMarker);
        QVERIFY2(
            cutOff && condition == QLatin1String("policy-violation") && leaked == 0,
            qPrintable(QStringLiteral("session cut off: %1, stream error: <%2/>, copies bob received: %3")
                           .arg(cutOff)
                           .arg(condition)
                           .arg(leaked)));
        // Bob's room still works, with alice back in a new session.
        m_alice->disconnectFromServer();
        m_alice = m_server->connect(QStringLiteral("alice"), QStringLiteral("tablet"));
        QVERIFY(m_alice->join(Lobby, QStringLiteral("alice")));
        checkOthersKeepWorking();
    }

    void wrongPasswordIsRefused_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::newRow("wrong password") << QStringLiteral("dave") << QStringLiteral("wrong");
        QTest::newRow("wrong password for an account that is online")
            << QStringLiteral("alice") << QStringLiteral("secret2");
        QTest::newRow("empty password") << QStringLiteral("dave") << QString();
        QTest::newRow("unknown account") << QStringLiteral("mallory") << QStringLiteral("secret");
    }
    void wrongPasswordIsRefused()
    {
        QFETCH(QString, user);
        QFETCH(QString, password);
        TestClient intruder(user, QStringLiteral("intruder"));
        QVERIFY(!intruder.connectToServer(m_server->port(), password));
        QVERIFY(!m_server->server()->sessions().contains(intruder.jid()));
        checkOthersKeepWorking();
        if (QTest::currentTestFailed())
            return;
        // The same account with the right password still gets in.
        if (user != QLatin1String("mallory")) {
            TestClient rightful(user, QStringLiteral("rightful"));
            QVERIFY(rightful.connectToServer(m_server->port()));
        }
    }

    // A session cannot speak as anyone else. A 'from' of its own JID (full or bare) is
    // accepted and stamped; any other is an <invalid-from/> stream error (RFC 6120
    // §8.1.2.1) that closes that session only, and the stanza reaches no one.
    void forgedFrom_data()
    {
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("expectedFrom"); // as bob sees it; empty: refused
        const QString aliceOccupant = Lobby + QStringLiteral("/alice");
        const QString alice = QStringLiteral("alice@localhost/phone");
        const QString bobSession = QStringLiteral("bob@localhost/desktop");
        const QString groupchat = QStringLiteral("groupchat");
        const QString chat = QStringLiteral("chat");
        const auto row
            = [](const char *name, const QString &to, const QString &type, const QString &from,
                 const QString &expected) { QTest::newRow(name) << to << type << from << expected; };
        row("groupchat as bob's session", Lobby, groupchat, bobSession, QString());
        row("groupchat as bob's account", Lobby, groupchat, QStringLiteral("bob@localhost"), QString());
        row("groupchat as bob's occupant JID", Lobby, groupchat, Lobby + QStringLiteral("/bob"), QString());
        row("groupchat as the server", Lobby, groupchat, QStringLiteral("localhost"), QString());
        row("groupchat as alice's other resource", Lobby, groupchat, QStringLiteral("alice@localhost/laptop"),
            QString());
        row("groupchat as alice's own account", Lobby, groupchat, QStringLiteral("alice@localhost"),
            aliceOccupant);
        row("groupchat as alice's own session", Lobby, groupchat, alice, aliceOccupant);
        row("chat to bob as carol", bobSession, chat, QStringLiteral("carol@localhost/web"), QString());
        row("chat to bob as bob himself", bobSession, chat, bobSession, QString());
        row("chat to bob as alice's own account", bobSession, chat, QStringLiteral("alice@localhost"), alice);
    }
    void forgedFrom()
    {
        QFETCH(QString, to);
        QFETCH(QString, type);
        QFETCH(QString, from);
        QFETCH(QString, expectedFrom);
        const QString body = QStringLiteral("%1 %2").arg(QString::fromLatin1(Marker),
                                                         QLatin1String(QTest::currentDataTag()));
        const auto withBody = [body](const QDomElement &e) {
            return e.tagName() == QLatin1String("message") && bodyOf(e) == body;
        };
        QSignalSpy aliceDisconnected(m_alice->client(), &QXmppClient::disconnected);
        m_alice->sendXml(QStringLiteral("<message type='%1' to='%2' from='%3'><body>%4</body></message>")
                             .arg(type, to, from, body));
        if (!expectedFrom.isEmpty()) {
            QVERIFY(m_bob->waitFor(withBody));
            QCOMPARE(FIRST_OF(m_bob->receivedMatching(withBody)).attribute(QStringLiteral("from")),
                     expectedFrom);
            QVERIFY(m_alice->sync());
            QVERIFY(aliceDisconnected.isEmpty());
            return;
        }
        QVERIFY(!aliceDisconnected.isEmpty() || aliceDisconnected.wait(5000));
        const QList<QDomElement> errors = m_alice->receivedMatching([](const QDomElement &e) {
            return e.tagName() == QLatin1String("error")
                && e.namespaceURI() == QLatin1String("http://etherx.jabber.org/streams");
        });
        QVERIFY(!errors.isEmpty());
        QCOMPARE(errors.first().firstChildElement().tagName(), QStringLiteral("invalid-from"));
        QVERIFY(m_bob->sync());
        QCOMPARE(m_bob->count(withBody), 0);
        // Everyone else is unaffected, and alice can come back.
        m_alice = m_server->connect(QStringLiteral("alice"), QStringLiteral("tablet"));
        QVERIFY(m_alice->join(Lobby, QStringLiteral("alice")));
        checkOthersKeepWorking();
    }
};

QTEST_GUILESS_MAIN(tst_MalformedInput)
#include "tst_malformedinput.moc"
