// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The lab's main window: the fan-out diagram in the middle, one card per session
// below it, the join mode in the toolbar and the built-in demo one click away.
#pragma once

#include "JoinMode.h"

#include <QMainWindow>
#include <QPointer>
#include <optional>

class FanOutView;
class LabScenarioTarget;
class LabServerHost;
class OutsideSessions;
class LabSession;
class QAction;
class QComboBox;
class QLabel;
class Scenario;
class ScenarioDock;
class RecentFiles;
class RecorderControl;
class StanzaRateMeter;
class ScenarioRunner;
class SessionPane;
class QDockWidget;
class TimelinePanel;
class SessionsDock;
class QHBoxLayout;

class OutsideSessionCard;
class OwnClientDock;
class LabWindow : public QMainWindow
{
    Q_OBJECT
public:
    // Remembered: geometry, docks, join mode and pace come from the user's settings and
    // go back to them. Defaults: neither read nor written (headless runs, benchmarks),
    // so a run's output never depends on what someone last did in the window.
    enum class Settings { Remembered, Defaults };

    explicit LabWindow(Settings settings = Settings::Remembered, QWidget *parent = nullptr);
    ~LabWindow() override;

    // Application-wide look and names; call once after QApplication exists.
    static void setupApplication();

    // The embedded server's SQLite file (default ":memory:"); call before startLab().
    void setDatabasePath(const QString &path);
    // Starts the server and connects every session; false with errorString() on failure.
    bool startLab();
    QString errorString() const { return m_error; }

    QString room() const { return m_room; }
    LabServerHost *server() const { return m_host; }
    QList<LabSession *> sessions() const { return m_sessions; }
    LabSession *session(const QString &fullJid) const;
    SessionPane *pane(const QString &fullJid) const;
    FanOutView *fanOutView() const { return m_view; }
    // Real clients' sessions on the lab's server (--listen): nodes in the fan-out view too.
    OutsideSessions *outsideSessions() const { return m_outside; }
    // The session details dock (chat, occupants, XML console, controls).
    SessionsDock *sessionsDock() const { return m_sessionsDock; }
    OwnClientDock *ownClientDock() const { return m_ownClientDock; }
    // The cards of real clients' sessions, in the order they came.
    QList<OutsideSessionCard *> outsideCards() const { return m_outsideCards; }
    // Listens where the "Connect your own client" settings say: restarts the server and
    // reconnects the lab's sessions. False (and why in the status) while something plays.
    bool applyListenSettings();
    // A new session at run time, on a new account when the user is new; it joins the
    // cards, the fan-out view and the dock and connects. Null with *error when not.
    LabSession *addSession(const QString &user, const QString &resource, QString *error = nullptr);
    // Logs the session out and takes it out of every view. Not while the demo or a
    // scenario plays.
    bool removeSession(LabSession *session);

    JoinMode joinMode() const;
    void setJoinMode(JoinMode mode);
    // All sessions of an account share one nick in account-level mode; in classic
    // mode each session is its own occupant and needs a nick of its own.
    QString nickFor(const LabSession *session) const;

    // The demo is a scenario (LobbyDemo) played in the lab's join mode.
    bool isDemoRunning() const;
    // Who received which groupchat bodies, one line per session.
    QStringList receivedReport() const;

    // Plays a scenario on a fresh server, shown step by step in the scenario dock; a
    // scenario already running is stopped. False with *error when the lab cannot
    // play it (a demo runs, or it names a session the lab does not have). When the
    // scenario's join mode differs from the lab's, the lab's comes back at the end.
    bool runScenario(const Scenario &scenario, QString *error = nullptr);
    ScenarioRunner *scenarioRunner() const;
    bool isScenarioRunning() const;
    ScenarioDock *scenarioDock() const { return m_scenarioDock; }
    // Record scenario: the toggle, its recorder while one runs.
    RecorderControl *recorderControl() const { return m_recorder; }
    TimelinePanel *timeline() const { return m_timeline; }
    QDockWidget *timelineDock() const { return m_timelineDock; }

public slots:
    void runDemo();
    // Asks for a scenario file and plays it.
    void openScenario();
    // Plays a scenario file (a bundled one: ":/scenarios/…"); a message box says why not.
    bool openScenarioFile(const QString &path);
    void joinRoom(LabSession *session);
    void clearLogs();
    void saveScreenshot();

signals:
    // The demo plays as a scenario: these come instead of scenarioStarted/Finished.
    void demoStarted(ScenarioRunner *runner);
    void demoFinished(bool success);
    void scenarioStarted(ScenarioRunner *runner);
    void scenarioFinished(bool success);

private:
    enum class Run { Scenario, Demo };
    bool play(const Scenario &scenario, Run run, QString *error);
    void buildActions();
    void buildCentralArea();
    void updateStatus();
    // The demo and scenarios take the whole lab: one at a time, in a fixed join mode.
    void updateBusy();
    // The diagram draws this room (the lab's, or the one a scenario plays in).
    void showRoom(const QString &roomJid);
    void showAbout();
    // What every session gets, whether it came with the lab or was added later.
    void wireSession(LabSession *session);
    void addPane(LabSession *session);
    QColor accentOf(const LabSession *session) const;

    QString m_error;
    LabServerHost *m_host = nullptr;
    QString m_room;
    QList<LabSession *> m_sessions;
    QList<SessionPane *> m_panes;
    FanOutView *m_view = nullptr;
    OutsideSessions *m_outside = nullptr;
    QList<OutsideSessionCard *> m_outsideCards;
    OwnClientDock *m_ownClientDock = nullptr;
    bool m_playingDemo = false; // the scenario that plays (or played last) is the demo
    std::optional<JoinMode> m_modeBeforeScenario; // to restore when it ends
    QAction *m_runDemo = nullptr;
    QAction *m_runScenario = nullptr;
    LabScenarioTarget *m_scenarioTarget = nullptr;
    QPointer<ScenarioRunner> m_scenario;
    ScenarioDock *m_scenarioDock = nullptr;
    class ScansionScriptMenu *m_scansionScripts = nullptr;
    RecorderControl *m_recorder = nullptr;
    RecentFiles *m_recentScenarios = nullptr;
    StanzaRateMeter *m_rates = nullptr;
    TimelinePanel *m_timeline = nullptr;
    QDockWidget *m_timelineDock = nullptr;
    SessionsDock *m_sessionsDock = nullptr;
    QHBoxLayout *m_paneLayout = nullptr;
    QComboBox *m_mode = nullptr;
    QLabel *m_demoStatus = nullptr;
    QLabel *m_serverStatus = nullptr;
    QLabel *m_modeStatus = nullptr;
    QLabel *m_sessionStatus = nullptr;
    QLabel *m_securityStatus = nullptr;
    QLabel *m_storageStatus = nullptr; // shown only while the database refuses writes
};
