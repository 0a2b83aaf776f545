// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Every scenario file under resources/scenarios is a row: the lab's runner plays it
// against an embedded server, and the row fails with the runner's own message. Bad
// files fail with an error naming the line and column, or the step and the field.
#include "ScenarioLab.h"
#include "TestEnvironment.h"
#include "TraceEvent.h"
#include "core/cli/LabCommandLine.h"
#include "core/host/LabScenarioTarget.h"
#include "core/host/LabServerHost.h"
#include "core/scenario/ScenarioParser.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/scenario/ScenarioWriter.h"
#include "core/session/LabSession.h"
#include "core/trace/TimelineModel.h"
#include "fanout/FanOutView.h"
#include "scenario/ScenarioDock.h"
#include "timeline/TimelinePanel.h"
#include "window/LabWindow.h"
#include "window/WindowSettings.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace {
const QString ScenarioDir = QStringLiteral(MINIMIX_SCENARIO_DIR);

// The lab without its window: the server thread, the five sessions, a runner.

Scenario parsed(const QByteArray &json)
{
    Scenario scenario;
    QString error;
    if (!ScenarioParser::parse(json, &scenario, &error))
        qWarning("%s", qPrintable(error));
    return scenario;
}

// A ping round trip on a session: the event loop runs until the server has answered.
bool roundTrip(LabSession *session)
{
    QSignalSpy answered(session, &LabSession::pingAnswered);
    const QString id = session->ping();
    return !id.isEmpty()
        && QTest::qWaitFor([&] { return !answered.isEmpty() && answered.last().at(0).toString() == id; },
                           5000);
}

QString failures(const ScenarioSummary &summary)
{
    return summary.text() + QLatin1Char('\n') + summary.failures.join(QLatin1Char('\n'));
}

Scenario loaded(const QString &file)
{
    Scenario scenario;
    QString error;
    if (!ScenarioParser::load(ScenarioDir + QLatin1Char('/') + file, &scenario, &error))
        qWarning("%s", qPrintable(error));
    return scenario;
}

// One wrong count among right ones. (No apostrophes in raw strings: moc takes them for a char literal.)
QByteArray wrongCount()
{
    return R"({"name": "A wrong count", "rule": "§2", "description": "the hello of bob counted twice",
 "sessions": ["alice/phone", "bob/desktop"], "steps": [
  {"do": "join", "session": "bob/desktop", "room": "lobby", "nick": "bob"},
  {"do": "join", "session": "alice/phone", "room": "lobby", "nick": "alice"},
  {"do": "say", "session": "bob/desktop", "room": "lobby", "body": "hello"},
  {"expect": "receive", "session": "alice/phone", "kind": "groupchat", "from": "lobby/bob", "body": "hello", "count": 2},
  {"expect": "receive", "session": "alice/phone", "kind": "groupchat", "body": "hello", "count": 1},
  {"expect": "nothing", "session": "bob/desktop", "kind": "groupchat"}
 ]})";
}
} // namespace

class TestScenarios : public QObject
{
    Q_OBJECT

private slots:
    // Before anything reads QSettings: never the user's settings (TestEnvironment.h).
    void initTestCase()
    {
        QString error;
        QVERIFY2(TestEnvironment::isolateUserSettings(WindowSettings::organization(),
                                                      WindowSettings::application(), &error),
                 qPrintable(error));
    }
    void playsFile_data();
    void playsFile();
    void badFile_data();
    void badFile();
    void connectionSteps_data();
    void connectionSteps();
    void resumeOnANewStreamFails();
    void failingExpectationIsReported();
    void failingActionEndsTheRun();
    void pauseAndSingleStep();
    void labWindowPlaysScenario();
    void labWindowShowsFailures();
    void restartDropsTheOldServersEvents();
    void viewAfterAScenarioIsTheScenariosAlone_data();
    void viewAfterAScenarioIsTheScenariosAlone();
    void scenarioGivesTheJoinModeBack();
    void commandLine_data();
    void commandLine();
    void headlessProgram_data();
    void headlessProgram();
    void headlessIgnoresSavedSettings_data();
    void headlessIgnoresSavedSettings();
};

void TestScenarios::playsFile_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(ScenarioDir);
    const QStringList files = dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
    QVERIFY2(!files.isEmpty(), qPrintable(QStringLiteral("no scenario files in ") + ScenarioDir));
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
}

void TestScenarios::playsFile()
{
    QFETCH(QString, path);
    Scenario scenario;
    QString error;
    QVERIFY2(ScenarioParser::load(path, &scenario, &error), qPrintable(error));
    QVERIFY2(!scenario.description.isEmpty(), "every scenario says what it demonstrates");

    ScenarioLab lab;
    QVERIFY2(lab.runner->load(scenario, &error), qPrintable(error));
    QSignalSpy finished(lab.runner.get(), &ScenarioRunner::finished);
    lab.runner->play();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    const ScenarioSummary summary = lab.runner->summary();
    QVERIFY2(summary.success(), qPrintable(failures(summary)));
    QCOMPARE(summary.passed, int(scenario.steps.size()));
}

