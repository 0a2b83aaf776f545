// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "window/LabGuide.h"

#include <QAbstractButton>
#include <QAction>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QShortcut>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace {
const QString Separator = QStringLiteral(" \u203a ");

QString keysText(const QList<QKeySequence> &sequences)
{
    QStringList keys;
    for (const QKeySequence &sequence : sequences) {
        if (!sequence.isEmpty())
            keys << sequence.toString(QKeySequence::NativeText);
    }
    return keys.join(QStringLiteral(", "));
}

void walkMenu(const QMenu *menu, const QString &path, QVector<LabGuide::Shortcut> *out,
              QSet<const QAction *> *seen)
{
    const QList<QAction *> actions = menu->actions();
    for (const QAction *action : actions) {
        seen->insert(action);
        if (action->isSeparator())
            continue;
        const QString where = path + Separator + LabGuide::plainText(action->text());
        if (const QMenu *sub = action->menu()) {
            walkMenu(sub, where, out, seen);
            continue;
        }
        const QString keys = keysText(action->shortcuts());
        if (!keys.isEmpty())
            out->append({ where, keys });
    }
}

// Where a widget outside the menus lives, for the table: its dock's title, if any.
QString placeOf(const QWidget *widget)
{
    for (const QWidget *w = widget; w; w = w->parentWidget()) {
        if (const auto *dock = qobject_cast<const QDockWidget *>(w))
            return LabGuide::tr("%1 dock").arg(LabGuide::plainText(dock->windowTitle()));
    }
    return LabGuide::tr("Main window");
}

// Only the main window and its docks: other windows (Compare modes, an external
// server, this guide) have their own keys and come and go.
bool inMainWindow(const QWidget *widget, const QMainWindow *window)
{
    const QWidget *top = widget->window();
    return top == window || (qobject_cast<const QDockWidget *>(top) && top->parentWidget() == window);
}
} // namespace

LabGuide::LabGuide(QMainWindow *window)
    : QDialog(window)
    , m_window(window)
    , m_browser(new QTextBrowser)
{
    setObjectName(QStringLiteral("labGuide"));
    setWindowTitle(tr("Minimix Lab guide"));
    setModal(false);
    resize(760, 820);
    m_browser->setObjectName(QStringLiteral("labGuideText"));
    m_browser->setOpenExternalLinks(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_browser, 1);
    layout->addWidget(buttons);
}

QAction *LabGuide::createAction(QMainWindow *window)
{
    auto *action = new QAction(tr("Guide"), window);
    action->setObjectName(QStringLiteral("labGuideAction"));
    action->setShortcut(QKeySequence::HelpContents);
    action->setToolTip(tr("What each view shows, and every keyboard shortcut"));
    connect(action, &QAction::triggered, window, [window] { open(window); });
    return action;
}

LabGuide *LabGuide::open(QMainWindow *window)
{
    auto *guide = window->findChild<LabGuide *>(QString(), Qt::FindDirectChildrenOnly);
    if (!guide)
        guide = new LabGuide(window);
    guide->show();
    guide->raise();
    guide->activateWindow();
    return guide;
}

QString LabGuide::plainText(const QString &text)
{
    QString plain;
    plain.reserve(text.size());
    for (int i = 0; i < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&')) {
            plain += text.at(i);
        } else if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('&')) {
            plain += QLatin1Char('&');
            ++i;
        }
    }
    return plain;
}

