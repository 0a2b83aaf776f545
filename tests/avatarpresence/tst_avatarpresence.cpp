// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0153 in presence, added by the server as Prosody does: each available presence a
// session sends, wherever it goes (its account and contacts, a contact directly, the
// server, a room), carries the account's avatar hash in <x xmlns='vcard-temp:x:update'>;
// a client's own <photo/> is left alone; typed presence is not touched.
#include "Stanza.h"
#include "TestClient.h"
#include "TestServer.h"
#include "Vocabulary.h"

#include <QCryptographicHash>
#include <QTest>

namespace {
const QString Lobby = QStringLiteral("lobby@conference.localhost");
const QString AvatarId = QStringLiteral("da39a3ee5e6b4b0d3255bfef95601890afd80709");

QDomElement update(const QDomElement &presence)
{
    return Stanza::child(presence, QStringLiteral("x"), Ns::VCardUpdate);
}

QDomElement photo(const QDomElement &presence)
{
    return Stanza::child(update(presence), QStringLiteral("photo"), Ns::VCardUpdate);
}

// Children of the presence, "ns name" each, in order.
QStringList childNames(const QDomElement &presence)
{
    QStringList names;
    for (QDomElement e = presence.firstChildElement(); !e.isNull(); e = e.nextSiblingElement())
        names << e.namespaceURI() + QLatin1Char(' ') + e.tagName();
    return names;
}

// XEP-0084: the account's avatar metadata, with one <info/> (or none: avatar off).
bool publishMetadata(TestClient *client, const QString &id, bool withInfo = true)
{
    const QString info
        = withInfo ? QStringLiteral("<info id='%1' bytes='5' type='image/png'/>").arg(id) : QString();
    const QDomElement answer = client->requestXml(
        QStringLiteral("<iq type='set' id='%1'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                       "<publish node='urn:xmpp:avatar:metadata'><item id='%2'>"
                       "<metadata xmlns='urn:xmpp:avatar:metadata'>%3</metadata></item></publish>"
                       "</pubsub></iq>")
            .arg(QStringLiteral("%1"), id, info));
    return Stanza::type(answer) == QLatin1String("result");
}

bool setVCardPhoto(TestClient *client, const QByteArray &photoBytes)
{
    const QDomElement answer = client->requestXml(
        QStringLiteral("<iq type='set' id='%1'><vCard xmlns='vcard-temp'><FN>Alice</FN><PHOTO>"
                       "<TYPE>image/png</TYPE><BINVAL>%2</BINVAL></PHOTO></vCard></iq>")
            .arg(QStringLiteral("%1"), QString::fromLatin1(photoBytes.toBase64())));
    return Stanza::type(answer) == QLatin1String("result");
}

// Sends 'xml' from 'sender' and returns the presence from 'from' that 'receiver' gets
// next (type as given), or a null element.
QDomElement sendAndReceive(TestClient *sender, const QString &xml, TestClient *receiver, const QString &from,
                           const QString &type = QString())
{
    const int since = receiver->mark();
    sender->sendXml(xml);
    const TestClient::Predicate wanted = TestClient::presenceFrom(from, type);
    if (!receiver->waitFor(wanted, 5000, since))
        return QDomElement();
    for (const QDomElement &e : receiver->received().mid(since)) {
        if (wanted(e))
            return e;
    }
    return QDomElement();
}

// alice/laptop sends presence; who receives it and as coming from where.
struct Route
{
    QString to; // the presence's 'to' (empty: broadcast)
    bool muc = false;
};

Route route(const QString &name)
{
    if (name == QLatin1String("broadcast"))
        return {};
    if (name == QLatin1String("server"))
        return { QStringLiteral("localhost") };
    if (name == QLatin1String("full JID"))
        return { QStringLiteral("bob@localhost/desktop") };
    if (name == QLatin1String("bare JID"))
        return { QStringLiteral("bob@localhost") };
    return { Lobby + QStringLiteral("/alice"), true };
}
} // namespace

