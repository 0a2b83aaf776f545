// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Compare modes: the built-in "3 accounts × 3 sessions" scenario played at once on
// an account-level and a classic server, with the exact totals each mode must give;
// the window's keys, geometry, failed steps and pace.
#include "TestEnvironment.h"
#include "compare/ComparisonLauncher.h"
#include "compare/ComparisonWindow.h"
#include "core/cli/LabCommandLine.h"
#include "core/compare/ComparisonSide.h"
#include "core/compare/ModeComparison.h"
#include "core/scenario/ScenarioParser.h"
#include "core/scenario/ScenarioRunner.h"
#include "fanout/FanOutView.h"
#include "scenario/ScenarioDock.h"
#include "window/LabWindow.h"
#include "window/WindowSettings.h"

#include <QAction>
#include <QLabel>
#include <QMainWindow>
#include <QPointer>
#include <QProcess>
#include <QScreen>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {
// The 3×3 scenario, worked out from the rules (README, "Side by side"). Sessions
// join in the order a/phone, a/laptop, a/web, b/…, c/…; each account says one line;
// each web session drops, reconnects and rejoins asking for no history. Every total
// below is the sum of its terms, and each is compared with what the servers did.
constexpr int Accounts = 3;
constexpr int SessionsPerAccount = 3;
constexpr int Sessions = Accounts * SessionsPerAccount; // 9
constexpr int Groupchats = Accounts; // one line each
constexpr int Rejoins = Accounts; // each web session
constexpr int ConfigurationResults = 1; // the new room's, to its creator's session

// Account-level: the room sees 3 occupants, each joining once.
constexpr int AccountJoins = Accounts;
// Presences of other accounts the room sends: bob gets alice, alice gets bob, carol
// gets alice and bob, alice and bob get carol.
constexpr int AccountRoomPresencesOfOthers = 1 + 1 + 2 + 2;
static_assert(AccountRoomPresencesOfOthers == 6, "6 presences of others from the room");
// 3 own presences (110, the first also 201), 3 subjects, the configuration result,
// the presences of others and 3 × 3 groupchats.
constexpr int AccountSent
    = Accounts + Accounts + ConfigurationResults + AccountRoomPresencesOfOthers + Accounts * Groupchats;
static_assert(AccountSent == 22, "README: 22 sent");
// Presences of other accounts the sessions receive: bob's 3 sessions × alice (one
// forked, two replayed from the cache), alice's 3 × bob (forked), carol's 3 × 2
// (alice and bob), alice's and bob's 6 × carol, each rejoined web session × 2 (the
// other two accounts, from the cache).
constexpr int AccountBroadcasts = SessionsPerAccount * 1 + SessionsPerAccount * 1 + SessionsPerAccount * 2
    + 2 * SessionsPerAccount * 1 + Rejoins * 2;
static_assert(AccountBroadcasts == 3 + 3 + 6 + 6 + 6 && AccountBroadcasts == 24, "README: 24 broadcasts");
// Sessions receive 9 × 3 groupchats, 12 subjects and 12 own presences (9 joins,
// 3 rejoins served from the cache), the presences of other accounts and the
// configuration result. Drops change nothing the room sees.
constexpr int AccountDelivered = Sessions * Groupchats + (Sessions + Rejoins) + (Sessions + Rejoins)
    + AccountBroadcasts + ConfigurationResults;
static_assert(AccountDelivered == 76, "README: 76 delivered");

// Classic: 9 occupants, each join and rejoin a real one.
constexpr int ClassicJoins = Sessions + Rejoins;
static_assert(ClassicJoins == 12, "README: 12 joins");
// The k-th joiner gets k−1 presences and k−1 occupants get its own: 2 × (0 + … + 8);
// each rejoin 2 × 8.
constexpr int ClassicPresencesOfOthers = 2 * (Sessions * (Sessions - 1) / 2) + Rejoins * 2 * (Sessions - 1);
static_assert(ClassicPresencesOfOthers == 72 + 48, "120 presences of others");
// Each drop costs 8 unavailable presences to the others, and one unavailable 110 to
// the dropped session, which nobody receives.
constexpr int ClassicDropPresences = Rejoins * (Sessions - 1);
constexpr int ClassicUndelivered = Rejoins;
// With 12 own presences, 12 subjects, 9 × 3 groupchats and the configuration result.
constexpr int ClassicSent = ClassicPresencesOfOthers + ClassicDropPresences + ClassicUndelivered
    + ClassicJoins + ClassicJoins + Sessions * Groupchats + ConfigurationResults;