QVector<LabGuide::Shortcut> LabGuide::shortcuts(const QMainWindow *window)
{
    QVector<Shortcut> list;
    QSet<const QAction *> seen;
    const QList<QAction *> menus = window->menuBar()->actions();
    for (const QAction *entry : menus) {
        if (const QMenu *menu = entry->menu())
            walkMenu(menu, plainText(entry->text()), &list, &seen);
    }
    // Toolbar-only or widget actions: listed once, under where they live.
    const QList<QAction *> actions = window->findChildren<QAction *>();
    for (const QAction *action : actions) {
        if (seen.contains(action) || action->menu() || action->isSeparator())
            continue;
        const QString keys = keysText(action->shortcuts());
        if (keys.isEmpty())
            continue;
        const auto *owner = qobject_cast<const QWidget *>(action->parent());
        if (owner && !inMainWindow(owner, window))
            continue;
        seen.insert(action);
        list.append(
            { (owner ? placeOf(owner) : tr("Main window")) + Separator + plainText(action->text()), keys });
    }
    // Buttons with a key of their own, such as the Scenario dock's F5, F6 and Shift+F5.
    const QList<QAbstractButton *> buttons = window->findChildren<QAbstractButton *>();
    for (const QAbstractButton *button : buttons) {
        const QString keys = keysText({ button->shortcut() });
        if (keys.isEmpty() || !inMainWindow(button, window))
            continue;
        QString name = plainText(button->text());
        if (name.isEmpty())
            name = button->toolTip().section(QLatin1Char('('), 0, 0).trimmed();
        list.append({ placeOf(button) + Separator + name, keys });
    }
    const QList<QShortcut *> others = window->findChildren<QShortcut *>();
    for (const QShortcut *shortcut : others) {
        const auto *owner = qobject_cast<const QWidget *>(shortcut->parent());
        const QString keys = keysText({ shortcut->key() });
        if (keys.isEmpty() || (owner && !inMainWindow(owner, window)))
            continue;
        const QString what = shortcut->whatsThis().isEmpty() ? shortcut->objectName() : shortcut->whatsThis();
        list.append({ (owner ? placeOf(owner) : tr("Main window")) + Separator + what, keys });
    }
    return list;
}

