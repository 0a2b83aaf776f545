// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// MucRegistration against XEP-0045 §7.10 (registering with a room), §7.12 (discovering
// the reserved nick) and Prosody 0.12's rules: members register, a reserved nick is
// refused to others, <remove/> gives the membership up. crone1 (firstwitch) owns the
// room; hag66 (thirdwitch) is the one who registers.
#include "MucTestHarness.h"
#include "Vocabulary.h"

#include <QTest>

namespace {
const QString Room = QStringLiteral("coven@chat.shakespeare.lit");
const QString Crone = QStringLiteral("crone1@shakespeare.lit/desktop");
const QString Hag = QStringLiteral("hag66@shakespeare.lit/pda");

const QString HagJoins = QStringLiteral("<presence from='hag66@shakespeare.lit/pda' id='n13mt3l' "
                                        "to='coven@chat.shakespeare.lit/thirdwitch'>"
                                        "<x xmlns='http://jabber.org/protocol/muc'/></presence>");

QString setAffiliation(const QString &jid, const QString &affiliation, const QString &nick = QString())
{
    const QString nickAttribute = nick.isEmpty() ? QString() : QStringLiteral(" nick='%1'").arg(nick);
    return QStringLiteral(
               "<iq from='crone1@shakespeare.lit/desktop' id='member1' to='coven@chat.shakespeare.lit' "
               "type='set'><query xmlns='http://jabber.org/protocol/muc#admin'>"
               "<item affiliation='%2' jid='%1'%3/></query></iq>")
        .arg(jid, affiliation, nickAttribute);
}

QString registerIq(const QString &from, const QString &type, const QString &payload)
{
    return QStringLiteral("<iq from='%1' id='reg1' to='coven@chat.shakespeare.lit' type='%2'>"
                          "<query xmlns='jabber:iq:register'>%3</query></iq>")
        .arg(from, type, payload);
}

QString submitNick(const QString &from, const QString &nick)
{
    return registerIq(
        from, QStringLiteral("set"),
        QStringLiteral("<x xmlns='jabber:x:data' type='submit'>"
                       "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#register</value>"
                       "</field><field var='muc#register_roomnick'><value>%1</value></field></x>")
            .arg(nick));
}

QString result(const QString &to, const QString &payload = QString())
{
    return QStringLiteral("<iq from='coven@chat.shakespeare.lit' id='reg1' to='%1' type='result'>%2</iq>")
        .arg(to, payload);
}

// thirdwitch's presence as firstwitch and then as thirdwitch itself see it.
QStringList thirdwitch(const QString &type, const QString &affiliation, const QString &role,
                       const QString &code)
{
    const QString typeAttribute = type.isEmpty() ? QString() : QStringLiteral(" type='%1'").arg(type);
    const QString status = code.isEmpty() ? QString() : QStringLiteral("<status code='%1'/>").arg(code);
    const QString presence = QStringLiteral(
        "<presence from='coven@chat.shakespeare.lit/thirdwitch' to='%1'%2>"
        "<x xmlns='http://jabber.org/protocol/muc#user'>%5"
        "<item affiliation='%3' jid='hag66@shakespeare.lit/pda' role='%4'/>%6</x></presence>");
    return { presence.arg(Crone, typeAttribute, affiliation, role, status, QString()),
             presence.arg(Hag, typeAttribute, affiliation, role, status,
                          QStringLiteral("<status code='110'/>")) };
}

QString reservedNickQuery(const QString &from)
{
    return QStringLiteral(
               "<iq from='%1' id='reg1' to='coven@chat.shakespeare.lit' type='get'>"
               "<query xmlns='http://jabber.org/protocol/disco#info' node='x-roomuser-item'/></iq>")
        .arg(from);
}
} // namespace