void TestScenarios::badFile_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");

    const QByteArray head = R"({"name": "n", "rule": "§1", "description": "d",
 "sessions": ["alice/phone", "bob/desktop"], "steps": [)";
    const auto steps = [&head](const char *text) { return head + QByteArray(text) + "]}"; };
    const QString joinStep = QStringLiteral("step 1 (join): ");

    QTest::newRow("not JSON") << QByteArray("{\n  \"name\": \"n\",\n  \"rule\" \"§1\"\n}")
                              << QStringLiteral("line 3, column 10: invalid JSON: missing name separator");
    QTest::newRow("trailing comma") << QByteArray("{\"name\": \"n\",\n}")
                                    << QStringLiteral(
                                           "line 2, column 1: invalid JSON: object is missing after a comma");
    QTest::newRow("not JSON after non-ASCII")
        << QByteArray("{\"name\": \"h\xc3\xa9llo\" \"rule\"}")
        << QStringLiteral("line 1, column 18: invalid JSON: unterminated object");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("line 1, column 1: invalid JSON: illegal value");
    QTest::newRow("array") << QByteArray(
        "[]") << QStringLiteral("the file must hold one JSON object (the scenario), not an array");
    QTest::newRow("no name") << QByteArray(R"({"rule": "§1"})") << QStringLiteral("missing field \"name\"");
    QTest::newRow("unknown top field")
        << QByteArray(R"({"name": "n", "rules": "§1"})") << QStringLiteral("unknown field \"rules\"");
    QTest::newRow("bad mode")
        << QByteArray(R"({"name": "n", "rule": "§1", "description": "d", "mode": "mix"})")
        << QStringLiteral("field \"mode\" must be \"minimix\" or \"classic\", not \"mix\"");
    QTest::newRow("bad session")
        << QByteArray(R"({"name": "n", "rule": "§1", "description": "d", "sessions": ["alice"]})")
        << QStringLiteral(
               "field \"sessions\", entry 1: expected a session name like \"alice/phone\", not \"alice\"");
    QTest::newRow("no steps") << QByteArray(R"({"name": "n", "rule": "§1", "description": "d",
 "sessions": ["alice/phone"], "steps": []})")
                              << QStringLiteral("field \"steps\" must be a non-empty array of steps");
    QTest::newRow("step not an object")
        << steps("42") << QStringLiteral("step 1: must be an object, not a number");
    QTest::newRow("neither do nor expect")
        << steps(R"({"session": "alice/phone"})")
        << QStringLiteral("step 1: needs either \"do\" (an action) or \"expect\" (an expectation)");
    QTest::newRow("unknown action")
        << steps(R"({"do": "jump", "session": "alice/phone"})")
        << QStringLiteral(
               "step 1: unknown action \"jump\" (actions: join, leave, say, nick, presence, private, "
               "send, drop, disconnect, reconnect, lose, resume)");
    // lose and resume: no fields of their own, and only in an order that can play.
    QTest::newRow("lose with a room") << steps(R"({"do": "lose", "session": "alice/phone", "room": "lobby"})")
                                      << QStringLiteral("step 1 (lose): unknown field \"room\"");
    QTest::newRow("lose an unknown session")
        << steps(R"({"do": "lose", "session": "carol/mobile"})")
        << QStringLiteral(
               "step 1 (lose): field \"session\": unknown session \"carol/mobile\" (the scenario's "
               "sessions: alice/phone, bob/desktop)");
    QTest::newRow("resume without lose")
        << steps(R"({"do": "resume", "session": "alice/phone"})")
        << QStringLiteral("step 1 (resume): alice/phone is connected here: \"resume\" follows a \"lose\" of "
                          "the same session");
    QTest::newRow("resume after drop")
        << steps(R"({"do": "drop", "session": "alice/phone"}, {"do": "resume", "session": "alice/phone"})")
        << QStringLiteral("step 2 (resume): alice/phone was cut off by \"drop\", which ends the session: use "
                          "\"reconnect\", or \"lose\" for a resumable loss");
    QTest::newRow("lose twice")
        << steps(R"({"do": "lose", "session": "alice/phone"}, {"do": "lose", "session": "alice/phone"})")
        << QStringLiteral("step 2 (lose): alice/phone is not connected here (step \"lose\" before): only a "
                          "connected session can lose its network");
    QTest::newRow("lose after disconnect")
        << steps(
               R"({"do": "disconnect", "session": "bob/desktop"}, {"do": "lose", "session": "bob/desktop"})")
        << QStringLiteral(
               "step 2 (lose): bob/desktop is not connected here (step \"disconnect\" before): only "
               "a connected session can lose its network");
    QTest::newRow("resume twice")
        << steps(R"({"do": "lose", "session": "alice/phone"}, {"do": "resume", "session": "alice/phone"},
 {"do": "resume", "session": "alice/phone"})")
        << QStringLiteral("step 3 (resume): alice/phone is connected here: \"resume\" follows a \"lose\" of "
                          "the same session");
    QTest::newRow("unknown expectation")
        << steps(R"({"expect": "recieve", "session": "alice/phone"})")
        << QStringLiteral("step 1: unknown expectation \"recieve\" (expectations: receive, nothing, order)");
    QTest::newRow("missing nick") << steps(R"({"do": "join", "session": "alice/phone", "room": "lobby"})")
                                  << joinStep + QStringLiteral("missing field \"nick\"");
    QTest::newRow("nick not a string")
        << steps(R"({"do": "join", "session": "alice/phone", "room": "lobby", "nick": 7})")
        << joinStep + QStringLiteral("field \"nick\" must be a string, not a number");
    QTest::newRow("typo in a field") << steps(
        R"({"do": "join", "session": "alice/phone", "room": "lobby", "nik": "alice"})")
                                     << joinStep + QStringLiteral("unknown field \"nik\"");
    QTest::newRow("unknown session") << steps(
        R"({"do": "join", "session": "alice/tablet", "room": "lobby", "nick": "alice"})")
                                     << joinStep
            + QStringLiteral("field \"session\": unknown session \"alice/tablet\" (the scenario's sessions: "
                             "alice/phone, bob/desktop)");
    QTest::newRow("history field") << steps(
        R"({"do": "join", "session": "alice/phone", "room": "lobby", "nick": "a",
                     "history": {"maxstanza": 1}})")
                                   << joinStep
            + QStringLiteral("field \"history\": unknown field \"maxstanza\" (fields: maxstanzas, maxchars, "
                             "seconds, since)");
    QTest::newRow("history negative")
        << steps(R"({"do": "join", "session": "alice/phone", "room": "lobby", "nick": "a",
                     "history": {"maxstanzas": -1}})")
        << joinStep + QStringLiteral("field \"history.maxstanzas\" must be a whole number \u2265 0, not -1");
    QTest::newRow("show") << steps(
        R"({"do": "presence", "session": "alice/phone", "room": "lobby", "show": "busy"})")
                          << QStringLiteral(
                                 "step 1 (presence): field \"show\" must be one of online, chat, away, "
                                 "xa, dnd, not \"busy\"");
    QTest::newRow("send: not XML") << steps(
        R"({"do": "say", "session": "bob/desktop", "room": "lobby", "body": "hi"},
                    {"do": "send", "session": "alice/phone", "xml": "<iq type='get'>"})")
                                   << QStringLiteral("step 2 (send): field \"xml\" is not well-formed XML: ");
    QTest::newRow("send: placeholder")
        << steps(R"({"do": "send", "session": "alice/phone", "xml": "<iq to='{rooom:lobby}'/>"})")
        << QStringLiteral(
               "step 1 (send): field \"xml\": unknown placeholder {rooom:lobby} (known: {room:NAME}, "
               "{jid:NAME}, {domain}, {muc})");
    QTest::newRow("send: not a stanza")
        << steps(R"({"do": "send", "session": "alice/phone", "xml": "<query/>"})")
        << QStringLiteral(
               "step 1 (send): field \"xml\" must be one <message/>, <presence/> or <iq/>, not <query/>");
    QTest::newRow("receive: no kind")
        << steps(R"({"expect": "receive", "session": "alice/phone", "from": "lobby"})")
        << QStringLiteral("step 1 (expect receive): missing field \"kind\"");
    QTest::newRow("receive: unknown kind")
        << steps(R"({"expect": "receive", "session": "alice/phone", "kind": "groupchatt"})")
        << QStringLiteral(
               "step 1 (expect receive): field \"kind\": unknown kind \"groupchatt\" (kinds: groupchat, "
               "history, subject, message, invite, presence, error, iq, bookmark)");
    QTest::newRow("receive: count")
        << steps(R"({"expect": "receive", "session": "alice/phone", "kind": "groupchat", "count": 1.5})")
        << QStringLiteral(
               "step 1 (expect receive): field \"count\" must be a whole number \u2265 0, not 1.5");
    QTest::newRow("receive: status")
        << steps(R"({"expect": "receive", "session": "alice/phone", "kind": "presence", "status": 110})")
        << QStringLiteral("step 1 (expect receive): field \"status\" must be an array of status codes like "
                          "[110, 210], not a number");
    QTest::newRow("receive: item") << steps(
        R"({"expect": "receive", "session": "alice/phone", "kind": "presence", "item": {"rol": "none"}})")
                                   << QStringLiteral("step 1 (expect receive): field \"item\": unknown field "
                                                     "\"rol\" (fields: nick, role, affiliation, jid)");
    QTest::newRow("nothing: count") << steps(R"({"expect": "nothing", "session": "alice/phone", "count": 0})")
                                    << QStringLiteral("step 1 (expect nothing): unknown field \"count\"");
    QTest::newRow("order: kinds") << steps(
        R"({"expect": "order", "session": "alice/phone", "kinds": ["presence:lobby/bob", "presense"]})")
                                  << QStringLiteral("step 1 (expect order): field \"kinds\", entry 2: "
                                                    "expected KIND or KIND:FROM with KIND one "
                                                    "of groupchat, history, subject, message, invite, "
                                                    "presence, error, iq, bookmark, not \"presense\"");
}

