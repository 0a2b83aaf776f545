// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Drives the lab the way a person would: the built-in demo, the session panes'
// buttons and line edits, the join mode selector. Everything real: the server in
// its thread, five QXmppClient sessions on loopback, the fan-out view fed by traces.
#include "Jid.h"
#include "ServerCertificate.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "core/cli/LabCommandLine.h"
#include "core/host/LabServerHost.h"
#include "core/host/OutsideSessions.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/session/LabSession.h"
#include "core/session/StanzaReadGate.h"
#include "core/trace/TimelineLane.h"
#include "core/trace/TimelineModel.h"
#include "fanout/FanOutEdge.h"
#include "fanout/FanOutNode.h"
#include "fanout/FanOutView.h"
#include "scenario/ScenarioDock.h"
#include "session/ChatView.h"
#include "session/OutsideSessionCard.h"
#include "session/SessionPane.h"
#include "session/XmlConsole.h"
#include "window/LabGuide.h"
#include "window/LabWindow.h"
#include "window/OwnClientDock.h"
#include "window/WindowSettings.h"

#include <QAction>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDir>
#include <QDomDocument>
#include <QElapsedTimer>
#include <QHelpEvent>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextCursor>
#include <QToolTip>
#include <QXmppClient.h>
#include <QXmppDiscoveryManager.h>
#include <QXmppVersionManager.h>
#include <functional>

namespace {
// The fan-out view's route for a session: "direct", "via-account", or "none" while not joined.
QString routeOf(LabWindow &window, const QString &fullJid)
{
    const QJsonObject view = window.fanOutView()->viewModel();
    for (const QJsonValue &account : view.value(QStringLiteral("accounts")).toArray()) {
        for (const QJsonValue &session : account.toObject().value(QStringLiteral("sessions")).toArray()) {
            const QJsonObject entry = session.toObject();
            if (account.toObject().value(QStringLiteral("jid")).toString() + QLatin1Char('/')
                    + entry.value(QStringLiteral("resource")).toString()
                == fullJid)
                return entry.value(QStringLiteral("route")).toString();
        }
    }
    return QStringLiteral("missing");
}

constexpr QLatin1String Phone("alice@localhost/phone");
constexpr QLatin1String Laptop("alice@localhost/laptop");
constexpr QLatin1String Web("alice@localhost/web");
constexpr QLatin1String Bob("bob@localhost/desktop");
constexpr QLatin1String Carol("carol@localhost/mobile");

// The groupchat bodies a session received, in order; history marked as such.
QStringList received(const LabSession *session, const QString &room)
{
    QStringList bodies;
    for (const LabSession::GroupMessage &message : session->groupMessages(room))
        bodies << (message.delayed ? message.body + QStringLiteral(" (history)") : message.body);
    return bodies;
}

bool allConnected(const LabWindow &window)
{
    for (const LabSession *session : window.sessions()) {
        if (!session->isConnected())
            return false;
    }
    return true;
}

bool logContains(const SessionPane *pane, const QString &text)
{
    const auto *log = pane->findChild<QListWidget *>(QStringLiteral("log"));
    for (int i = 0; log && i < log->count(); ++i) {
        if (log->item(i)->text().contains(text))
            return true;
    }
    return false;
}

int distinctColours(const QImage &image)
{
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            colours.insert(line[x]);
    }
    return colours.size();
}
} // namespace

class TestLabWindow : public QObject
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
    void demoFansOutToJoinedSessions();
    void joinSendLeaveThroughWidgets();
    void classicModeGivesEverySessionItsOwnEdge();
    void edgeTooltipShowsLastStanza();
    void fanOutViewCoalescesBursts();
    void commandLine_data();
    void commandLine();
    void xmlConsoleTrimsInPlace_data();
    void xmlConsoleTrimsInPlace();
    void xmlConsoleIndentsAsTheDom_data();
    void xmlConsoleIndentsAsTheDom();
    void stanzaBoundaries_data();
    void stanzaBoundaries();
    void readGateSitsOnEverySession();
    void chatViewKeepsTheNewestLines();
    void chatViewFollowsAFlood_data();
    void chatViewFollowsAFlood();
    void timelineForgetsOnlyDroppedFanOuts();
    void guideListsEveryShortcut();
    void storageFailureShowsInTheStatusBar();
    void outsideClientGetsACard();
    void clientWithoutVersionIsNamedByItsIdentity();
    void ownClientPanelShowsWhatAClientNeeds();
    void takenPortGivesWayToAFreeOne();

private:
    static void startWindow(LabWindow &window);
};