class tst_MucRegistration : public QObject
{
    Q_OBJECT

private slots:
    void registration_data()
    {
        QTest::addColumn<QString>("config");
        QTest::addColumn<QStringList>("setup");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("expected");

        const QString hagIsMember
            = setAffiliation(QStringLiteral("hag66@shakespeare.lit"), QStringLiteral("member"));
        // §7.10 "Service Returns Registration Form".
        QTest::newRow("form")
            << QString() << QStringList { hagIsMember, HagJoins }
            << registerIq(Hag, QStringLiteral("get"), QString())
            << QStringList { result(
                   Hag,
                   QStringLiteral("<query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='form'>"
                                  "<field type='hidden' var='FORM_TYPE'>"
                                  "<value>http://jabber.org/protocol/muc#register</value></field>"
                                  "<field label='Nickname' type='text-single' var='muc#register_roomnick'>"
                                  "<required/></field></x></query>")) };
        // Prosody's default: users without affiliation may not register.
        const QString stranger = registerIq(Hag, QStringLiteral("get"), QString());
        QTest::newRow("unaffiliated may not register")
            << QString() << QStringList { HagJoins } << stranger
            << QStringList { MucTestHarness::errorReply(stranger, QStringLiteral("auth"),
                                                        QStringLiteral("registration-required")) };
        // Registering makes the occupant's presence go out again, before the result.
        QTest::newRow("register") << QString() << QStringList { hagIsMember, HagJoins }
                                  << submitNick(Hag, QStringLiteral("thirdwitch"))
                                  << thirdwitch(QString(), QStringLiteral("member"),
                                                QStringLiteral("participant"), QString())
                + QStringList { result(Hag) };
        QTest::newRow("registered user gets its nick")
            << QString()
            << QStringList { hagIsMember, HagJoins, submitNick(Hag, QStringLiteral("thirdwitch")) }
            << registerIq(Hag, QStringLiteral("get"), QString())
            << QStringList { result(Hag,
                                    QStringLiteral("<query xmlns='jabber:iq:register'><registered/>"
                                                   "<username>thirdwitch</username></query>")) };
        // §7.12 "Discovering Reserved Room Nickname".
        QTest::newRow("reserved nick discovered")
            << QString()
            << QStringList { hagIsMember, HagJoins, submitNick(Hag, QStringLiteral("thirdwitch")) }
            << reservedNickQuery(Hag)
            << QStringList { result(Hag,
                                    QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#info' "
                                                   "node='x-roomuser-item'><identity category='conference' "
                                                   "name='thirdwitch' type='text'/></query>")) };
        QTest::newRow("no reserved nick")
            << QString() << QStringList() << reservedNickQuery(Crone)
            << QStringList { result(Crone,
                                    QStringLiteral("<query xmlns='http://jabber.org/protocol/disco#info' "
                                                   "node='x-roomuser-item'/>")) };
        // A nick reserved (here by the owner, with the admin item) is refused to others.
        const QString impostor = QStringLiteral("<presence from='wiccarocks@shakespeare.lit/laptop' "
                                                "to='coven@chat.shakespeare.lit/hecate'>"
                                                "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
        QTest::newRow("reserved nick refused")
            << QString()
            << QStringList { setAffiliation(QStringLiteral("hecate@shakespeare.lit"),
                                            QStringLiteral("member"), QStringLiteral("hecate")) }
            << impostor
            << QStringList { QStringLiteral(
                   "<presence from='coven@chat.shakespeare.lit/hecate' "
                   "to='wiccarocks@shakespeare.lit/laptop' "
                   "type='error'><x xmlns='http://jabber.org/protocol/muc'/>"
                   "<error by='coven@chat.shakespeare.lit' type='cancel'>"
                   "<conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></presence>") };
        // Unregistering from a members-only room: the membership goes, and so does she (321).
        QTest::newRow("unregister from a members-only room")
            << QStringLiteral("membersonly=1") << QStringList { hagIsMember, HagJoins }
            << registerIq(Hag, QStringLiteral("set"), QStringLiteral("<remove/>"))
            << thirdwitch(QStringLiteral("unavailable"), QStringLiteral("none"), QStringLiteral("none"),
                          QStringLiteral("321"))
                + QStringList { result(Hag) };
        // Unregistering while away: the moderators are told (XEP-0045 §9.4, not in the room).
        QTest::newRow("unregister while away")
            << QString()
            << QStringList { setAffiliation(QStringLiteral("hecate@shakespeare.lit"),
                                            QStringLiteral("member"), QStringLiteral("hecate")) }
            << registerIq(QStringLiteral("hecate@shakespeare.lit/broom"), QStringLiteral("set"),
                          QStringLiteral("<remove/>"))
            << QStringList { QStringLiteral(
                                 "<message from='coven@chat.shakespeare.lit' "
                                 "to='crone1@shakespeare.lit/desktop'>"
                                 "<x xmlns='http://jabber.org/protocol/muc#user'>"
                                 "<item affiliation='none' jid='hecate@shakespeare.lit'/></x></message>"),
                             result(QStringLiteral("hecate@shakespeare.lit/broom")) };
        // The member list shows the reserved nick.
        QTest::newRow("member list shows the nick")
            << QString()
            << QStringList { hagIsMember, HagJoins, submitNick(Hag, QStringLiteral("thirdwitch")) }
            << QStringLiteral(
                   "<iq from='crone1@shakespeare.lit/desktop' id='reg1' to='coven@chat.shakespeare.lit' "
                   "type='get'><query xmlns='http://jabber.org/protocol/muc#admin'>"
                   "<item affiliation='member'/></query></iq>")
            << QStringList { result(Crone,
                                    QStringLiteral("<query xmlns='http://jabber.org/protocol/muc#admin'>"
                                                   "<item affiliation='member' jid='hag66@shakespeare.lit' "
                                                   "nick='thirdwitch'/></query>")) };
    }

    void registration()
    {
        QFETCH(QString, config);
        QFETCH(QStringList, setup);
        QFETCH(QString, input);
        QFETCH(QStringList, expected);

        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("occupant-id"), Ns::OccupantId);
        harness.ignoreElement(QStringLiteral("text"), Ns::Stanzas);
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        for (const QString &stanza : qAsConst(setup)) {
            harness.inject(stanza);
            harness.takeSent();
        }
        harness.inject(input);
        MUC_EXPECT(harness, expected);
    }
};

QTEST_GUILESS_MAIN(tst_MucRegistration)
#include "tst_mucregistration.moc"
