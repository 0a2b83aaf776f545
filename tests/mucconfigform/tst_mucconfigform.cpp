// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// MucConfigForm against XEP-0045's examples: creating a room (§10.1: locked until
// configured, instant room, cancelling), the configuration form (§10.2) and the room's
// disco#info (§6.4). crone1 (firstwitch) creates the room.
#include "MucTestHarness.h"
#include "Vocabulary.h"

#include <QTest>

namespace {
const QString Room = QStringLiteral("coven@chat.shakespeare.lit");
const QString Crone = QStringLiteral("crone1@shakespeare.lit/desktop");

const QString HagJoins = QStringLiteral("<presence from='hag66@shakespeare.lit/pda' id='n13mt3l' "
                                        "to='coven@chat.shakespeare.lit/thirdwitch'>"
                                        "<x xmlns='http://jabber.org/protocol/muc'/></presence>");

QString owner(const QString &from, const QString &type, const QString &id, const QString &payload)
{
    return QStringLiteral("<iq from='%1' id='%2' to='coven@chat.shakespeare.lit' type='%3'>"
                          "<query xmlns='http://jabber.org/protocol/muc#owner'>%4</query></iq>")
        .arg(from, id, type, payload);
}

QString result(const QString &id)
{
    return QStringLiteral("<iq from='coven@chat.shakespeare.lit' id='%1' to='crone1@shakespeare.lit/desktop' "
                          "type='result'/>")
        .arg(id);
}

QString field(const QString &var, const QString &type, const QString &label, const QString &value,
              const QString &options = QString())
{
    return QStringLiteral("<field label='%3' type='%2' var='muc#roomconfig_%1'><value>%4</value>%5</field>")
        .arg(var, type, label, value, options);
}

// XEP-0004 §3.3: a list field offers <option label='…'><value>…</value></option> to choose from.
QString option(const QString &label, const QString &value)
{
    return QStringLiteral("<option label='%1'><value>%2</value></option>").arg(label, value);
}

// The whois options of XEP-0045 §10.2's registry.
const QString WhoisOptions = option(QStringLiteral("Moderators only"), QStringLiteral("moderators"))
    + option(QStringLiteral("Anyone"), QStringLiteral("anyone"));

// §10.2 "Service Sends Configuration Form to Owner", with this server's fields and the
// values of a new room.
QString configForm()
{
    return QStringLiteral(
               "<iq from='coven@chat.shakespeare.lit' id='config1' to='crone1@shakespeare.lit/desktop' "
               "type='result'>"
               "<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='form'>"
               "<title>Configuration of coven@chat.shakespeare.lit</title>"
               "<field type='hidden' "
               "var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
               "%1</x></query></iq>")
        .arg(field(QStringLiteral("roomname"), QStringLiteral("text-single"), QStringLiteral("Name"),
                   QStringLiteral("coven"))
             + field(QStringLiteral("roomdesc"), QStringLiteral("text-single"), QStringLiteral("Description"),
                     QString())
             + field(QStringLiteral("persistentroom"), QStringLiteral("boolean"),
                     QStringLiteral("Persistent"), QStringLiteral("0"))
             + field(QStringLiteral("publicroom"), QStringLiteral("boolean"),
                     QStringLiteral("Listed in the directory"), QStringLiteral("1"))
             + field(QStringLiteral("membersonly"), QStringLiteral("boolean"), QStringLiteral("Members only"),
                     QStringLiteral("0"))
             + field(QStringLiteral("allowinvites"), QStringLiteral("boolean"),
                     QStringLiteral("Members may invite others in (members-only rooms)"), QStringLiteral("0"))
             + field(QStringLiteral("moderatedroom"), QStringLiteral("boolean"), QStringLiteral("Moderated"),
                     QStringLiteral("0"))
             + field(QStringLiteral("changesubject"), QStringLiteral("boolean"),
                     QStringLiteral("Occupants may change the subject"), QStringLiteral("0"))
             + field(QStringLiteral("passwordprotectedroom"), QStringLiteral("boolean"),
                     QStringLiteral("Password protected"), QStringLiteral("0"))
             + field(QStringLiteral("roomsecret"), QStringLiteral("text-private"), QStringLiteral("Password"),
                     QString())
             + field(QStringLiteral("whois"), QStringLiteral("list-single"),
                     QStringLiteral("Who may see real JIDs"), QStringLiteral("moderators"), WhoisOptions)
             + field(QStringLiteral("historylength"), QStringLiteral("text-single"),
                     QStringLiteral("Messages of history kept"), QStringLiteral("20"))
             + field(QStringLiteral("presencebroadcast"), QStringLiteral("list-multi"),
                     QStringLiteral("Only show participants with roles"),
                     QStringLiteral("visitor</value><value>participant</value><value>moderator"),
                     option(QStringLiteral("Members not in the room"), QStringLiteral("none"))
                         + option(QStringLiteral("Visitors"), QStringLiteral("visitor"))
                         + option(QStringLiteral("Participants"), QStringLiteral("participant"))
                         + option(QStringLiteral("Moderators"), QStringLiteral("moderator"))));
}

// §6.4 "Room Returns Disco Info" with the extended muc#roominfo form.
QString discoInfo(const QString &name, const QString &features)
{
    return QStringLiteral(
               "<iq from='coven@chat.shakespeare.lit' id='ik3vs715' to='hag66@shakespeare.lit/pda' "
               "type='result'>"
               "<query xmlns='http://jabber.org/protocol/disco#info'>"
               "<identity category='conference' name='%1' type='text'/>"
               "<feature var='http://jabber.org/protocol/muc'/><feature var='urn:xmpp:sid:0'/>"
               "<feature var='urn:xmpp:mam:2'/><feature var='urn:xmpp:occupant-id:0'/>%2"
               "<x xmlns='jabber:x:data' type='result'>"
               "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roominfo</value></field>"
               "<field var='muc#roominfo_description'><value/></field>"
               "<field var='muc#roominfo_subject'><value/></field>"
               "<field var='muc#roominfo_occupants'><value>1</value></field>"
               "</x></query></iq>")
        .arg(name, features);
}

QString features(const QStringList &vars)
{
    QString xml;
    for (const QString &var : vars)
        xml += QStringLiteral("<feature var='%1'/>").arg(var);
    return xml;
}

const QString DiscoRequest = QStringLiteral("<iq from='hag66@shakespeare.lit/pda' id='ik3vs715' "
                                            "to='coven@chat.shakespeare.lit' type='get'>"
                                            "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
} // namespace

class tst_MucConfigForm : public QObject
{
    Q_OBJECT

private slots:
    void configuration_data()
    {
        QTest::addColumn<QString>("config"); // submitted before the input; "locked": none
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("expected");

        const QString locked = QStringLiteral("locked");
        // §10.1.1: "the room is locked ... until the owner configures it" (item-not-found).
        QTest::newRow("new room is locked")
            << locked << HagJoins
            << QStringList { MucTestHarness::errorReply(HagJoins, QStringLiteral("cancel"),
                                                        QStringLiteral("item-not-found")) };
        // §10.1.2 "Owner Requests Instant Room".
        QTest::newRow("instant room") << locked
                                      << owner(Crone, QStringLiteral("set"), QStringLiteral("create1"),
                                               QStringLiteral("<x xmlns='jabber:x:data' type='submit'/>"))
                                      << QStringList { result(QStringLiteral("create1")) };
        // §10.1.2 "Owner Cancels Initial Configuration": the new room is destroyed.
        QTest::newRow("cancel destroys a new room")
            << locked
            << owner(Crone, QStringLiteral("set"), QStringLiteral("cancel1"),
                     QStringLiteral("<x xmlns='jabber:x:data' type='cancel'/>"))
            << QStringList {
                   result(QStringLiteral("cancel1")),
                   QStringLiteral(
                       "<presence from='coven@chat.shakespeare.lit/firstwitch' "
                       "to='crone1@shakespeare.lit/desktop' type='unavailable'>"
                       "<x xmlns='http://jabber.org/protocol/muc#user'><destroy/>"
                       "<item affiliation='owner' jid='crone1@shakespeare.lit/desktop' role='none'/>"
                       "<status code='110'/></x></presence>")
               };
        // §10.2 "Owner Requests Configuration Form".
        QTest::newRow("form") << locked
                              << owner(Crone, QStringLiteral("get"), QStringLiteral("config1"), QString())
                              << QStringList { configForm() };
        const QString notOwner = owner(QStringLiteral("hag66@shakespeare.lit/pda"), QStringLiteral("get"),
                                       QStringLiteral("config2"), QString());
        QTest::newRow("form is for owners")
            << QString() << notOwner
            << QStringList { MucTestHarness::errorReply(notOwner, QStringLiteral("auth"),
                                                        QStringLiteral("forbidden")) };
        const QString badValue
            = MucTestHarness::configSubmit(Room, Crone, QStringLiteral("persistentroom=maybe"));
        QTest::newRow("bad value") << QString() << badValue
                                   << QStringList { MucTestHarness::errorReply(
                                          badValue, QStringLiteral("modify"),
                                          QStringLiteral("not-acceptable")) };
        // §10.2.1 as Prosody 0.12 tells it: after the result, a groupchat message from the room
        // with 104 for a change, 172/173 when who sees real JIDs changes, nothing otherwise.
        const auto notice = [](const QString &code) {
            return QStringLiteral(
                       "<message from='coven@chat.shakespeare.lit' to='crone1@shakespeare.lit/desktop' "
                       "type='groupchat'><x xmlns='http://jabber.org/protocol/muc#user'>"
                       "<status code='%1'/></x></message>")
                .arg(code);
        };
        QTest::newRow("unchanged configuration")
            << QString() << MucTestHarness::configSubmit(Room, Crone, QStringLiteral("roomname=coven"))
            << QStringList { result(QStringLiteral("config")) };
        QTest::newRow("changed configuration")
            << QString() << MucTestHarness::configSubmit(Room, Crone, QStringLiteral("roomdesc=A dark cave"))
            << QStringList { result(QStringLiteral("config")), notice(QStringLiteral("104")) };
        QTest::newRow("now non-anonymous")
            << QString() << MucTestHarness::configSubmit(Room, Crone, QStringLiteral("whois=anyone"))
            << QStringList { result(QStringLiteral("config")), notice(QStringLiteral("172")) };
        QTest::newRow("now semi-anonymous")
            << QStringLiteral("whois=anyone")
            << MucTestHarness::configSubmit(Room, Crone, QStringLiteral("whois=moderators"))
            << QStringList { result(QStringLiteral("config")), notice(QStringLiteral("173")) };
        // §6.4 with the room's configuration.
        QTest::newRow("disco info, defaults")
            << QString() << DiscoRequest
            << QStringList { discoInfo(
                   QStringLiteral("coven"),
                   features({ QStringLiteral("muc_temporary"), QStringLiteral("muc_public"),
                              QStringLiteral("muc_open"), QStringLiteral("muc_unmoderated"),
                              QStringLiteral("muc_unsecured"), QStringLiteral("muc_semianonymous"),
                              QStringLiteral("jabber:iq:register") })) };
        QTest::newRow("disco info, configured")
            << QStringLiteral("roomname=A Dark Cave;persistentroom=1;publicroom=0;whois=anyone")
            << DiscoRequest
            << QStringList { discoInfo(
                   QStringLiteral("A Dark Cave"),
                   features({ QStringLiteral("muc_persistent"), QStringLiteral("muc_hidden"),
                              QStringLiteral("muc_open"), QStringLiteral("muc_unmoderated"),
                              QStringLiteral("muc_unsecured"), QStringLiteral("muc_nonanonymous"),
                              QStringLiteral("jabber:iq:register") })) };
    }

