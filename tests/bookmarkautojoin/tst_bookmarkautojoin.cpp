// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// §9 of docs/semantics.md with real sessions: XEP-0402 bookmarks and
// account-level memberships follow each other, at publish time and at server start.
#include "AccountLevelJoining.h"
#include "MucService.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace {
const QString Alice = QStringLiteral("alice@localhost");
const QString Lobby = QStringLiteral("lobby@conference.localhost");

struct Bookmark
{
    QString autojoin = QStringLiteral("true");
    QString nick; // empty: none
    QString password;
    QString name;
    QString extensions; // inner XML of <extensions/>
};

QString conferenceXml(const Bookmark &bookmark)
{
    QString xml
        = QStringLiteral("<conference xmlns='urn:xmpp:bookmarks:1' autojoin='%1'").arg(bookmark.autojoin);
    if (!bookmark.name.isEmpty())
        xml += QStringLiteral(" name='%1'").arg(bookmark.name);
    xml += QLatin1Char('>');
    if (!bookmark.nick.isEmpty())
        xml += QStringLiteral("<nick>%1</nick>").arg(bookmark.nick);
    if (!bookmark.password.isEmpty())
        xml += QStringLiteral("<password>%1</password>").arg(bookmark.password);
    if (!bookmark.extensions.isEmpty())
        xml += QStringLiteral("<extensions>%1</extensions>").arg(bookmark.extensions);
    return xml + QStringLiteral("</conference>");
}

// XEP-0402 §3.2: the publish a client makes, with its publish-options.
QDomElement publishBookmark(TestClient *client, const QString &room, const Bookmark &bookmark)
{
    return client->requestXml(
        QStringLiteral("<iq type='set' id='%1'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                       "<publish node='urn:xmpp:bookmarks:1'><item id='%2'>%3</item></publish>"
                       "<publish-options><x xmlns='jabber:x:data' type='submit'>"
                       "<field var='FORM_TYPE' type='hidden'>"
                       "<value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                       "<field var='pubsub#persist_items'><value>true</value></field>"
                       "<field var='pubsub#max_items'><value>max</value></field>"
                       "<field var='pubsub#send_last_published_item'><value>never</value></field>"
                       "<field var='pubsub#access_model'><value>whitelist</value></field>"
                       "</x></publish-options></pubsub></iq>")
            .arg(QStringLiteral("%1"), room, conferenceXml(bookmark)));
}

QDomElement retractBookmark(TestClient *client, const QString &room)
{
    return client->requestXml(
        QStringLiteral("<iq type='set' id='%1'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                       "<retract node='urn:xmpp:bookmarks:1' notify='true'><item id='%2'/>"
                       "</retract></pubsub></iq>")
            .arg(QStringLiteral("%1"), room));
}

bool isResult(const QDomElement &iq)
{
    return iq.attribute(QStringLiteral("type")) == QLatin1String("result");
}

QDomElement eventItems(const QDomElement &message)
{
    return Stanza::child(Stanza::child(message, QStringLiteral("event"), Ns::PubSubEvent),
                         QStringLiteral("items"), Ns::PubSubEvent);
}

// A bookmarks notification from alice's account about 'room' (a publish or a retraction).
TestClient::Predicate bookmarkEvent(const QString &room)
{
    return [room](const QDomElement &e) {
        if (e.tagName() != QLatin1String("message") || e.attribute(QStringLiteral("from")) != Alice)
            return false;
        const QDomElement items = eventItems(e);
        if (items.attribute(QStringLiteral("node")) != Ns::Bookmarks)
            return false;
        for (QDomElement child = items.firstChildElement(); !child.isNull();
             child = child.nextSiblingElement()) {
            if (child.attribute(QStringLiteral("id")) == room)
                return true;
        }
        return false;
    };
}

// The conference element of a bookmark notification (null for a retraction).
QDomElement conferenceOf(const QDomElement &message)
{
    return Stanza::child(Stanza::child(eventItems(message), QStringLiteral("item"), Ns::PubSubEvent),
                         QStringLiteral("conference"), Ns::Bookmarks);
}