void TestScenarios::badFile()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(json);
    file.close();

    Scenario scenario;
    QString actual;
    QVERIFY(!ScenarioParser::load(path, &scenario, &actual));
    const QString expected = path + QStringLiteral(": ") + error;
    // XML parser wording is Qt's; everything up to it is ours.
    if (error.endsWith(QLatin1String("XML: ")))
        QVERIFY2(actual.startsWith(expected), qPrintable(actual));
    else
        QCOMPARE(actual, expected);

    QVERIFY(!ScenarioParser::load(dir.filePath(QStringLiteral("missing.json")), &scenario, &actual));
    QVERIFY2(
        actual.startsWith(dir.filePath(QStringLiteral("missing.json")) + QStringLiteral(": cannot read: ")),
        qPrintable(actual));
}

void TestScenarios::connectionSteps_data()
{
    QTest::addColumn<QByteArray>("steps");
    QTest::addColumn<QStringList>("keywords");
    QTest::newRow("lose, resume") << QByteArray(R"({"do": "lose", "session": "alice/phone"},
 {"do": "resume", "session": "alice/phone", "note": "back"})")
                                  << QStringList { QStringLiteral("lose"), QStringLiteral("resume") };
    QTest::newRow("lose, reconnect (which resumes too)")
        << QByteArray(
               R"({"do": "lose", "session": "alice/phone"}, {"do": "reconnect", "session": "alice/phone"})")
        << QStringList { QStringLiteral("lose"), QStringLiteral("reconnect") };
    QTest::newRow("two sessions lost at once")
        << QByteArray(R"({"do": "lose", "session": "alice/phone"}, {"do": "lose", "session": "bob/desktop"},
 {"do": "resume", "session": "bob/desktop"}, {"do": "resume", "session": "alice/phone"})")
        << QStringList { QStringLiteral("lose"), QStringLiteral("lose"), QStringLiteral("resume"),
                         QStringLiteral("resume") };
    QTest::newRow("drop, reconnect, lose, resume")
        << QByteArray(
               R"({"do": "drop", "session": "alice/phone"}, {"do": "reconnect", "session": "alice/phone"},
 {"do": "lose", "session": "alice/phone"}, {"do": "resume", "session": "alice/phone"})")
        << QStringList { QStringLiteral("drop"), QStringLiteral("reconnect"), QStringLiteral("lose"),
                         QStringLiteral("resume") };
}