static_assert(ClassicSent == 199, "README: 199 sent");
constexpr int ClassicDelivered = ClassicSent - ClassicUndelivered;
static_assert(ClassicDelivered == 196, "README: 196 delivered");
// Of the presences, those crossing accounts: on bob's joins 3 × 2 × 3 (each bob
// session and the 3 alice sessions, both ways) and carol's 3 × 2 × 6; on each drop 6
// and each rejoin 2 × 6.
constexpr int ClassicBroadcasts = SessionsPerAccount * 2 * SessionsPerAccount
    + SessionsPerAccount * 2 * (2 * SessionsPerAccount)
    + Rejoins * ((Sessions - SessionsPerAccount) + 2 * (Sessions - SessionsPerAccount));
static_assert(ClassicBroadcasts == 54 + 54 && ClassicBroadcasts == 108, "README: 108 broadcasts");

// alice/laptop joins lobby as "ali" after alice/phone and bob: steps 1-3 are the
// joins, step 4 the given expectation, which tells the modes apart.
QByteArray nickScenario(const QString &expectation)
{
    return QStringLiteral(
               R"({"name": "nick", "rule": "§1", "description": "alice/laptop asks for another nick",
        "sessions": ["alice/phone", "alice/laptop", "bob/desktop"],
        "steps": [
            {"do": "join", "session": "alice/phone", "room": "lobby", "nick": "alice"},
            {"do": "join", "session": "bob/desktop", "room": "lobby", "nick": "bob"},
            {"do": "join", "session": "alice/laptop", "room": "lobby", "nick": "ali"},
            %1
        ]})")
        .arg(expectation)
        .toUtf8();
}

ComparisonSide *sideOf(const ModeComparison &comparison, const QString &mode)
{
    return mode == joinModeName(JoinMode::Classic) ? comparison.classic() : comparison.accountLevel();
}

QByteArray savedGeometry()
{
    return QSettings(WindowSettings::organization(), WindowSettings::application())
        .value(ComparisonWindow::geometryKey())
        .toByteArray();
}

void forgetGeometry()
{
    QSettings(WindowSettings::organization(), WindowSettings::application())
        .remove(ComparisonWindow::geometryKey());
}
} // namespace

class TestCompare : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void builtInScenarioParses();
    void totalsInBothModes();
    void headlessProgram();
    void closesWithKeys_data();
    void closesWithKeys();
    void placement_data();
    void placement();
    void restoresGeometry_data();
    void restoresGeometry();
    void showsFailedStep_data();
    void showsFailedStep();
    void paceFromDock_data();
    void paceFromDock();
    void playsInLockStep();
    void externalServerFlags_data();
    void externalServerFlags();

private:
    Scenario m_scenario;
};

void TestCompare::initTestCase()
{
    QString error;
    QVERIFY2(TestEnvironment::isolateUserSettings(WindowSettings::organization(),
                                                  WindowSettings::application(), &error),
             qPrintable(error));
    LabWindow::setupApplication(); // the lab's resources, where the built-in scenario lives
    // Here too, so each test function can run on its own.
    QVERIFY2(ScenarioParser::load(ModeComparison::builtInScenarioPath(), &m_scenario, &error),
             qPrintable(error));
}

