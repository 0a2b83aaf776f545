// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "JoinMode.h"
#include "ScenarioLab.h"
#include "TestEnvironment.h"
#include "compare/ComparisonWindow.h"
#include "core/compare/ComparisonSide.h"
#include "core/compare/ModeComparison.h"
#include "core/host/LabScenarioTarget.h"
#include "core/host/LabServerHost.h"
#include "core/scenario/ScansionParser.h"
#include "core/scenario/ScenarioRecorder.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/scenario/ScenarioWriter.h"
#include "core/scenario/StanzaTemplate.h"
#include "core/session/LabSession.h"
#include "fanout/FanOutView.h"
#include "scenario/RecorderControl.h"
#include "window/LabWindow.h"
#include "window/WindowSettings.h"

#include <QAction>
#include <QDir>
#include <QDomDocument>
#include <QFile>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

Q_DECLARE_METATYPE(JoinMode)

namespace {
const QString ScriptDir = QStringLiteral(MINIMIX_SCANSION_DIR);

// Where minimix-server differs from what Prosody's scripts expect, and why. Every other
// script passes; the README's table says the same.
struct KnownFailure
{
    const char *script;
    JoinMode mode;
    const char *reason;
};
// The occupant of an account-level join is the account: the room shows its bare JID
// where the script expects the joining session's full JID (semantics §1).
const char OccupantIsTheAccount[] = "the occupant's jid is the account's bare JID (account-level joining)";

const KnownFailure KnownFailures[] = {
    { "muc_outcast_reason.scs", JoinMode::Classic,
      "the script sends after its client disconnected (Prosody 0.12 fails it earlier)" },
    { "issue1224.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "issue505.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "issue978-multi.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "issue978.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_affiliation_notify.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_create_destroy.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_mediated_invite.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_members_only_change.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_members_only_deregister.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_nickname_change.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_nickname_robotface.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_outcast_reason.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_password.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_presence_probe.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_register.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_show_offline.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_subject_issue_667.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
    { "muc_whois_anyone_member.scs", JoinMode::AccountLevel, OccupantIsTheAccount },
};

QString knownFailure(const QString &script, JoinMode mode)
{
    for (const KnownFailure &known : KnownFailures) {
        if (script == QLatin1String(known.script) && mode == known.mode)
            return QString::fromUtf8(known.reason);
    }
    return QString();
}

QDomElement element(const QString &xml)
{
    static QList<QDomDocument> keep; // the element outlives the call
    QDomDocument document;
    document.setContent(xml, true);
    keep << document;
    return document.documentElement();
}

// A script of two clients in a room of their own: Romeo makes it, Juliet joins, Romeo speaks.
bool gardenScript(const QTemporaryDir &dir, Scenario *script)
{
    const QString text = QStringLiteral(
        "# Over here\n\n"
        "[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: password\n\n"
        "[Client] Juliet\n\tjid: juliet@localhost\n\tpassword: password\n\n"
        "-----\n\n"
        "Romeo connects\n\nJuliet connects\n\n"
        "Romeo sends:\n\t<presence to='garden@conference.localhost/romeo'>\n"
        "\t\t<x xmlns='http://jabber.org/protocol/muc'/>\n\t</presence>\n\n"
        "Romeo sends:\n\t<iq to='garden@conference.localhost' id='c1' type='set'>\n"
        "\t\t<query xmlns='http://jabber.org/protocol/muc#owner'><x type='submit' "
        "xmlns='jabber:x:data'/></query>\n"
        "\t</iq>\n\n"
        "Juliet sends:\n\t<presence to='garden@conference.localhost/juliet'>\n"
        "\t\t<x xmlns='http://jabber.org/protocol/muc'/>\n\t</presence>\n\n"
        "Romeo sends:\n\t<message to='garden@conference.localhost' type='groupchat'>\n"
        "\t\t<body>Over here</body>\n\t</message>\n\n"
        "Juliet receives:\n\t<message type='groupchat'>\n\t\t<body>Over here</body>\n\t</message>\n");
    const QString path = dir.filePath(QStringLiteral("garden.scs"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return false;
        file.write(text.toUtf8());
    }
    QString error;
    return ScansionParser::load(path, script, &error);
}

QString failures(const ScenarioSummary &summary)
{
    return summary.error + QLatin1Char('\n') + summary.failures.join(QLatin1Char('\n'));
}
} // namespace

class TestScansion : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase()
    {
        QString error;
        QVERIFY2(TestEnvironment::isolateUserSettings(WindowSettings::organization(),
                                                      WindowSettings::application(), &error),
                 qPrintable(error));
    }
    void matches_data();
    void matches();
    void captures();
    void badScript_data();
    void badScript();
    void readsScript();
    void writesWhatItReads();
    void playsProsodyScript_data();
    void playsProsodyScript();
    void recordedScriptReplays();
    void scriptRoomIsDrawn_data();
    void scriptRoomIsDrawn();
    void comparisonCountsScriptRoom();
};

void TestScansion::matches_data()
{
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("received");
    QTest::addColumn<QString>("mismatch"); // empty: matches; else a part of the reason

    const QString client = QStringLiteral(" xmlns='jabber:client'");
    QTest::newRow("loose stanza: extra attributes and children")
        << QStringLiteral("<presence from='a@b/c'/>")
        << QStringLiteral("<presence%1 from='a@b/c' to='x@y' id='1'><show>away</show></presence>").arg(client)
        << QString();
    QTest::newRow("missing attribute")
        << QStringLiteral("<presence type='unavailable'/>") << QStringLiteral("<presence%1/>").arg(client)
        << QStringLiteral("/presence: no attribute type");
    QTest::newRow("wrong value") << QStringLiteral("<message type='chat'/>")
                                 << QStringLiteral("<message%1 type='groupchat'/>").arg(client)
                                 << QStringLiteral("type='groupchat', expected 'chat'");
    QTest::newRow("loose children in any order")
        << QStringLiteral("<message><body>hi</body><thread>t</thread></message>")
        << QStringLiteral("<message%1><thread>t</thread><body>hi</body></message>").arg(client) << QString();
    QTest::newRow("text differs") << QStringLiteral("<message><body>hi</body></message>")
                                  << QStringLiteral("<message%1><body>ho</body></message>").arg(client)
                                  << QStringLiteral("text 'ho', expected 'hi'");
    QTest::newRow("own namespace is strict: extra attribute")
        << QStringLiteral("<iq><query xmlns='q'/></iq>")
        << QStringLiteral("<iq%1><query xmlns='q' ver='1'/></iq>").arg(client)
        << QStringLiteral("unexpected attribute ver='1'");
    QTest::newRow("own namespace is strict: order of children")
        << QStringLiteral(
               "<presence><x xmlns='u'><status code='201'/><item role='moderator'/></x></presence>")
        << QStringLiteral(
               "<presence%1><x xmlns='u'><item role='moderator'/><status code='201'/></x></presence>")
               .arg(client)
        << QStringLiteral("got <item xmlns='u'>, expected <status xmlns='u'>");
    QTest::newRow("own namespace is strict: extra child")
        << QStringLiteral("<presence><x xmlns='u'><item role='moderator'/></x></presence>")
        << QStringLiteral(
               "<presence%1><x xmlns='u'><item role='moderator'/><status code='110'/></x></presence>")
               .arg(client)
        << QStringLiteral("2 children (item, status), expected 1");
    QTest::newRow("children of a strict element are loose when in its namespace")
        << QStringLiteral(
               "<message><event xmlns='e'><items node='n'><item id='1'/></items></event></message>")
        << QStringLiteral("<message%1><event xmlns='e'><items node='n'><item id='1' publisher='p@q'/></items>"
                          "</event></message>")
               .arg(client)
        << QString();
    QTest::newRow("scansion:strict false relaxes an own namespace")
        << QStringLiteral(
               "<presence><x xmlns='u' scansion:strict='false'><item role='moderator'/></x></presence>")
        << QStringLiteral(
               "<presence%1><x xmlns='u'><status code='110'/><item role='moderator' jid='a@b'/></x>"
               "</presence>")
               .arg(client)
        << QString();
    QTest::newRow("scansion:strict true tightens a stanza")
        << QStringLiteral("<message scansion:strict='true' from='r'/>")
        << QStringLiteral("<message%1 from='r' to='t'/>").arg(client)
        << QStringLiteral("unexpected attribute to='t'");
    QTest::newRow("any value") << QStringLiteral("<message id='{scansion:any}'/>")
                               << QStringLiteral("<message%1 id='x1'/>").arg(client) << QString();
    QTest::newRow("any value, attribute still required")
        << QStringLiteral("<message id='{scansion:any}'/>") << QStringLiteral("<message%1/>").arg(client)
        << QStringLiteral("no attribute id");
    QTest::newRow("namespace differs") << QStringLiteral("<iq><query xmlns='a'/></iq>")
                                       << QStringLiteral("<iq%1><query xmlns='b'/></iq>").arg(client)
                                       << QStringLiteral("got <query xmlns='b'>, expected <query xmlns='a'>");
    QTest::newRow("xml:lang is an attribute like any")
        << QStringLiteral("<message xml:lang='en'/>")
        << QStringLiteral("<message%1 xml:lang='de'/>").arg(client)
        << QStringLiteral("xml:lang='de', expected 'en'");
}

void TestScansion::matches()
{
    QFETCH(QString, expected);
    QFETCH(QString, received);
    QFETCH(QString, mismatch);
    StanzaTemplate stanza;
    QString error;
    QVERIFY2(StanzaTemplate::parse(expected, &stanza, &error), qPrintable(error));
    StanzaTemplate::Captures captures;
    const QString why = stanza.mismatch(element(received), &captures);
    if (mismatch.isEmpty())
        QVERIFY2(why.isEmpty(), qPrintable(why));
    else
        QVERIFY2(why.contains(mismatch), qPrintable(why));
}

void TestScansion::captures()
{
    StanzaTemplate first;
    StanzaTemplate second;
    QString error;
    QVERIFY(StanzaTemplate::parse(QStringLiteral("<iq><r xmlns='m' id='{scansion:capture:first}'/></iq>"),
                                  &first, &error));
    QVERIFY(StanzaTemplate::parse(
        QStringLiteral("<message><r xmlns='m' id='{scansion:capture:first}'/></message>"), &second, &error));
    StanzaTemplate::Captures captures;
    QVERIFY(first
                .mismatch(element(QStringLiteral("<iq xmlns='jabber:client'><r xmlns='m' id='A'/></iq>")),
                          &captures)
                .isEmpty());
    QCOMPARE(captures.value(QStringLiteral("first")), QStringLiteral("A"));
    QVERIFY(second
                .mismatch(
                    element(QStringLiteral("<message xmlns='jabber:client'><r xmlns='m' id='B'/></message>")),
                    &captures)
                .contains(QStringLiteral("captured 'A'")));
    QVERIFY(second
                .mismatch(
                    element(QStringLiteral("<message xmlns='jabber:client'><r xmlns='m' id='A'/></message>")),
                    &captures)
                .isEmpty());
}

void TestScansion::badScript_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    const QString clients
        = QStringLiteral("# t\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: p\n\n---\n\n");
    QTest::newRow("no separator") << QStringLiteral("[Client] Romeo\n\tjid: r@l\n")
                                  << QStringLiteral("no line of dashes");
    QTest::newRow("client without jid")
        << QStringLiteral("[Client] Romeo\n\tpassword: p\n---\nRomeo connects\n")
        << QStringLiteral("line 1: client \"Romeo\" has no jid");
    QTest::newRow("unknown character class")
        << QStringLiteral("[Server] S\n---\n") << QStringLiteral("line 1: [Server] is not a kind");
    QTest::newRow("unknown client") << clients + QStringLiteral("Juliet connects\n")
                                    << QStringLiteral("line 9: \"Juliet\" is not a client of this script");
    QTest::newRow("unknown verb") << clients + QStringLiteral("Romeo dances\n")
                                  << QStringLiteral("line 9: expected NAME connects");
    QTest::newRow("broken XML") << clients + QStringLiteral("Romeo sends:\n\t<presence>\n\nRomeo connects\n")
                                << QStringLiteral("not well-formed XML");
    QTest::newRow("sends nothing") << clients + QStringLiteral("Romeo sends:\n\nRomeo connects\n")
                                   << QStringLiteral("line 9: sends: needs a stanza");
    QTest::newRow("unknown variable")
        << clients + QStringLiteral("Romeo sends:\n\t<message to=\"${Tybalt's full JID}\"/>\n")
        << QStringLiteral("${Tybalt's full JID} names no client");
    QTest::newRow("two stanzas sent at once")
        << clients + QStringLiteral("Romeo sends:\n\t<presence/>\n\t<presence/>\n")
        << QStringLiteral("one stanza at a time, not 2");
}