QString LabGuide::html() const
{
    QString rows;
    for (const Shortcut &shortcut : shortcuts(m_window))
        rows += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(shortcut.keys.toHtmlEscaped(), shortcut.where.toHtmlEscaped());
    // Keys a view reads itself: no action or shortcut object to read them from.
    const QString send = QKeySequence(Qt::CTRL | Qt::Key_Return).toString(QKeySequence::NativeText);
    rows += tr("<tr><td><b>%1</b></td><td>Session dock \u203a raw XML editor: send the stanza</td></tr>"
               "<tr><td><b>\u2191 \u2193, Page Up, Page Down, Home, End</b></td><td>Timeline: move the "
               "selected row</td></tr>"
               "<tr><td><b>Esc</b></td><td>Timeline: clear the selection</td></tr>")
                .arg(send.toHtmlEscaped());

    return tr("<h2>Minimix Lab</h2>"
              "<p>One process runs an XMPP server and several client sessions on loopback. The lab shows "
              "how a room stanza reaches the sessions: with <b>account-level joining</b> (minimix) the "
              "account is the room's occupant and the server forks each room stanza to the sessions that "
              "joined; in <b>classic</b> XEP-0045 every session is an occupant of its own.</p>"

              "<h3>Fan-out diagram</h3>"
              "<ul>"
              "<li><b>Room</b> at the top, the <b>accounts</b> in the middle, each account's "
              "<b>sessions</b> below it, with the account's colour as a strip on the left.</li>"
              "<li><b>Lit</b> boxes take part in the room (an occupying account, a joined session); "
              "<b>dim</b> ones do not, and are shown so the absence is visible too.</li>"
              "<li>The <b>badge</b> on a session's corner counts the room stanzas delivered to it.</li>"
              "<li>A <b>hatched</b> session with a countdown is <b>detached</b>: its network is lost but "
              "the server keeps it in its rooms and queues what is sent to it until it resumes or the "
              "resumption timeout ends it.</li>"
              "<li><b>Edges</b> glow in the stanza kind's colour when a stanza travels them: room \u2192 "
              "account \u2192 session in account-level mode, room \u2192 session in classic mode.</li>"
              "<li><b>Hover</b> an edge for how many stanzas crossed it and the last one's XML; hover a "
              "box for its JID, its state and its count.</li>"
              "</ul>"

              "<h3>Session cards</h3>"
              "<p>One card per session under the diagram: its state (online, joined as \u2026, detached with "
              "the time left, offline), what it received, newest last, and Join, Leave and a message "
              "line. A detached session's card has a dashed golden frame. Click a card for its details.</p>"

              "<h3>Session details dock</h3>"
              "<ul>"
              "<li><b>Chat</b>: the room as that session sees it: subject, groupchat with nick and time, "
              "history and private messages marked.</li>"
              "<li><b>Occupants</b>: built from the presences it received (role, affiliation, show); its "
              "own entry is marked.</li>"
              "<li><b>XML console</b>: every stanza in (\u25bc) and out (\u25b2), indented and highlighted, "
              "filtered by kind, room and text, with Copy selected and Copy all. Below it a raw XML "
              "editor sends any stanza from the session; what is not well-formed is refused with line "
              "and column.</li>"
              "<li><b>Controls</b>: join and leave with a nick, change nick, set show and status, drop the "
              "connection (the server ends the session), lose network (resumable), resume, reconnect, log "
              "out, the account's join mode, and how the stream is secured. <i>user/resource</i> + Add "
              "session adds a session; Remove takes one out.</li>"
              "</ul>"

              "<h3>Scenario dock</h3>"
              "<p>The steps of the scenario that plays (Lab \u2192 Run scenario\u2026, Lab \u2192 Scenarios, "
              "the demo), "
              "with a progress bar, which step runs, passed or failed and why. <b>Play/Pause</b>, "
              "<b>Step</b> (one step, then pause) and <b>Stop</b>; the <b>pace</b> box sets the pause "
              "between steps (full speed, fast, readable, slow). Click a step for its note, what it looks "
              "for and the step as written in the file.</p>"

              "<h3>Timeline dock</h3>"
              "<p>The server's trace as a sequence diagram: a lane for the room, each account and each "
              "session, one row per event, newest at the bottom. Arrows are hops in their kind's colour; "
              "\u25c6 marks a fork and \u25a1 a replay from the account's cache. Select a row for its XML; "
              "the other "
              "rows of its fan-out light up. <b>Server traffic</b> adds pings, roster and discovery; "
              "<b>Follow</b> keeps the newest row in view. File \u2192 Export timeline writes SVG or PNG.</p>"

              "<h3>Compare modes</h3>"
              "<p>Lab \u2192 Compare modes\u2026 plays one scenario on two servers of its own at once, "
              "account-level on the left and classic on the right, each with its fan-out diagram and "
              "four totals (stanzas the room sent, delivered to sessions, presence broadcasts to other "
              "accounts, joins the room saw), the smaller of each pair in green. Its shortcut plays the "
              "built-in \u201c3 accounts \u00d7 3 sessions\u201d; hold Shift while clicking the menu "
              "item or the toolbar button to choose a scenario file.</p>"

              "<h3>External server</h3>"
              "<p>Lab \u2192 Connect to server\u2026 logs the sessions in to another XMPP server (a local "
              "Prosody, "
              "say). Its window shows each session's state or its failure in words, lobby's fan-out drawn "
              "from what the sessions receive, the hello check and Play scenario\u2026.</p>"

              "<h3>Record scenario</h3>"
              "<p>Lab \u2192 Record scenario restarts the server with every session online, then turns what "
              "you "
              "do by hand into steps, each followed by what every session received. Stop recording saves "
              "it as a scenario file that checks the same behaviour when played.</p>"

              "<h3>Join mode</h3>"
              "<p>The toolbar's <b>Join mode</b> box sets the server's default for the next joins: "
              "account-level (minimix) or classic (XEP-0045). Each account can be switched on its own in "
              "the Session details dock.</p>"

              "<h3>Status bar</h3>"
              "<p>From the left: what the lab is doing (demo, scenario, recording), the server's address, "
              "the join mode, the sessions online (and detached), how the streams are secured (the tooltip "
              "has the server certificate's fingerprint) and the stanzas delivered and sent in the last "
              "second.</p>"

              "<h3><a name='shortcuts'></a>Keyboard shortcuts</h3>"
              "<table cellpadding='3'>%1</table>")
        .arg(rows);
}

void LabGuide::showEvent(QShowEvent *event)
{
    // Read the actions again: shortcuts may have been added since the last time.
    m_browser->setHtml(html());
    QDialog::showEvent(event);
}