void TestCompare::builtInScenarioParses()
{
    QString error;
    QVERIFY2(ScenarioParser::load(ModeComparison::builtInScenarioPath(), &m_scenario, &error),
             qPrintable(error));
    QCOMPARE(m_scenario.sessions.size(), Sessions);
    QVERIFY(!m_scenario.steps.isEmpty());
    // classic_nick gives each session its own occupant nick in classic mode.
    QCOMPARE(m_scenario.steps.constFirst().nick, QStringLiteral("alice"));
    QCOMPARE(m_scenario.steps.constFirst().classicNick, QStringLiteral("alice-phone"));
}

void TestCompare::totalsInBothModes()
{
    ModeComparison comparison(m_scenario);
    QString error;
    QVERIFY2(comparison.start(&error), qPrintable(error));
    ComparisonWindow window(&comparison);
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.show();
    QSignalSpy finished(&comparison, &ModeComparison::finished);
    comparison.play();
    QVERIFY(finished.wait(90000));
    QCOMPARE(finished.size(), 1);
    for (ComparisonSide *side : { comparison.accountLevel(), comparison.classic() }) {
        const ScenarioSummary summary = side->runner()->summary();
        QVERIFY2(summary.success(), qPrintable(summary.failures.join(QLatin1Char('\n')) + summary.error));
    }
    QCOMPARE(finished.constFirst().constFirst().toBool(), true);

    const ModeTotals &account = comparison.accountLevel()->totals();
    const ModeTotals &classic = comparison.classic()->totals();
    qInfo().noquote() << "account-level:" << account.summary();
    qInfo().noquote() << "classic:      " << classic.summary();
    // See README, "Side by side", for how each number follows from the rules.
    QCOMPARE(account.roomJoins(), AccountJoins);
    QCOMPARE(classic.roomJoins(), ClassicJoins);
    QCOMPARE(account.presenceBroadcasts(), AccountBroadcasts);
    QCOMPARE(classic.presenceBroadcasts(), ClassicBroadcasts);
    QCOMPARE(account.roomSent(), AccountSent);
    QCOMPARE(classic.roomSent(), ClassicSent);
    QCOMPARE(account.delivered(), AccountDelivered);
    QCOMPARE(classic.delivered(), ClassicDelivered);
    QVERIFY(account.presenceBroadcasts() < classic.presenceBroadcasts());
    QVERIFY(account.roomJoins() < classic.roomJoins());

    // The views drew what the servers did.
    QCOMPARE(window.view(comparison.accountLevel())->roomStanzas(), account.roomSent());
    QCOMPARE(window.view(comparison.classic())->roomStanzas(), classic.roomSent());
}

void TestCompare::headlessProgram()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("side-by-side.png"));
    QProcess lab;
    lab.start(
        QStringLiteral(MINIMIX_LAB_BINARY),
        { QStringLiteral("--headless"), QStringLiteral("--compare"), QStringLiteral("--screenshot"), png });
    QVERIFY(lab.waitForFinished(120000));
    const QString out = QString::fromUtf8(lab.readAllStandardOutput());
    QVERIFY2(lab.exitCode() == 0, qPrintable(out + QString::fromUtf8(lab.readAllStandardError())));
    QVERIFY2(out.contains(QStringLiteral("account-level:")) && out.contains(QStringLiteral("classic:")),
             qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("joins the room saw:       %1").arg(ClassicJoins)), qPrintable(out));
    QVERIFY(QImage(png).width() > 1000);
}

void TestCompare::closesWithKeys_data()
{
    QTest::addColumn<QKeySequence>("keys");
    QTest::newRow("Esc") << QKeySequence(Qt::Key_Escape);
    QTest::newRow("Ctrl+W") << QKeySequence(Qt::CTRL | Qt::Key_W);
    QTest::newRow("platform Close") << QKeySequence(QKeySequence::Close);
}

void TestCompare::closesWithKeys()
{
    QFETCH(QKeySequence, keys);
    ModeComparison comparison(m_scenario);
    ComparisonWindow window(&comparison);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keySequence(&window, keys);
    QTRY_VERIFY(!window.isVisible());
}

