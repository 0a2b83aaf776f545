// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0077 in-band registration: before authentication on a raw stream (only with
// allowRegistration, bounded per connection and slowed per address), then SASL on the
// same stream; and from a session, the password change.
#include "RawStream.h"
#include "ServiceLimits.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "Vocabulary.h"

#include <QElapsedTimer>
#include <QTest>

namespace {
ServerOptions options(bool allowRegistration)
{
    ServerOptions options;
    options.tls = TlsPolicy::Off;
    options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
    options.allowRegistration = allowRegistration;
    return options;
}

QByteArray registerSet(const QByteArray &id, const QByteArray &user, const QByteArray &password)
{
    QByteArray fields;
    if (!user.isNull())
        fields += "<username>" + user + "</username>";
    if (!password.isNull())
        fields += "<password>" + password + "</password>";
    return "<iq type='set' id='" + id + "'><query xmlns='jabber:iq:register'>" + fields + "</query></iq>";
}

// Sends the request and waits for the IQ answering it.
QDomElement ask(RawStream &stream, const QByteArray &iq, const QString &id)
{
    const int since = stream.elementMark();
    stream.send(iq);
    return stream.waitForElement(
        [&](const QDomElement &e) { return e.attribute(QStringLiteral("id")) == id; }, since);
}

bool offersRegistration(const QDomElement &features)
{
    return !Stanza::child(features, QStringLiteral("register"), Ns::RegisterFeature).isNull();
}
} // namespace

class tst_Registration : public QObject
{
    Q_OBJECT

private slots:
    void featureOnlyWhenAllowed_data()
    {
        QTest::addColumn<bool>("allowed");
        QTest::newRow("allowed") << true;
        QTest::newRow("off (the default)") << false;
    }
    void featureOnlyWhenAllowed()
    {
        QFETCH(bool, allowed);
        QVERIFY(!ServerOptions().allowRegistration);
        TestServer server(JoinMode::AccountLevel, options(allowed));
        RawStream stream(server.port());
        const QDomElement features = stream.openStream();
        QVERIFY(!features.isNull());
        QCOMPARE(offersRegistration(features), allowed);
        // Once authenticated, never.
        RawStream other(server.port());
        QVERIFY(other.authenticate("alice"));
        QVERIFY(
            !offersRegistration(other.output().matching(QStringLiteral("features"), RawNs::Stream).last()));
    }

    void registerThenLogIn()
    {
        TestServer server(JoinMode::AccountLevel, options(true));
        RawStream stream(server.port());
        QVERIFY(!stream.openStream().isNull());
        const QDomElement form
            = ask(stream, "<iq type='get' id='form'><query xmlns='jabber:iq:register'/></iq>",
                  QStringLiteral("form"));
        QCOMPARE(Stanza::type(form), QStringLiteral("result"));
        const QDomElement query = Stanza::child(form, QStringLiteral("query"), Ns::Register);
        for (const char *field : { "instructions", "username", "password" })
            QVERIFY2(!Stanza::child(query, QLatin1String(field), Ns::Register).isNull(), field);

        const QDomElement done = ask(stream, registerSet("reg", "Erin", "wonderland"), QStringLiteral("reg"));
        QCOMPARE(Stanza::type(done), QStringLiteral("result"));
        QVERIFY(server.server()->accounts().contains(QStringLiteral("erin")));
        // On the same stream, SASL and a session.
        QCOMPARE(stream.authenticatePlain("erin", "wonderland"), QString());
        QVERIFY(!stream.openStream().isNull());
        QCOMPARE(stream.bind("raw"), QStringLiteral("erin@localhost/raw"));
        QVERIFY(stream.ping());
        // And with SCRAM, as a real client logs in.
        TestClient *erin = server.connect(QStringLiteral("erin"), QStringLiteral("desktop"));
        Q_UNUSED(erin);
        TestClient client(QStringLiteral("erin"), QStringLiteral("laptop"));
        QVERIFY(client.connectToServer(server.port(), QStringLiteral("wonderland")));
        QVERIFY(client.sync());
    }

    void refusals_data()
    {
        QTest::addColumn<bool>("allowed");
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QString>("condition");
        QTest::newRow("existing account")
            << true << registerSet("r", "ALICE", "x") << QStringLiteral("conflict");
        QTest::newRow("invalid username")
            << true << registerSet("r", "a b", "x") << QStringLiteral("not-acceptable");
        QTest::newRow("username with @")
            << true << registerSet("r", "a@b", "x") << QStringLiteral("not-acceptable");
        QTest::newRow("empty password")
            << true << registerSet("r", "erin", "") << QStringLiteral("not-acceptable");
        QTest::newRow("password too long")
            << true << registerSet("r", "erin", QByteArray(ServiceDefaults::MaxPasswordLength + 1, 'p'))
            << QStringLiteral("not-acceptable");
        QTest::newRow("no password") << true << registerSet("r", "erin", QByteArray())
                                     << QStringLiteral("bad-request");
        QTest::newRow("remove before login")
            << true
            << QByteArray("<iq type='set' id='r'><query xmlns='jabber:iq:register'>"
                          "<remove/></query></iq>")
            << QStringLiteral("not-authorized");
        QTest::newRow("off: set") << false << registerSet("r", "erin", "x") << QStringLiteral("not-allowed");
        QTest::newRow("off: get") << false
                                  << QByteArray(
                                         "<iq type='get' id='r'><query xmlns='jabber:iq:register'/></iq>")
                                  << QStringLiteral("not-allowed");
    }
    void refusals()
    {
        QFETCH(bool, allowed);
        QFETCH(QByteArray, request);
        QFETCH(QString, condition);
        TestServer server(JoinMode::AccountLevel, options(allowed));
        const QStringList before = server.server()->accounts();
        RawStream stream(server.port());
        QVERIFY(!stream.openStream().isNull());
        const QDomElement answer = ask(stream, request, QStringLiteral("r"));
        QCOMPARE(Stanza::type(answer), QStringLiteral("error"));
        QCOMPARE(errorCondition(answer), condition);
        QCOMPARE(server.server()->accounts(), before);
        // The stream goes on: its owner may still log in.
        QCOMPARE(stream.authenticatePlain("alice", "secret"), QString());
    }