// Good connection steps read back as written, and the writer writes them as the files do.
void TestScenarios::connectionSteps()
{
    QFETCH(QByteArray, steps);
    QFETCH(QStringList, keywords);
    const QByteArray json = R"({"name": "n", "rule": "§5", "description": "d",
 "sessions": ["alice/phone", "bob/desktop"], "steps": [)"
        + steps + "]}";
    Scenario scenario;
    QString error;
    QVERIFY2(ScenarioParser::parse(json, &scenario, &error), qPrintable(error));
    QStringList read;
    for (const ScenarioStep &step : std::as_const(scenario.steps)) {
        read << step.keyword();
        QVERIFY(!step.title().isEmpty());
        const QString written = ScenarioWriter::stepJson(step);
        QVERIFY2(
            written.startsWith(
                QStringLiteral("{\"do\": \"%1\", \"session\": \"%2\"").arg(step.keyword(), step.session)),
            qPrintable(written));
    }
    QCOMPARE(read, keywords);
    Scenario again;
    QVERIFY2(ScenarioParser::parse(ScenarioWriter::toJson(scenario), &again, &error), qPrintable(error));
    QCOMPARE(ScenarioWriter::toJson(again), ScenarioWriter::toJson(scenario));
}

// A resume that comes back on a new stream (the server no longer kept the session: here
// a new server) fails the step, and says why.
void TestScenarios::resumeOnANewStreamFails()
{
    ScenarioLab lab;
    QVERIFY(lab.host->start());
    const Scenario scenario = parsed(R"({"name": "n", "rule": "§5", "description": "d",
 "sessions": ["alice/phone", "bob/desktop"], "steps": [
  {"do": "join", "session": "alice/phone", "room": "lobby", "nick": "alice"},
  {"do": "lose", "session": "alice/phone"},
  {"do": "resume", "session": "alice/phone"},
  {"expect": "nothing", "session": "alice/phone", "kind": "groupchat"}
 ]})");
    QVERIFY(!scenario.steps.isEmpty());
    QVERIFY(lab.runner->load(scenario));
    // The server forgets the detached phone before it comes back: a new server.
    connect(lab.runner.get(), &ScenarioRunner::stepPassed, this, [&lab](int index) {
        if (index == 1)
            QVERIFY(lab.host->restart());
    });
    QSignalSpy finished(lab.runner.get(), &ScenarioRunner::finished);
    lab.runner->play();
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().toBool(), false);
    QCOMPARE(lab.runner->stepState(1), ScenarioRunner::StepState::Passed);
    QCOMPARE(lab.runner->stepState(2), ScenarioRunner::StepState::Failed);
    QCOMPARE(lab.runner->stepMessage(2),
             QStringLiteral("alice/phone is online on a new stream: the server did not resume it"));
    // The client no longer counts itself in the room it was in.
    QVERIFY(!lab.target->session(QStringLiteral("alice/phone"))
                 ->isJoined(QStringLiteral("lobby@conference.localhost")));
}

void TestScenarios::failingExpectationIsReported()
{
    const Scenario scenario = parsed(wrongCount());
    ScenarioLab lab;
    QVERIFY(lab.runner->load(scenario));
    QSignalSpy finished(lab.runner.get(), &ScenarioRunner::finished);
    lab.runner->play();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    // A wrong expectation is reported and the run goes on.
    QCOMPARE(lab.runner->stepState(3), ScenarioRunner::StepState::Failed);
    QCOMPARE(lab.runner->stepMessage(3),
             QStringLiteral(
                 "expected exactly 2, got 1. alice/phone received since the last expectations: presence "
                 "lobby/bob available; presence lobby/alice available [110]; subject lobby: (none); "
                 "bookmark lobby autojoin as alice; groupchat \u201chello\u201d from lobby/bob"));
    QCOMPARE(lab.runner->stepState(4), ScenarioRunner::StepState::Passed);
    QCOMPARE(lab.runner->stepState(5), ScenarioRunner::StepState::Failed);
    QVERIFY2(
        lab.runner->stepMessage(5).startsWith(QStringLiteral("got 1 matching: groupchat \u201chello\u201d")),
        qPrintable(lab.runner->stepMessage(5)));
    const ScenarioSummary summary = lab.runner->summary();
    QCOMPARE(summary.expectationsFailed, 2);
    QCOMPARE(summary.text(), QStringLiteral("FAILED: 2 of 3 expectations failed"));
    QCOMPARE(summary.details(), QStringLiteral("2 of 3 expectations failed"));
}