void TestCompare::placement_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addColumn<QRect>("over"); // the parent window, or the screen
    QTest::addColumn<QRect>("available");
    QTest::addColumn<QRect>("expected");
    const QRect screen(0, 0, 1920, 1080);
    QTest::newRow("centred on the parent")
        << QSize(800, 600) << QRect(100, 100, 1200, 900) << screen << QRect(300, 250, 800, 600);
    QTest::newRow("parent at the edge: kept on screen")
        << QSize(800, 600) << QRect(1500, 100, 400, 300) << screen << QRect(1120, 0, 800, 600);
    QTest::newRow("no parent: centred on the screen")
        << QSize(800, 600) << screen << screen << QRect(560, 240, 800, 600);
    QTest::newRow("second screen") << QSize(800, 600) << QRect(1920, 0, 1280, 1024)
                                   << QRect(1920, 0, 1280, 1024) << QRect(2160, 212, 800, 600);
    QTest::newRow("larger than the screen: its top left corner")
        << QSize(2000, 1200) << screen << screen << QRect(0, 0, 2000, 1200);
}

void TestCompare::placement()
{
    QFETCH(QSize, size);
    QFETCH(QRect, over);
    QFETCH(QRect, available);
    QFETCH(QRect, expected);
    QCOMPARE(ComparisonWindow::placement(size, over, available), expected);
}

void TestCompare::restoresGeometry_data()
{
    QTest::addColumn<QSize>("saved"); // invalid: nothing saved
    QTest::newRow("nothing saved") << QSize();
    QTest::newRow("1500x900") << QSize(1500, 900);
    QTest::newRow("1300x820") << QSize(1300, 820);
}

void TestCompare::restoresGeometry()
{
    QFETCH(QSize, saved);
    forgetGeometry();
    ModeComparison comparison(m_scenario);
    if (saved.isValid()) {
        ComparisonWindow first(&comparison);
        first.show();
        QVERIFY(QTest::qWaitForWindowExposed(&first));
        first.resize(saved);
        QTRY_COMPARE(first.size(), saved);
        first.close();
        QVERIFY(!savedGeometry().isEmpty());
    }

    QMainWindow parent;
    parent.setGeometry(100, 50, 600, 400);
    parent.show();
    QVERIFY(QTest::qWaitForWindowExposed(&parent));
    auto *window = new ComparisonWindow(&comparison, &parent);
    window->show();
    QVERIFY(QTest::qWaitForWindowExposed(window));
    QVERIFY(window->isWindow());
    if (saved.isValid()) {
        QCOMPARE(window->size(), saved);
    } else {
        // Centred on the parent, within the screen: not wherever the platform puts it.
        const QRect expected = ComparisonWindow::placement(window->size(), parent.frameGeometry(),
                                                           parent.screen()->availableGeometry());
        QCOMPARE(window->frameGeometry().topLeft(), expected.topLeft());
    }
    // Resizable, down to what its layout needs.
    QVERIFY(window->maximumWidth() > window->minimumSizeHint().width());
    QVERIFY2(window->minimumSizeHint().width() <= 1280, "fits a 1366 pixels wide laptop screen");
    const QSize smaller = window->minimumSizeHint().expandedTo(QSize(1200, 600));
    window->resize(smaller);
    QTRY_COMPARE(window->size(), smaller);
    delete window;
}

void TestCompare::showsFailedStep_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("failing"); // join mode names of the sides that fail
    QTest::addColumn<int>("step");
    QTest::addColumn<QString>("verdict");
    const QString minimix = joinModeName(JoinMode::AccountLevel);
    const QString classic = joinModeName(JoinMode::Classic);
    // Account-level gives alice's nick with 210; classic keeps "ali", a new occupant.
    QTest::newRow("classic fails") << nickScenario(
        QStringLiteral(R"({"expect": "receive", "session": "alice/laptop", "kind": "presence",
                                           "from": "lobby/alice", "status": [110, 210], "count": 1})"))
                                   << QStringList { classic } << 4
                                   << QStringLiteral("step 4 failed on the classic side: ");
    QTest::newRow("account-level fails")
        << nickScenario(QStringLiteral(R"({"expect": "receive", "session": "alice/laptop", "kind": "presence",
                                           "from": "lobby/ali", "status": [110], "count": 1})"))
        << QStringList { minimix } << 4 << QStringLiteral("step 4 failed on the account-level side: ");
    QTest::newRow("both fail") << nickScenario(QStringLiteral(
        R"({"expect": "receive", "session": "bob/desktop", "kind": "groupchat", "from": "lobby", "count": 1})"))
                               << QStringList { minimix, classic } << 4
                               << QStringLiteral("step 4 failed on both sides");
}

