// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The recorder and the writer. A sequence of actions done by hand in the lab window
// is recorded, saved, loaded with ScenarioParser and replayed with ScenarioRunner:
// every step passes and each session receives the same stanzas (kind, sender,
// body) as while recording. Every bundled scenario written out reads back the same.
#include "TestEnvironment.h"
#include "core/host/LabServerHost.h"
#include "core/scenario/ScenarioParser.h"
#include "core/scenario/ScenarioRecorder.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/scenario/ScenarioWriter.h"
#include "core/session/LabSession.h"
#include "scenario/RecorderControl.h"
#include "scenario/ScenarioDock.h"
#include "window/LabWindow.h"
#include "window/StanzaRateMeter.h"
#include "window/WindowSettings.h"

#include <QAction>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QProcess>
#include <QProgressBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <functional>

class tst_Recorder : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void writerRoundTrip_data();
    void writerRoundTrip();
    void recordAndReplay();
    void settingsRemembered();
    void headlessRunHasNoRuntimeDirWarning();

private:
    // Does something by hand and waits until the recorder has its expectations.
    bool act(LabWindow *window, const std::function<void()> &action);
};

void tst_Recorder::initTestCase()
{
    // Settings never touch the user's (and start empty).
    QString error;
    QVERIFY2(TestEnvironment::isolateUserSettings(WindowSettings::organization(),
                                                  WindowSettings::application(), &error),
             qPrintable(error));
    LabWindow::setupApplication();
}

void tst_Recorder::writerRoundTrip_data()
{
    QTest::addColumn<QString>("path");
    const QDir dir(QStringLiteral(MINIMIX_SCENARIO_DIR));
    const QStringList files = dir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name);
    QVERIFY(files.size() >= 20);
    for (const QString &file : files)
        QTest::newRow(qPrintable(file)) << dir.filePath(file);
    // And those in subdirectories (the comparison's), which use more of the format.
    const QStringList subdirectories = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &sub : subdirectories) {
        const QDir subdir(dir.filePath(sub));
        for (const QString &file : subdir.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
            QTest::newRow(qPrintable(sub + QLatin1Char('/') + file)) << subdir.filePath(file);
    }
}

void tst_Recorder::writerRoundTrip()
{
    QFETCH(QString, path);
    Scenario original;
    QString error;
    QVERIFY2(ScenarioParser::load(path, &original, &error), qPrintable(error));
    const QByteArray written = ScenarioWriter::toJson(original);
    Scenario again;
    QVERIFY2(ScenarioParser::parse(written, &again, &error),
             qPrintable(error + QLatin1Char('\n') + QString::fromUtf8(written)));
    QCOMPARE(again.name, original.name);
    QCOMPARE(again.sessions, original.sessions);
    QCOMPARE(again.mode, original.mode);
    QCOMPARE(again.steps.size(), original.steps.size());
    for (int i = 0; i < original.steps.size(); ++i) {
        QCOMPARE(again.steps.at(i).title(), original.steps.at(i).title());
        QCOMPARE(again.steps.at(i).mucPayload, original.steps.at(i).mucPayload);
        QCOMPARE(again.steps.at(i).note, original.steps.at(i).note);
        QCOMPARE(again.steps.at(i).classicNick, original.steps.at(i).classicNick);
    }
    // Stable: writing what was read back gives the same bytes.
    QCOMPARE(ScenarioWriter::toJson(again), written);
}

bool tst_Recorder::act(LabWindow *window, const std::function<void()> &action)
{
    ScenarioRecorder *recorder = window->recorderControl()->recorder();
    const int before = recorder->actionCount();
    action();
    return QTest::qWaitFor([&] { return recorder->actionCount() > before && recorder->isIdle(); }, 10000);
}