class tst_AvatarPresence : public QObject
{
    Q_OBJECT

private slots:
    // Every route of available presence, with or without an avatar, with or without the
    // client's own x:update. The control: a later plain presence on the same route
    // carries the account's hash (empty photo without avatar).
    void availablePresence_data()
    {
        QTest::addColumn<QString>("routeName");
        QTest::addColumn<bool>("avatar");
        QTest::addColumn<QString>("clientUpdate"); // inside the client's presence
        QTest::addColumn<QString>("expectedPhoto");
        for (const char *name : { "broadcast", "server", "full JID", "bare JID", "room join" }) {
            const QString r = QString::fromLatin1(name);
            QTest::addRow("%s, no avatar", name) << r << false << QString() << QString();
            QTest::addRow("%s, PEP avatar", name) << r << true << QString() << AvatarId;
            QTest::addRow("%s, client's x:update without photo", name)
                << r << true << QStringLiteral("<x xmlns='vcard-temp:x:update'/>") << AvatarId;
            QTest::addRow("%s, client's photo left alone", name)
                << r << true << QStringLiteral("<x xmlns='vcard-temp:x:update'><photo>abc</photo></x>")
                << QStringLiteral("abc");
            QTest::addRow("%s, client's empty photo left alone", name)
                << r << true << QStringLiteral("<x xmlns='vcard-temp:x:update'><photo/></x>") << QString();
        }
    }
    void availablePresence()
    {
        QFETCH(QString, routeName);
        QFETCH(bool, avatar);
        QFETCH(QString, clientUpdate);
        QFETCH(QString, expectedPhoto);
        TestServer server(JoinMode::Classic);
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        if (avatar)
            QVERIFY(publishMetadata(laptop, AvatarId));
        const Route where = route(routeName);
        TestClient *receiver = where.muc ? laptop : where.to.startsWith(QLatin1String("bob")) ? bob : phone;
        const QString from = where.muc ? where.to : laptop->jid();
        const QString to = where.to.isEmpty() ? QString() : QStringLiteral(" to='%1'").arg(where.to);
        const QString muc
            = where.muc ? QStringLiteral("<x xmlns='http://jabber.org/protocol/muc'/>") : QString();

        const QDomElement got = sendAndReceive(
            laptop, QStringLiteral("<presence%1><show>away</show>%2%3</presence>").arg(to, clientUpdate, muc),
            receiver, from);
        QVERIFY(!got.isNull());
        QCOMPARE(Stanza::children(got, QStringLiteral("x"), Ns::VCardUpdate).size(), 1);
        QVERIFY2(!photo(got).isNull(), qPrintable(childNames(got).join(QLatin1Char(','))));
        QCOMPARE(photo(got).text(), expectedPhoto);
        const QStringList names = childNames(got);
        const int updateAt = names.indexOf(QString(Ns::VCardUpdate) + QStringLiteral(" x"));
        if (where.muc) // the room shows what the client said, then its own x (Prosody's order)
            QVERIFY2(updateAt < names.indexOf(QString(Ns::MucUser) + QStringLiteral(" x")),
                     qPrintable(names.join(QLatin1Char(','))));
        else if (clientUpdate.isEmpty()) // appended, as Prosody does
            QCOMPARE(updateAt, names.size() - 1);
        else // the client's own stays where it was
            QCOMPARE(updateAt, names.indexOf(QString(Ns::Client) + QStringLiteral(" show")) + 1);

        // The control: the same route without x:update gets the account's hash.
        const QDomElement plain = sendAndReceive(
            laptop, QStringLiteral("<presence%1><show>dnd</show></presence>").arg(to), receiver, from);
        QVERIFY(!plain.isNull());
        QCOMPARE(photo(plain).isNull(), false);
        QCOMPARE(photo(plain).text(), avatar ? AvatarId : QString());
    }

    // Where the hash comes from: the newest PEP avatar metadata item's id; metadata
    // without <info/> (avatar off) gives an empty photo; else the SHA-1 of the vCard's photo.
    void hashSource_data()
    {
        QTest::addColumn<QByteArray>("vCardPhoto"); // empty: no vCard set
        QTest::addColumn<QStringList>("metadataIds"); // published in this order
        QTest::addColumn<bool>("lastWithInfo");
        QTest::addColumn<QString>("expectedPhoto");
        const QByteArray png("\x89PNG fake", 9);
        const QString sha1
            = QString::fromLatin1(QCryptographicHash::hash(png, QCryptographicHash::Sha1).toHex());
        QTest::newRow("nothing") << QByteArray() << QStringList() << true << QString();
        QTest::newRow("one metadata item")
            << QByteArray() << QStringList { QStringLiteral("aaa") } << true << QStringLiteral("aaa");
        QTest::newRow("the newest metadata item")
            << QByteArray() << QStringList { QStringLiteral("aaa"), QStringLiteral("bbb") } << true
            << QStringLiteral("bbb");
        QTest::newRow("metadata without info: avatar off")
            << QByteArray() << QStringList { QStringLiteral("aaa"), QStringLiteral("off") } << false
            << QString();
        QTest::newRow("vCard photo's SHA-1") << png << QStringList() << true << sha1;
        QTest::newRow("PEP before vCard")
            << png << QStringList { QStringLiteral("aaa") } << true << QStringLiteral("aaa");
    }
    void hashSource()
    {
        QFETCH(QByteArray, vCardPhoto);
        QFETCH(QStringList, metadataIds);
        QFETCH(bool, lastWithInfo);
        QFETCH(QString, expectedPhoto);
        TestServer server;
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        if (!vCardPhoto.isEmpty())
            QVERIFY(setVCardPhoto(laptop, vCardPhoto));
        for (int i = 0; i < metadataIds.size(); ++i)
            QVERIFY(publishMetadata(laptop, metadataIds.at(i), i < metadataIds.size() - 1 || lastWithInfo));
        const QDomElement got = sendAndReceive(
            laptop, QStringLiteral("<presence><show>chat</show></presence>"), phone, laptop->jid());
        QVERIFY(!got.isNull());
        QVERIFY(!photo(got).isNull());
        QCOMPARE(photo(got).text(), expectedPhoto);
    }