void TestLabWindow::startWindow(LabWindow &window)
{
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.startLab(), qPrintable(window.errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(allConnected(window), 10000);
}

void TestLabWindow::demoFansOutToJoinedSessions()
{
    LabWindow window;
    startWindow(window);
    QCOMPARE(window.joinMode(), JoinMode::AccountLevel);

    // The demo plays through the Scenario dock, at the dock's pace: here full speed.
    window.scenarioDock()->setPaceIndex(0);
    QSignalSpy finished(&window, &LabWindow::demoFinished);
    window.runDemo();
    QVERIFY(window.isDemoRunning());
    QVERIFY(window.scenarioDock()->isVisible());
    QCOMPARE(window.scenarioDock()->stepList()->count(), window.scenarioRunner()->scenario().steps.size());
    QCOMPARE(window.scenarioRunner()->delay(), window.scenarioDock()->delay());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(window.scenarioRunner()->summary().text()));
    QVERIFY(!window.isDemoRunning());

    // Each joined session got each message exactly once. alice/phone joined first and
    // left last; alice/web and carol/mobile joined after "hello" and got it as history
    // (from alice's archive through the replay, and from the room's own history).
    const QString room = window.room();
    const QStringList live = { QStringLiteral("hello"), QStringLiteral("hi") };
    const QStringList late = { QStringLiteral("hello (history)"), QStringLiteral("hi") };
    QCOMPARE(received(window.session(Phone), room), live);
    QCOMPARE(received(window.session(Laptop), room), live);
    QCOMPARE(received(window.session(Web), room), late);
    QCOMPARE(received(window.session(Bob), room), live);
    QCOMPARE(received(window.session(Carol), room), late);

    QVERIFY(!window.session(Phone)->isJoined(room));
    for (QLatin1String jid : { Laptop, Web, Bob, Carol })
        QVERIFY2(window.session(jid)->isJoined(room), qPrintable(jid));

    // §4: alice/phone left alone, so the room never saw alice leave. A round trip
    // through the room makes sure nothing about it is still on its way to bob.
    LabSession *bob = window.session(Bob);
    QVERIFY(bob->sendGroupMessage(room, QStringLiteral("anyone?")));
    QTRY_VERIFY(bob->groupBodies(room).contains(QStringLiteral("anyone?")));
    // The cards take stanzas in batches: once bob's shows the round trip, it shows all before it.
    QTRY_VERIFY(logContains(window.pane(Bob), QStringLiteral("anyone?")));
    QVERIFY(!logContains(window.pane(Bob), QStringLiteral("presence lobby/alice unavailable")));
    QTRY_VERIFY(logContains(window.pane(Phone), QStringLiteral("presence lobby/alice unavailable [110]")));

    // The fan-out view shows the three accounts as occupants, the phone dark, and
    // counts exactly what each session received from the room.
    const FanOutView *view = window.fanOutView();
    const QStringList accounts = { QStringLiteral("alice@localhost"), QStringLiteral("bob@localhost"),
                                   QStringLiteral("carol@localhost") };
    QCOMPARE(view->accounts(), accounts);
    for (const QString &account : accounts) {
        QVERIFY2(view->isAccountLit(account), qPrintable(account));
        QVERIFY(view->roomEdge(account)->isActive());
        QVERIFY(view->roomEdge(account)->count() > 0);
    }
    QVERIFY(!view->isSessionLit(Phone));
    for (QLatin1String jid : { Laptop, Web, Bob, Carol }) {
        QVERIFY2(view->isSessionLit(jid), qPrintable(jid));
        QCOMPARE(view->route(jid), FanOutView::Route::ViaAccount);
    }
    QCOMPARE(window.sessions().size(), 5);
    for (const LabSession *session : window.sessions()) {
        // Every session was in the room at some point: a count of 0 = 0 proves nothing.
        QVERIFY2(session->roomStanzaCount(room) > 0, qPrintable(session->jid()));
        QTRY_COMPARE(view->sessionCounter(session->jid()), session->roomStanzaCount(room));
    }
    QVERIFY(view->deliveries() > view->roomStanzas()); // alice's two or three sessions share one copy

    const QImage shot = window.grab().toImage();
    QCOMPARE(shot.size(), QSize(1400, 900));
    const int colours = distinctColours(shot);
    QVERIFY2(colours > 400, qPrintable(QStringLiteral("only %1 colours").arg(colours)));

    // The report the headless run prints.
    const QStringList report = window.receivedReport();
    QCOMPARE(report.size(), 5);
    QVERIFY2(report.at(2).startsWith(QStringLiteral("alice@localhost/web:")), qPrintable(report.at(2)));
    QVERIFY2(report.at(2).contains(QStringLiteral("hello (history), hi")), qPrintable(report.at(2)));
}

void TestLabWindow::joinSendLeaveThroughWidgets()
{
    LabWindow window;
    startWindow(window);
    const QString room = window.room();
    LabSession *bob = window.session(Bob);
    LabSession *carol = window.session(Carol);
    SessionPane *bobPane = window.pane(Bob);
    SessionPane *carolPane = window.pane(Carol);
    auto button = [](SessionPane *pane, const char *name) {
        return pane->findChild<QPushButton *>(QString::fromLatin1(name));
    };
    auto *bobMessage = bobPane->findChild<QLineEdit *>(QStringLiteral("message"));
    auto *carolMessage = carolPane->findChild<QLineEdit *>(QStringLiteral("message"));
    QVERIFY(bobMessage && carolMessage);

    QTRY_VERIFY(button(bobPane, "join")->isEnabled());
    QVERIFY(!button(bobPane, "leave")->isEnabled());
    QVERIFY(!bobMessage->isEnabled());
    QTest::mouseClick(button(bobPane, "join"), Qt::LeftButton);
    // Bob creates the room; it stays locked until his instant-room form is accepted.
    QTRY_VERIFY(bob->isJoined(room) && !bob->isConfiguring(room));
    QCOMPARE(bob->nick(room), QStringLiteral("bob"));
    QVERIFY(!button(bobPane, "join")->isEnabled());
    QVERIFY(button(bobPane, "leave")->isEnabled());

    QTest::mouseClick(button(carolPane, "join"), Qt::LeftButton);
    QTRY_VERIFY(carol->isJoined(room));
    QTRY_VERIFY(window.fanOutView()->isAccountLit(QStringLiteral("carol@localhost")));

    QVERIFY(!button(bobPane, "send")->isEnabled()); // nothing typed yet
    QTest::keyClicks(bobMessage, QStringLiteral("ping from bob"));
    QVERIFY(button(bobPane, "send")->isEnabled());
    QTest::mouseClick(button(bobPane, "send"), Qt::LeftButton);
    QVERIFY(bobMessage->text().isEmpty());
    QTRY_VERIFY(carol->groupBodies(room).contains(QStringLiteral("ping from bob")));
    QTRY_VERIFY(logContains(bobPane, QStringLiteral("groupchat \u201cping from bob\u201d from lobby/bob")));
    QTRY_VERIFY(logContains(carolPane, QStringLiteral("groupchat \u201cping from bob\u201d from lobby/bob")));

    QTest::keyClicks(carolMessage, QStringLiteral("pong"));
    QTest::keyClick(carolMessage, Qt::Key_Return);
    QTRY_VERIFY(bob->groupBodies(room).contains(QStringLiteral("pong")));
    QCOMPARE(bob->groupBodies(room),
             QStringList({ QStringLiteral("ping from bob"), QStringLiteral("pong") }));

    // Lit before the leave, so the wait below sees the leave and not the start.
    QVERIFY(carol->isJoined(room));
    QTRY_VERIFY(window.fanOutView()->isAccountLit(QStringLiteral("carol@localhost")));
    QTest::mouseClick(button(carolPane, "leave"), Qt::LeftButton);
    QTRY_VERIFY(!carol->isJoined(room));
    QTRY_VERIFY(!window.fanOutView()->isAccountLit(QStringLiteral("carol@localhost")));
    QVERIFY(window.fanOutView()->isAccountLit(QStringLiteral("bob@localhost")));
    QVERIFY(button(carolPane, "join")->isEnabled());
    QVERIFY(!button(carolPane, "leave")->isEnabled());
    QVERIFY(!carolMessage->isEnabled());
    QTRY_VERIFY(logContains(bobPane, QStringLiteral("presence lobby/carol unavailable")));
}

