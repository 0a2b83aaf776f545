// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// vCard-temp (XEP-0054) over real sockets: the account's own, another account's
// answered by the server, a room's and an occupant's, the size limit, persistence.
#include "Database.h"
#include "ServiceLimits.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "VCardService.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QCryptographicHash>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString Lobby = QStringLiteral("lobby@conference.localhost");
// A 1x1 PNG would do as well: any bytes; the hash is of the decoded bytes.
const QByteArray Photo = QByteArrayLiteral("not really a PNG, but bytes all the same");

QString vCardIq(const QString &type, const QString &to = QString(), const QString &content = QString())
{
    return QStringLiteral("<iq type='%1' id='%3'%2><vCard xmlns='vcard-temp'>%4</vCard></iq>")
        .arg(type, to.isEmpty() ? QString() : QStringLiteral(" to='%1'").arg(to), QStringLiteral("%1"),
             content);
}

QDomElement vCardOf(const QDomElement &answer)
{
    return Stanza::child(answer, QStringLiteral("vCard"), Ns::VCard);
}

QString aliceCard()
{
    return QStringLiteral("<FN>Alice Liddell</FN><NICKNAME>al</NICKNAME><PHOTO><TYPE>image/png</TYPE>"
                          "<BINVAL>%1</BINVAL></PHOTO>")
        .arg(QString::fromLatin1(Photo.toBase64()));
}
} // namespace

class tst_VCard : public QObject
{
    Q_OBJECT

private slots:
    void ownVCard()
    {
        TestServer server;
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        // None yet: an empty vCard.
        QDomElement answer = laptop->requestXml(vCardIq(QStringLiteral("get")));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QVERIFY(!vCardOf(answer).isNull());
        QVERIFY(vCardOf(answer).firstChildElement().isNull());

        answer = phone->requestXml(vCardIq(QStringLiteral("set"), QString(), aliceCard()));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        // Read back, by the other session, without 'to' and with its own bare JID.
        for (const QString &to : { QString(), QStringLiteral("alice@localhost") }) {
            answer = laptop->requestXml(vCardIq(QStringLiteral("get"), to));
            QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
            QCOMPARE(vCardOf(answer).firstChildElement(QStringLiteral("FN")).text(),
                     QStringLiteral("Alice Liddell"));
            QCOMPARE(vCardOf(answer).firstChildElement(QStringLiteral("FN")).namespaceURI(),
                     QString(Ns::VCard));
        }
    }