void TestScansion::badScript()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    Scenario scenario;
    QString why;
    QVERIFY(!ScansionParser::parse(text, &scenario, &why));
    QVERIFY2(why.contains(error), qPrintable(why));
}

void TestScansion::readsScript()
{
    const QString text
        = QStringLiteral("# Title line\n# Description\n\n"
                         "[Client] Juliet's phone\n\tjid: juliet@localhost/ignored\n"
                         "\tpassword: pw\n\tresource: mobile\n\n"
                         "-----\n\n// a comment\nJuliet's phone connects\n\n"
                         "Juliet's phone sends\n\t<presence/>\n\n"
                         "Juliet's phone receives:\n\t<presence from=\"${Juliet's phone's full JID}\"/>\n"
                         "\t<message/>\n\n"
                         "Juliet's phone receives: nothing\n\nJuliet's phone disconnects\n");
    Scenario scenario;
    QString error;
    QVERIFY2(ScansionParser::parse(text, &scenario, &error), qPrintable(error));
    QCOMPARE(scenario.name, QStringLiteral("Title line"));
    QCOMPARE(scenario.description, QStringLiteral("Description"));
    QCOMPARE(scenario.clients.size(), 1);
    QCOMPARE(scenario.clients.constFirst().jid, QStringLiteral("juliet@localhost"));
    QCOMPARE(scenario.clients.constFirst().resource, QStringLiteral("mobile"));
    using Action = ScenarioStep::Action;
    QList<Action> actions;
    for (const ScenarioStep &step : scenario.steps)
        actions << step.action;
    QCOMPARE(actions,
             (QList<Action> { Action::Connect, Action::Send, Action::ExpectStanza, Action::ExpectStanza,
                              Action::ExpectNothing, Action::Disconnect }));
    QVERIFY(scenario.steps.at(2).xml.contains(QStringLiteral("${Juliet's phone's full JID}")));
    QString expanded;
    QVERIFY(ScansionParser::expand(
        scenario.steps.at(2).xml, scenario.clients, [](const QString &) { return QStringLiteral("j@l/m"); },
        &expanded, &error));
    QVERIFY2(expanded.contains(QStringLiteral("from=\"j@l/m\"")), qPrintable(expanded));
}