void tst_Recorder::recordAndReplay()
{
    QElapsedTimer clock;
    clock.start();
    LabWindow window;
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.show();
    QVERIFY2(window.startLab(), qPrintable(window.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(window.session(QStringLiteral("carol@localhost/mobile"))
                                 && window.session(QStringLiteral("carol@localhost/mobile"))->isAvailable(),
                             10000);
    const auto session = [&window](const char *name) {
        for (LabSession *s : window.sessions()) {
            if (s->name() == QLatin1String(name))
                return s;
        }
        return static_cast<LabSession *>(nullptr);
    };
    LabSession *phone = session("alice/phone");
    LabSession *laptop = session("alice/laptop");
    LabSession *bob = session("bob/desktop");
    LabSession *carol = session("carol/mobile");
    QVERIFY(phone && laptop && bob && carol);
    const QString room = window.room();

    // Record: the toolbar's toggle.
    RecorderControl *control = window.recorderControl();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("recorded.json"));
    control->setSavePath(path);
    QSignalSpy saved(control, &RecorderControl::saved);
    control->action()->trigger();
    QVERIFY(control->isRecording());
    QTRY_VERIFY_WITH_TIMEOUT(control->recorder()->isIdle(), 15000);
    ScenarioRecorder *recorder = control->recorder();

    QSignalSpy messages(control, &RecorderControl::message);
    QVERIFY(act(&window, [&] { window.joinRoom(phone); }));
    QVERIFY(act(&window, [&] { window.joinRoom(laptop); }));
    // The status line counts in words: "1 action", then "2 actions".
    QStringList said;
    for (const QList<QVariant> &arguments : std::as_const(messages))
        said << arguments.constFirst().toString();
    QVERIFY2(said.size() >= 2 && said.at(0).startsWith(QLatin1String("Recording, 1 action: "))
                 && said.at(1).startsWith(QLatin1String("Recording, 2 actions: ")),
             qPrintable(said.join(QLatin1Char('\n'))));
    QVERIFY(act(&window, [&] { window.joinRoom(bob); }));
    QVERIFY(act(&window, [&] { bob->sendGroupMessage(room, QStringLiteral("hello, alice")); }));
    QVERIFY(act(&window, [&] { laptop->leave(room); }));
    // Raw XML, as the XML console sends it: a presence, a nick change, a private message.
    QVERIFY(act(&window, [&] {
        phone->sendXml(
            QStringLiteral("<presence to=\"%1/alice\"><show>away</show><status>lunch</status></presence>")
                .arg(room));
    }));
    QVERIFY(act(&window, [&] { bob->sendXml(QStringLiteral("<presence to=\"%1/robert\"/>").arg(room)); }));
    QVERIFY(act(&window, [&] {
        bob->sendXml(
            QStringLiteral("<message to=\"%1/alice\" type=\"chat\" id=\"pm1\"><body>psst</body></message>")
                .arg(room));
    }));
    QVERIFY(act(&window, [&] { window.joinRoom(carol); }));
    // carol's network is lost; the server keeps her session while bob talks; she resumes.
    QVERIFY(act(&window, [&] { carol->loseNetwork(); }));
    QVERIFY(act(&window, [&] { bob->sendGroupMessage(room, QStringLiteral("carol, are you there?")); }));
    QVERIFY(act(&window, [&] { window.server()->connectSession(carol); }));
    QVERIFY(carol->isStreamResumed());
    // The server cuts alice/phone off; later it logs in again. carol logs out cleanly.
    QVERIFY(act(&window, [&] { window.server()->dropSession(phone->jid()); }));
    QVERIFY(act(&window, [&] { window.server()->connectSession(phone); }));
    QVERIFY(act(&window, [&] { carol->disconnectFromServer(); }));
    QVERIFY(act(&window, [&] { bob->sendGroupMessage(room, QStringLiteral("bye")); }));
    const QHash<QString, QStringList> recordedTrace = recorder->trace();
    QCOMPARE(recorder->actionCount(), 16);

    control->action()->trigger(); // stop
    QTRY_COMPARE_WITH_TIMEOUT(saved.size(), 1, 10000);
    QVERIFY(!control->isRecording());
    QCOMPARE(saved.first().first().toString(), QFileInfo(path).absoluteFilePath());
    qInfo("recorded in %lld ms", clock.elapsed());

    // The file reads as a scenario, with the actions in their own words.
    Scenario scenario;
    QString error;
    QVERIFY2(ScenarioParser::load(path, &scenario, &error), qPrintable(error));
    QCOMPARE(scenario.sessions,
             QStringList({ QStringLiteral("alice/phone"), QStringLiteral("alice/laptop"),
                           QStringLiteral("alice/web"), QStringLiteral("bob/desktop"),
                           QStringLiteral("carol/mobile") }));
    // Acting names only the sessions that took an action; alice/web only received.
    QCOMPARE(scenario.description,
             QStringLiteral("16 actions by alice/phone, alice/laptop, bob/desktop, carol/mobile, with what "
                            "each session received after each of them. alice/web only received."));
    QStringList actions;
    for (const ScenarioStep &step : std::as_const(scenario.steps)) {
        if (!step.isExpectation())
            actions << step.keyword();
    }
    QCOMPARE(actions,
             QStringList({ QStringLiteral("join"), QStringLiteral("join"), QStringLiteral("join"),
                           QStringLiteral("say"), QStringLiteral("leave"), QStringLiteral("presence"),
                           QStringLiteral("nick"), QStringLiteral("send"), QStringLiteral("join"),
                           QStringLiteral("lose"), QStringLiteral("say"), QStringLiteral("resume"),
                           QStringLiteral("drop"), QStringLiteral("reconnect"), QStringLiteral("disconnect"),
                           QStringLiteral("say") }));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    if (!qEnvironmentVariableIsEmpty("MINIMIX_RECORDER_KEEP"))
        QFile::copy(path, qEnvironmentVariable("MINIMIX_RECORDER_KEEP"));
    const QByteArray json = file.readAll();
    QVERIFY2(
        json.contains("{\"do\": \"send\", \"session\": \"bob/desktop\", \"xml\": \"<message "
                      "to=\\\"{room:lobby/alice}\\\" type=\\\"chat\\\" id=\\\"pm1\\\"><body>psst</body>"),
        json.constData());
    QVERIFY2(json.contains("{\"expect\": \"receive\", \"session\": \"alice/phone\", \"kind\": \"groupchat\", "
                           "\"from\": \"lobby/bob\", \"body\": \"hello, alice\", \"count\": 1}"),
             json.constData());
    // What carol missed comes with her resumption, and it is checked there.
    const qsizetype resumed = json.indexOf("{\"do\": \"resume\", \"session\": \"carol/mobile\"}");
    QVERIFY2(resumed > 0, json.constData());
    QVERIFY2(json.indexOf("{\"expect\": \"receive\", \"session\": \"carol/mobile\", \"kind\": \"groupchat\", "
                          "\"from\": \"lobby/robert\", \"body\": \"carol, are you there?\", \"count\": 1}")
                 > resumed,
             json.constData());

    // Replay: every step passes, and every session receives what it did while recording.
    QHash<QString, QStringList> replayTrace;
    bool capturing = false;
    for (LabSession *s : window.sessions()) {
        connect(s, &LabSession::elementReceived, this,
                [&capturing, &replayTrace, s](const QDomElement &stanza) {
                    if (capturing)
                        replayTrace[s->name()] << ScenarioRecorder::traceLine(stanza);
                });
    }
    QSignalSpy finished(&window, &LabWindow::scenarioFinished);
    QVERIFY2(window.runScenario(scenario, &error), qPrintable(error));
    ScenarioRunner *runner = window.scenarioRunner();
    runner->setDelay(0);
    connect(runner, &ScenarioRunner::started, this, [&capturing] { capturing = true; });
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    const ScenarioSummary summary = runner->summary();
    QVERIFY2(summary.success(),
             qPrintable(summary.text() + QLatin1Char('\n') + summary.failures.join(QLatin1Char('\n'))));
    // Empty traces on both sides would prove nothing: alice/phone saw the room.
    QVERIFY(!recordedTrace.value(QStringLiteral("alice/phone")).isEmpty());
    for (const QString &name : scenario.sessions)
        QCOMPARE(replayTrace.value(name), recordedTrace.value(name));
    qInfo("recorded and replayed %d steps in %lld ms", int(scenario.steps.size()), clock.elapsed());

    // The dock: progress at the end, a clicked step's detail, the summary.
    ScenarioDock *dock = window.scenarioDock();
    QCOMPARE(dock->progressBar()->value(), int(scenario.steps.size()));
    dock->stepList()->setCurrentRow(0);
    QVERIFY2(dock->detailLabel()->text().contains(QLatin1String("&quot;do&quot;: &quot;join&quot;")),
             qPrintable(dock->detailLabel()->text()));
    // The saved file is the first recent scenario; every bundled file is in the menu.
    auto *recent = window.findChild<QMenu *>(QStringLiteral("recentScenarios"));
    QVERIFY(recent && !recent->actions().isEmpty());
    QVERIFY2(recent->actions().first()->text().endsWith(QLatin1String("recorded.json")),
             qPrintable(recent->actions().first()->text()));
    auto *bundled = window.findChild<QMenu *>(QStringLiteral("bundledScenarios"));
    QVERIFY(bundled);
    QCOMPARE(bundled->actions().size(),
             int(QDir(QStringLiteral(MINIMIX_SCENARIO_DIR))
                     .entryList({ QStringLiteral("*.json") }, QDir::Files)
                     .size()));
    // A bundled file plays from its resource path.
    QVERIFY(window.openScenarioFile(QStringLiteral(":/scenarios/s1-join-first-session.json")));
    window.scenarioRunner()->setDelay(0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 30000);
    QVERIFY(window.scenarioRunner()->summary().success());
    auto *rates = window.findChild<StanzaRateMeter *>(QStringLiteral("stanzaRate"));
    QVERIFY(rates && rates->text().contains(QLatin1String("/s")));

    const QByteArray screenshot = qgetenv("MINIMIX_RECORDER_SCREENSHOT");
    if (!screenshot.isEmpty())
        QVERIFY(window.grab().save(QString::fromLocal8Bit(screenshot)));
}

void tst_Recorder::settingsRemembered()
{
    // Test mode: a settings file of the test's own, never the user's.
    QSettings(WindowSettings::organization(), WindowSettings::application()).clear();
    {
        LabWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setJoinMode(JoinMode::Classic);
        window.scenarioDock()->setPaceIndex(0);
        window.resize(1234, 777);
        window.close();
    }
    LabWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QCOMPARE(window.joinMode(), JoinMode::Classic);
    QCOMPARE(window.scenarioDock()->paceIndex(), 0);
    QCOMPARE(window.size(), QSize(1234, 777));
    window.setJoinMode(JoinMode::AccountLevel);
    window.close();
}

void tst_Recorder::headlessRunHasNoRuntimeDirWarning()
{
    QProcess lab;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("XDG_RUNTIME_DIR"));
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    lab.setProcessEnvironment(environment);
    lab.start(QStringLiteral(MINIMIX_LAB_BINARY),
              { QStringLiteral("--headless"), QStringLiteral("--scenario"),
                QDir(QStringLiteral(MINIMIX_SCENARIO_DIR))
                    .filePath(QStringLiteral("s1-join-first-session.json")) });
    QVERIFY(lab.waitForFinished(60000));
    const QString errors = QString::fromLocal8Bit(lab.readAllStandardError());
    QCOMPARE(lab.exitCode(), 0);
    QVERIFY2(!errors.contains(QLatin1String("XDG_RUNTIME_DIR")), qPrintable(errors));
}

QTEST_MAIN(tst_Recorder)
#include "tst_recorder.moc"