void TestCompare::showsFailedStep()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, failing);
    QFETCH(int, step);
    QFETCH(QString, verdict);
    Scenario scenario;
    QString error;
    QVERIFY2(ScenarioParser::parse(json, &scenario, &error), qPrintable(error));
    ModeComparison comparison(scenario);
    QVERIFY2(comparison.start(&error), qPrintable(error));
    ComparisonWindow window(&comparison);
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.show();
    const QSize size = window.size();
    QSignalSpy finished(&comparison, &ModeComparison::finished);
    comparison.play();
    QVERIFY(finished.wait(60000));
    QCOMPARE(finished.constFirst().constFirst().toBool(), false);

    for (const JoinMode mode : { JoinMode::AccountLevel, JoinMode::Classic }) {
        ComparisonSide *side = sideOf(comparison, joinModeName(mode));
        const QLabel *label = window.failureLabel(side);
        QVERIFY(label);
        const ScenarioSummary summary = side->runner()->summary();
        if (failing.contains(joinModeName(mode))) {
            QVERIFY2(label->isVisibleTo(&window), qPrintable(joinModeTitle(mode)));
            // The step's number and title, and the runner's reason.
            QVERIFY2(label->text().contains(QStringLiteral("Step %1 failed:").arg(step)),
                     qPrintable(label->text()));
            QVERIFY2(label->text().contains(scenario.steps.at(step - 1).title().toHtmlEscaped()),
                     qPrintable(label->text()));
            const QString reason = side->runner()->stepMessage(step - 1);
            QVERIFY(!reason.isEmpty());
            QVERIFY2(label->text().contains(reason.left(40).toHtmlEscaped()), qPrintable(label->text()));
        } else {
            QVERIFY2(summary.success(), qPrintable(summary.failures.join(QLatin1Char('\n'))));
            QVERIFY2(!label->isVisibleTo(&window), qPrintable(label->text()));
        }
    }
    QVERIFY2(window.verdictLabel()->text().contains(verdict), qPrintable(window.verdictLabel()->text()));
    // Neither a long step title nor the failure widened the window while it played.
    QCOMPARE(window.size(), size);
}

void TestCompare::paceFromDock_data()
{
    QTest::addColumn<int>("paceIndex"); // -1: a window without a Scenario dock
    QTest::newRow("full speed") << 0;
    QTest::newRow("fast") << 1;
    QTest::newRow("slow") << 3;
    QTest::newRow("no dock") << -1;
}

void TestCompare::paceFromDock()
{
    QFETCH(int, paceIndex);
    QMainWindow main;
    ScenarioDock *dock = nullptr;
    if (paceIndex >= 0) {
        dock = new ScenarioDock(&main);
        main.addDockWidget(Qt::RightDockWidgetArea, dock);
        dock->setPaceIndex(paceIndex);
        QCOMPARE(dock->paceIndex(), paceIndex);
    }
    auto *launcher = new ComparisonLauncher(&main);
    main.show();
    launcher->action()->trigger();
    QPointer<ComparisonWindow> window = main.findChild<ComparisonWindow *>();
    QVERIFY(window);
    const int expected = dock ? dock->delay() : ComparisonLauncher::DefaultDelayMs;
    QCOMPARE(window->comparison()->delay(), expected);
    for (ComparisonSide *side : { window->comparison()->accountLevel(), window->comparison()->classic() })
        QCOMPARE(side->runner()->delay(), expected);
    // Closed mid-run: the window goes, and the comparison with it.
    window->close();
    QTRY_VERIFY(!window);
}