void TestLabWindow::classicModeGivesEverySessionItsOwnEdge()
{
    LabWindow window;
    startWindow(window);
    auto *selector = window.findChild<QComboBox *>(QStringLiteral("modeSelector"));
    QVERIFY(selector);
    selector->setCurrentIndex(1);
    QCOMPARE(window.joinMode(), JoinMode::Classic);
    QCOMPARE(window.server()->joinMode(), JoinMode::Classic);

    const QString room = window.room();
    LabSession *phone = window.session(Phone);
    LabSession *laptop = window.session(Laptop);
    window.joinRoom(phone);
    QTRY_VERIFY(phone->isJoined(room) && !phone->isConfiguring(room));
    window.joinRoom(laptop);
    QTRY_VERIFY(laptop->isJoined(room));
    // Two occupants of one account need two nicks.
    QCOMPARE(phone->nick(room), QStringLiteral("alice-phone"));
    QCOMPARE(laptop->nick(room), QStringLiteral("alice-laptop"));

    QVERIFY(phone->sendGroupMessage(room, QStringLiteral("one copy each")));
    QTRY_COMPARE(laptop->groupBodies(room), QStringList { QStringLiteral("one copy each") });
    QTRY_COMPARE(phone->groupBodies(room), QStringList { QStringLiteral("one copy each") });

    FanOutView *view = window.fanOutView();
    QTRY_COMPARE(view->route(Laptop), FanOutView::Route::Direct);
    QCOMPARE(view->route(Phone), FanOutView::Route::Direct);
    QVERIFY(!view->isAccountLit(QStringLiteral("alice@localhost"))); // the sessions are the occupants
    QVERIFY(view->isSessionLit(Phone) && view->isSessionLit(Laptop));
    FanOutEdge *edge = view->edgeTo(Laptop);
    QCOMPARE(edge->upper()->role(), FanOutNode::Role::Room);
    QVERIFY(edge->isVisible());
    QTRY_VERIFY(edge->count() > 0);
    for (QLatin1String jid : { Phone, Laptop })
        QTRY_COMPARE(view->sessionCounter(jid), window.session(jid)->roomStanzaCount(room));
}

void TestLabWindow::edgeTooltipShowsLastStanza()
{
    LabWindow window;
    startWindow(window);
    const QString room = window.room();
    window.joinRoom(window.session(Bob));
    QTRY_VERIFY(window.session(Bob)->isJoined(room) && !window.session(Bob)->isConfiguring(room));
    QVERIFY(window.session(Bob)->sendGroupMessage(room, QStringLiteral("tooltip me")));
    FanOutView *view = window.fanOutView();
    FanOutEdge *edge = view->edgeTo(Bob);
    QTRY_VERIFY(edge->lastXml().contains(QStringLiteral("tooltip me")));

    const QPoint at = view->mapFromScene(edge->path().pointAtPercent(0.5));
    QHelpEvent help(QEvent::ToolTip, at, view->viewport()->mapToGlobal(at));
    QApplication::sendEvent(view->viewport(), &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QStringLiteral("tooltip me")), qPrintable(QToolTip::text()));
    QVERIFY(QToolTip::text().contains(QStringLiteral("&lt;message")));
    QToolTip::hideText();
}

void TestLabWindow::fanOutViewCoalescesBursts()
{
    const QString room = QStringLiteral("lobby@conference.localhost");
    FanOutView view(room);
    view.resize(1000, 500);
    view.addSession(Laptop, Qt::blue);
    view.addSession(Web, Qt::blue);
    view.setSessionJoined(Laptop, true);
    view.setSessionJoined(Web, true);

    // A thousand room stanzas, each forked to two sessions: 3,000 events in a burst.
    constexpr int Stanzas = 1000;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < Stanzas; ++i) {
        TraceEvent event;
        event.fanOutId = quint64(i) + 1;
        event.kind = TraceEvent::Kind::GroupChat;
        event.room = room;
        event.account = QStringLiteral("alice@localhost");
        event.xml = QStringLiteral("<message type='groupchat'><body>%1</body></message>").arg(i);
        event.direction = TraceEvent::Direction::RoomToAccount;
        view.handleTrace(event);
        event.direction = TraceEvent::Direction::ServerToSession;
        for (QLatin1String session : { Laptop, Web }) {
            event.session = session;
            view.handleTrace(event);
        }
    }
    const qint64 elapsed = clock.elapsed();
    qInfo("3,000 trace events handled in %lld ms", elapsed);
    QVERIFY2(elapsed < 1000, "far too slow for 1,000 events a second");
    // One glow per edge however many stanzas crossed it.
    QCOMPARE(view.glowingEdgeCount(), 3);
    QCOMPARE(view.sessionCounter(Laptop), Stanzas);
    QCOMPARE(view.edgeTo(Web)->count(), Stanzas);
    QCOMPARE(view.roomEdge(QStringLiteral("alice@localhost"))->count(), Stanzas);
    QTRY_COMPARE_WITH_TIMEOUT(view.glowingEdgeCount(), 0, 5000);
}

void TestLabWindow::commandLine_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<bool>("headless");
    QTest::addColumn<QString>("screenshot");

    const int run = int(CommandLine::Outcome::Run);
    const int error = int(CommandLine::Outcome::Error);
    const QString fallback = QStringLiteral("minimix-lab-demo.png");
    QTest::newRow("nothing") << QStringList() << run << false << fallback;
    QTest::newRow("headless") << QStringList { QStringLiteral("--headless") } << run << true << fallback;
    QTest::newRow("screenshot") << QStringList { QStringLiteral("--headless"), QStringLiteral("--screenshot"),
                                                 QStringLiteral("/tmp/a.png") }
                                << run << true << QStringLiteral("/tmp/a.png");
    QTest::newRow("screenshot=") << QStringList { QStringLiteral("--screenshot=b.png") } << run << false
                                 << QStringLiteral("b.png");
    QTest::newRow("help") << QStringList { QStringLiteral("--help") } << int(CommandLine::Outcome::ShowHelp)
                          << false << fallback;
    QTest::newRow("-h") << QStringList { QStringLiteral("-h") } << int(CommandLine::Outcome::ShowHelp)
                        << false << fallback;
    QTest::newRow("version") << QStringList { QStringLiteral("--version") }
                             << int(CommandLine::Outcome::ShowVersion) << false << fallback;
    QTest::newRow("unknown") << QStringList { QStringLiteral("--fast") } << error << false << fallback;
    QTest::newRow("stray") << QStringList { QStringLiteral("demo") } << error << false << fallback;
    QTest::newRow("no value") << QStringList { QStringLiteral("--screenshot") } << error << false << fallback;
    QTest::newRow("bench") << QStringList { QStringLiteral("--bench-frames") } << run << false << fallback;
    QTest::newRow("bench seconds") << QStringList { QStringLiteral("--bench-frames"), QStringLiteral("2.5") }
                                   << run << false << fallback;
    QTest::newRow("bench=seconds") << QStringList { QStringLiteral("--bench-frames=3"),
                                                    QStringLiteral("--headless") }
                                   << run << true << fallback;
    QTest::newRow("bench rate, json")
        << QStringList { QStringLiteral("--bench-frames"), QStringLiteral("--bench-rate"),
                         QStringLiteral("500"), QStringLiteral("--bench-json"),
                         QStringLiteral("/tmp/b.json") }
        << run << false << fallback;
    QTest::newRow("bench bad seconds")
        << QStringList { QStringLiteral("--bench-frames"), QStringLiteral("soon") } << error << false
        << fallback;
    QTest::newRow("bench zero") << QStringList { QStringLiteral("--bench-frames=0") } << error << false
                                << fallback;
    QTest::newRow("bench rate alone")
        << QStringList { QStringLiteral("--bench-rate"), QStringLiteral("10") } << error << false << fallback;
    QTest::newRow("bench and scenario")
        << QStringList { QStringLiteral("--bench-frames"), QStringLiteral("--scenario"),
                         QStringLiteral("x.json") }
        << error << false << fallback;
}