    // One account per connection, a few requests, and each registration slows the next
    // one from the same address.
    void bounded()
    {
        TestServer server(JoinMode::AccountLevel, options(true));
        RawStream stream(server.port());
        QVERIFY(!stream.openStream().isNull());
        QCOMPARE(Stanza::type(ask(stream, registerSet("one", "erin", "pw"), QStringLiteral("one"))),
                 QStringLiteral("result"));
        const QDomElement second = ask(stream, registerSet("two", "frank", "pw"), QStringLiteral("two"));
        QCOMPARE(errorCondition(second), QStringLiteral("not-allowed"));
        QVERIFY(!server.server()->accounts().contains(QStringLiteral("frank")));
        for (int i = 2; i < ServiceDefaults::MaxRegistrationRequestsPerConnection; ++i)
            QVERIFY(!ask(stream, "<iq type='get' id='g'><query xmlns='jabber:iq:register'/></iq>",
                         QStringLiteral("g"))
                         .isNull());
        stream.send("<iq type='get' id='last'><query xmlns='jabber:iq:register'/></iq>");
        QVERIFY(stream.waitForClose());
        QCOMPARE(stream.output().streamError(), QStringLiteral("policy-violation"));

        // The same address again: answered, but only after the throttle's delay.
        RawStream again(server.port());
        QVERIFY(!again.openStream().isNull());
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(Stanza::type(ask(again, registerSet("three", "grace", "pw"), QStringLiteral("three"))),
                 QStringLiteral("result"));
        QVERIFY2(clock.elapsed() >= StreamDefaults::LoginDelayFirstMs - 50,
                 qPrintable(QString::number(clock.elapsed())));
        // Another address is not slowed by it (127.0.0.2 is loopback too).
        RawStream elsewhere(server.port(), QHostAddress(QStringLiteral("127.0.0.2")));
        if (elsewhere.openStream().isNull())
            return; // no second loopback address here
        clock.restart();
        QCOMPARE(Stanza::type(ask(elsewhere, registerSet("four", "heidi", "pw"), QStringLiteral("four"))),
                 QStringLiteral("result"));
        QVERIFY2(clock.elapsed() < StreamDefaults::LoginDelayFirstMs,
                 qPrintable(QString::number(clock.elapsed())));
    }

    // From a session (registration flag or not): the password changes, nothing else.
    void passwordChange()
    {
        TestServer server(JoinMode::AccountLevel, options(false));
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QDomElement answer = alice->requestXml(
            QStringLiteral("<iq type='get' id='%1' to='localhost'><query xmlns='jabber:iq:register'/></iq>"));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        const QDomElement query = Stanza::child(answer, QStringLiteral("query"), Ns::Register);
        QVERIFY(!Stanza::child(query, QStringLiteral("registered"), Ns::Register).isNull());
        QCOMPARE(Stanza::child(query, QStringLiteral("username"), Ns::Register).text(),
                 QStringLiteral("alice"));

        answer = alice->requestXml(QStringLiteral("<iq type='set' id='%1' to='localhost'><query "
                                                  "xmlns='jabber:iq:register'><username>bob</username>"
                                                  "<password>mine</password></query></iq>"));
        QCOMPARE(errorCondition(answer), QStringLiteral("not-authorized"));
        answer = alice->requestXml(QStringLiteral("<iq type='set' id='%1' to='localhost'><query "
                                                  "xmlns='jabber:iq:register'><remove/></query></iq>"));
        QCOMPARE(errorCondition(answer), QStringLiteral("not-allowed"));
        QVERIFY(server.server()->accounts().contains(QStringLiteral("alice")));

        answer = alice->requestXml(QStringLiteral("<iq type='set' id='%1' to='localhost'><query "
                                                  "xmlns='jabber:iq:register'><username>alice</username>"
                                                  "<password>n3w</password></query></iq>"));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        TestClient old(QStringLiteral("alice"), QStringLiteral("old"));
        QVERIFY(!old.connectToServer(server.port(), QStringLiteral("secret")));
        TestClient fresh(QStringLiteral("alice"), QStringLiteral("new"));
        QVERIFY(fresh.connectToServer(server.port(), QStringLiteral("n3w")));
    }
};

QTEST_GUILESS_MAIN(tst_Registration)
#include "tst_registration.moc"