void TestScansion::writesWhatItReads()
{
    const QString text
        = QStringLiteral("# Round trip\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: pw\n\n"
                         "-----\n\nRomeo connects\n\nRomeo sends:\n\t<presence/>\n\n"
                         "Romeo receives:\n\t<presence from=\"${Romeo's full JID}\"/>\n\n"
                         "Romeo receives: nothing\n\nRomeo disconnects\n");
    Scenario scenario;
    QString error;
    QVERIFY2(ScansionParser::parse(text, &scenario, &error), qPrintable(error));
    Scenario again;
    QVERIFY2(ScansionParser::parse(QString::fromUtf8(ScenarioWriter::toScansion(scenario)), &again, &error),
             qPrintable(error));
    QCOMPARE(again.steps.size(), scenario.steps.size());
    for (int i = 0; i < scenario.steps.size(); ++i) {
        QCOMPARE(again.steps.at(i).action, scenario.steps.at(i).action);
        QCOMPARE(again.steps.at(i).xml, scenario.steps.at(i).xml);
    }
}

void TestScansion::playsProsodyScript_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<JoinMode>("mode");
    QTest::addColumn<QString>("knownFailure");
    const QDir dir(ScriptDir);
    const QStringList scripts = dir.entryList({ QStringLiteral("*.scs") }, QDir::Files, QDir::Name);
    if (scripts.isEmpty()) {
        const QString why = QStringLiteral("Prosody's scansion scripts are not at %1").arg(ScriptDir);
        if (TestEnvironment::inCi())
            QFAIL(qPrintable(why));
        QSKIP(qPrintable(why));
    }
    QCOMPARE(scripts.size(), 33);
    for (const JoinMode mode : { JoinMode::Classic, JoinMode::AccountLevel }) {
        for (const QString &script : scripts) {
            QTest::addRow("%s %s", qPrintable(joinModeName(mode)), qPrintable(script))
                << dir.filePath(script) << mode << knownFailure(script, mode);
        }
    }
}