void TestLabWindow::commandLine()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, outcome);
    QFETCH(bool, headless);
    QFETCH(QString, screenshot);
    arguments.prepend(QStringLiteral("minimix-lab"));
    const LabCommandLine parsed = LabCommandLine::parse(arguments);
    QCOMPARE(int(parsed.outcome), outcome);
    QCOMPARE(parsed.error.isEmpty(), outcome != int(CommandLine::Outcome::Error));
    if (parsed.outcome == CommandLine::Outcome::Run) {
        QCOMPARE(parsed.headless, headless);
        QCOMPARE(parsed.screenshotPath, screenshot);
        const bool bench = arguments.filter(QStringLiteral("--bench-frames")).size() > 0;
        QCOMPARE(parsed.benchFrames, bench);
        if (arguments.contains(QStringLiteral("2.5")))
            QCOMPARE(parsed.benchSeconds, 2.5);
        else if (arguments.contains(QStringLiteral("--bench-frames=3")))
            QCOMPARE(parsed.benchSeconds, 3.0);
        else if (bench)
            QCOMPARE(parsed.benchSeconds, 10.0);
        if (arguments.contains(QStringLiteral("--bench-rate"))) {
            QCOMPARE(parsed.benchRate, 500);
            QCOMPARE(parsed.benchJsonPath, QStringLiteral("/tmp/b.json"));
        }
    } else if (parsed.outcome == CommandLine::Outcome::Error) {
        QCOMPARE(parsed.report(), 2); // usage on stderr
    }
}

void TestLabWindow::xmlConsoleTrimsInPlace_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("shown");
    QTest::addColumn<int>("batchEvery"); // shown: let the view take its batch every so many entries
    QTest::newRow("all") << QString() << QString() << false << 0;
    QTest::newRow("messages") << QStringLiteral("message") << QString() << false << 0;
    QTest::newRow("presences") << QStringLiteral("presence") << QString() << false << 0;
    QTest::newRow("text") << QString() << QStringLiteral("#7") << false << 0;
    QTest::newRow("shown, batches") << QString() << QString() << true << 700;
    QTest::newRow("shown, presences, batches") << QStringLiteral("presence") << QString() << true << 500;
    QTest::newRow("shown, one batch") << QString() << QString() << true << 0;
}

// Past MaxEntries the oldest tenth goes, from the view too, without building it again:
// what it shows is still exactly what the filters accept, in order, pending batches or not.
void TestLabWindow::xmlConsoleTrimsInPlace()
{
    QFETCH(QString, kind);
    QFETCH(QString, text);
    QFETCH(bool, shown);
    QFETCH(int, batchEvery);
    LabSession session(QStringLiteral("alice"), QStringLiteral("localhost"), QStringLiteral("phone"));
    XmlConsole console(&session);
    console.setKindFilter(kind);
    console.setTextFilter(text);
    if (shown) {
        console.resize(600, 400);
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
    }
    const auto *view = console.findChild<QPlainTextEdit *>(QStringLiteral("consoleView"));
    QVERIFY(view);
    const int total = XmlConsole::MaxEntries * 2 + 321;
    for (int i = 0; i < total; ++i) {
        // Bodies of one to three lines, so entries take different numbers of lines.
        const QString body
            = QStringList { QStringLiteral("#%1").arg(i), QStringLiteral("second"), QStringLiteral("third") }
                  .mid(0, 1 + i % 3)
                  .join(QLatin1Char('\n'));
        const QString xml = i % 4 == 0
            ? QStringLiteral(
                  "<presence from='lobby@conference.localhost/n%1'><status>#%1</status></presence>")
                  .arg(i)
            : QStringLiteral("<message type='groupchat' from='lobby@conference.localhost/bob'><body>%1</body>"
                             "</message>")
                  .arg(body);
        QDomDocument document;
        QVERIFY(document.setContent(xml));
        emit session.elementReceived(document.documentElement());
        // Hidden, the view takes nothing until it is shown.
        if (!shown && i == XmlConsole::MaxEntries + 1)
            QVERIFY(view->toPlainText().isEmpty());
        if (batchEvery > 0 && i % batchEvery == batchEvery - 1)
            QTest::qWait(XmlConsole::FlushMs + 10);
    }
    QVERIFY(console.entries().size() <= XmlConsole::MaxEntries);
    QVERIFY(LAST_OF(console.entries()).xml.contains(QStringLiteral("%1").arg(total - 1)));
    if (!shown) {
        QVERIFY(view->toPlainText().isEmpty());
        // Shown at last, it holds exactly what the filters accept, in one append.
        console.resize(600, 400);
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
        QCOMPARE(view->toPlainText(), console.visibleText());
        // Hidden again and fed on, it catches up when shown once more.
        console.hide();
        for (int i = total; i < total + XmlConsole::MaxEntries / 2; ++i) {
            QDomDocument document;
            QVERIFY(document.setContent(
                QStringLiteral("<message type='groupchat' from='lobby@conference.localhost/bob'>"
                               "<body>#%1</body></message>")
                    .arg(i)));
            emit session.elementReceived(document.documentElement());
        }
        console.show();
        QVERIFY(QTest::qWaitForWindowExposed(&console));
    }
    QTRY_COMPARE(view->toPlainText(), console.visibleText());
    const QString count = console.findChild<QLabel *>(QStringLiteral("consoleCount"))->text();
    QVERIFY2(count.contains(QString::number(console.entries().size())), qPrintable(count));
}

