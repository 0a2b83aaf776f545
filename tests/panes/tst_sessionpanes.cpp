// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Drives the session details the way a person would: buttons, line edits, combo
// boxes and the raw XML editor of the real window, with the real server thread and
// QXmppClient sessions on loopback.
#include "MinimixServer.h"
#include "TestEnvironment.h"
#include "core/host/LabServerHost.h"
#include "core/session/LabSession.h"
#include "fanout/FanOutView.h"
#include "scenario/ScenarioDock.h"
#include "session/ChatView.h"
#include "session/OccupantList.h"
#include "session/RawXmlInput.h"
#include "session/SessionControls.h"
#include "session/SessionDetail.h"
#include "session/SessionPane.h"
#include "session/SessionsDock.h"
#include "session/XmlConsole.h"
#include "timeline/TimelinePanel.h"
#include "timeline/TimelineView.h"
#include "ui/ElidedLabel.h"
#include "ui/PresentationZoom.h"
#include "window/LabWindow.h"
#include "window/WindowSettings.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDomElement>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QXmppClient.h>
#include <algorithm>
#include <iterator>
#include <memory>

namespace {
constexpr QLatin1String Phone("alice@localhost/phone");
constexpr QLatin1String Laptop("alice@localhost/laptop");
constexpr QLatin1String Bob("bob@localhost/desktop");
constexpr QLatin1String Lobby("lobby@conference.localhost");

template<typename T> T *child(QWidget *parent, const QString &name)
{
    T *found = parent ? parent->findChild<T *>(name) : nullptr;
    if (!found)
        qWarning("no %s in %s", qPrintable(name), parent ? qPrintable(parent->objectName()) : "nothing");
    return found;
}

void click(QWidget *parent, const QString &name)
{
    auto *button = child<QPushButton>(parent, name);
    QVERIFY(button);
    QVERIFY2(button->isEnabled(), qPrintable(name + QStringLiteral(" is disabled")));
    QTest::mouseClick(button, Qt::LeftButton);
}

void type(QWidget *parent, const QString &name, const QString &text)
{
    auto *edit = child<QLineEdit>(parent, name);
    QVERIFY(edit);
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, text);
}

// Picks an item with the keyboard, as a person tabbing through would.
void choose(QWidget *parent, const QString &name, const QString &text)
{
    auto *combo = child<QComboBox>(parent, name);
    QVERIFY(combo);
    const int index = combo->findText(text);
    QVERIFY2(index >= 0, qPrintable(text));
    QTest::keyClick(combo, Qt::Key_Home);
    for (int i = 0; i < index; ++i)
        QTest::keyClick(combo, Qt::Key_Down);
    QCOMPARE(combo->currentText(), text);
}

QStringList labels(const QVector<XmlConsole::Entry> &entries)
{
    QStringList list;
    for (const XmlConsole::Entry &entry : entries)
        list << entry.label();
    return list;
}

QString occupantsText(const OccupantList *list)
{
    QStringList parts;
    for (const OccupantList::Occupant &occupant : list->occupants())
        parts << QStringLiteral("%1%2 %3/%4 %5")
                     .arg(occupant.nick, occupant.self ? QStringLiteral("*") : QString(), occupant.role,
                          occupant.affiliation, occupant.show);
    return parts.join(QStringLiteral(", "));
}

bool allConnected(const LabWindow &window)
{
    for (const LabSession *session : window.sessions()) {
        if (!session->isConnected())
            return false;
    }
    return true;
}
} // namespace

class TestSessionPanes : public QObject
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
    void init();
    void cleanup();
    void cardOpensDetails();
    void joinSendLeaveThroughWidgets();
    void consoleFilter_data();
    void consoleFilter();
    void rawXml();
    void nickAndPresence();
    void dropAndReconnectKeepsAccount();
    void streamsAreEncrypted_data();
    void streamsAreEncrypted();
    void loseAndResume_data();
    void loseAndResume();
    void resumptionTimesOut();
    void addAndRemoveSession();
    void accountModeSwitch();
    void cardTextElides_data();
    void cardTextElides();
    void narrowCardShowsWholeTexts();
    void staleMessageGoesWithTheSession();
    void typedNickForgottenOnRestart();
    void zoomScalesAndIsRemembered();
    void scenarioDockWithoutScenario();

private:
    SessionDetail *detail(const QString &jid) const;
    // Joins through the detail's Join button and waits for the room's answer.
    void join(const QString &jid);

    std::unique_ptr<LabWindow> m_window;
};