// The stored bookmark, as the account's items query returns it.
QDomElement storedBookmark(TestClient *client, const QString &room)
{
    const QDomElement answer = client->requestXml(
        QStringLiteral("<iq type='get' id='%1'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                       "<items node='urn:xmpp:bookmarks:1'><item id='%2'/></items></pubsub></iq>")
            .arg(QStringLiteral("%1"), room));
    const QDomElement items = Stanza::child(Stanza::child(answer, QStringLiteral("pubsub"), Ns::PubSub),
                                            QStringLiteral("items"), Ns::PubSub);
    return Stanza::child(Stanza::child(items, QStringLiteral("item"), Ns::PubSub),
                         QStringLiteral("conference"), Ns::Bookmarks);
}

QString childText(const QDomElement &conference, const char *name)
{
    return Stanza::child(conference, QString::fromLatin1(name), Ns::Bookmarks).text();
}

TestClient::Predicate presenceWithShow(const QString &from, const QString &show)
{
    return [from, show](const QDomElement &e) {
        return TestClient::presenceFrom(from)(e)
            && e.firstChildElement(QStringLiteral("show")).text() == show;
    };
}

bool isDelayed(const QDomElement &e)
{
    return !e.firstChildElement(QStringLiteral("delay")).isNull();
}
} // namespace

Q_DECLARE_METATYPE(Bookmark)

class tst_BookmarkAutojoin : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

    const Membership *aliceInLobby() const
    {
        return m_server->server()->accountLevelJoining()->membership(Alice, Lobby);
    }

    // Joins the room the account-level mode sees at the room: available presences with the MUC <x/>.
    int joinsSeenByRoom() const
    {
        int joins = 0;
        for (const TraceEvent &e : m_server->events(TraceEvent::Direction::AccountToRoom, Lobby)) {
            const QDomElement stanza = XmlText::toElement(e.xml);
            if (e.account == Alice && e.kind == TraceEvent::Kind::Presence && Stanza::type(stanza).isEmpty()
                && !Stanza::child(stanza, QStringLiteral("x"), Ns::Muc).isNull())
                ++joins;
        }
        return joins;
    }

