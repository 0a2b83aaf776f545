// Drives the session details the way a person would: buttons, line edits, combo
// boxes and the raw XML editor of the real window, with the real server thread and
// QXmppClient sessions on loopback.
#include "ChatView.h"
#include "FanOutView.h"
#include "LabServerHost.h"
#include "LabSession.h"
#include "LabWindow.h"
#include "OccupantList.h"
#include "RawXmlInput.h"
#include "SessionControls.h"
#include "SessionDetail.h"
#include "SessionPane.h"
#include "SessionsDock.h"
#include "XmlConsole.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
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
    void init();
    void cleanup();
    void cardOpensDetails();
    void joinSendLeaveThroughWidgets();
    void consoleFilter_data();
    void consoleFilter();
    void rawXml();
    void nickAndPresence();
    void dropAndReconnectKeepsAccount();
    void addAndRemoveSession();
    void accountModeSwitch();

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
    QCOMPARE(dock->currentDetail()->session()->jid(), QString(Bob));
    QTest::mouseClick(m_window->pane(Laptop), Qt::LeftButton, Qt::NoModifier, QPoint(40, 60));
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
    QCOMPARE(count,
             expected.size() == 5 ? QStringLiteral("5 stanzas")
                                  : QStringLiteral("%1 of 5 stanzas").arg(expected.size()));
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
    QVERIFY(phone->console()->entries().isEmpty());

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
    QTRY_COMPARE(labels(phone->console()->entries()),
                 (QStringList { QStringLiteral("out iq localhost"), QStringLiteral("in iq localhost") }));
    const XmlConsole::Entry answer = phone->console()->entries().constLast();
    QVERIFY2(answer.xml.contains(QStringLiteral("type=\"result\""))
                 && answer.xml.contains(QStringLiteral("id=\"good\"")),
             qPrintable(answer.xml));
    // Indented: the ping child on a line of its own.
    QVERIFY2(phone->console()->entries().constFirst().xml.contains(QStringLiteral("\n  <ping")),
             qPrintable(phone->console()->entries().constFirst().xml));
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
    QTRY_VERIFY(bob->occupants()->occupants().constLast().self);
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

QTEST_MAIN(TestSessionPanes)
#include "tst_sessionpanes.moc"