    void anotherAccount()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        // Nothing stored: item-not-found (XEP-0054 §3.1).
        QDomElement answer
            = bob->requestXml(vCardIq(QStringLiteral("get"), QStringLiteral("alice@localhost")));
        QCOMPARE(errorCondition(answer), QStringLiteral("item-not-found"));
        QCOMPARE(Stanza::type(alice->requestXml(vCardIq(QStringLiteral("set"), QString(), aliceCard()))),
                 QStringLiteral("result"));
        const int since = alice->mark();
        answer = bob->requestXml(vCardIq(QStringLiteral("get"), QStringLiteral("alice@localhost")));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QCOMPARE(Stanza::from(answer), QStringLiteral("alice@localhost")); // on the account's behalf
        QCOMPARE(vCardOf(answer).firstChildElement(QStringLiteral("NICKNAME")).text(), QStringLiteral("al"));
        // The server answered: alice's sessions never saw the request.
        QVERIFY(alice->sync());
        QCOMPARE(alice->count([](const QDomElement &e) { return !vCardOf(e).isNull(); }), 0);
        Q_UNUSED(since);
        // Nobody sets another's; an unknown account has none.
        QCOMPARE(
            errorCondition(bob->requestXml(vCardIq(QStringLiteral("set"), QStringLiteral("alice@localhost"),
                                                   QStringLiteral("<FN>Mallory</FN>")))),
            QStringLiteral("forbidden"));
        QCOMPARE(errorCondition(
                     bob->requestXml(vCardIq(QStringLiteral("get"), QStringLiteral("nobody@localhost")))),
                 QStringLiteral("service-unavailable"));
        answer = bob->requestXml(vCardIq(QStringLiteral("get"), QStringLiteral("alice@localhost")));
        QCOMPARE(vCardOf(answer).firstChildElement(QStringLiteral("FN")).text(),
                 QStringLiteral("Alice Liddell"));
    }

    // Psi+ asks a room for its vCard: rooms have none here, and the answer says so (an
    // existing room does not offer vcard-temp: service-unavailable; no such room:
    // an error too). An occupant's vCard is relayed to the occupant's session (XEP-0045 §7.7).
    void rooms()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(alice->join(Lobby, QStringLiteral("al")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bobby")));
        QDomElement answer = bob->requestXml(vCardIq(QStringLiteral("get"), Lobby));
        QCOMPARE(Stanza::type(answer), QStringLiteral("error"));
        QCOMPARE(errorCondition(answer), QStringLiteral("service-unavailable"));
        answer
            = bob->requestXml(vCardIq(QStringLiteral("get"), QStringLiteral("nowhere@conference.localhost")));
        // Not a room bob is in: account-level joining answers first (not-acceptable); an answer
        // all the same, never silence.
        QCOMPARE(Stanza::type(answer), QStringLiteral("error"));

        const int since = alice->mark();
        bob->sendXml(
            vCardIq(QStringLiteral("get"), Lobby + QStringLiteral("/al")).arg(QStringLiteral("occupant")));
        const auto relayed = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("iq") && Stanza::type(e) == QLatin1String("get")
                && !vCardOf(e).isNull();
        };
        QVERIFY(alice->waitFor(relayed, 5000, since));
        QCOMPARE(Stanza::from(alice->receivedMatching(relayed).last()), Lobby + QStringLiteral("/bobby"));
        // QXmpp's client takes vCard gets without answering: alice answers by hand, and
        // the answer goes back to bob under his id.
        const QDomElement request = alice->receivedMatching(relayed).last();
        alice->sendXml(
            QStringLiteral(
                "<iq type='result' id='%1' to='%2'><vCard xmlns='vcard-temp'><FN>Al</FN></vCard></iq>")
                .arg(request.attribute(QStringLiteral("id")), Stanza::from(request)));
        QVERIFY(bob->waitFor([](const QDomElement &e) {
            return e.attribute(QStringLiteral("id")) == QLatin1String("occupant")
                && vCardOf(e).firstChildElement(QStringLiteral("FN")).text() == QLatin1String("Al");
        }));
    }

    void sizeLimit()
    {
        TestServer server;
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const QString big
            = QStringLiteral("<DESC>%1</DESC>").arg(QString(ServiceDefaults::MaxVCardSize, QLatin1Char('x')));
        QDomElement answer = alice->requestXml(vCardIq(QStringLiteral("set"), QString(), big));
        QCOMPARE(Stanza::type(answer), QStringLiteral("error"));
        QCOMPARE(errorCondition(answer), QStringLiteral("not-acceptable"));
        // Nothing was stored; just under the limit is.
        QVERIFY(vCardOf(alice->requestXml(vCardIq(QStringLiteral("get")))).firstChildElement().isNull());
        const QString fits = QStringLiteral("<DESC>%1</DESC>")
                                 .arg(QString(ServiceDefaults::MaxVCardSize - 100, QLatin1Char('x')));
        QCOMPARE(Stanza::type(alice->requestXml(vCardIq(QStringLiteral("set"), QString(), fits))),
                 QStringLiteral("result"));
    }

    void photoHash()
    {
        QDomElement card
            = XmlText::toElement(QStringLiteral("<vCard xmlns='vcard-temp'>%1</vCard>").arg(aliceCard()));
        QCOMPARE(VCardService::photoHash(card),
                 QString::fromLatin1(QCryptographicHash::hash(Photo, QCryptographicHash::Sha1).toHex()));
        QCOMPARE(VCardService::photoHash(XmlText::toElement(QStringLiteral("<vCard xmlns='vcard-temp'/>"))),
                 QString());
    }

    void persistsAcrossRestart()
    {
        QTemporaryDir dir;
        ServerOptions options;
        options.databasePath = dir.filePath(QStringLiteral("minimix.db"));
        {
            TestServer server(JoinMode::AccountLevel, options);
            TestClient *alice = server.connect(QStringLiteral("alice"));
            QCOMPARE(Stanza::type(alice->requestXml(vCardIq(QStringLiteral("set"), QString(), aliceCard()))),
                     QStringLiteral("result"));
        }
        {
            TestServer server(JoinMode::AccountLevel, options);
            TestClient *bob = server.connect(QStringLiteral("bob"));
            const QDomElement answer
                = bob->requestXml(vCardIq(QStringLiteral("get"), QStringLiteral("alice@localhost")));
            QCOMPARE(vCardOf(answer).firstChildElement(QStringLiteral("FN")).text(),
                     QStringLiteral("Alice Liddell"));
        }
        // The photo's hash is stored beside it (XEP-0153).
        Database database;
        QVERIFY(database.open(options.databasePath));
        QSqlQuery query(database.connection());
        QVERIFY(query.exec(QStringLiteral("SELECT photo_hash FROM vcards WHERE owner = 'alice@localhost'")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(),
                 QString::fromLatin1(QCryptographicHash::hash(Photo, QCryptographicHash::Sha1).toHex()));
    }
};

QTEST_GUILESS_MAIN(tst_VCard)
#include "tst_vcard.moc"