void TestLabWindow::stanzaBoundaries_data()
{
    // A stream as a server writes it, piece by piece: true where a piece ends at the
    // stream's level (what QXmpp can parse), false where it is markup inside a stanza.
    QTest::addColumn<QStringList>("pieces");
    QTest::addColumn<QList<bool>>("whitespace"); // every position inside is at the stream's level too
    const QStringList pieces {
        QStringLiteral("<?xml version='1.0'?>"),
        QStringLiteral("\n"),
        QStringLiteral("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
                       "id='a>b' version=\"1.0\">"),
        QStringLiteral("<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
                       "</starttls></stream:features>"),
        QStringLiteral("<message type='groupchat' from='r@c/n'><body>a &gt; b > c / d</body><x xmlns='x'/>"
                       "</message>"),
        QStringLiteral(" \n\t "),
        QStringLiteral("<!-- a comment <with> a tag -->"),
        QStringLiteral("<message><body><![CDATA[ <not a='tag'> ]] > ]]></body><!-- > --></message>"),
        QStringLiteral("<presence/>"),
        QStringLiteral("<iq type=\"result\" id='x\"y/>'/>"),
        QStringLiteral("<r xmlns='urn:xmpp:sm:3'/>"),
        // Restarted after SASL, the stream opens again without closing.
        QStringLiteral(
            "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"),
        QStringLiteral("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>a@b/c</jid>"
                       "</bind></iq>"),
        QStringLiteral("</stream:stream>"),
    };
    QList<bool> whitespace;
    for (const QString &piece : pieces)
        whitespace << piece.trimmed().isEmpty();
    QTest::newRow("a stream") << pieces << whitespace;
}

// The read gate's scanner: at every byte of a stream, whether what came so far ends
// between stanzas. Fed at once, in two parts or byte by byte, it says the same.
void TestLabWindow::stanzaBoundaries()
{
    QFETCH(QStringList, pieces);
    QFETCH(QList<bool>, whitespace);
    const QByteArray stream = pieces.join(QString()).toUtf8();
    QSet<int> boundaries { 0 };
    int end = 0;
    for (int i = 0; i < pieces.size(); ++i) {
        const int length = int(pieces.at(i).toUtf8().size());
        if (whitespace.at(i)) {
            for (int at = end; at <= end + length; ++at)
                boundaries.insert(at);
        }
        end += length;
        boundaries.insert(end);
    }
    StanzaBoundaryScanner bytewise;
    for (int at = 0; at <= stream.size(); ++at) {
        StanzaBoundaryScanner whole;
        whole.feed(stream.constData(), at);
        QVERIFY2(
            whole.atStreamLevel() == boundaries.contains(at),
            qPrintable(
                QStringLiteral("at %1: ...%2").arg(at).arg(QString::fromUtf8(stream.left(at).right(30)))));
        if (at > 0)
            bytewise.feed(stream.constData() + at - 1, 1);
        QCOMPARE(bytewise.atStreamLevel(), whole.atStreamLevel());
        QCOMPARE(bytewise.depth(), whole.depth());
        // The rest in a second part: the end is the stream's end, whatever the split.
        whole.feed(stream.constData() + at, stream.size() - at);
        QVERIFY(whole.atStreamLevel());
        QCOMPARE(whole.depth(), 0);
    }
}

// Every lab session reads through the gate: the QXmpp this is built with has the read
// slot the gate replaces (if a QXmpp update renames it, sessions would read unguarded).
void TestLabWindow::readGateSitsOnEverySession()
{
    LabSession session(QStringLiteral("alice"), QStringLiteral("localhost"), QStringLiteral("phone"));
    const auto *gate = session.findChild<StanzaReadGate *>();
    QVERIFY(gate);
    QVERIFY(gate->isInstalled());
}

void TestLabWindow::xmlConsoleIndentsAsTheDom_data()
{
    QTest::addColumn<QString>("xml");
    QTest::addColumn<bool>("namespaces");
    const QStringList stanzas {
        QStringLiteral("<message type='groupchat' from='lobby@conference.localhost/bob' "
                       "to='alice@localhost/phone' id='m1'><body>bench #12</body>"
                       "<stanza-id xmlns='urn:xmpp:sid:0' id='abc' by='lobby@conference.localhost'/>"
                       "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='x=='/></message>"),
        QStringLiteral("<presence from='lobby@conference.localhost/alice' to='alice@localhost/web'>"
                       "<x xmlns='http://jabber.org/protocol/muc#user'><item affiliation='owner' "
                       "role='moderator' jid='alice@localhost'/><status code='110'/><status code='210'/>"
                       "</x><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='n' ver='v'/>"
                       "</presence>"),
        QStringLiteral("<iq type='result' id='p1' from='localhost' to='alice@localhost/phone'/>"),
        QStringLiteral("<iq type='get' id='q'><query xmlns='http://jabber.org/protocol/disco#info' "
                       "node='a&amp;b'/></iq>"),
        QStringLiteral("<message type='chat' to='bob@localhost' xml:lang='en'><body>a &lt; b &amp;&amp; "
                       "c &gt; d \u201cquoted\u201d \"plain\" ]]&gt; tab\there\r\nnext\rline\nlast"
                       "\u2029para</body><subject>  padded  </subject></message>"),
        QStringLiteral("<message to='r@conference.localhost' title='a \"q\" &lt;b&gt; c\td\ne'>\n  "
                       "<body>hi</body>\n  <x xmlns='jabber:x:data' type='submit'>\n    <field var='f'>"
                       "<value/></field>\n  </x>\n</message>"),
        QStringLiteral("<message><body>mixed <b xmlns='urn:b'>bold</b> text</body><empty>   </empty>"
                       "<cdata><![CDATA[raw <xml> & ]]></cdata></message>"),
        QStringLiteral("<presence type='unavailable'><stream:error xmlns:stream='http://etherx.jabber.org/"
                       "streams'/><p:q xmlns:p='urn:p' p:attr='1' other='2'/></presence>"),
    };
    for (int i = 0; i < stanzas.size(); ++i) {
        QTest::addRow("stanza %d, namespaces", i) << stanzas.at(i) << true;
        QTest::addRow("stanza %d, plain", i) << stanzas.at(i) << false;
    }
}

