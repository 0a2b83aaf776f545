// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Compare modes: the built-in "3 accounts × 3 sessions" scenario played at once on
// an account-level and a classic server, with the exact totals each mode must give.
#include "TestEnvironment.h"
#include "compare/ComparisonWindow.h"
#include "core/cli/LabCommandLine.h"
#include "core/compare/ComparisonSide.h"
#include "core/compare/ModeComparison.h"
#include "core/scenario/ScenarioParser.h"
#include "core/scenario/ScenarioRunner.h"
#include "fanout/FanOutView.h"
#include "window/LabWindow.h"
#include "window/WindowSettings.h"

#include <QProcess>
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
} // namespace

class TestCompare : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void builtInScenarioParses();
    void totalsInBothModes();
    void headlessProgram();
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