void TestCompare::playsInLockStep()
{
    constexpr int Pace = 20;
    ModeComparison comparison(m_scenario);
    QString error;
    QVERIFY2(comparison.start(&error), qPrintable(error));
    comparison.setDelay(Pace);
    QList<int> started; // step indexes, in the order either side started them
    for (ComparisonSide *side : { comparison.accountLevel(), comparison.classic() }) {
        QCOMPARE(side->runner()->delay(), Pace);
        connect(side->runner(), &ScenarioRunner::stepStarted, &comparison,
                [&started](int index) { started << index; });
    }
    QSignalSpy finished(&comparison, &ModeComparison::finished);
    QElapsedTimer clock;
    clock.start();
    comparison.play();
    QVERIFY(finished.wait(90000));
    QVERIFY(finished.constFirst().constFirst().toBool());
    // Each step starts on both sides before either starts the next.
    const int steps = int(m_scenario.steps.size());
    QCOMPARE(started.size(), 2 * steps);
    for (int i = 0; i < started.size(); ++i)
        QCOMPARE(started.at(i), i / 2);
    QVERIFY(clock.elapsed() >= steps * Pace);
}

void TestCompare::externalServerFlags_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("error"); // empty: accepted
    const QString server = QStringLiteral("--server");
    const QString domain = QStringLiteral("--domain");
    const QString account = QStringLiteral("--account");
    QTest::newRow("complete") << QStringList { server,  QStringLiteral("127.0.0.1:5222"),
                                               domain,  QStringLiteral("localhost"),
                                               account, QStringLiteral("alice:a:b") }
                              << QString();
    QTest::newRow("no port") << QStringList { server,  QStringLiteral("example.org"),
                                              domain,  QStringLiteral("example.org"),
                                              account, QStringLiteral("alice:x") }
                             << QString();
    QTest::newRow("bad port") << QStringList {
        server, QStringLiteral("host:99999"), domain, QStringLiteral("d"), account, QStringLiteral("alice:x")
    } << QStringLiteral("--server needs HOST:PORT");
    QTest::newRow("no domain") << QStringList { server, QStringLiteral("h:1"), account,
                                                QStringLiteral("alice:x") }
                               << QStringLiteral("no domain");
    QTest::newRow("no account") << QStringList { server, QStringLiteral("h:1"), domain, QStringLiteral("d") }
                                << QStringLiteral("no account");
    QTest::newRow("no password") << QStringList {
        server, QStringLiteral("h:1"), domain, QStringLiteral("d"), account, QStringLiteral("alice")
    } << QStringLiteral("NAME:PASSWORD");
    QTest::newRow("session of nobody") << QStringList { server,
                                                        QStringLiteral("h:1"),
                                                        domain,
                                                        QStringLiteral("d"),
                                                        account,
                                                        QStringLiteral("alice:x"),
                                                        QStringLiteral("--session"),
                                                        QStringLiteral("bob/desktop") }
                                       << QStringLiteral("no --account bob");
    QTest::newRow("account without server")
        << QStringList { account, QStringLiteral("alice:x") } << QStringLiteral("go with --server");
}

void TestCompare::externalServerFlags()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, error);
    const LabCommandLine line
        = LabCommandLine::parse(QStringList { QStringLiteral("minimix-lab") } + arguments);
    if (error.isEmpty()) {
        QVERIFY2(line.outcome == CommandLine::Outcome::Run, qPrintable(line.error));
        QVERIFY(line.external);
        QCOMPARE(line.server.effectiveSessions(), QStringList { QStringLiteral("alice/lab") });
        QCOMPARE(line.server.effectiveMucDomain(), QStringLiteral("conference.") + line.server.domain);
    } else {
        QVERIFY(line.outcome == CommandLine::Outcome::Error);
        QVERIFY2(line.error.contains(error), qPrintable(line.error));
    }
}

QTEST_MAIN(TestCompare)
#include "tst_compare.moc"