// The console writes stanzas itself, thousands a second on a busy stream: exactly as
// QDomDocument::toString(2) of the stanza in a document of its own wrote them (whitespace
// between elements dropped, the stream's namespace left out, line breaks as \n).
void TestLabWindow::xmlConsoleIndentsAsTheDom()
{
    QFETCH(QString, xml);
    QFETCH(bool, namespaces);
    // As a client stream delivers it: inside the stream's default namespace.
    QDomDocument stream;
    QString error;
    QVERIFY2(stream.setContent(QStringLiteral("<stream xmlns='jabber:client'>") + xml
                                   + QStringLiteral("</stream>"),
                               namespaces, &error),
             qPrintable(error));
    const QDomElement stanza = stream.documentElement().firstChildElement();
    QVERIFY(!stanza.isNull());

    QDomDocument document;
    document.appendChild(document.importNode(stanza, true));
    const std::function<void(QDomNode)> dropBlankText = [&dropBlankText](QDomNode node) {
        for (QDomNode child = node.firstChild(); !child.isNull();) {
            const QDomNode next = child.nextSibling();
            if (child.isText() && child.toText().data().trimmed().isEmpty() && node.childNodes().size() > 1)
                node.removeChild(child);
            else if (child.isElement())
                dropBlankText(child);
            child = next;
        }
    };
    dropBlankText(document.documentElement());
    QString expected = document.toString(2);
    expected.replace(QLatin1String(" xmlns=\"jabber:client\""), QString());
    expected.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    expected.replace(QLatin1Char('\r'), QLatin1Char('\n'));
    expected.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    QCOMPARE(XmlConsole::indented(stanza), expected.trimmed());
}

// The chat keeps its newest MaxLines lines, in the view as in lines(), however many come.
void TestLabWindow::chatViewFollowsAFlood_data()
{
    QTest::addColumn<int>("width"); // narrow: every line wraps
    QTest::addColumn<int>("perBatch"); // lines between two batches the view takes
    QTest::addColumn<bool>("hiddenFirst"); // the flood comes while the chat is hidden
    QTest::newRow("wide") << 400 << 70 << false;
    QTest::newRow("narrow") << 130 << 70 << false;
    QTest::newRow("narrow, shown after a flood") << 130 << 70 << true;
}

// A chat at its end stays there however fast lines come, also once its oldest lines
// go and when its lines wrap: the newest line is the one in sight.
void TestLabWindow::chatViewFollowsAFlood()
{
    QFETCH(int, width);
    QFETCH(int, perBatch);
    QFETCH(bool, hiddenFirst);
    LabSession session(QStringLiteral("alice"), QStringLiteral("localhost"), QStringLiteral("phone"));
    const QString room = QStringLiteral("lobby@conference.localhost");
    ChatView chat(&session, room);
    chat.resize(width, 300);
    auto *view = chat.findChild<QPlainTextEdit *>(QStringLiteral("chat"));
    QVERIFY(view);
    const auto say = [&](int from, int to) {
        for (int i = from; i < to; ++i) {
            QDomDocument document;
            document.setContent(
                QStringLiteral("<message type='groupchat' from='%1/bob'><body>line %2</body></message>")
                    .arg(room)
                    .arg(i));
            emit session.elementReceived(document.documentElement());
        }
    };
    const auto newestInSight = [&](int newest) {
        const QString text = QStringLiteral("line %1").arg(newest);
        QTRY_VERIFY(view->document()->lastBlock().text().endsWith(text));
        QTextCursor end(view->document());
        end.movePosition(QTextCursor::End);
        QTRY_VERIFY2(view->viewport()->rect().contains(view->cursorRect(end)),
                     qPrintable(QStringLiteral("%1 out of sight").arg(text)));
    };
    int said = 0;
    if (hiddenFirst) {
        say(0, ChatView::MaxLines + 300);
        said = ChatView::MaxLines + 300;
    }
    chat.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chat));
    if (said > 0)
        newestInSight(said - 1);
    const int total = said + ChatView::MaxLines + 500;
    for (; said < total && !QTest::currentTestFailed(); said += perBatch) {
        say(said, said + perBatch);
        newestInSight(said + perBatch - 1);
    }
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(view->document()->blockCount(), ChatView::MaxLines);
}

void TestLabWindow::chatViewKeepsTheNewestLines()
{
    LabSession session(QStringLiteral("alice"), QStringLiteral("localhost"), QStringLiteral("phone"));
    const QString room = QStringLiteral("lobby@conference.localhost");
    ChatView chat(&session, room);
    chat.resize(400, 300);
    chat.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chat));
    const int total = ChatView::MaxLines + 250;
    for (int i = 0; i < total; ++i) {
        QDomDocument document;
        QVERIFY(document.setContent(
            QStringLiteral("<message type='groupchat' from='%1/bob'><body>line %2\nmore</body>"
                           "</message>")
                .arg(room)
                .arg(i)));
        emit session.elementReceived(document.documentElement());
    }
    QCOMPARE(chat.lines().size(), ChatView::MaxLines);
    QCOMPARE(chat.lines().constLast(), QStringLiteral("bob: line %1\nmore").arg(total - 1));
    const auto *view = chat.findChild<QPlainTextEdit *>(QStringLiteral("chat"));
    QVERIFY(view);
    // In the view with the next batch: one block per line, the newest last.
    QTRY_COMPARE(view->document()->blockCount(), ChatView::MaxLines);
    QVERIFY(view->document()->lastBlock().text().endsWith(
        QStringLiteral("line %1").arg(total - 1) + QChar(QChar::LineSeparator) + QStringLiteral("more")));
}

// Far past its capacity, the timeline still draws each copy from the account that
// forked it: forgetting the fan-outs of dropped rows never touches those it keeps.
void TestLabWindow::timelineForgetsOnlyDroppedFanOuts()
{
    TimelineModel model;
    model.setCapacity(37); // not a multiple of the 5 rows per fan-out: forgetting comes at every point
    const QString room = QStringLiteral("lobby@conference.localhost");
    const QString account = QStringLiteral("alice@localhost");
    const QString phone = QStringLiteral("alice@localhost/phone");
    const QString bob = room + QStringLiteral("/bob");
    quint64 id = 0;
    const auto event
        = [&](quint64 fanOut, TraceEvent::Direction direction, const QString &from, const QString &to) {
              TraceEvent e;
              e.id = ++id;
              e.fanOutId = fanOut;
              e.time = QDateTime::currentDateTimeUtc();
              e.direction = direction;
              e.kind = TraceEvent::Kind::GroupChat;
              e.room = room;
              e.account = account;
              e.from = from;
              e.to = to;
              e.session = direction == TraceEvent::Direction::ServerToSession ? to : QString();
              e.xml = QStringLiteral("<message type='groupchat' from='%1' to='%2'><body>%3</body></message>")
                          .arg(from, to)
                          .arg(fanOut);
              return e;
          };
    for (quint64 fanOut = 1; fanOut <= 500; ++fanOut) {
        model.handleTrace(event(fanOut, TraceEvent::Direction::RoomToAccount, bob, account));
        // A few rows of other traffic between the room stanza and its copy.
        for (int i = 0; i < 3; ++i)
            model.handleTrace(event(0, TraceEvent::Direction::SessionToServer, phone, room));
        model.handleTrace(event(fanOut, TraceEvent::Direction::ServerToSession, bob, phone));
        const TimelineRow &copy = model.row(model.rowCount() - 1);
        QCOMPARE(copy.fromLane, TimelineLane::accountKey(account));
    }
    QCOMPARE(model.rowCount(), 37);
    QVERIFY(model.droppedRows() > 10 * model.capacity());
}