void TestSessionPanes::init()
{
    m_window = std::make_unique<LabWindow>();
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY2(m_window->startLab(), qPrintable(m_window->errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(allConnected(*m_window), 10000);
}

void TestSessionPanes::cleanup()
{
    m_window.reset();
}

SessionDetail *TestSessionPanes::detail(const QString &jid) const
{
    return m_window->sessionsDock()->detail(m_window->session(jid));
}

void TestSessionPanes::join(const QString &jid)
{
    SessionDetail *shown = detail(jid);
    QVERIFY(shown);
    m_window->sessionsDock()->showSession(shown->session());
    click(shown->controls(), QStringLiteral("join"));
    QTRY_VERIFY(shown->session()->isJoined(Lobby));
    QTRY_VERIFY(!shown->session()->isConfiguring(Lobby));
}

void TestSessionPanes::cardOpensDetails()
{
    SessionsDock *dock = m_window->sessionsDock();
    QVERIFY(!dock->isVisible()); // the compact cards first
    QTest::mouseClick(m_window->pane(Bob), Qt::LeftButton, Qt::NoModifier, QPoint(40, 60));
    QTRY_VERIFY(dock->isVisible());
    QVERIFY(dock->currentDetail());
    QCOMPARE(dock->currentDetail()->session()->jid(), QString(Bob));
    QTest::mouseClick(m_window->pane(Laptop), Qt::LeftButton, Qt::NoModifier, QPoint(40, 60));
    QVERIFY(dock->currentDetail());
    QCOMPARE(dock->currentDetail()->session()->jid(), QString(Laptop));
}

void TestSessionPanes::joinSendLeaveThroughWidgets()
{
    join(Phone);
    join(Bob);
    SessionDetail *phone = detail(Phone);
    SessionDetail *bob = detail(Bob);
    QTRY_COMPARE(occupantsText(phone->occupants()),
                 QStringLiteral("alice* moderator/owner online, bob participant/none online"));
    QTRY_COMPARE(occupantsText(bob->occupants()),
                 QStringLiteral("alice moderator/owner online, bob* participant/none online"));

    // Through bob's card, as in the main window.
    SessionPane *card = m_window->pane(Bob);
    type(card, QStringLiteral("message"), QStringLiteral("hello from bob"));
    click(card, QStringLiteral("send"));
    QTRY_VERIFY(phone->chat()->lines().contains(QStringLiteral("bob: hello from bob")));
    QVERIFY(bob->chat()->lines().contains(QStringLiteral("bob: hello from bob")));
    QVERIFY(phone->chat()->lines().contains(QStringLiteral("* joined as alice")));

    // A late session gets the message as history: marked as such.
    join(Laptop);
    QTRY_VERIFY(detail(Laptop)->chat()->lines().contains(QStringLiteral("[history] bob: hello from bob")));

    click(bob->controls(), QStringLiteral("leave"));
    QTRY_VERIFY(!bob->session()->isJoined(Lobby));
    QTRY_COMPARE(phone->occupants()->nicks(), QStringList { QStringLiteral("alice") });
    QVERIFY(bob->occupants()->nicks().isEmpty());
    QVERIFY(bob->chat()->lines().contains(QStringLiteral("* left the room")));
}

void TestSessionPanes::consoleFilter_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("room");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");

    const QString fromBob = QStringLiteral("in message lobby@conference.localhost/bob");
    const QString said = QStringLiteral("out message lobby@conference.localhost");
    const QString echo = QStringLiteral("in message lobby@conference.localhost/alice");
    const QString ping = QStringLiteral("out iq localhost");
    const QString pong = QStringLiteral("in iq localhost");
    const QString all = QStringLiteral("All kinds");
    const QString anyRoom = QStringLiteral("All rooms");
    QTest::newRow("everything") << all << anyRoom << QString()
                                << QStringList { fromBob, said, echo, ping, pong };
    QTest::newRow("messages") << QStringLiteral("message") << anyRoom << QString()
                              << QStringList { fromBob, said, echo };
    QTest::newRow("iq") << QStringLiteral("iq") << anyRoom << QString() << QStringList { ping, pong };
    QTest::newRow("presence") << QStringLiteral("presence") << anyRoom << QString() << QStringList {};
    QTest::newRow("errors") << QStringLiteral("error") << anyRoom << QString() << QStringList {};
    QTest::newRow("room") << all << QStringLiteral("lobby") << QString()
                          << QStringList { fromBob, said, echo };
    QTest::newRow("text") << all << anyRoom << QStringLiteral("HELLO") << QStringList { fromBob };
    QTest::newRow("text in one stanza kind")
        << QStringLiteral("message") << anyRoom << QStringLiteral("hi there") << QStringList { said, echo };
    QTest::newRow("namespace") << all << anyRoom << QStringLiteral("urn:xmpp:ping") << QStringList { ping };
    QTest::newRow("room and iq") << QStringLiteral("iq") << QStringLiteral("lobby") << QString()
                                 << QStringList {};
}

void TestSessionPanes::consoleFilter()
{
    QFETCH(QString, kind);
    QFETCH(QString, room);
    QFETCH(QString, text);
    QFETCH(QStringList, expected);

    join(Phone);
    join(Bob);
    SessionDetail *phone = detail(Phone);
    XmlConsole *console = phone->console();
    // Whatever the joins brought is settled once a ping round trip is back.
    QSignalSpy answered(phone->session(), &LabSession::pingAnswered);
    QVERIFY(!phone->session()->ping().isEmpty());
    QTRY_COMPARE(answered.count(), 1);
    click(console, QStringLiteral("clearConsole"));
    QVERIFY(console->entries().isEmpty());

    QVERIFY(detail(Bob)->session()->sendGroupMessage(Lobby, QStringLiteral("hello alice")));
    QTRY_COMPARE(console->entries().size(), 1);
    type(m_window->pane(Phone), QStringLiteral("message"), QStringLiteral("hi there"));
    click(m_window->pane(Phone), QStringLiteral("send"));
    QTRY_COMPARE(console->entries().size(), 3);
    auto *raw = child<QPlainTextEdit>(phone->rawInput(), QStringLiteral("rawXml"));
    QTest::keyClicks(
        raw, QStringLiteral("<iq type='get' id='p1' to='localhost'><ping xmlns='urn:xmpp:ping'/></iq>"));
    QTest::keyClick(raw, Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE(console->entries().size(), 5);

    // Looked at, as a person would: the console takes into its view what came while hidden.
    m_window->sessionsDock()->showSession(phone->session());
    auto *tabs = child<QTabWidget>(phone, QStringLiteral("detailTabs"));
    QVERIFY(tabs);
    tabs->setCurrentIndex(tabs->indexOf(console->parentWidget()));
    QTRY_VERIFY(console->isVisible());
    choose(console, QStringLiteral("kindFilter"), kind);
    choose(console, QStringLiteral("roomFilter"), room);
    type(console, QStringLiteral("textFilter"), text);
    QCOMPARE(labels(console->visibleEntries()), expected);

    // The view shows the same entries, with arrows; Copy all copies exactly them.
    const QString shown = child<QPlainTextEdit>(console, QStringLiteral("consoleView"))->toPlainText();
    QCOMPARE(shown.count(QChar(0x25b2)) + shown.count(QChar(0x25bc)), expected.size());
    click(console, QStringLiteral("copyAll"));
    QCOMPARE(QApplication::clipboard()->text(), shown);
    const QString count = child<QLabel>(console, QStringLiteral("consoleCount"))->text();
    // Both directions, and said so: the card counts received stanzas only.
    QCOMPARE(count,
             expected.size() == 5 ? QStringLiteral("5 stanzas sent and received")
                                  : QStringLiteral("%1 of 5 stanzas sent and received").arg(expected.size()));
}

void TestSessionPanes::rawXml()
{
    SessionDetail *phone = detail(Phone);
    m_window->sessionsDock()->showSession(phone->session());
    RawXmlInput *input = phone->rawInput();
    auto *editor = child<QPlainTextEdit>(input, QStringLiteral("rawXml"));
    auto *error = child<QLabel>(input, QStringLiteral("xmlError"));
    // What logging in brought is settled once a ping round trip is back.
    QSignalSpy settled(phone->session(), &LabSession::pingAnswered);
    QVERIFY(!phone->session()->ping().isEmpty());
    QTRY_COMPARE(settled.count(), 1);
    click(phone->console(), QStringLiteral("clearConsole"));
    QSignalSpy sent(phone->session(), &LabSession::elementSent);

    // Not well-formed: refused with where, nothing leaves the session.
    QTest::keyClicks(
        editor, QStringLiteral("<iq type='get' id='bad' to='localhost'><ping xmlns='urn:xmpp:ping'></iq>"));
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(error->isVisibleTo(input));
    QVERIFY2(error->text().startsWith(QStringLiteral("Not well-formed XML")), qPrintable(error->text()));
    QVERIFY(input->errorText().contains(QStringLiteral("column")));
    QSignalSpy answered(phone->session(), &LabSession::pingAnswered);
    QVERIFY(!phone->session()->ping().isEmpty()); // a barrier: anything sent would be answered first
    QTRY_COMPARE(answered.count(), 1);
    QCOMPARE(sent.count(), 0);
    // Nothing went out. (What comes in meanwhile, say another session's late presence
    // on a loaded machine, is no concern of this check.)
    const QVector<XmlConsole::Entry> entries = phone->console()->entries();
    QVERIFY(std::none_of(entries.cbegin(), entries.cend(), [](const XmlConsole::Entry &entry) {
        return entry.direction == XmlConsole::Direction::Out;
    }));

    QCOMPARE(RawXmlInput::check(QStringLiteral("<a/><b/>")),
             QStringLiteral("2 elements: send one stanza at a time."));
    QVERIFY(RawXmlInput::check(QStringLiteral("<message to='x'>")).contains(QStringLiteral("not closed")));

    // Well-formed: sent as written, the server answers, and the error goes away.
    editor->selectAll();
    QTest::keyClick(editor, Qt::Key_Backspace);
    QVERIFY(!error->isVisibleTo(input));
    // Plain Return is a new line in the editor; Ctrl+Return would send.
    QTest::keyClicks(editor, QStringLiteral("<iq type='get' id='good' to='localhost'>"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTest::keyClicks(editor, QStringLiteral("  <ping xmlns='urn:xmpp:ping'/>"));
    QTest::keyClick(editor, Qt::Key_Return);
    QTest::keyClicks(editor, QStringLiteral("</iq>"));
    QCOMPARE(editor->toPlainText().count(QLatin1Char('\n')), 2);
    click(input, QStringLiteral("sendXml"));
    QVERIFY(!error->isVisibleTo(input));
    // Only the exchange with the server: another session's late presence may come in too.
    const auto exchange = [phone] {
        QVector<XmlConsole::Entry> iqs;
        const QVector<XmlConsole::Entry> entries = phone->console()->entries();
        std::copy_if(entries.cbegin(), entries.cend(), std::back_inserter(iqs),
                     [](const XmlConsole::Entry &entry) { return entry.kind == QLatin1String("iq"); });
        return iqs;
    };
    QTRY_COMPARE(labels(exchange()),
                 (QStringList { QStringLiteral("out iq localhost"), QStringLiteral("in iq localhost") }));
    const XmlConsole::Entry answer = exchange().constLast();
    QVERIFY2(answer.xml.contains(QStringLiteral("type=\"result\""))
                 && answer.xml.contains(QStringLiteral("id=\"good\"")),
             qPrintable(answer.xml));
    // Indented: the ping child on a line of its own.
    const XmlConsole::Entry request = exchange().constFirst();
    QVERIFY2(request.xml.contains(QStringLiteral("\n  <ping")), qPrintable(request.xml));
}

void TestSessionPanes::nickAndPresence()
{
    join(Phone);
    join(Bob);
    SessionDetail *bob = detail(Bob);
    SessionDetail *phone = detail(Phone);

    choose(bob->controls(), QStringLiteral("show"), QStringLiteral("away"));
    type(bob->controls(), QStringLiteral("statusText"), QStringLiteral("lunch"));
    click(bob->controls(), QStringLiteral("setPresence"));
    QTRY_COMPARE(occupantsText(phone->occupants()),
                 QStringLiteral("alice* moderator/owner online, bob participant/none away"));
    QCOMPARE(phone->occupants()->occupants().constLast().status, QStringLiteral("lunch"));

    type(bob->controls(), QStringLiteral("nick"), QStringLiteral("robert"));
    click(bob->controls(), QStringLiteral("changeNick"));
    QTRY_COMPARE(bob->session()->nick(Lobby), QStringLiteral("robert"));
    QTRY_COMPARE(phone->occupants()->nicks(),
                 (QStringList { QStringLiteral("alice"), QStringLiteral("robert") }));
    QTRY_VERIFY(!bob->occupants()->occupants().isEmpty() && bob->occupants()->occupants().constLast().self);
}

void TestSessionPanes::dropAndReconnectKeepsAccount()
{
    QCOMPARE(m_window->joinMode(), JoinMode::AccountLevel);
    join(Phone);
    join(Bob);
    SessionDetail *phone = detail(Phone);
    SessionDetail *bob = detail(Bob);
    QTRY_COMPARE(bob->occupants()->nicks(), (QStringList { QStringLiteral("alice"), QStringLiteral("bob") }));

    click(phone->controls(), QStringLiteral("drop"));
    QTRY_VERIFY(phone->session()->isOffline());
    QVERIFY(!phone->session()->isJoined(Lobby));
    // A drop ends the session: nothing to resume, and the card says offline, not detached.
    QTRY_COMPARE(m_window->pane(Phone)->stateText(), QStringLiteral("offline"));
    QVERIFY(m_window->server()->detachedSessions().isEmpty());
    QVERIFY(!m_window->pane(Phone)->property("detached").toBool());
    QVERIFY(!m_window->fanOutView()->isSessionDetached(Phone));
    QVERIFY(child<QPushButton>(phone->controls(), QStringLiteral("reconnect"))->isEnabled());
    QVERIFY(!child<QPushButton>(phone->controls(), QStringLiteral("resume"))->isEnabled());
    QVERIFY(phone->occupants()->nicks().isEmpty());
    QTRY_COMPARE(child<QLabel>(phone->controls(), QStringLiteral("sessionState"))->text(),
                 QStringLiteral("offline"));
    // §5: the account stays in the room, extended away, and bob sees no one leave.
    QTRY_COMPARE(occupantsText(bob->occupants()),
                 QStringLiteral("alice moderator/owner xa, bob* participant/none online"));
    QVERIFY(m_window->fanOutView()->isAccountLit(QStringLiteral("alice@localhost")));
    QVERIFY(!m_window->fanOutView()->isSessionLit(Phone));

    click(phone->controls(), QStringLiteral("reconnect"));
    QTRY_VERIFY_WITH_TIMEOUT(phone->session()->isConnected(), 10000);
    join(Phone);
    // Served from the account's membership: the room saw nothing but alice coming back online.
    QTRY_COMPARE(occupantsText(phone->occupants()),
                 QStringLiteral("alice* moderator/owner online, bob participant/none online"));
    QTRY_COMPARE(occupantsText(bob->occupants()),
                 QStringLiteral("alice moderator/owner online, bob* participant/none online"));
    QVERIFY(m_window->fanOutView()->isSessionLit(Phone));
}

void TestSessionPanes::streamsAreEncrypted_data()
{
    QTest::addColumn<QString>("jid");
    for (const QString &name : LabServerHost::sessionNames())
        QTest::newRow(qPrintable(name)) << name.section(QLatin1Char('/'), 0, 0)
                + QStringLiteral("@localhost/") + name.section(QLatin1Char('/'), 1);
}

// Every lab session speaks STARTTLS, trusting the server's own certificate alone, and
// authenticates with SCRAM; the Stream row and the status bar say so.
void TestSessionPanes::streamsAreEncrypted()
{
    QFETCH(QString, jid);
    LabSession *session = m_window->session(jid);
    QVERIFY(session);
    QVERIFY(session->isEncrypted());
    QVERIFY2(session->authMechanism().startsWith(QLatin1String("SCRAM-SHA-")),
             qPrintable(session->authMechanism()));
    QVERIFY(session->isStreamManaged());
    QVERIFY(!session->isStreamResumed());
    const QSslCertificate server = m_window->server()->certificate();
    QVERIFY(!server.isNull());
    QCOMPARE(session->peerCertificate(), server);
    QCOMPARE(QString::fromLatin1(
                 session->peerCertificate().digest(QCryptographicHash::Sha256).toHex(':').toUpper()),
             m_window->server()->certificateFingerprint());

    // A new login with the same trust: no TLS error on the way.
    auto *client = session->findChild<QXmppClient *>();
    QVERIFY(client);
    QSignalSpy sslErrors(client, &QXmppClient::sslErrors);
    QSignalSpy errors(session, &LabSession::errorOccurred);
    session->disconnectFromServer();
    QTRY_VERIFY(session->isOffline());
    m_window->server()->connectSession(session);
    QTRY_VERIFY_WITH_TIMEOUT(session->isConnected() && session->isAvailable(), 10000);
    QVERIFY(session->isEncrypted());
    QCOMPARE(sslErrors.count(), 0);
    QCOMPARE(errors.count(), 0);

    SessionDetail *shown = detail(jid);
    const QString security = child<QLabel>(shown->controls(), QStringLiteral("security"))->text();
    QVERIFY2(security.startsWith(QLatin1String("TLS 1.")) && security.contains(session->authMechanism())
                 && security.contains(QLatin1String("stream management")),
             qPrintable(security));
    QVERIFY(child<QLabel>(shown->controls(), QStringLiteral("security"))
                ->toolTip()
                .contains(m_window->server()->certificateFingerprint()));
    auto *status = child<QLabel>(m_window->statusBar(), QStringLiteral("securityStatus"));
    QVERIFY(status);
    QTRY_VERIFY2(status->text().startsWith(QStringLiteral("TLS \u00b7 SCRAM-SHA-")),
                 qPrintable(status->text()));
    QVERIFY(status->toolTip().contains(m_window->server()->certificateFingerprint()));
}

void TestSessionPanes::loseAndResume_data()
{
    QTest::addColumn<bool>("classic");
    QTest::addColumn<QString>("roomSees"); // bob's occupant list, unchanged by the loss
    QTest::newRow("account-level") << false
                                   << QStringLiteral(
                                          "alice moderator/owner online, bob* participant/none online");
    QTest::newRow("classic")
        << true << QStringLiteral("alice-phone moderator/owner online, bob-desktop* participant/none online");
}

// "Lose network": the server keeps the phone detached in the room, the card and the
// fan-out view show it with a countdown; "Resume" brings it back on the same stream
// with what bob said meanwhile, and the room never saw it go.
void TestSessionPanes::loseAndResume()
{
    QFETCH(bool, classic);
    QFETCH(QString, roomSees);
    m_window->setJoinMode(classic ? JoinMode::Classic : JoinMode::AccountLevel);
    join(Phone);
    join(Bob);
    SessionDetail *phone = detail(Phone);
    SessionDetail *bob = detail(Bob);
    SessionPane *card = m_window->pane(Phone);
    QTRY_COMPARE(occupantsText(bob->occupants()), roomSees);
    auto *lose = child<QPushButton>(phone->controls(), QStringLiteral("lose"));
    auto *resume = child<QPushButton>(phone->controls(), QStringLiteral("resume"));
    auto *reconnect = child<QPushButton>(phone->controls(), QStringLiteral("reconnect"));
    QVERIFY(lose && resume && reconnect);
    QVERIFY(!resume->isEnabled());
    QStringList bobPresences; // what the room told bob about anyone from now on
    connect(bob->session(), &LabSession::elementReceived, this, [&bobPresences](const QDomElement &stanza) {
        if (stanza.tagName() == QLatin1String("presence"))
            bobPresences << stanza.attribute(QStringLiteral("from"));
    });

    m_window->sessionsDock()->showSession(phone->session());
    click(phone->controls(), QStringLiteral("lose"));
    QTRY_COMPARE(m_window->server()->detachedSessions(), QStringList { Phone });
    QTRY_VERIFY(phone->session()->isDetached());
    QVERIFY(phone->session()->isOffline());
    // Still joined: the server keeps it in the room.
    QVERIFY(phone->session()->isJoined(Lobby));
    QTRY_VERIFY(card->property("detached").toBool());
    QVERIFY2(card->stateText().startsWith(QStringLiteral("detached \u00b7 "))
                 && card->stateText().endsWith(QLatin1String(" left")),
             qPrintable(card->stateText()));
    QVERIFY2(child<QLabel>(phone->controls(), QStringLiteral("sessionState"))
                 ->text()
                 .startsWith(QStringLiteral("detached \u00b7 resumes within ")),
             qPrintable(child<QLabel>(phone->controls(), QStringLiteral("sessionState"))->text()));
    QVERIFY(m_window->fanOutView()->isSessionDetached(Phone));
    QVERIFY(m_window->fanOutView()->isSessionLit(Phone));
    QVERIFY2(m_window->fanOutView()->sessionSubtitle(Phone).startsWith(QStringLiteral("detached \u00b7 ")),
             qPrintable(m_window->fanOutView()->sessionSubtitle(Phone)));
    QVERIFY(!phone->occupants()->nicks().isEmpty());
    QVERIFY(resume->isEnabled());
    QVERIFY(!reconnect->isEnabled());
    QVERIFY(!lose->isEnabled());
    QVERIFY(!child<QPushButton>(card, QStringLiteral("send"))->isEnabled());
    // The countdown runs: the text changes within a couple of seconds.
    const QString before = card->stateText();
    QTRY_VERIFY_WITH_TIMEOUT(card->stateText() != before, 3000);
    QVERIFY(card->stateText().startsWith(QStringLiteral("detached")));

    type(m_window->pane(Bob), QStringLiteral("message"), QStringLiteral("while the phone was away"));
    click(m_window->pane(Bob), QStringLiteral("send"));
    QTRY_VERIFY(bob->session()->groupBodies(Lobby).contains(QStringLiteral("while the phone was away")));
    QVERIFY(!phone->session()->groupBodies(Lobby).contains(QStringLiteral("while the phone was away")));

    click(phone->controls(), QStringLiteral("resume"));
    QTRY_VERIFY_WITH_TIMEOUT(phone->session()->isConnected(), 10000);
    QVERIFY(phone->session()->isStreamResumed());
    QTRY_VERIFY(!phone->session()->isDetached());
    QTRY_VERIFY(!card->property("detached").toBool());
    QTRY_VERIFY2(card->stateText().startsWith(QStringLiteral("joined as ")), qPrintable(card->stateText()));
    QVERIFY(m_window->server()->detachedSessions().isEmpty());
    QVERIFY(!m_window->fanOutView()->isSessionDetached(Phone));
    QVERIFY(phone->session()->isJoined(Lobby));
    // The queue, once, and shown in the chat as said (no [history] mark: it is no replay).
    QTRY_COMPARE(phone->session()->groupBodies(Lobby).count(QStringLiteral("while the phone was away")), 1);
    QTRY_VERIFY2(phone->chat()->lines().contains(bob->session()->nick(Lobby)
                                                 + QStringLiteral(": while the phone was away")),
                 qPrintable(phone->chat()->lines().join(QLatin1Char('|'))));
    QVERIFY(!resume->isEnabled());
    QVERIFY(lose->isEnabled());
    // A live session again: it speaks, and the room never saw it go.
    type(card, QStringLiteral("message"), QStringLiteral("back"));
    click(card, QStringLiteral("send"));
    QTRY_VERIFY(bob->session()->groupBodies(Lobby).contains(QStringLiteral("back")));
    QCOMPARE(occupantsText(bob->occupants()), roomSees);
    QVERIFY2(bobPresences.isEmpty(), qPrintable(bobPresences.join(QLatin1Char(' '))));
    disconnect(bob->session(), &LabSession::elementReceived, this, nullptr);
}

// Not resumed in time: the server ends the session as a disconnect (§5: the account
// stays, extended away), and the lab shows it offline, out of the room.
void TestSessionPanes::resumptionTimesOut()
{
    m_window = std::make_unique<LabWindow>();
    m_window->server()->setResumeTimeoutSeconds(1);
    m_window->resize(1400, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY2(m_window->startLab(), qPrintable(m_window->errorString()));
    QTRY_VERIFY_WITH_TIMEOUT(allConnected(*m_window), 10000);
    join(Phone);
    join(Bob);
    SessionDetail *phone = detail(Phone);
    SessionDetail *bob = detail(Bob);
    QSignalSpy ended(phone->session(), &LabSession::detachedSessionEnded);
    m_window->sessionsDock()->showSession(phone->session());
    click(phone->controls(), QStringLiteral("lose"));
    QTRY_VERIFY(phone->session()->isDetached());
    QTRY_VERIFY_WITH_TIMEOUT(ended.count() == 1, 5000);
    QVERIFY(!phone->session()->isDetached());
    QVERIFY(!phone->session()->isJoined(Lobby));
    QVERIFY(phone->occupants()->nicks().isEmpty());
    QTRY_COMPARE(m_window->pane(Phone)->stateText(), QStringLiteral("offline"));
    QVERIFY(!m_window->pane(Phone)->property("detached").toBool());
    QVERIFY(!m_window->fanOutView()->isSessionDetached(Phone));
    QVERIFY(!m_window->fanOutView()->isSessionLit(Phone));
    QVERIFY(!child<QPushButton>(phone->controls(), QStringLiteral("resume"))->isEnabled());
    QVERIFY(child<QPushButton>(phone->controls(), QStringLiteral("reconnect"))->isEnabled());
    QTRY_COMPARE(occupantsText(bob->occupants()),
                 QStringLiteral("alice moderator/owner xa, bob* participant/none online"));
}

void TestSessionPanes::addAndRemoveSession()
{
    SessionsDock *dock = m_window->sessionsDock();
    dock->show();
    QWidget *top = dock->widget();
    type(top, QStringLiteral("newSession"), QStringLiteral("not a session"));
    click(top, QStringLiteral("addSession"));
    QVERIFY(child<QLabel>(top, QStringLiteral("sessionsMessage"))->isVisibleTo(top));
    QCOMPARE(m_window->sessions().size(), 5);

    type(top, QStringLiteral("newSession"), QStringLiteral("dave/tablet"));
    click(top, QStringLiteral("addSession"));
    const QString dave = QStringLiteral("dave@localhost/tablet");
    QVERIFY(m_window->session(dave));
    QCOMPARE(m_window->sessions().size(), 6);
    QVERIFY(m_window->pane(dave));
    QCOMPARE(dock->currentDetail()->session()->jid(), dave);
    QVERIFY(m_window->fanOutView()->accounts().contains(QStringLiteral("dave@localhost")));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->session(dave)->isConnected(), 10000);

    // A second session of an existing account goes under it.
    type(top, QStringLiteral("newSession"), QStringLiteral("bob/tablet"));
    click(top, QStringLiteral("addSession"));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->session(QStringLiteral("bob@localhost/tablet"))->isConnected(), 10000);

    join(dave);
    QTRY_VERIFY(m_window->fanOutView()->isSessionLit(dave));
    QTRY_VERIFY(m_window->fanOutView()->isAccountLit(QStringLiteral("dave@localhost")));

    dock->showSession(m_window->session(dave));
    click(top, QStringLiteral("removeSession"));
    QVERIFY(!m_window->session(dave));
    QVERIFY(!m_window->pane(dave));
    QVERIFY(!dock->detail(nullptr));
    QVERIFY(!m_window->fanOutView()->accounts().contains(QStringLiteral("dave@localhost")));
    QCOMPARE(m_window->sessions().size(), 6);
    QCOMPARE(dock->findChild<QComboBox *>(QStringLiteral("sessionSelector"))->count(), 6);
}

void TestSessionPanes::accountModeSwitch()
{
    SessionDetail *phone = detail(Phone);
    m_window->sessionsDock()->showSession(phone->session());
    choose(phone->controls(), QStringLiteral("accountMode"), QStringLiteral("Classic"));
    QCOMPARE(m_window->server()->accountJoinMode(QStringLiteral("alice")), JoinMode::Classic);
    QCOMPARE(m_window->server()->accountJoinMode(QStringLiteral("bob")), JoinMode::AccountLevel);
    QCOMPARE(child<QLineEdit>(phone->controls(), QStringLiteral("nick"))->text(),
             QStringLiteral("alice-phone"));
    // alice's other sessions follow: one combo per session, one mode per account.
    QCOMPARE(child<QComboBox>(detail(Laptop)->controls(), QStringLiteral("accountMode"))->currentText(),
             QStringLiteral("Classic"));

    join(Phone);
    join(Laptop);
    join(Bob);
    // Classic: each of alice's sessions is an occupant of its own.
    QTRY_COMPARE(detail(Bob)->occupants()->nicks(),
                 (QStringList { QStringLiteral("alice-laptop"), QStringLiteral("alice-phone"),
                                QStringLiteral("bob") }));
}

void TestSessionPanes::cardTextElides_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<bool>("elided");
    QTest::newRow("too narrow card") << 60 << true;
    QTest::newRow("wide card") << 700 << false;
}

// A card too narrow even for its narrow arrangement cuts its texts with "…" and keeps
// them whole in the tooltip; a wide one shows them whole. Either way the counts'
// tooltip says what they count.
void TestSessionPanes::cardTextElides()
{
    QFETCH(int, width);
    QFETCH(bool, elided);
    SessionPane *card = m_window->pane(Phone);
    card->setFixedWidth(width);
    QTRY_COMPARE(card->width(), width);
    ElidedLabel *counts = card->countsLabel();
    QVERIFY(counts->text().contains(QStringLiteral("stanzas received")));
    QCOMPARE(counts->isElided(), elided);
    QCOMPARE(counts->displayedText().endsWith(QChar(0x2026)), elided);
    QCOMPARE(counts->toolTip().contains(counts->text()), elided);
    QVERIFY(counts->toolTip().contains(SessionPane::countsExplanation()));
    // The title's resource: cut when narrow, its tooltip the whole JID either way.
    auto *resource = card->findChild<ElidedLabel *>(QStringLiteral("titleResource"));
    QVERIFY(resource);
    QCOMPARE(resource->isElided(), elided);
    QVERIFY(resource->toolTip().contains(QString(Phone)));
    QCOMPARE(resource->toolTip().contains(QStringLiteral("phone\n")), elided);
}

// Six cards beside the Session dock at 1400×900 are about 140 px wide: the card stacks
// its title, wraps its state and shortens its count and placeholder, but cuts nothing.
void TestSessionPanes::narrowCardShowsWholeTexts()
{
    join(Phone);
    SessionPane *card = m_window->pane(Phone);
    card->setFixedWidth(140);
    QTRY_COMPARE(card->width(), 140);
    QVERIFY(card->isTitleStacked());
    for (const char *name : { "titleUser", "titleResource" }) {
        auto *label = card->findChild<ElidedLabel *>(QLatin1String(name));
        QVERIFY(label);
        QVERIFY(label->isVisible());
        QTRY_COMPARE(label->displayedText(), label->text());
        QVERIFY(!label->toolTip().contains(label->text() + QLatin1Char('\n')));
    }
    QTRY_COMPARE(card->stateText(), QStringLiteral("joined as alice"));
    QTRY_VERIFY2(!card->stateLabel()->isElided(), qPrintable(card->stateLabel()->displayedText()));
    ElidedLabel *counts = card->countsLabel();
    const QString shown = counts->displayedText();
    QVERIFY2(shown.endsWith(QLatin1String(" received")) || shown.endsWith(QLatin1String(" groupchat")),
             qPrintable(shown));
    QVERIFY(!shown.contains(QChar(0x2026)));
    QVERIFY(counts->toolTip().contains(counts->text())); // the whole count, as it was shortened
    auto *message = child<QLineEdit>(card, QStringLiteral("message"));
    QVERIFY2(!message->placeholderText().endsWith(QChar(0x2026))
                 || message->placeholderText() == QStringLiteral("Say\u2026"),
             qPrintable(message->placeholderText()));
    QVERIFY(message->fontMetrics().horizontalAdvance(message->placeholderText()) < message->width());

    // Wide again: one line for the title, the whole count.
    card->setFixedWidth(500);
    QTRY_VERIFY(!card->isTitleStacked());
    QVERIFY(!counts->isElided());
    QCOMPARE(message->placeholderText(), QStringLiteral("Message to lobby"));
}

// "… is already in the lab" is about a session; once that session goes, so does the message.
void TestSessionPanes::staleMessageGoesWithTheSession()
{
    SessionsDock *dock = m_window->sessionsDock();
    dock->show();
    QWidget *top = dock->widget();
    auto *message = child<QLabel>(top, QStringLiteral("sessionsMessage"));
    type(top, QStringLiteral("newSession"), QStringLiteral("bob/desktop"));
    click(top, QStringLiteral("addSession"));
    QVERIFY(message->isVisibleTo(top));
    QVERIFY2(message->text().contains(QStringLiteral("bob/desktop")), qPrintable(message->text()));

    dock->showSession(m_window->session(Bob));
    click(top, QStringLiteral("removeSession"));
    QVERIFY(!m_window->session(Bob));
    QVERIFY(!message->isVisibleTo(top));
    QVERIFY(message->text().isEmpty());
}

// A nick typed for one server is not offered on the next one.
void TestSessionPanes::typedNickForgottenOnRestart()
{
    SessionDetail *bob = detail(Bob);
    m_window->sessionsDock()->showSession(bob->session());
    type(bob->controls(), QStringLiteral("nick"), QStringLiteral("robert"));
    auto *nick = child<QLineEdit>(bob->controls(), QStringLiteral("nick"));
    QCOMPARE(nick->text(), QStringLiteral("robert"));
    QSignalSpy restarted(m_window->server(), &LabServerHost::restarted);
    QVERIFY(m_window->server()->restart());
    QTRY_COMPARE(restarted.count(), 1);
    QCOMPARE(nick->text(), bob->controls()->suggestedNick());
}

// View › Zoom in/out/reset scale the diagram's text, the cards and the timeline, and the
// factor is remembered for the next window (and the Compare window).
void TestSessionPanes::zoomScalesAndIsRemembered()
{
    auto *zoom = m_window->findChild<PresentationZoom *>();
    QVERIFY(zoom);
    // The View menu sits between Lab and Help, with the usual keys.
    QStringList menus;
    for (QAction *action : m_window->menuBar()->actions())
        menus << action->text();
    const int view = int(menus.indexOf(QStringLiteral("&View")));
    QVERIFY2(view > menus.indexOf(QStringLiteral("&Lab")) && view < menus.indexOf(QStringLiteral("&Help")),
             qPrintable(menus.join(QLatin1Char(' '))));
    QVERIFY(zoom->zoomInAction()->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Plus)));
    QVERIFY(zoom->zoomInAction()->shortcuts().contains(QKeySequence(Qt::CTRL | Qt::Key_Equal)));
    QCOMPARE(zoom->zoomOutAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Minus));
    QCOMPARE(zoom->resetAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_0));

    // Room to grow: no docks.
    m_window->timelineDock()->hide();
    m_window->sessionsDock()->hide();
    m_window->scenarioDock()->hide();
    FanOutView *diagram = m_window->fanOutView();
    SessionPane *card = m_window->pane(Phone);
    TimelineView *timeline = m_window->timeline()->view();
    QCOMPARE(zoom->factor(), 1.0);
    QTRY_VERIFY(diagram->nodeTitlePixels() >= 11);
    const qreal title = diagram->nodeTitlePixels();
    const qreal cardFont = card->font().pointSizeF();
    const qreal row = timeline->rowHeight();

    zoom->zoomInAction()->trigger();
    zoom->zoomInAction()->trigger();
    QCOMPARE(zoom->factor(), 1.5);
    // Larger, as far as the diagram still fits above the (now taller) cards.
    QVERIFY2(diagram->nodeTitlePixels() > title * 1.1,
             qPrintable(QStringLiteral("%1 -> %2").arg(title).arg(diagram->nodeTitlePixels())));
    QCOMPARE(card->font().pointSizeF(), cardFont * 1.5);
    QCOMPARE(timeline->rowHeight(), row * 1.5);
    QCOMPARE(QSettings(WindowSettings::organization(), WindowSettings::application())
                 .value(PresentationZoom::settingsKey())
                 .toDouble(),
             1.5);
    zoom->zoomOutAction()->trigger();
    QCOMPARE(zoom->factor(), 1.25);
    QVERIFY(diagram->nodeTitlePixels() < title * 1.5);
    zoom->resetAction()->trigger();
    QCOMPARE(zoom->factor(), 1.0);
    QCOMPARE(diagram->nodeTitlePixels(), title);
    QCOMPARE(card->font().pointSizeF(), cardFont);
    QCOMPARE(timeline->rowHeight(), row);
    zoom->zoomInAction()->trigger();
    // A card added now takes the factor too.
    QString error;
    LabSession *added = m_window->addSession(QStringLiteral("dave"), QStringLiteral("tablet"), &error);
    QVERIFY2(added, qPrintable(error));
    QTRY_COMPARE(m_window->pane(added->jid())->zoom(), 1.25);

    // The next window starts where this one left off.
    LabWindow next;
    next.show();
    QVERIFY(QTest::qWaitForWindowExposed(&next));
    QCOMPARE(next.findChild<PresentationZoom *>()->factor(), 1.25);
    QCOMPARE(PresentationZoom::remembered(), 1.25);
    next.findChild<PresentationZoom *>()->reset();
}

// No scenario, no "0 of 0 steps done": the dock says there is none.
void TestSessionPanes::scenarioDockWithoutScenario()
{
    ScenarioDock *dock = m_window->scenarioDock();
    dock->show();
    QVERIFY(!dock->progressBar()->isVisibleTo(dock));
    auto *summary = child<QLabel>(dock->widget(), QStringLiteral("scenarioSummary"));
    QVERIFY2(summary->text().startsWith(QStringLiteral("No scenario loaded")), qPrintable(summary->text()));
}

QTEST_MAIN(TestSessionPanes)
#include "tst_sessionpanes.moc"