    void configuration()
    {
        QFETCH(QString, config);
        QFETCH(QString, input);
        QFETCH(QStringList, expected);

        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("occupant-id"), Ns::OccupantId);
        harness.ignoreElement(QStringLiteral("text"), Ns::Stanzas);
        if (config == QLatin1String("locked"))
            harness.join(Room, Crone, QStringLiteral("firstwitch"));
        else
            harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        harness.inject(input);
        MUC_EXPECT(harness, expected);
    }

    // XEP-0004 §3.3 for every list-single and list-multi field of the owner's muc#roomconfig
    // form (the muc#roominfo form has none): it offers options, each with a label and one
    // value, and its values are among them. A list field without
    // options made Poezio fail (IndexError) on submitting the form, leaving the room locked.
    void listFieldsHaveOptions_data()
    {
        QTest::addColumn<QString>("config"); // submitted before asking; "locked": none
        QTest::newRow("new room") << QStringLiteral("locked");
        QTest::newRow("semi-anonymous room") << QStringLiteral("whois=moderators");
        QTest::newRow("non-anonymous room") << QStringLiteral("whois=anyone");
    }

    void listFieldsHaveOptions()
    {
        QFETCH(QString, config);

        MucTestHarness harness;
        if (config == QLatin1String("locked"))
            harness.join(Room, Crone, QStringLiteral("firstwitch"));
        else
            harness.createRoom(Room, Crone, QStringLiteral("firstwitch"), config);
        harness.inject(owner(Crone, QStringLiteral("get"), QStringLiteral("config4"), QString()));
        const QList<QDomElement> sent = harness.takeSent();
        QCOMPARE(sent.size(), 1);
        const QDomElement form
            = sent.first().firstChildElement(QStringLiteral("query")).firstChildElement(QStringLiteral("x"));
        QCOMPARE(form.namespaceURI(), QStringLiteral("jabber:x:data"));
        int found = 0;
        for (QDomElement f = form.firstChildElement(QStringLiteral("field")); !f.isNull();
             f = f.nextSiblingElement(QStringLiteral("field"))) {
            const QString type = f.attribute(QStringLiteral("type"));
            if (type != QLatin1String("list-single") && type != QLatin1String("list-multi"))
                continue;
            ++found;
            const QString var = f.attribute(QStringLiteral("var"));
            QStringList offered;
            for (QDomElement o = f.firstChildElement(QStringLiteral("option")); !o.isNull();
                 o = o.nextSiblingElement(QStringLiteral("option"))) {
                QVERIFY2(!o.attribute(QStringLiteral("label")).isEmpty(), qPrintable(var));
                const QDomElement value = o.firstChildElement(QStringLiteral("value"));
                QVERIFY2(!value.isNull() && value.nextSiblingElement(QStringLiteral("value")).isNull(),
                         qPrintable(var));
                offered << value.text();
            }
            QVERIFY2(!offered.isEmpty(), qPrintable(var + QStringLiteral(" offers no <option/>")));
            for (QDomElement v = f.firstChildElement(QStringLiteral("value")); !v.isNull();
                 v = v.nextSiblingElement(QStringLiteral("value")))
                QVERIFY2(offered.contains(v.text()),
                         qPrintable(var + QStringLiteral(": value '%1' is not an option").arg(v.text())));
        }
        QCOMPARE(found, 2); // muc#roomconfig_whois, muc#roomconfig_presencebroadcast
    }