void TestLabWindow::guideListsEveryShortcut()
{
    LabWindow window;
    window.setAttribute(Qt::WA_DontShowOnScreen);
    window.show();
    auto *guideAction = window.findChild<QAction *>(QStringLiteral("labGuideAction"));
    QVERIFY(guideAction);
    QCOMPARE(guideAction->shortcut(), QKeySequence(QKeySequence::HelpContents));
    QCOMPARE(guideAction->shortcut().toString(QKeySequence::NativeText), QStringLiteral("F1"));
    // In the Help menu, before About.
    QMenu *help = nullptr;
    for (QAction *entry : window.menuBar()->actions()) {
        if (entry->menu() && entry->menu()->actions().contains(guideAction))
            help = entry->menu();
    }
    QVERIFY(help);
    QCOMPARE(help->actions().constFirst(), guideAction);

    guideAction->trigger();
    auto *guide = window.findChild<LabGuide *>();
    QVERIFY(guide);
    QVERIFY(guide->isVisible());
    QVERIFY(!guide->isModal());
    QString text = guide->browser()->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Ctrl+R")) && text.contains(QStringLiteral("Run demo")),
             qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Shift+F5")), qPrintable(text)); // the Scenario dock's Stop button
    // Every shortcut of every menu action is there, as the menus have it now.
    int listed = 0;
    for (const LabGuide::Shortcut &shortcut : LabGuide::shortcuts(&window)) {
        QVERIFY2(text.contains(shortcut.keys), qPrintable(shortcut.keys));
        ++listed;
    }
    QVERIFY(listed >= 8);
    const QString shots = qEnvironmentVariable("MINIMIX_TEST_SCREENSHOTS");
    if (!shots.isEmpty()) {
        guide->grab().save(shots + QStringLiteral("/guide.png"));
        guide->browser()->scrollToAnchor(QStringLiteral("shortcuts"));
        guide->grab().save(shots + QStringLiteral("/guide-shortcuts.png"));
    }
    for (const QAction *action : window.findChildren<QAction *>()) {
        if (!action->shortcut().isEmpty() && !action->menu())
            QVERIFY2(text.contains(action->shortcut().toString(QKeySequence::NativeText)),
                     qPrintable(action->text()));
    }
    // Read again each time it opens: a shortcut added later is listed too.
    guide->close();
    QMenu *extra = help->addMenu(QStringLiteral("&Extra"));
    QAction *added = extra->addAction(QStringLiteral("Zoom &in"));
    added->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_Z));
    QCOMPARE(LabGuide::open(&window), guide);
    text = guide->browser()->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("Help \u203a Extra \u203a Zoom in")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Ctrl+Alt+Z")), qPrintable(text));
}

// The lab's database refuses a write (a failing statement, injected from a second
// connection): the status bar says so in red while it lasts, and the message is not shown.
void TestLabWindow::storageFailureShowsInTheStatusBar()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("lab.db"));
    LabWindow window;
    window.setDatabasePath(path);
    startWindow(window);
    const QString room = window.room();
    LabSession *bob = window.session(Bob);
    LabSession *carol = window.session(Carol);
    window.joinRoom(bob);
    QTRY_VERIFY(bob->isJoined(room) && !bob->isConfiguring(room));
    window.joinRoom(carol);
    QTRY_VERIFY(carol->isJoined(room));
    auto *status = window.findChild<QLabel *>(QStringLiteral("storageStatus"));
    QVERIFY(status);
    QVERIFY(!status->isVisible());

    const QString connection = QStringLiteral("fault");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("CREATE TRIGGER injected_fault BEFORE INSERT ON archive"
                                                  " BEGIN SELECT RAISE(ABORT, 'injected fault'); END")));
    }
    QVERIFY(bob->sendGroupMessage(room, QStringLiteral("lost")));
    QTRY_VERIFY(status->isVisible());
    QVERIFY2(status->text().contains(QLatin1String("Storage failing")), qPrintable(status->text()));
    QVERIFY2(status->toolTip().contains(QLatin1String("injected fault")), qPrintable(status->toolTip()));

    QVERIFY(
        QSqlQuery(QSqlDatabase::database(connection)).exec(QStringLiteral("DROP TRIGGER injected_fault")));
    QSqlDatabase::removeDatabase(connection);
    QVERIFY(bob->sendGroupMessage(room, QStringLiteral("kept")));
    QTRY_VERIFY(carol->groupBodies(room).contains(QStringLiteral("kept")));
    QTRY_VERIFY(!status->isVisible());
    QVERIFY(!carol->groupBodies(room).contains(QStringLiteral("lost")));
    QVERIFY(!bob->groupBodies(room).contains(QStringLiteral("lost")));
}