void TestScenarios::failingActionEndsTheRun()
{
    const Scenario scenario = parsed(R"({"name": "n", "rule": "§1", "description": "joins twice",
 "sessions": ["alice/phone"], "steps": [
  {"do": "join", "session": "alice/phone", "room": "lobby", "nick": "alice"},
  {"do": "join", "session": "alice/phone", "room": "lobby", "nick": "alice"},
  {"expect": "receive", "session": "alice/phone", "kind": "presence"}
 ]})");
    ScenarioLab lab;
    QVERIFY(lab.runner->load(scenario));
    QSignalSpy finished(lab.runner.get(), &ScenarioRunner::finished);
    lab.runner->play();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QCOMPARE(lab.runner->stepState(0), ScenarioRunner::StepState::Passed);
    QCOMPARE(lab.runner->stepMessage(0),
             QStringLiteral("joined as alice [201 110]; room created and configured"));
    QCOMPARE(lab.runner->stepState(1), ScenarioRunner::StepState::Failed);
    QCOMPARE(lab.runner->stepMessage(1), QStringLiteral("alice/phone has already joined lobby"));
    QCOMPARE(lab.runner->stepState(2), ScenarioRunner::StepState::NotRun);
    QCOMPARE(lab.runner->summary().text(),
             QStringLiteral("FAILED: 1 action(s) failed; 1 of 3 steps not run"));
}

void TestScenarios::pauseAndSingleStep()
{
    Scenario scenario;
    QString error;
    QVERIFY2(
        ScenarioParser::load(ScenarioDir + QStringLiteral("/s1-join-first-session.json"), &scenario, &error),
        qPrintable(error));
    ScenarioLab lab;
    ScenarioRunner *runner = lab.runner.get();
    QVERIFY(runner->load(scenario));
    QSignalSpy passed(runner, &ScenarioRunner::stepPassed);
    QSignalSpy finished(runner, &ScenarioRunner::finished);

    // Single step from the start: prepare, run step 1, pause.
    runner->step();
    QTRY_COMPARE_WITH_TIMEOUT(runner->state(), ScenarioRunner::State::Paused, 20000);
    QCOMPARE(passed.count(), 1);
    QCOMPARE(runner->currentStep(), 1);
    QCOMPARE(runner->stepState(1), ScenarioRunner::StepState::Pending);
    runner->step();
    QTRY_COMPARE(runner->state(), ScenarioRunner::State::Paused);
    QCOMPARE(passed.count(), 2);

    // Play with a delay between steps, pause half-way, go on to the end.
    runner->setDelay(50);
    runner->play();
    QTRY_COMPARE(passed.count(), 3);
    runner->pause();
    QTRY_COMPARE(runner->state(), ScenarioRunner::State::Paused);
    const int pausedAt = passed.count();
    // Nothing runs while paused, however long the event loop spins.
    QVERIFY(!lab.sessions.isEmpty());
    QVERIFY(roundTrip(lab.sessions.first()));
    QVERIFY(roundTrip(lab.sessions.first()));
    QCOMPARE(passed.count(), pausedAt);
    QCOMPARE(runner->state(), ScenarioRunner::State::Paused);
    runner->play();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(failures(runner->summary())));
    QCOMPARE(passed.count(), int(scenario.steps.size()));

    // Once finished, play runs it again from a fresh server.
    runner->setDelay(0);
    runner->play();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
    QVERIFY(finished.at(1).at(0).toBool());
}

void TestScenarios::labWindowPlaysScenario()
{
    LabWindow window;
    window.resize(1780, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.startLab(), qPrintable(window.errorString()));
    auto *runDemo = window.findChild<QAction *>(QStringLiteral("runDemo"));
    auto *mode = window.findChild<QComboBox *>(QStringLiteral("modeSelector"));
    auto *speed = window.scenarioDock()->findChild<QComboBox *>(QStringLiteral("scenarioSpeed"));
    QVERIFY(runDemo && mode && speed);
    QCOMPARE(window.scenarioDock()->delay(), 600); // people follow at a readable pace
    speed->setCurrentIndex(0);
    QCOMPARE(window.scenarioDock()->delay(), 0);

    // Classic mode, and alice/phone is dropped at the end: the lab must cope with both.
    const Scenario scenario = loaded(QStringLiteral("s11-classic-side-by-side.json"));
    QSignalSpy finished(&window, &LabWindow::scenarioFinished);
    QString error;
    QVERIFY2(window.runScenario(scenario, &error), qPrintable(error));
    QVERIFY(window.isScenarioRunning());
    QVERIFY(!runDemo->isEnabled());
    QVERIFY(!mode->isEnabled());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(failures(window.scenarioRunner()->summary())));

    ScenarioDock *dock = window.scenarioDock();
    QVERIFY(dock->isVisible());
    QListWidget *steps = dock->stepList();
    QCOMPARE(steps->count(), int(scenario.steps.size()));
    for (int i = 0; i < steps->count(); ++i)
        QCOMPARE(steps->item(i)->data(ScenarioDock::StateRole).toInt(),
                 int(ScenarioRunner::StepState::Passed));
    QVERIFY(steps->item(0)->text().startsWith(QStringLiteral("1. bob/desktop joins lobby")));
    QCOMPARE(dock->findChild<QLabel *>(QStringLiteral("scenarioSummary"))->text(),
             QStringLiteral("Passed: %1 steps, %2 expectations.")
                 .arg(scenario.steps.size())
                 .arg(scenario.expectationCount()));
    // The lab's mode comes back once the classic scenario ends, and the selector shows it.
    QCOMPARE(window.joinMode(), JoinMode::AccountLevel);
    QCOMPARE(mode->currentIndex(), 0);
    QVERIFY(runDemo->isEnabled() && mode->isEnabled());
    QVERIFY(window.session(QStringLiteral("alice@localhost/phone"))->isOffline());

    // Replay from the dock; then the demo, which brings the dropped session back first.
    auto *play = dock->findChild<QPushButton *>(QStringLiteral("scenarioPlay"));
    QCOMPARE(play->text(), QStringLiteral("Replay"));
    QCOMPARE(play->shortcut(), QKeySequence(Qt::Key_F5)); // a new label must not take F5 away
    QTest::mouseClick(play, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
    QVERIFY(finished.at(1).at(0).toBool());
    QSignalSpy demo(&window, &LabWindow::demoFinished);
    window.runDemo();
    QTRY_COMPARE_WITH_TIMEOUT(demo.count(), 1, 30000);
    QVERIFY2(demo.at(0).at(0).toBool(), qPrintable(window.scenarioRunner()->summary().text()));
}