void TestScansion::playsProsodyScript()
{
    QFETCH(QString, path);
    QFETCH(JoinMode, mode);
    QFETCH(QString, knownFailure);
    Scenario scenario;
    QString error;
    QVERIFY2(ScansionParser::load(path, &scenario, &error), qPrintable(error));
    scenario.mode = mode;
    ScenarioLab lab(ScenarioLab::Sessions::None);
    QVERIFY2(lab.runner->load(scenario, &error), qPrintable(error));
    QSignalSpy finished(lab.runner.get(), &ScenarioRunner::finished);
    lab.runner->play();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const ScenarioSummary summary = lab.runner->summary();
    QVERIFY2(!summary.neverStarted(), qPrintable(summary.error));
    if (knownFailure.isEmpty()) {
        QVERIFY2(summary.success(), qPrintable(failures(summary)));
    } else {
        // A known difference that went away must leave the table (and the README's).
        QVERIFY2(!summary.success(), qPrintable(QStringLiteral("passes now: %1").arg(knownFailure)));
    }
}

void TestScansion::recordedScriptReplays()
{
    LabWindow window;
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.show();
    QVERIFY2(window.startLab(), qPrintable(window.errorString()));
    LabSession *phone = nullptr;
    LabSession *bob = nullptr;
    for (LabSession *session : window.sessions()) {
        if (session->name() == QLatin1String("alice/phone"))
            phone = session;
        if (session->name() == QLatin1String("bob/desktop"))
            bob = session;
    }
    QVERIFY(phone && bob);
    QTRY_VERIFY_WITH_TIMEOUT(phone->isAvailable() && bob->isAvailable(), 10000);

    RecorderControl *control = window.recorderControl();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("recorded.scs"));
    control->setSavePath(path);
    QSignalSpy saved(control, &RecorderControl::saved);
    control->action()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(control->recorder()->isIdle(), 15000);
    ScenarioRecorder *recorder = control->recorder();
    const auto act = [recorder](const std::function<void()> &action) {
        const int before = recorder->actionCount();
        action();
        return QTest::qWaitFor([&] { return recorder->actionCount() > before && recorder->isIdle(); }, 10000);
    };
    QVERIFY(act([&] { window.joinRoom(phone); }));
    QVERIFY(act([&] { window.joinRoom(bob); }));
    QVERIFY(act([&] { bob->sendGroupMessage(window.room(), QStringLiteral("hello from bob")); }));
    QVERIFY(act([&] { phone->leave(window.room()); }));
    control->action()->trigger(); // stop
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);

    // A scansion script: clients of its own, every stanza as it went.
    Scenario script;
    QString error;
    QVERIFY2(ScansionParser::load(path, &script, &error), qPrintable(error));
    QVERIFY(script.isScripted());
    QVERIFY(std::any_of(script.steps.cbegin(), script.steps.cend(), [](const ScenarioStep &step) {
        return step.action == ScenarioStep::Action::ExpectStanza
            && step.xml.contains(QLatin1String("hello from bob"));
    }));

    // It plays back green on a fresh server of the same kind, with no lab sessions at all.
    script.mode = window.server()->joinMode();
    ScenarioLab lab(ScenarioLab::Sessions::None);
    QVERIFY2(lab.runner->load(script, &error), qPrintable(error));
    QSignalSpy finished(lab.runner.get(), &ScenarioRunner::finished);
    lab.runner->play();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QVERIFY2(lab.runner->summary().success(), qPrintable(failures(lab.runner->summary())));
    QVERIFY(lab.runner->summary().expectations > 5);
}

