// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The MUC service's ad-hoc command for server admins (XEP-0050, Prosody's node
// http://prosody.im/protocol/muc#destroy): an admin destroys rooms by JID and is told
// which; executed without a form it answers the form listing the rooms; anyone else is
// forbidden; the command is listed for admins only.
#include "MinimixServer.h"
#include "MucService.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestServer.h"
#include "Vocabulary.h"

#include <QTest>

Q_DECLARE_METATYPE(JoinMode)

namespace {
const QString Service = QStringLiteral("conference.localhost");
const QString DestroyNode = QStringLiteral("http://prosody.im/protocol/muc#destroy");
const QString Header = QStringLiteral("The following rooms were destroyed:\n");

QString room(const QString &name)
{
    return name + QLatin1Char('@') + Service;
}

ServerOptions withAdmin()
{
    ServerOptions options;
    options.admins = QStringList { QStringLiteral("carol@localhost") };
    return options;
}

// The command with a form naming these rooms (a form without type, as Prosody's script sends).
QString destroyCommand(const QStringList &rooms)
{
    QString values;
    for (const QString &jid : rooms)
        values += QStringLiteral("<value>%1</value>").arg(jid);
    return QStringLiteral(
               "<iq type='set' id='%1' to='%2'><command xmlns='http://jabber.org/protocol/commands' "
               "node='%3'><x xmlns='jabber:x:data'><field var='rooms'>%4</field></x></command></iq>")
        .arg(QStringLiteral("%1"), Service, DestroyNode, values);
}

QDomElement command(const QDomElement &answer)
{
    return Stanza::child(answer, QStringLiteral("command"), Ns::Commands);
}

QDomElement note(const QDomElement &answer)
{
    return Stanza::child(command(answer), QStringLiteral("note"), Ns::Commands);
}

// The unavailable presence with <destroy/> the session got from its occupant JID.
QDomElement destroyNotice(TestClient *client, const QString &occupant)
{
    for (const QDomElement &e :
         client->receivedMatching(TestClient::presenceFrom(occupant, QStringLiteral("unavailable")))) {
        const QDomElement x = Stanza::child(e, QStringLiteral("x"), Ns::MucUser);
        if (!Stanza::child(x, QStringLiteral("destroy"), Ns::MucUser).isNull())
            return e;
    }
    return QDomElement();
}
} // namespace

class tst_MucAdminCommands : public QObject
{
    Q_OBJECT

private slots:
    // An admin names rooms: those that exist are destroyed, each occupant told as for an
    // owner's destroy without reason, and the note lists them one per line.
    void adminDestroysRooms_data()
    {
        QTest::addColumn<JoinMode>("mode");
        QTest::addColumn<QStringList>("named");
        QTest::addColumn<QStringList>("destroyed");
        const QStringList garden { room(QStringLiteral("garden")) };
        const QStringList both { room(QStringLiteral("garden")), room(QStringLiteral("orchard")) };
        const QStringList unknown { room(QStringLiteral("nosuch")) };
        for (const JoinMode mode : { JoinMode::Classic, JoinMode::AccountLevel }) {
            const QByteArray name = joinModeName(mode).toLatin1();
            QTest::addRow("%s: one room", name.constData()) << mode << garden << garden;
            QTest::addRow("%s: two rooms", name.constData()) << mode << both << both;
            QTest::addRow("%s: an unknown room", name.constData()) << mode << unknown << QStringList();
            QTest::addRow("%s: a room and an unknown one", name.constData())
                << mode << (unknown + garden) << garden;
        }
    }
    void adminDestroysRooms()
    {
        QFETCH(JoinMode, mode);
        QFETCH(QStringList, named);
        QFETCH(QStringList, destroyed);
        TestServer server(mode, withAdmin());
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QVERIFY(alice->join(room(QStringLiteral("garden")), QStringLiteral("alice")));
        QVERIFY(alice->join(room(QStringLiteral("orchard")), QStringLiteral("alice")));
        TestClient *carol = server.connect(QStringLiteral("carol"));

        const QDomElement answer = carol->requestXml(destroyCommand(named));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QCOMPARE(Stanza::from(answer), Service);
        QCOMPARE(command(answer).attribute(QStringLiteral("node")), DestroyNode);
        QCOMPARE(command(answer).attribute(QStringLiteral("status")), QStringLiteral("completed"));
        QVERIFY(!command(answer).attribute(QStringLiteral("sessionid")).isEmpty());
        QCOMPARE(note(answer).attribute(QStringLiteral("type")), QStringLiteral("info"));
        QCOMPARE(note(answer).text(), Header + destroyed.join(QLatin1Char('\n')));

        QVERIFY(alice->sync());
        for (const QString &name : { QStringLiteral("garden"), QStringLiteral("orchard") }) {
            const bool gone = destroyed.contains(room(name));
            QCOMPARE(server.server()->mucService()->room(room(name)) == nullptr, gone);
            const QDomElement notice = destroyNotice(alice, room(name) + QStringLiteral("/alice"));
            QCOMPARE(notice.isNull(), !gone);
            if (!gone)
                continue;
            const QDomElement x = Stanza::child(notice, QStringLiteral("x"), Ns::MucUser);
            const QDomElement destroy = x.firstChildElement();
            QCOMPARE(destroy.tagName(), QStringLiteral("destroy")); // first, and empty: no reason
            QVERIFY(!destroy.hasChildNodes());
            QVERIFY(destroy.attributes().isEmpty());
            QVERIFY(mucStatusCodes(notice).contains(110));
            const QDomElement item = Stanza::child(x, QStringLiteral("item"), Ns::MucUser);
            QCOMPARE(item.attribute(QStringLiteral("affiliation")), QStringLiteral("owner"));
            QCOMPARE(item.attribute(QStringLiteral("role")), QStringLiteral("none"));
        }
    }