void TestScenarios::labWindowShowsFailures()
{
    LabWindow window;
    window.resize(1780, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.startLab(), qPrintable(window.errorString()));
    window.scenarioDock()->findChild<QComboBox *>(QStringLiteral("scenarioSpeed"))->setCurrentIndex(0);

    QString error;
    Scenario unknown = parsed(wrongCount());
    unknown.sessions << QStringLiteral("dave/pager");
    QVERIFY(!window.runScenario(unknown, &error));
    QCOMPARE(error,
             QStringLiteral("session \"dave/pager\" is not one of this lab's sessions (alice/phone, "
                            "alice/laptop, alice/web, bob/desktop, carol/mobile)"));

    QSignalSpy finished(&window, &LabWindow::scenarioFinished);
    QVERIFY(window.runScenario(parsed(wrongCount()), &error));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    const QListWidgetItem *wrong = window.scenarioDock()->stepList()->item(3);
    QCOMPARE(wrong->data(ScenarioDock::StateRole).toInt(), int(ScenarioRunner::StepState::Failed));
    QVERIFY2(wrong->text().contains(QStringLiteral("\n\u2192 expected exactly 2, got 1.")),
             qPrintable(wrong->text()));
    QCOMPARE(window.scenarioDock()->findChild<QLabel *>(QStringLiteral("scenarioSummary"))->text(),
             QStringLiteral("FAILED: 2 of 3 expectations failed"));
}

// The phantom occupant: a server that is being replaced has already emitted the
// events of its last stanzas; they must not reach the views of the next one. carol's
// join is cut short by a restart right after the server has handled it, so its
// self-presence to carol@localhost is still queued when the views are reset.
void TestScenarios::restartDropsTheOldServersEvents()
{
    LabWindow window(LabWindow::Settings::Defaults);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.startLab(), qPrintable(window.errorString()));
    LabSession *bob = window.session(QStringLiteral("bob@localhost/desktop"));
    LabSession *carol = window.session(QStringLiteral("carol@localhost/mobile"));
    QTRY_VERIFY_WITH_TIMEOUT(bob->isAvailable() && carol->isAvailable(), 10000);
    window.joinRoom(bob);
    QTRY_VERIFY(bob->isJoined(window.room()) && !bob->isConfiguring(window.room()));
    const FanOutView *view = window.fanOutView();
    QTRY_VERIFY(view->isAccountLit(QStringLiteral("bob@localhost")));

    LabServerHost *host = window.server();
    bool restarted = false;
    connect(host, &LabServerHost::traced, &window, [&](const TraceEvent &event) {
        if (restarted || event.direction != TraceEvent::Direction::SessionToServer
            || event.session != carol->jid())
            return;
        restarted = true;
        host->sync(); // the server has handled carol's join: its events are queued here
        QVERIFY(host->restart());
    });
    window.joinRoom(carol);
    QTRY_VERIFY(restarted);
    QCoreApplication::processEvents(); // what was queued, if anything, lands now

    const QJsonObject model = view->viewModel();
    QCOMPARE(model.value(QStringLiteral("occupants")).toInt(), 0);
    QVERIFY(!view->isAccountLit(QStringLiteral("carol@localhost")));
    QVERIFY(!view->isAccountLit(QStringLiteral("bob@localhost")));
    QCOMPARE(view->roomStanzas(), 0);
    QCOMPARE(view->deliveries(), 0);
    QCOMPARE(window.timeline()->model()->rowCount(), 0);
}

// The view is the current server's alone: after any scenario (or the demo), playing
// a scenario shows exactly what playing it in a fresh lab shows.
void TestScenarios::viewAfterAScenarioIsTheScenariosAlone_data()
{
    QTest::addColumn<QString>("before"); // "demo", or a bundled file
    QTest::addColumn<QString>("file");
    QTest::newRow("demo, then §1 first join")
        << QStringLiteral("demo") << QStringLiteral("s1-join-first-session.json");
    QTest::newRow("§6 kicked, then §1 first join")
        << QStringLiteral("s6-kicked.json") << QStringLiteral("s1-join-first-session.json");
    QTest::newRow("classic side by side, then §4 leave one")
        << QStringLiteral("s11-classic-side-by-side.json") << QStringLiteral("s4-leave-one-session.json");
}