private slots:
    void init() { m_server = std::make_unique<TestServer>(JoinMode::AccountLevel); }
    void cleanup() { m_server.reset(); }

    // The account occupies the room by bookmark alone; its sessions see nothing of the room
    // until they join, and then get the replay, history included.
    void autojoinBookmarkJoinsTheAccount_data()
    {
        QTest::addColumn<QString>("bookmarkNick");
        QTest::addColumn<QString>("accountNick");
        QTest::addColumn<int>("publishesOnSessionJoin");
        // The session's join says what the bookmark says: nothing to publish.
        QTest::newRow("bookmark with a nick") << QStringLiteral("wonder") << QStringLiteral("wonder") << 0;
        // No nick: the localpart; the join by presence writes the nick into the bookmark.
        QTest::newRow("bookmark without a nick") << QString() << QStringLiteral("alice") << 1;
    }
    void autojoinBookmarkJoinsTheAccount()
    {
        QFETCH(QString, bookmarkNick);
        QFETCH(QString, accountNick);
        QFETCH(int, publishesOnSessionJoin);
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        const QString occupant = Lobby + QLatin1Char('/') + accountNick;

        Bookmark bookmark;
        bookmark.nick = bookmarkNick;
        QVERIFY(isResult(publishBookmark(phone, Lobby, bookmark)));
        // §5/§9: no session is joined, so the account shows xa.
        QVERIFY(bob->waitFor(presenceWithShow(occupant, QStringLiteral("xa"))));
        QVERIFY(aliceInLobby());
        QVERIFY(aliceInLobby()->sessions.isEmpty());
        QCOMPARE(aliceInLobby()->nick, accountNick);
        QCOMPARE(joinsSeenByRoom(), 1);

        bob->say(Lobby, QStringLiteral("while nobody listens"));
        QVERIFY(bob->waitFor(TestClient::groupchat(Lobby, QStringLiteral("while nobody listens"))));
        for (TestClient *session : { phone, laptop }) {
            QVERIFY(session->sync());
            QCOMPARE(session->count(bookmarkEvent(Lobby)), 1);
            QCOMPARE(session->count(TestClient::anythingFrom(Lobby)),
                     0); // §2: not joined, nothing of the room
        }

        const int since = laptop->mark();
        QVERIFY(laptop->join(Lobby, accountNick));
        QStringList replay;
        for (int i = since; i < laptop->received().size(); ++i) {
            const QDomElement &e = laptop->received().at(i);
            if (TestClient::anythingFrom(Lobby)(e)) {
                if (TestClient::presenceFrom(Lobby + QStringLiteral("/bob"))(e))
                    replay << QStringLiteral("bob");
                else if (TestClient::selfPresence(Lobby)(e))
                    replay << QStringLiteral("self");
                else if (TestClient::groupchat(Lobby, QStringLiteral("while nobody listens"))(e)
                         && isDelayed(e))
                    replay << QStringLiteral("history");
                else if (TestClient::subjectFrom(Lobby)(e))
                    replay << QStringLiteral("subject");
                else
                    replay << e.tagName();
            }
        }
        QCOMPARE(replay,
                 (QStringList { QStringLiteral("bob"), QStringLiteral("self"), QStringLiteral("history"),
                                QStringLiteral("subject") }));
        QCOMPARE(joinsSeenByRoom(), 1); // served from the membership; the room saw no second join

        bob->say(Lobby, QStringLiteral("now someone does"));
        QVERIFY(laptop->waitFor(TestClient::groupchat(Lobby, QStringLiteral("now someone does"))));
        for (TestClient *session : { phone, laptop })
            QVERIFY(session->sync());
        QCOMPARE(phone->count(TestClient::anythingFrom(Lobby)), 0);
        QCOMPARE(phone->count(bookmarkEvent(Lobby)), 1 + publishesOnSessionJoin);
        QCOMPARE(laptop->count(bookmarkEvent(Lobby)), 1 + publishesOnSessionJoin);
        QCOMPARE(childText(storedBookmark(phone, Lobby), "nick"),
                 bookmarkNick.isEmpty() ? accountNick : bookmarkNick);
    }

    // A bookmark for a room nobody created yet: the account creates it with no session to
    // configure it, so it asks for an instant room rather than leaving it locked for everyone.
    void autojoinCreatesAnUnlockedRoom()
    {
        const QString fresh = QStringLiteral("fresh@conference.localhost");
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        Bookmark bookmark;
        QVERIFY(isResult(publishBookmark(phone, fresh, bookmark)));
        const MucRoom *room = m_server->server()->mucService()->room(fresh);
        QVERIFY(room);
        QVERIFY(!room->isLocked());
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(fresh, QStringLiteral("bob")));
        QCOMPARE(bob->count(presenceWithShow(fresh + QStringLiteral("/alice"), QStringLiteral("xa"))), 1);
        // A session joining later is shown the room as it is, with nothing left to configure.
        QVERIFY(phone->join(fresh, QStringLiteral("alice")));
        QVERIFY(
            !mucStatusCodes(LAST_OF(phone->receivedMatching(TestClient::selfPresence(fresh)))).contains(201));
    }

    // §4 + §9: one session's leave changes nothing; the last one takes the account out and
    // clears autojoin, which every session is told.
    void lastLeaveClearsAutojoin()
    {
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *web = m_server->connect(QStringLiteral("alice"), QStringLiteral("web"));
        Bookmark bookmark;
        bookmark.nick = QStringLiteral("alice");
        bookmark.name = QStringLiteral("The Lobby");
        QVERIFY(isResult(publishBookmark(web, Lobby, bookmark)));
        QVERIFY(bob->waitFor(presenceWithShow(Lobby + QStringLiteral("/alice"), QStringLiteral("xa"))));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        QVERIFY(laptop->join(Lobby, QStringLiteral("alice")));

        QVERIFY(phone->leave(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->sync());
        QCOMPARE(bob->count(TestClient::presenceFrom(Lobby + QStringLiteral("/alice"),
                                                     QStringLiteral("unavailable"))),
                 0);
        QVERIFY(web->sync());
        QCOMPARE(web->count(bookmarkEvent(Lobby)), 1);

        QVERIFY(laptop->leave(Lobby, QStringLiteral("alice")));
        QVERIFY(bob->waitFor(
            TestClient::presenceFrom(Lobby + QStringLiteral("/alice"), QStringLiteral("unavailable"))));
        QVERIFY(!aliceInLobby());
        for (TestClient *session : { phone, laptop, web }) {
            QVERIFY(session->sync());
            const QList<QDomElement> events = session->receivedMatching(bookmarkEvent(Lobby));
            QCOMPARE(events.size(), 2);
            const QDomElement conference = conferenceOf(events.last());
            QCOMPARE(conference.attribute(QStringLiteral("autojoin")), QStringLiteral("false"));
            QCOMPARE(conference.attribute(QStringLiteral("name")), QStringLiteral("The Lobby"));
            QCOMPARE(childText(conference, "nick"), QStringLiteral("alice"));
        }
        QCOMPARE(storedBookmark(web, Lobby).attribute(QStringLiteral("autojoin")), QStringLiteral("false"));
    }

    // §9: a retracted bookmark or autojoin=false takes the account out when no session is joined...
    void bookmarkEndsMembership_data()
    {
        QTest::addColumn<QString>("action"); // retract, or the new autojoin value
        QTest::newRow("retract") << QStringLiteral("retract");
        QTest::newRow("autojoin=false") << QStringLiteral("false");
        QTest::newRow("autojoin=0") << QStringLiteral("0");
    }
    void bookmarkEndsMembership()
    {
        QFETCH(QString, action);
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        Bookmark bookmark;
        QVERIFY(isResult(publishBookmark(phone, Lobby, bookmark)));
        QVERIFY(bob->waitFor(TestClient::presenceFrom(Lobby + QStringLiteral("/alice"))));

        bookmark.autojoin = action;
        QVERIFY(isResult(action == QLatin1String("retract") ? retractBookmark(phone, Lobby)
                                                            : publishBookmark(phone, Lobby, bookmark)));
        QVERIFY(bob->waitFor(
            TestClient::presenceFrom(Lobby + QStringLiteral("/alice"), QStringLiteral("unavailable"))));
        QVERIFY(!aliceInLobby());
        QVERIFY(laptop->sync());
        QCOMPARE(laptop->count(bookmarkEvent(Lobby)), 2);
        QCOMPARE(laptop->count(TestClient::anythingFrom(Lobby)), 0);
    }

    // ...but not while a session is joined: AccountLevelJoining::leaveAccount leaves that to the session.
    void joinedSessionKeepsMembership_data() { bookmarkEndsMembership_data(); }
    void joinedSessionKeepsMembership()
    {
        QFETCH(QString, action);
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        Bookmark bookmark;
        bookmark.autojoin = action;
        bookmark.nick = QStringLiteral("alice");
        QVERIFY(isResult(action == QLatin1String("retract") ? retractBookmark(phone, Lobby)
                                                            : publishBookmark(phone, Lobby, bookmark)));
        bob->say(Lobby, QStringLiteral("still there?"));
        QVERIFY(phone->waitFor(TestClient::groupchat(Lobby, QStringLiteral("still there?"))));
        QVERIFY(bob->sync());
        QCOMPARE(bob->count(TestClient::presenceFrom(Lobby + QStringLiteral("/alice"),
                                                     QStringLiteral("unavailable"))),
                 0);
        QVERIFY(aliceInLobby());
        QCOMPARE(aliceInLobby()->sessions, QStringList { phone->jid() });
    }

    // §9: a join by presence adds or updates the bookmark, once, and every session is told.
    void joinByPresenceWritesBookmark_data()
    {
        QTest::addColumn<bool>("preexisting");
        QTest::addColumn<Bookmark>("before");
        QTest::addColumn<QString>("joinExtra"); // inside the join's MUC <x/>
        QTest::addColumn<QString>("password"); // expected in the bookmark

        QTest::newRow("no bookmark yet") << false << Bookmark() << QString() << QString();
        Bookmark named;
        named.autojoin = QStringLiteral("false");
        named.name = QStringLiteral("The Lobby");
        named.nick = QStringLiteral("old");
        named.extensions = QStringLiteral("<state xmlns='urn:example:client'>pinned</state>");
        QTest::newRow("name, extensions kept; nick follows") << true << named << QString() << QString();
        QTest::newRow("with a password")
            << false << Bookmark() << QStringLiteral("<password>opensesame</password>")
            << QStringLiteral("opensesame");
        Bookmark withPassword = named;
        withPassword.password = QStringLiteral("stale");
        QTest::newRow("a stale password goes") << true << withPassword << QString() << QString();
    }
    void joinByPresenceWritesBookmark()
    {
        QFETCH(bool, preexisting);
        QFETCH(Bookmark, before);
        QFETCH(QString, joinExtra);
        QFETCH(QString, password);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        if (preexisting)
            QVERIFY(isResult(publishBookmark(laptop, Lobby, before)));
        const int eventsBefore = preexisting ? 1 : 0;

        QVERIFY(phone->join(Lobby, QStringLiteral("wonder"), joinExtra));
        for (TestClient *session : { phone, laptop }) {
            QVERIFY(session->sync());
            const QList<QDomElement> events = session->receivedMatching(bookmarkEvent(Lobby));
            QCOMPARE(events.size(), eventsBefore + 1);
            const QDomElement conference = conferenceOf(events.last());
            QCOMPARE(conference.attribute(QStringLiteral("autojoin")), QStringLiteral("true"));
            QCOMPARE(childText(conference, "nick"), QStringLiteral("wonder"));
            QCOMPARE(childText(conference, "password"), password);
            QCOMPARE(conference.attribute(QStringLiteral("name")), before.name);
            QCOMPARE(Stanza::child(Stanza::child(conference, QStringLiteral("extensions"), Ns::Bookmarks),
                                   QStringLiteral("state"), QStringLiteral("urn:example:client"))
                         .text(),
                     preexisting ? QStringLiteral("pinned") : QString());
        }
        QCOMPARE(bob->count(TestClient::anythingFrom(Alice)), 0);

        // Another session's join says the same again: no publish, no notification storm.
        QVERIFY(laptop->join(Lobby, QStringLiteral("wonder")));
        for (TestClient *session : { phone, laptop }) {
            QVERIFY(session->sync());
            QCOMPARE(session->count(bookmarkEvent(Lobby)), eventsBefore + 1);
        }
        // The node has XEP-0402's configuration: the client's usual publish meets its preconditions...
        Bookmark same;
        same.nick = QStringLiteral("wonder");
        same.password = password;
        QVERIFY(isResult(publishBookmark(phone, Lobby, same)));
        // ...and it is private (whitelist).
        const QDomElement foreign = bob->requestXml(QStringLiteral(
            "<iq type='get' id='%1' to='alice@localhost'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
            "<items node='urn:xmpp:bookmarks:1'/></pubsub></iq>"));
        QCOMPARE(errorCondition(foreign), QStringLiteral("forbidden"));
    }

    // §7 + §9: the account's nick changes, the bookmark follows.
    void nickChangeUpdatesBookmark()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));
        phone->sendXml(QStringLiteral("<presence to='%1/alicia'/>").arg(Lobby));
        QVERIFY(phone->waitFor([](const QDomElement &e) {
            return TestClient::selfPresence(Lobby)(e)
                && e.attribute(QStringLiteral("from")) == Lobby + QStringLiteral("/alicia");
        }));
        QVERIFY(laptop->sync());
        const QList<QDomElement> events = laptop->receivedMatching(bookmarkEvent(Lobby));
        QCOMPARE(events.size(), 2);
        QCOMPARE(childText(conferenceOf(events.last()), "nick"), QStringLiteral("alicia"));
        QCOMPARE(childText(storedBookmark(laptop, Lobby), "nick"), QStringLiteral("alicia"));
    }

    // §6 + §9: an account the room removed is not rejoined at the next start.
    void removedByRoomClearsAutojoin_data()
    {
        QTest::addColumn<QString>("ns");
        QTest::addColumn<QString>("query");
        QTest::newRow("kicked") << QString(Ns::MucAdmin)
                                << QStringLiteral("<item nick='alice' role='none'/>");
        QTest::newRow("banned") << QString(Ns::MucAdmin)
                                << QStringLiteral("<item jid='alice@localhost' affiliation='outcast'/>");
        QTest::newRow("room destroyed") << QString(Ns::MucOwner) << QStringLiteral("<destroy/>");
    }
    void removedByRoomClearsAutojoin()
    {
        QFETCH(QString, ns);
        QFETCH(QString, query);
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(phone->join(Lobby, QStringLiteral("alice")));

        const QDomElement answer = bob->request(
            QStringLiteral("set"), Lobby, QStringLiteral("<query xmlns='%1'>%2</query>").arg(ns, query));
        QVERIFY2(isResult(answer), qPrintable(errorCondition(answer)));
        QVERIFY(phone->waitFor([](const QDomElement &e) {
            return TestClient::selfPresence(Lobby)(e) && Stanza::type(e) == QLatin1String("unavailable");
        }));
        QVERIFY(!aliceInLobby());
        for (TestClient *session : { phone, laptop }) {
            QVERIFY(session->sync());
            const QList<QDomElement> events = session->receivedMatching(bookmarkEvent(Lobby));
            QCOMPARE(events.size(), 2);
            QCOMPARE(conferenceOf(events.last()).attribute(QStringLiteral("autojoin")),
                     QStringLiteral("false"));
        }
    }

    // §9 + §10: autojoin bookmarks are joined at server start.
    void autojoinAtServerStart_data()
    {
        QTest::addColumn<bool>("classicFirst");
        QTest::addColumn<QString>("autojoin");
        QTest::addColumn<bool>("joinedAfterRestart");
        // The membership is stored too; the bookmark's join is then a no-op.
        QTest::newRow("account-level") << false << QStringLiteral("true") << true;
        // Classic mode ignores the bookmark, so only the bookmark brings the account in after the restart.
        QTest::newRow("published in classic mode") << true << QStringLiteral("true") << true;
        QTest::newRow("autojoin=false") << false << QStringLiteral("false") << false;
    }
    void autojoinAtServerStart()
    {
        QFETCH(bool, classicFirst);
        const JoinMode firstMode = classicFirst ? JoinMode::Classic : JoinMode::AccountLevel;
        QFETCH(QString, autojoin);
        QFETCH(bool, joinedAfterRestart);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ServerOptions options;
        options.databasePath = dir.filePath(QStringLiteral("bookmarks.sqlite"));

        m_server = std::make_unique<TestServer>(firstMode, options);
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        Bookmark bookmark;
        bookmark.autojoin = autojoin;
        bookmark.nick = QStringLiteral("wonder");
        QVERIFY(isResult(publishBookmark(phone, Lobby, bookmark)));
        QVERIFY(bob->sync());
        const bool joinedNow = firstMode == JoinMode::AccountLevel && autojoin == QLatin1String("true");
        QCOMPARE(bob->count(TestClient::presenceFrom(Lobby + QStringLiteral("/wonder"))), joinedNow ? 1 : 0);

        m_server = std::make_unique<TestServer>(JoinMode::AccountLevel, options);
        QCOMPARE(aliceInLobby() != nullptr, joinedAfterRestart);
        if (joinedAfterRestart) {
            QCOMPARE(aliceInLobby()->state, Membership::State::Joined);
            QCOMPARE(aliceInLobby()->nick, QStringLiteral("wonder"));
        }
        bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(bob->join(Lobby, QStringLiteral("bob")));
        QCOMPARE(bob->count(presenceWithShow(Lobby + QStringLiteral("/wonder"), QStringLiteral("xa"))),
                 joinedAfterRestart ? 1 : 0);
        m_server.reset(); // before the directory goes
    }
};

QTEST_GUILESS_MAIN(tst_BookmarkAutojoin)
#include "tst_bookmarkautojoin.moc"