    // After the owner's submission the room is open (§10.1.2) and lists its new settings.
    void submittedFormApplies()
    {
        MucTestHarness harness;
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"),
                           QStringLiteral("moderatedroom=1;historylength=5"));
        harness.inject(owner(Crone, QStringLiteral("get"), QStringLiteral("config3"), QString()));
        const QDomElement form = harness.takeSent().value(0).firstChildElement().firstChildElement();
        QStringList values;
        for (QDomElement f = form.firstChildElement(QStringLiteral("field")); !f.isNull();
             f = f.nextSiblingElement(QStringLiteral("field")))
            values << f.attribute(QStringLiteral("var")) + QLatin1Char('=') + f.firstChildElement().text();
        QVERIFY2(values.contains(QStringLiteral("muc#roomconfig_moderatedroom=1")),
                 qPrintable(values.join(QLatin1Char(' '))));
        QVERIFY(values.contains(QStringLiteral("muc#roomconfig_historylength=5")));
        harness.inject(HagJoins);
        QCOMPARE(harness.takeSent().size(), 4); // two presences, own presence, subject
    }

    // Presence broadcast with "none": a newcomer sees the members not in the room, as
    // unavailable presences with their reserved nick (Prosody 0.12); not by default.
    void absentMembers_data()
    {
        QTest::addColumn<QString>("roles");
        QTest::addColumn<bool>("shown");
        QTest::newRow("none listed") << QStringLiteral("<value>none</value><value>participant</value>"
                                                       "<value>moderator</value>")
                                     << true;
        QTest::newRow("default") << QString() << false;
    }

    void absentMembers()
    {
        QFETCH(QString, roles);
        QFETCH(bool, shown);

        MucTestHarness harness;
        harness.ignoreElement(QStringLiteral("occupant-id"), Ns::OccupantId);
        harness.createRoom(Room, Crone, QStringLiteral("firstwitch"));
        if (!roles.isEmpty()) {
            harness.inject(
                owner(Crone, QStringLiteral("set"), QStringLiteral("pb1"),
                      QStringLiteral("<x xmlns='jabber:x:data' type='submit'>"
                                     "<field var='FORM_TYPE'><value>"
                                     "http://jabber.org/protocol/muc#roomconfig</value></field>"
                                     "<field var='muc#roomconfig_presencebroadcast'>%1</field></x>")
                          .arg(roles)));
            harness.takeSent();
        }
        harness.inject(
            QStringLiteral("<iq from='crone1@shakespeare.lit/desktop' id='m1' "
                           "to='coven@chat.shakespeare.lit' type='set'>"
                           "<query xmlns='http://jabber.org/protocol/muc#admin'>"
                           "<item affiliation='member' jid='hecate@shakespeare.lit' nick='secondwitch'/>"
                           "</query></iq>"));
        harness.takeSent();
        harness.inject(HagJoins);
        QStringList expected = MucTestHarness::hagEntersCoven(QStringLiteral("none"));
        if (shown)
            expected.insert(1,
                            QStringLiteral("<presence from='coven@chat.shakespeare.lit/secondwitch' "
                                           "to='hag66@shakespeare.lit/pda' type='unavailable'>"
                                           "<x xmlns='http://jabber.org/protocol/muc#user'>"
                                           "<item affiliation='member' nick='secondwitch' role='none'/>"
                                           "</x></presence>"));
        MUC_EXPECT(harness, expected);
    }
};

QTEST_GUILESS_MAIN(tst_MucConfigForm)
#include "tst_mucconfigform.moc"