void TestScenarios::viewAfterAScenarioIsTheScenariosAlone()
{
    QFETCH(QString, before);
    QFETCH(QString, file);
    const auto play = [](LabWindow &window, const QString &what) {
        QSignalSpy scenario(&window, &LabWindow::scenarioFinished);
        QSignalSpy demo(&window, &LabWindow::demoFinished);
        if (what == QLatin1String("demo")) {
            window.runDemo();
        } else {
            QString error;
            QVERIFY2(window.runScenario(loaded(what), &error), qPrintable(error));
        }
        QTRY_COMPARE_WITH_TIMEOUT(scenario.count() + demo.count(), 1, 30000);
        QVERIFY2((scenario.isEmpty() ? demo : scenario).at(0).at(0).toBool(),
                 qPrintable(failures(window.scenarioRunner()->summary())));
        window.server()->sync();
        QCoreApplication::processEvents();
    };
    QJsonObject alone;
    int aloneRows = 0;
    {
        LabWindow window(LabWindow::Settings::Defaults);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(window.startLab(), qPrintable(window.errorString()));
        play(window, file);
        alone = window.fanOutView()->viewModel();
        aloneRows = window.timeline()->model()->rowCount();
    }
    LabWindow window(LabWindow::Settings::Defaults);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.startLab(), qPrintable(window.errorString()));
    window.scenarioDock()->setPaceIndex(0);
    play(window, before);
    play(window, file);
    const QJsonObject after = window.fanOutView()->viewModel();
    QVERIFY2(after == alone,
             qPrintable(QString::fromUtf8(QJsonDocument(after).toJson()) + QStringLiteral("\n---- alone:\n")
                        + QString::fromUtf8(QJsonDocument(alone).toJson())));
    QCOMPARE(window.timeline()->model()->rowCount(), aloneRows);
}

// A scenario brings its join mode; the lab's own comes back when it ends, and the
// settings never see the scenario's.
void TestScenarios::scenarioGivesTheJoinModeBack()
{
    LabWindow window(LabWindow::Settings::Defaults);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.startLab(), qPrintable(window.errorString()));
    window.scenarioDock()->setPaceIndex(0);
    QCOMPARE(window.joinMode(), JoinMode::AccountLevel);
    QSignalSpy finished(&window, &LabWindow::scenarioFinished);
    QSignalSpy modes(window.server(), &LabServerHost::joinModeChanged);
    QString error;
    QVERIFY2(window.runScenario(loaded(QStringLiteral("s11-classic-side-by-side.json")), &error),
             qPrintable(error));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY(finished.at(0).at(0).toBool());
    QCOMPARE(modes.count(), 2); // classic for the scenario, then back
    QCOMPARE(window.joinMode(), JoinMode::AccountLevel);
    const QList<QLabel *> fields = window.statusBar()->findChildren<QLabel *>();
    QVERIFY2(std::any_of(fields.cbegin(), fields.cend(),
                         [](const QLabel *field) {
                             return field->text().contains(QStringLiteral("Join mode back to Account-level"));
                         }),
             "the status bar says the mode came back");
}

void TestScenarios::commandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QStringList>("scenarios");
    QTest::addColumn<bool>("screenshotGiven");
    QTest::addColumn<QString>("mode"); // empty: not given
    QTest::addColumn<QString>("viewJson");
    const QString s = QStringLiteral("s.json");
    const QString t = QStringLiteral("t.json");
    QTest::newRow("scenario") << QStringList { QStringLiteral("--scenario"), s } << true << QStringList { s }
                              << false << QString() << QString();
    QTest::newRow("headless scenario and screenshot")
        << QStringList { QStringLiteral("--headless"), QStringLiteral("--scenario=s.json"),
                         QStringLiteral("--screenshot"), QStringLiteral("s.png") }
        << true << QStringList { s } << true << QString() << QString();
    QTest::newRow("two scenarios in order, a view")
        << QStringList { QStringLiteral("--scenario"),  t,
                         QStringLiteral("--scenario"),  s,
                         QStringLiteral("--view-json"), QStringLiteral("v.json") }
        << true << QStringList { t, s } << false << QString() << QStringLiteral("v.json");
    QTest::newRow("classic mode") << QStringList { QStringLiteral("--mode"), QStringLiteral("classic") }
                                  << true << QStringList() << false << QStringLiteral("classic") << QString();
    QTest::newRow("minimix mode") << QStringList { QStringLiteral("--mode=minimix"),
                                                   QStringLiteral("--scenario"), s }
                                  << true << QStringList { s } << false << QStringLiteral("minimix")
                                  << QString();
    QTest::newRow("no file") << QStringList { QStringLiteral("--scenario") } << false << QStringList()
                             << false << QString() << QString();
    QTest::newRow("empty file") << QStringList { QStringLiteral("--scenario=") } << false << QStringList()
                                << false << QString() << QString();
    QTest::newRow("empty second file")
        << QStringList { QStringLiteral("--scenario"), s, QStringLiteral("--scenario=") } << false
        << QStringList() << false << QString() << QString();
    QTest::newRow("misspelt mode") << QStringList { QStringLiteral("--mode"), QStringLiteral("clasic") }
                                   << false << QStringList() << false << QString() << QString();
    QTest::newRow("mode with compare")
        << QStringList { QStringLiteral("--compare"), QStringLiteral("--mode=classic") } << false
        << QStringList() << false << QString() << QString();
    QTest::newRow("two scenarios to compare")
        << QStringList { QStringLiteral("--compare"), QStringLiteral("--scenario"), s,
                         QStringLiteral("--scenario"), t }
        << false << QStringList() << false << QString() << QString();
    QTest::newRow("view without file") << QStringList { QStringLiteral("--view-json=") } << false
                                       << QStringList() << false << QString() << QString();
    QTest::newRow("view of a comparison")
        << QStringList { QStringLiteral("--compare"), QStringLiteral("--view-json"),
                         QStringLiteral("v.json") }
        << false << QStringList() << false << QString() << QString();
}