    // Anyone else, a room's owner too, is forbidden (Prosody's error and canceled command)
    // and nothing is destroyed.
    void refusals_data()
    {
        QTest::addColumn<QString>("user");
        QTest::newRow("the room's owner") << QStringLiteral("alice");
        QTest::newRow("another user") << QStringLiteral("bob");
    }
    void refusals()
    {
        QFETCH(QString, user);
        TestServer server(JoinMode::Classic, withAdmin());
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QVERIFY(alice->join(room(QStringLiteral("garden")), QStringLiteral("alice")));
        TestClient *client = user == QLatin1String("alice") ? alice : server.connect(user);
        const QDomElement answer = client->requestXml(destroyCommand({ room(QStringLiteral("garden")) }));
        QCOMPARE(Stanza::type(answer), QStringLiteral("error"));
        QCOMPARE(errorCondition(answer), QStringLiteral("forbidden"));
        QVERIFY(server.server()->mucService()->room(room(QStringLiteral("garden"))));
        QCOMPARE(command(answer).attribute(QStringLiteral("status")), QStringLiteral("canceled"));
        QCOMPARE(note(answer).attribute(QStringLiteral("type")), QStringLiteral("error"));
        QVERIFY(command(answer).firstChildElement(QStringLiteral("x")).isNull()); // the form is not echoed
    }

    // Executed without a form: the form, every room an option, in a session to continue.
    // Cancelled: canceled. Another node: service-unavailable. Submitted without rooms: an
    // error note.
    void formAndSteps()
    {
        TestServer server(JoinMode::Classic, withAdmin());
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QVERIFY(alice->join(room(QStringLiteral("orchard")), QStringLiteral("alice")));
        QVERIFY(alice->join(room(QStringLiteral("garden")), QStringLiteral("alice")));
        TestClient *carol = server.connect(QStringLiteral("carol"));
        QDomElement answer = carol->requestXml(
            QStringLiteral(
                "<iq type='set' id='%1' to='%2'><command xmlns='http://jabber.org/protocol/commands' "
                "node='%3' action='execute'/></iq>")
                .arg(QStringLiteral("%1"), Service, DestroyNode));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        QCOMPARE(command(answer).attribute(QStringLiteral("status")), QStringLiteral("executing"));
        const QString session = command(answer).attribute(QStringLiteral("sessionid"));
        QVERIFY(!session.isEmpty());
        const QDomElement form = Stanza::child(command(answer), QStringLiteral("x"), Ns::DataForms);
        QCOMPARE(form.attribute(QStringLiteral("type")), QStringLiteral("form"));
        QDomElement rooms;
        QString formType;
        for (const QDomElement &field : Stanza::children(form, QStringLiteral("field"), Ns::DataForms)) {
            if (field.attribute(QStringLiteral("var")) == QLatin1String("rooms"))
                rooms = field;
            if (field.attribute(QStringLiteral("var")) == QLatin1String("FORM_TYPE"))
                formType = field.firstChildElement(QStringLiteral("value")).text();
        }
        QCOMPARE(formType, DestroyNode);
        QCOMPARE(rooms.attribute(QStringLiteral("type")), QStringLiteral("list-multi"));
        QVERIFY(!Stanza::child(rooms, QStringLiteral("required"), Ns::DataForms).isNull());
        QStringList options;
        for (const QDomElement &option : Stanza::children(rooms, QStringLiteral("option"), Ns::DataForms))
            options << option.firstChildElement(QStringLiteral("value")).text();
        QCOMPARE(options, (QStringList { room(QStringLiteral("garden")), room(QStringLiteral("orchard")) }));

        answer = carol->requestXml(
            QStringLiteral(
                "<iq type='set' id='%1' to='%2'><command xmlns='http://jabber.org/protocol/commands' "
                "node='%3' sessionid='%4' action='cancel'/></iq>")
                .arg(QStringLiteral("%1"), Service, DestroyNode, session));
        QCOMPARE(command(answer).attribute(QStringLiteral("status")), QStringLiteral("canceled"));
        QCOMPARE(command(answer).attribute(QStringLiteral("sessionid")), session);

        // A command the service does not have.
        answer = carol->requestXml(destroyCommand({ room(QStringLiteral("garden")) })
                                       .replace(DestroyNode, QStringLiteral("urn:x:nosuch")));
        QCOMPARE(errorCondition(answer), QStringLiteral("service-unavailable"));

        answer = carol->requestXml(destroyCommand({}));
        QCOMPARE(command(answer).attribute(QStringLiteral("status")), QStringLiteral("completed"));
        QCOMPARE(note(answer).attribute(QStringLiteral("type")), QStringLiteral("error"));
        QCOMPARE(note(answer).text(), QStringLiteral("rooms: Required value missing"));
        QCOMPARE(server.server()->mucService()->rooms().size(), 2);
    }