// A real client's session (here a QXmppClient the lab does not drive, named as Gajim
// names itself) gets a card beside the lab's: its name and version from XEP-0092, the
// rooms it joined, what it received, and its XML both ways in a console.
void TestLabWindow::outsideClientGetsACard()
{
    LabWindow window;
    startWindow(window);
    const QString room = window.room();
    QVERIFY(window.outsideCards().isEmpty());

    TestClient gajim(QStringLiteral("alice"), QStringLiteral("gajim"));
    auto *version = gajim.client()->findExtension<QXmppVersionManager>();
    QVERIFY(version);
    version->setClientName(QStringLiteral("Gajim"));
    version->setClientVersion(QStringLiteral("1.7.3"));
    QVERIFY(gajim.connectToServer(window.server()->port()));
    QTRY_COMPARE(window.outsideCards().size(), 1);
    OutsideSessionCard *card = window.outsideCards().constFirst();
    QCOMPARE(card->jid(), QStringLiteral("alice@localhost/gajim"));
    QTRY_COMPARE(card->clientName(), QStringLiteral("Gajim 1.7.3"));
    QCOMPARE(window.outsideSessions()->clientName(card->jid()), QStringLiteral("Gajim 1.7.3"));
    QCOMPARE(card->findChild<QLabel *>(QStringLiteral("client"))->text(), QStringLiteral("Gajim 1.7.3"));
    // The lab's own sessions were never asked who they are.
    for (const LabSession *session : window.sessions())
        QVERIFY(!window.outsideSessions()->sessions().contains(session->jid()));

    // Asking the room something (as Gajim does before joining) does not make the session
    // an occupant of its own in the diagram.
    const QDomElement info = gajim.requestXml(
        QStringLiteral(
            "<iq type='get' id='%1' to='%2'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>")
            .arg(QStringLiteral("%1"), room));
    QVERIFY(!info.isNull());

    QVERIFY(gajim.join(room, QStringLiteral("alice")));
    QTRY_COMPARE(card->stateText(), QStringLiteral("joined %1").arg(Jid::node(room)));
    QTRY_COMPARE(routeOf(window, card->jid()), QStringLiteral("via-account"));
    LabSession *bob = window.session(Bob);
    window.joinRoom(bob);
    QTRY_VERIFY(bob->isJoined(room) && !bob->isConfiguring(room));
    QVERIFY(bob->sendGroupMessage(room, QStringLiteral("hello gajim")));
    const auto logHas = [card](const QString &text) {
        const auto *log = card->findChild<QListWidget *>(QStringLiteral("log"));
        for (int i = 0; i < log->count(); ++i) {
            if (log->item(i)->text().contains(text))
                return true;
        }
        return false;
    };
    QTRY_VERIFY(logHas(QStringLiteral("hello gajim")));
    window.grab().save(QDir::temp().filePath(QStringLiteral("minimix-outside-card.png")));
    QVERIFY(card->receivedCount() > 0);
    // Both directions in its console: its join presence out, bob's message in.
    QStringList labels;
    for (const XmlConsole::Entry &entry : card->console()->entries())
        labels << entry.label();
    QVERIFY2(labels.contains(QStringLiteral("out presence %1/alice").arg(room)),
             qPrintable(labels.join(QLatin1Char('\n'))));
    QVERIFY2(labels.contains(QStringLiteral("in message %1/bob").arg(room)),
             qPrintable(labels.join(QLatin1Char('\n'))));

    gajim.client()->disconnectFromServer();
    QTRY_VERIFY(window.outsideCards().isEmpty());
}

// A client that tells its version to its contacts only (Gajim) is named by its disco
// identity.
void TestLabWindow::clientWithoutVersionIsNamedByItsIdentity()
{
    LabWindow window;
    startWindow(window);
    TestClient gajim(QStringLiteral("alice"), QStringLiteral("gajim"));
    gajim.client()->removeExtension(gajim.client()->findExtension<QXmppVersionManager>());
    gajim.client()->findExtension<QXmppDiscoveryManager>()->setClientName(QStringLiteral("Gajim"));
    QVERIFY(gajim.connectToServer(window.server()->port()));
    QTRY_COMPARE(window.outsideCards().size(), 1);
    QTRY_COMPARE(window.outsideCards().constFirst()->clientName(), QStringLiteral("Gajim"));
    QVERIFY2(window.statusBar()->findChildren<QLabel *>().size() > 0, "status bar");
}

// Everything a client needs to log in, as the server really is, with a copy button each.
void TestLabWindow::ownClientPanelShowsWhatAClientNeeds()
{
    LabWindow window;
    startWindow(window);
    OwnClientDock *dock = window.ownClientDock();
    QVERIFY(dock);
    QCOMPARE(dock->value(QStringLiteral("host")), QStringLiteral("127.0.0.1"));
    QCOMPARE(dock->value(QStringLiteral("port")), QString::number(window.server()->port()));
    QCOMPARE(dock->value(QStringLiteral("domain")), QStringLiteral("localhost"));
    QCOMPARE(dock->value(QStringLiteral("muc")), QStringLiteral("conference.localhost"));
    QCOMPARE(dock->value(QStringLiteral("password")), LabServerHost::password());
    const QString fingerprint = dock->value(QStringLiteral("fingerprint"));
    QVERIFY2(
        QRegularExpression(QStringLiteral("^[0-9A-F]{2}(:[0-9A-F]{2}){31}$")).match(fingerprint).hasMatch(),
        qPrintable(fingerprint));
    QCOMPARE(fingerprint, window.server()->certificateFingerprint());
    // Profanity shows the SHA-1 one.
    QString sha1 = dock->value(QStringLiteral("sha1"));
    QCOMPARE(sha1.remove(QLatin1Char(':')),
             QString::fromLatin1(
                 window.server()->certificate().digest(QCryptographicHash::Sha1).toHex().toUpper()));
    for (const QString &user : LabServerHost::accountNames())
        QCOMPARE(dock->value(user + QStringLiteral("@localhost")), user + QStringLiteral("@localhost"));
    const QStringList advice = OwnClientDock::clientAdvice();
    for (const char *client : { "Gajim", "Dino", "Profanity", "Poezio", "Psi+" })
        QVERIFY2(advice.join(QLatin1Char(' ')).contains(QLatin1String(client)), client);
    QVERIFY2(dock->statusText().contains(QStringLiteral("127.0.0.1:%1").arg(window.server()->port())),
             qPrintable(dock->statusText()));
    // The Lab menu opens it.
    QAction *action = window.findChild<QAction *>(QStringLiteral("ownClientAction"));
    QVERIFY(action);
    QVERIFY(!dock->isVisible());
    action->trigger();
    QTRY_VERIFY(dock->isVisible());
    window.grab().save(QDir::temp().filePath(QStringLiteral("minimix-own-client-panel.png")));
}

// The window prefers 5222 but a taken port must not stop the lab: it listens on a free
// one, says so, and the lab's sessions log in there.
void TestLabWindow::takenPortGivesWayToAFreeOne()
{
    QTcpServer other;
    QVERIFY(other.listen(QHostAddress::LocalHost, 0));
    LabWindow window;
    window.server()->setListenAddress(QHostAddress::LocalHost, other.serverPort(),
                                      LabServerHost::PortFallback::AnyFreePort);
    startWindow(window);
    QVERIFY(window.server()->isOnFallbackPort());
    QVERIFY(window.server()->port() != other.serverPort());
    QCOMPARE(window.server()->preferredPort(), other.serverPort());
    const QString status = window.ownClientDock()->statusText();
    QVERIFY2(status.contains(QString::number(other.serverPort()))
                 && status.contains(QStringLiteral("in use")),
             qPrintable(status));
    // Without the fallback it is an error, as --listen makes it.
    LabServerHost strict;
    strict.setListenAddress(QHostAddress::LocalHost, other.serverPort());
    QVERIFY(!strict.start());
    QVERIFY(strict.listenFailed());
}

QTEST_MAIN(TestLabWindow)
#include "tst_labwindow.moc"