void TestScenarios::commandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(bool, ok);
    QFETCH(QStringList, scenarios);
    QFETCH(bool, screenshotGiven);
    QFETCH(QString, mode);
    QFETCH(QString, viewJson);
    arguments.prepend(QStringLiteral("minimix-lab"));
    const LabCommandLine parsed = LabCommandLine::parse(arguments);
    QCOMPARE(parsed.outcome == CommandLine::Outcome::Run, ok);
    if (ok) {
        QCOMPARE(parsed.scenarioPaths, scenarios);
        QCOMPARE(parsed.screenshotGiven, screenshotGiven);
        QCOMPARE(parsed.mode ? joinModeName(*parsed.mode) : QString(), mode);
        QCOMPARE(parsed.viewJsonPath, viewJson);
    }
}

void TestScenarios::headlessProgram_data()
{
    QTest::addColumn<QByteArray>("json"); // empty: the file does not exist
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("stdoutPattern");
    QTest::addColumn<QString>("stderrPattern");

    QFile good(ScenarioDir + QStringLiteral("/s4-leave-one-session.json"));
    QVERIFY(good.open(QIODevice::ReadOnly));
    QTest::newRow("passes") << good.readAll() << 0
                            << QStringLiteral("ok +1/11 +alice/phone joins lobby as \u201calice\u201d .*"
                                              "ok +11/11 .*\\nScenario passed: 11 steps, 6 expectations in ")
                            << QString();
    QTest::newRow("an expectation fails")
        << wrongCount() << 1
        << QStringLiteral(
               "FAIL +4/6 +expect alice/phone to receive exactly 2 .*\\n +expected exactly 2, got 1\\. .*"
               "ok +5/6 .*Scenario FAILED: 2 of 3 expectations failed")
        << QString();
    QTest::newRow("bad file") << QByteArray("{\"name\": \"n\",\n\"rule\": }") << 3 << QString()
                              << QStringLiteral("^minimix-lab: .*bad.json: line 2, column 9: invalid JSON: "
                                                "object is missing after a comma\\n$");
    QTest::newRow("no file") << QByteArray() << 3 << QString()
                             << QStringLiteral("^minimix-lab: .*bad.json: cannot read: ");
}

void TestScenarios::headlessProgram()
{
    QFETCH(QByteArray, json);
    QFETCH(int, exitCode);
    QFETCH(QString, stdoutPattern);
    QFETCH(QString, stderrPattern);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.json"));
    if (!json.isEmpty()) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json);
    }
    QProcess lab;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("*.debug=false;qt.qpa.*=false"));
    lab.setProcessEnvironment(environment);
    lab.start(QStringLiteral(MINIMIX_LAB_BINARY),
              { QStringLiteral("--headless"), QStringLiteral("--scenario"), path });
    QVERIFY(lab.waitForFinished(60000));
    const QString out = QString::fromUtf8(lab.readAllStandardOutput());
    const QString err = QString::fromUtf8(lab.readAllStandardError());
    QCOMPARE(lab.exitStatus(), QProcess::NormalExit);
    QVERIFY2(lab.exitCode() == exitCode,
             qPrintable(QStringLiteral("exit %1\n%2\n%3").arg(lab.exitCode()).arg(out, err)));
    const QRegularExpression::PatternOption dotAll = QRegularExpression::DotMatchesEverythingOption;
    if (!stdoutPattern.isEmpty())
        QVERIFY2(QRegularExpression(stdoutPattern, dotAll).match(out).hasMatch(), qPrintable(out));
    else
        QVERIFY2(out.isEmpty(), qPrintable(out)); // a bad file is refused before the lab starts
    if (!stderrPattern.isEmpty()) {
        // Only our own lines: Qt may add warnings about its runtime environment.
        QStringList ours;
        for (const QString &line : err.split(QLatin1Char('\n'))) {
            if (line.startsWith(QLatin1String("minimix-lab:")))
                ours << line;
        }
        QVERIFY2(QRegularExpression(stderrPattern)
                     .match(ours.join(QLatin1Char('\n')) + QLatin1Char('\n'))
                     .hasMatch(),
                 qPrintable(err));
    }
}

// The window remembers the join mode the user picked; a headless run prints the same
// figures whatever it is (the README's), and never writes the settings.
void TestScenarios::headlessIgnoresSavedSettings_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("figures");
    QTest::newRow("demo") << QStringList()
                          << QStringLiteral("the room sent 19 stanzas to occupants; the server "
                                            "delivered 32 copies");
    QTest::newRow("demo, --mode classic")
        << QStringList { QStringLiteral("--mode"), QStringLiteral("classic") }
        << QStringLiteral("the room sent 46 stanzas to occupants; the server delivered 46 copies");
}

void TestScenarios::headlessIgnoresSavedSettings()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, figures);
    const QString key = QStringLiteral("lab/joinMode");
    {
        QSettings saved(WindowSettings::organization(), WindowSettings::application());
        saved.setValue(key, joinModeName(JoinMode::Classic));
        saved.setValue(QStringLiteral("scenario/pace"), 3);
    }
    QTemporaryDir dir;
    QProcess lab;
    lab.setWorkingDirectory(dir.path());
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    lab.setProcessEnvironment(environment);
    lab.start(QStringLiteral(MINIMIX_LAB_BINARY), QStringList { QStringLiteral("--headless") } + arguments);
    QVERIFY(lab.waitForFinished(90000));
    const QString out = QString::fromUtf8(lab.readAllStandardOutput());
    QVERIFY2(lab.exitCode() == 0, qPrintable(out + QString::fromUtf8(lab.readAllStandardError())));
    QVERIFY2(out.contains(figures), qPrintable(out));
    QSettings after(WindowSettings::organization(), WindowSettings::application());
    QCOMPARE(after.value(key).toString(), joinModeName(JoinMode::Classic));
    after.remove(key);
}

QTEST_MAIN(TestScenarios)
#include "tst_scenarios.moc"