    // Unavailable, subscription and probe presence go on as sent; available presence on
    // the same route afterwards does get the x:update.
    void typedPresenceUntouched_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("to");
        QTest::newRow("unavailable to a full JID")
            << QStringLiteral("unavailable") << QStringLiteral("bob@localhost/desktop");
        QTest::newRow("subscribe") << QStringLiteral("subscribe") << QStringLiteral("bob@localhost");
    }
    void typedPresenceUntouched()
    {
        QFETCH(QString, type);
        QFETCH(QString, to);
        TestServer server(JoinMode::Classic);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(publishMetadata(alice, AvatarId));
        const QString from = type == QLatin1String("subscribe") ? alice->bareJid() : alice->jid();
        const QDomElement typed = sendAndReceive(
            alice, QStringLiteral("<presence type='%1' to='%2'/>").arg(type, to), bob, from, type);
        QVERIFY(!typed.isNull());
        QVERIFY(update(typed).isNull());
        const QDomElement available = sendAndReceive(
            alice, QStringLiteral("<presence to='bob@localhost/desktop'/>"), bob, alice->jid());
        QVERIFY(!available.isNull());
        QCOMPARE(photo(available).text(), AvatarId);
    }

    // What the room adds to an occupant's presence (an affiliation change's actor) goes in
    // its own x, not in the x:update that now comes first.
    void roomDecorationsInTheirOwnX()
    {
        TestServer server(JoinMode::Classic);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(alice->join(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        const int since = bob->mark();
        const QDomElement answer
            = alice->request(QStringLiteral("set"), Lobby,
                             QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'>"
                                            "<item affiliation='member' nick='bob'/></query>"));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        const TestClient::Predicate fromBob = TestClient::presenceFrom(Lobby + QStringLiteral("/bob"));
        QVERIFY(bob->waitFor(fromBob, 5000, since));
        QDomElement changed;
        for (const QDomElement &e : bob->received().mid(since)) {
            if (fromBob(e))
                changed = e;
        }
        QVERIFY(!update(changed).isNull());
        QVERIFY(Stanza::child(update(changed), QStringLiteral("item"), Ns::MucUser).isNull());
        const QDomElement item = Stanza::child(Stanza::child(changed, QStringLiteral("x"), Ns::MucUser),
                                               QStringLiteral("item"), Ns::MucUser);
        QCOMPARE(item.attribute(QStringLiteral("affiliation")), QStringLiteral("member"));
        QVERIFY(!Stanza::child(item, QStringLiteral("actor"), Ns::MucUser).isNull());
    }

    // Account-level joining: the account's presence in the room is built from its
    // sessions' presence, so the others see the account's avatar.
    void accountLevelOccupant()
    {
        TestServer server(JoinMode::AccountLevel);
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(publishMetadata(laptop, AvatarId));
        const QDomElement seen = sendAndReceive(
            laptop,
            QStringLiteral("<presence to='%1/alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>")
                .arg(Lobby),
            bob, Lobby + QStringLiteral("/alice"));
        QVERIFY(!seen.isNull());
        QCOMPARE(photo(seen).text(), AvatarId);
        const QStringList names = childNames(seen);
        QVERIFY2(names.indexOf(QString(Ns::VCardUpdate) + QStringLiteral(" x"))
                     < names.indexOf(QString(Ns::MucUser) + QStringLiteral(" x")),
                 qPrintable(names.join(QLatin1Char(','))));
    }

    // The account's presence in the room changes with its avatar, even when show and
    // status stay the same.
    void accountLevelAvatarChangeReachesRoom()
    {
        TestServer server(JoinMode::AccountLevel);
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        TestClient *laptop = server.connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        const QDomElement joined = sendAndReceive(
            laptop,
            QStringLiteral("<presence to='%1/alice'><x xmlns='http://jabber.org/protocol/muc'/></presence>")
                .arg(Lobby),
            bob, Lobby + QStringLiteral("/alice"));
        QVERIFY(!joined.isNull());
        QCOMPARE(photo(joined).text(), QString());
        QVERIFY(publishMetadata(laptop, AvatarId));
        const QDomElement changed
            = sendAndReceive(laptop, QStringLiteral("<presence to='%1/alice'/>").arg(Lobby), bob,
                             Lobby + QStringLiteral("/alice"));
        QVERIFY(!changed.isNull());
        QCOMPARE(photo(changed).text(), AvatarId);
    }
};

QTEST_GUILESS_MAIN(tst_AvatarPresence)
#include "tst_avatarpresence.moc"