void TestScansion::scriptRoomIsDrawn_data()
{
    QTest::addColumn<JoinMode>("mode");
    QTest::newRow("classic") << JoinMode::Classic;
    QTest::newRow("account-level") << JoinMode::AccountLevel;
}

// The diagram draws the room a script plays in, not the lab's own lobby.
void TestScansion::scriptRoomIsDrawn()
{
    QFETCH(JoinMode, mode);
    QTemporaryDir dir;
    Scenario script;
    QVERIFY(gardenScript(dir, &script));
    QString error;
    script.mode = mode;

    LabWindow window;
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.show();
    QVERIFY2(window.startLab(), qPrintable(window.errorString()));
    QSignalSpy finished(&window, &LabWindow::scenarioFinished);
    QVERIFY2(window.runScenario(script, &error), qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QVERIFY2(finished.first().first().toBool(), qPrintable(failures(window.scenarioRunner()->summary())));

    FanOutView *view = window.fanOutView();
    QCOMPARE(view->room(), QStringLiteral("garden@conference.localhost"));
    QVERIFY(view->roomStanzas() > 0);
    const QStringList clients { QStringLiteral("romeo@localhost"), QStringLiteral("juliet@localhost") };
    for (const QString &account : clients) {
        QVERIFY2(view->accounts().contains(account), qPrintable(view->accounts().join(QLatin1Char(' '))));
        if (mode == JoinMode::AccountLevel)
            QVERIFY2(view->isAccountLit(account), qPrintable(account));
    }
    const QJsonObject model = view->viewModel();
    QCOMPARE(model.value(QStringLiteral("occupants")).toInt(), 2);
}

// Compare modes counts and draws the script's room on both sides, with its clients.
void TestScansion::comparisonCountsScriptRoom()
{
    QTemporaryDir dir;
    Scenario script;
    QVERIFY(gardenScript(dir, &script));
    ModeComparison comparison(script);
    QString error;
    QVERIFY2(comparison.start(&error), qPrintable(error));
    ComparisonWindow window(&comparison);
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.show();
    QSignalSpy finished(&comparison, &ModeComparison::finished);
    comparison.play();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QVERIFY(finished.first().first().toBool());
    for (ComparisonSide *side : { comparison.accountLevel(), comparison.classic() }) {
        QCOMPARE(side->room(), QStringLiteral("garden@conference.localhost"));
        QVERIFY2(side->totals().roomSent() > 0, qPrintable(side->totals().summary()));
        QCOMPARE(side->totals().roomJoins(), 2);
    }
    const QList<FanOutView *> views = window.findChildren<FanOutView *>();
    QCOMPARE(views.size(), 2);
    for (const FanOutView *view : views) {
        QCOMPARE(view->room(), QStringLiteral("garden@conference.localhost"));
        QCOMPARE(view->viewModel().value(QStringLiteral("occupants")).toInt(), 2);
        QVERIFY2(view->accounts().contains(QStringLiteral("juliet@localhost")),
                 qPrintable(view->accounts().join(QLatin1Char(' '))));
    }
}

QTEST_MAIN(TestScansion)
#include "tst_scansion.moc"