    // The service says it has commands; its commands node lists this one to admins only.
    void discovery_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<bool>("listed");
        QTest::newRow("admin") << QStringLiteral("carol") << true;
        QTest::newRow("not an admin") << QStringLiteral("bob") << false;
    }
    void discovery()
    {
        QFETCH(QString, user);
        QFETCH(bool, listed);
        TestServer server(JoinMode::Classic, withAdmin());
        TestClient *client = server.connect(user);
        QDomElement answer
            = client->request(QStringLiteral("get"), Service,
                              QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#info'/>"));
        QStringList features;
        for (const QDomElement &feature :
             Stanza::children(Stanza::child(answer, QStringLiteral("query"), Ns::DiscoInfo),
                              QStringLiteral("feature"), Ns::DiscoInfo))
            features << feature.attribute(QStringLiteral("var"));
        QVERIFY2(features.contains(QString(Ns::Commands)), qPrintable(features.join(QLatin1Char(' '))));

        answer = client->request(QStringLiteral("get"), Service,
                                 QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#items' "
                                                "node='http://jabber.org/protocol/commands'/>"));
        QCOMPARE(Stanza::type(answer), QStringLiteral("result"));
        const QList<QDomElement> items
            = Stanza::children(Stanza::child(answer, QStringLiteral("query"), Ns::DiscoItems),
                               QStringLiteral("item"), Ns::DiscoItems);
        QCOMPARE(items.size(), listed ? 1 : 0);
        if (listed) {
            QCOMPARE(items.first().attribute(QStringLiteral("node")), DestroyNode);
            QCOMPARE(items.first().attribute(QStringLiteral("jid")), Service);
        }
        answer = client->request(
            QStringLiteral("get"), Service,
            QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#info' node='%1'/>")
                .arg(DestroyNode));
        QCOMPARE(Stanza::type(answer), listed ? QStringLiteral("result") : QStringLiteral("error"));
    }

    // MinimixServer::addAdmin (what the lab does for a script's "admin" account) takes
    // effect on the running server.
    void adminAddedWhileRunning()
    {
        TestServer server(JoinMode::Classic);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QVERIFY(alice->join(room(QStringLiteral("garden")), QStringLiteral("alice")));
        TestClient *carol = server.connect(QStringLiteral("carol"));
        QCOMPARE(errorCondition(carol->requestXml(destroyCommand({ room(QStringLiteral("garden")) }))),
                 QStringLiteral("forbidden"));
        server.server()->addAdmin(QStringLiteral("carol@localhost"));
        const QDomElement answer = carol->requestXml(destroyCommand({ room(QStringLiteral("garden")) }));
        QCOMPARE(note(answer).text(), Header + room(QStringLiteral("garden")));
        QVERIFY(!server.server()->mucService()->room(room(QStringLiteral("garden"))));
    }
};

QTEST_GUILESS_MAIN(tst_MucAdminCommands)
#include "tst_mucadmincommands.moc"
