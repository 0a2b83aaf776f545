// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "window/LabWindow.h"

#include "Jid.h"
#include "compare/ComparisonLauncher.h"
#include "core/host/LabScenarioTarget.h"
#include "core/host/LabServerHost.h"
#include "core/host/OutsideSessions.h"
#include "core/scenario/LobbyDemo.h"
#include "core/scenario/ScenarioParser.h"
#include "core/scenario/ScenarioRunner.h"
#include "core/session/LabSession.h"
#include "core/trace/TimelineModel.h"
#include "external/ExternalServerLauncher.h"
#include "fanout/FanOutView.h"
#include "scenario/RecorderControl.h"
#include "scenario/ScenarioDock.h"
#include "session/CardRow.h"
#include "session/OutsideSessionCard.h"
#include "session/SessionPane.h"
#include "session/SessionsDock.h"
#include "timeline/TimelinePanel.h"
#include "ui/ElidedLabel.h"
#include "ui/LabPalette.h"
#include "ui/PresentationZoom.h"
#include "window/BundledScenarioMenu.h"
#include "window/LabGuide.h"
#include "window/OwnClientDock.h"
#include "window/RecentFiles.h"
#include "window/ScansionScriptMenu.h"
#include "window/StanzaRateMeter.h"
#include "window/WindowSettings.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QStyleFactory>
#include <QToolBar>
#include <QVBoxLayout>
#include <utility>

// Q_INIT_RESOURCE must be used outside any namespace; the resources live in this
// static library, so nothing else would pull them in.
static void initLabResources()
{
    Q_INIT_RESOURCE(minimix_lab);
}

namespace {
QString modeName(JoinMode mode)
{
    return mode == JoinMode::AccountLevel ? QObject::tr("Account-level") : QObject::tr("Classic");
}
} // namespace

void LabWindow::setupApplication()
{
    initLabResources();
    QApplication::setApplicationName(QStringLiteral("minimix-lab"));
    QApplication::setApplicationDisplayName(QStringLiteral("Minimix Lab"));
    QApplication::setApplicationVersion(QStringLiteral(MINIMIX_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("minimix-lab"));
    if (QStyle *fusion = QStyleFactory::create(QStringLiteral("Fusion")))
        QApplication::setStyle(fusion);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/minimix-lab.png")));
}

LabWindow::LabWindow(Settings settings, QWidget *parent)
    : QMainWindow(parent)
    , m_host(new LabServerHost(this))
{
    initLabResources();
    m_room = QStringLiteral("lobby@") + m_host->mucDomain();
    // The application display name follows it in the title bar (" — Minimix Lab").
    setWindowTitle(m_room);
    setWindowIcon(QIcon(QStringLiteral(":/minimix-lab.png")));
    setPalette(LabPalette::windowPalette());
    setMinimumSize(1100, 720); // explicit, so layout changes never resize the window
    resize(1400, 900);

    for (const QString &name : LabServerHost::sessionNames()) {
        const int slash = name.indexOf(QLatin1Char('/'));
        m_sessions << new LabSession(name.left(slash), m_host->domain(), name.mid(slash + 1), this);
    }
    m_view = new FanOutView(m_room);
    m_view->setJoinMode(m_host->joinMode());
    connect(m_host, &LabServerHost::traced, m_view, &FanOutView::handleTrace);

    // The same trace as a sequence diagram, in a dock below the lab; a fresh server
    // (a scenario) starts a fresh timeline.
    m_timeline = new TimelinePanel;
    m_timeline->setTitle(tr("Minimix Lab timeline \u2014 %1").arg(m_room));
    m_timeline->model()->addRoom(m_room);
    for (const LabSession *session : std::as_const(m_sessions))
        m_timeline->model()->addSession(session->jid());
    connect(m_host, &LabServerHost::traced, m_timeline, &TimelinePanel::handleTrace);
    connect(m_host, &LabServerHost::restarted, m_timeline, &TimelinePanel::clear);
    m_timelineDock = new QDockWidget(tr("Timeline"), this);
    m_timelineDock->setObjectName(QStringLiteral("timelineDock"));
    m_timelineDock->setWidget(m_timeline);
    m_timelineDock->toggleViewAction()->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    m_timelineDock->toggleViewAction()->setToolTip(tr("Every hop and fork decision over time"));
    addDockWidget(Qt::BottomDockWidgetArea, m_timelineDock);
    m_timelineDock->hide();

    m_scenarioDock = new ScenarioDock(this);
    addDockWidget(Qt::RightDockWidgetArea, m_scenarioDock);
    m_scenarioDock->hide();
    m_sessionsDock = new SessionsDock(m_host, m_room, this);
    addDockWidget(Qt::RightDockWidgetArea, m_sessionsDock);
    m_sessionsDock->hide(); // the cards stay compact; a click on one opens it
    m_ownClientDock = new OwnClientDock(m_host, this);
    addDockWidget(Qt::RightDockWidgetArea, m_ownClientDock);
    m_ownClientDock->hide();
    connect(m_ownClientDock, &OwnClientDock::listenChangeRequested, this, &LabWindow::applyListenSettings);
    connect(m_sessionsDock, &SessionsDock::addRequested, this,
            [this](const QString &user, const QString &resource) {
                QString error;
                if (LabSession *added = addSession(user, resource, &error))
                    m_sessionsDock->showSession(added);
                else
                    m_sessionsDock->setMessage(error);
            });
    connect(m_sessionsDock, &SessionsDock::removeRequested, this, &LabWindow::removeSession);

    buildActions();
    buildCentralArea();
    if (settings == Settings::Remembered) {
        // Remembered between runs: geometry, docks, join mode, pace.
        WindowSettings::Hooks settingsHooks;
        settingsHooks.joinMode = [this] { return m_modeBeforeScenario.value_or(joinMode()); };
        settingsHooks.setJoinMode = [this](JoinMode mode) { setJoinMode(mode); };
        settingsHooks.zoom = findChild<PresentationZoom *>();
        new WindowSettings(this, m_scenarioDock, settingsHooks);
    }

    for (LabSession *session : std::as_const(m_sessions))
        wireSession(session);
    // A real client's session (Gajim as alice/gajim) is a node under its account too.
    m_outside = new OutsideSessions(
        m_host, [this](const QString &fullJid) { return session(fullJid) != nullptr; }, this);
    connect(m_outside, &OutsideSessions::appeared, this, [this](const QString &fullJid) {
        const QString user = Jid::node(fullJid);
        const QColor accent = LabPalette::accountColor(
            (LabServerHost::accountNames() + m_host->addedAccounts()).indexOf(user));
        m_view->addSession(fullJid, accent);
        m_timeline->model()->addSession(fullJid);
        auto *card = new OutsideSessionCard(fullJid, accent);
        m_paneLayout->addWidget(card, 1);
        m_outsideCards << card;
        updateStatus();
    });
    const auto outsideCard = [this](const QString &fullJid) -> OutsideSessionCard * {
        for (OutsideSessionCard *card : std::as_const(m_outsideCards)) {
            if (card->jid() == fullJid)
                return card;
        }
        return nullptr;
    };
    connect(m_outside, &OutsideSessions::joinedChanged, this,
            [this, outsideCard](const QString &fullJid, const QString &room, bool joined) {
                if (room == m_view->room())
                    m_view->setSessionJoined(fullJid, joined);
                if (OutsideSessionCard *card = outsideCard(fullJid))
                    card->setRooms(m_outside->rooms(fullJid));
            });
    connect(m_outside, &OutsideSessions::clientNameChanged, this,
            [outsideCard](const QString &fullJid, const QString &name) {
                if (OutsideSessionCard *card = outsideCard(fullJid))
                    card->setClientName(name);
            });
    connect(m_outside, &OutsideSessions::stanzaSent, this,
            [outsideCard](const QString &fullJid, const QString &xml) {
                if (OutsideSessionCard *card = outsideCard(fullJid))
                    card->addSent(xml);
            });
    connect(m_outside, &OutsideSessions::stanzaReceived, this,
            [outsideCard](const QString &fullJid, const QString &xml) {
                if (OutsideSessionCard *card = outsideCard(fullJid))
                    card->addReceived(xml);
            });
    connect(m_outside, &OutsideSessions::gone, this, [this, outsideCard](const QString &fullJid) {
        m_view->removeSession(fullJid);
        if (OutsideSessionCard *card = outsideCard(fullJid)) {
            m_outsideCards.removeOne(card);
            card->deleteLater();
        }
        updateStatus();
    });
    connect(m_host, &LabServerHost::restarted, this, [this] {
        m_view->resetRoom();
        updateStatus();
    });
    // XEP-0198: a session whose network is lost stays in the room, hatched, until it
    // resumes or the server gives up on it.
    connect(m_host, &LabServerHost::sessionDetached, this, [this](const QString &fullJid, int seconds) {
        m_view->setSessionDetached(fullJid, seconds);
        updateStatus();
    });
    connect(m_host, &LabServerHost::sessionResumed, this, [this](const QString &fullJid) {
        m_view->clearSessionDetached(fullJid);
        updateStatus();
    });
    connect(m_host, &LabServerHost::sessionOffline, this, [this](const QString &fullJid) {
        m_view->clearSessionDetached(fullJid);
        updateStatus();
    });
    connect(m_host, &LabServerHost::joinModeChanged, this, [this](JoinMode mode) {
        m_view->setJoinMode(mode);
        m_mode->setCurrentIndex(mode == JoinMode::AccountLevel ? 0 : 1);
        updateStatus();
    });
    updateStatus();
}

LabWindow::~LabWindow()
{
    // Sessions before the server (a child too, so it would go first): clients close
    // their streams rather than watch the server vanish under them.
    qDeleteAll(m_sessions);
    m_sessions.clear();
}

void LabWindow::buildActions()
{
    m_runDemo = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run demo"), this);
    m_runDemo->setObjectName(QStringLiteral("runDemo"));
    m_runDemo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_runDemo->setToolTip(tr("Five sessions join %1, talk and leave, step by step").arg(m_room));
    connect(m_runDemo, &QAction::triggered, this, &LabWindow::runDemo);

    m_runScenario
        = new QAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("Run scenario\u2026"), this);
    m_runScenario->setObjectName(QStringLiteral("runScenario"));
    m_runScenario->setShortcut(QKeySequence::Open);
    m_runScenario->setToolTip(tr("Play a scenario file step by step on a fresh server"));
    connect(m_runScenario, &QAction::triggered, this, &LabWindow::openScenario);

    RecorderControl::Hooks hooks;
    hooks.makeTarget = [this](QObject *parent) -> ScenarioTarget * {
        return new LabScenarioTarget(m_host, m_sessions, parent);
    };
    hooks.joinMode = [this] { return joinMode(); };
    m_recorder = new RecorderControl(this, hooks);
    connect(m_recorder, &RecorderControl::recordingChanged, this, &LabWindow::updateBusy);
    // The sessions' logs show the recording alone, as they show a scenario alone.
    connect(m_recorder, &RecorderControl::started, this, &LabWindow::clearLogs);
    connect(m_recorder, &RecorderControl::message, this,
            [this](const QString &text) { m_demoStatus->setText(text); });

    auto *clear = new QAction(style()->standardIcon(QStyle::SP_DialogResetButton), tr("Clear logs"), this);
    clear->setToolTip(tr("Forget what the sessions received and reset the counters"));
    clear->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(clear, &QAction::triggered, this, &LabWindow::clearLogs);

    auto *screenshot = new QAction(tr("Save screenshot\u2026"), this);
    screenshot->setShortcut(QKeySequence::Save);
    connect(screenshot, &QAction::triggered, this, &LabWindow::saveScreenshot);

    auto *quit = new QAction(tr("Quit"), this);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto *about = new QAction(tr("About Minimix Lab"), this);
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &LabWindow::showAbout);
    auto *aboutQt = new QAction(tr("About Qt"), this);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);

    auto *compareModes = new ComparisonLauncher(this);
    auto *externalServer = new ExternalServerLauncher(this);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(screenshot);
    file->addAction(m_timeline->exportSvgAction());
    file->addAction(m_timeline->exportPngAction());
    file->addSeparator();
    file->addAction(quit);
    QMenu *lab = menuBar()->addMenu(tr("&Lab"));
    lab->addAction(m_runDemo);
    lab->addAction(m_runScenario);
    lab->addAction(m_recorder->action());
    QMenu *bundled = lab->addMenu(tr("Scenarios"));
    bundled->setObjectName(QStringLiteral("bundledScenarios"));
    BundledScenarioMenu::fill(bundled, [this](const QString &path) { openScenarioFile(path); });
    QMenu *scripts = lab->addMenu(tr("Scansion scripts"));
    scripts->setObjectName(QStringLiteral("scansionScripts"));
    m_scansionScripts = new ScansionScriptMenu(scripts, this);
    connect(m_scansionScripts, &ScansionScriptMenu::scriptChosen, this, &LabWindow::openScenarioFile);
    QMenu *recent = lab->addMenu(tr("Recent scenarios"));
    recent->setObjectName(QStringLiteral("recentScenarios"));
    m_recentScenarios = new RecentFiles(QStringLiteral("scenarios/recent"), recent, this);
    connect(m_recentScenarios, &RecentFiles::fileChosen, this, &LabWindow::openScenarioFile);
    connect(m_recorder, &RecorderControl::saved, m_recentScenarios, &RecentFiles::add);
    lab->addAction(compareModes->action());
    lab->addAction(externalServer->action());
    lab->addAction(m_scenarioDock->toggleViewAction());
    lab->addAction(m_timelineDock->toggleViewAction());
    QAction *details = m_sessionsDock->toggleViewAction();
    details->setText(tr("Session details"));
    details->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    lab->addAction(details);
    QAction *ownClient = m_ownClientDock->toggleViewAction();
    ownClient->setText(tr("Connect your own client"));
    ownClient->setObjectName(QStringLiteral("ownClientAction"));
    ownClient->setToolTip(tr("How Gajim, Dino, Profanity, Poezio or Psi+ log in to the lab's server"));
    lab->addAction(ownClient);
    lab->addSeparator();
    lab->addAction(clear);
    // Presentation zoom: the diagram, the cards and the timeline, for an audience.
    auto *zoom = new PresentationZoom(this);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("viewMenu"));
    view->addActions(zoom->actions());
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(LabGuide::createAction(this));
    help->addAction(about);
    help->addAction(aboutQt);

    m_mode = new QComboBox;
    m_mode->setObjectName(QStringLiteral("modeSelector"));
    m_mode->addItem(tr("Account-level (minimix)"));
    m_mode->addItem(tr("Classic (XEP-0045)"));
    m_mode->setToolTip(tr("The server's default join mode; it applies to the next joins"));
    m_mode->setCurrentIndex(m_host->joinMode() == JoinMode::AccountLevel ? 0 : 1);
    connect(m_mode, QOverload<int>::of(&QComboBox::currentIndexChanged), this,
            [this](int index) { setJoinMode(index == 0 ? JoinMode::AccountLevel : JoinMode::Classic); });

    QToolBar *toolBar = addToolBar(tr("Lab"));
    toolBar->setObjectName(QStringLiteral("labToolBar"));
    toolBar->setMovable(false);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setIconSize(QSize(18, 18));
    toolBar->addAction(m_runDemo);
    toolBar->addAction(m_runScenario);
    toolBar->addAction(m_recorder->action());
    toolBar->addAction(compareModes->action());
    toolBar->addAction(clear);
    toolBar->addAction(m_timelineDock->toggleViewAction());
    toolBar->addAction(ownClient);
    toolBar->addSeparator();
    auto *modeLabel = new QLabel(tr("  Join mode "));
    toolBar->addWidget(modeLabel);
    toolBar->addWidget(m_mode);
}

void LabWindow::buildCentralArea()
{
    auto *viewCard = new QFrame;
    viewCard->setObjectName(QStringLiteral("fanOutCard"));
    viewCard->setStyleSheet(
        QStringLiteral("#fanOutCard { background: %1; border: 1px solid %2; border-radius: 10px; }")
            .arg(LabPalette::canvas().name(), LabPalette::cardBorder().name()));
    auto *viewLayout = new QVBoxLayout(viewCard);
    viewLayout->setContentsMargins(6, 6, 6, 6);
    viewLayout->addWidget(m_view);

    // Too narrow for the cards (six of them at 200 %), the row scrolls sideways.
    auto *cardRow = new CardRow;
    QWidget *paneRow = cardRow->cards();
    m_paneLayout = cardRow->cardLayout();
    m_paneLayout->setSpacing(8);
    for (LabSession *session : std::as_const(m_sessions))
        addPane(session);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->setChildrenCollapsible(false);
    splitter->setHandleWidth(10);
    splitter->addWidget(viewCard);
    splitter->addWidget(cardRow);
    // The diagram takes what the cards leave: they ask for a few log lines (more under zoom).
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(12, 10, 12, 8);
    layout->addWidget(splitter);
    setCentralWidget(central);

    // The Scenario and Session docks share the right side as tabs, from the menu bar
    // down to the status bar: stacked, or above the Timeline dock, neither would have
    // the height its steps or XML console need at 900 pixels. The timeline runs under
    // the diagram and cards; its lanes scroll under the stanza column when narrow.
    tabifyDockWidget(m_scenarioDock, m_sessionsDock);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);

    // The zoom reaches the diagram, the cards (those added later too) and the timeline.
    if (auto *zoom = findChild<PresentationZoom *>()) {
        zoom->track(central);
        zoom->track(paneRow);
        zoom->track(m_timeline);
    }

    // Long messages end in "…", the whole of them in the tooltip.
    m_demoStatus = new ElidedLabel(tr("Ready. Run the demo, or join sessions by hand."));
    m_serverStatus = new QLabel;
    m_modeStatus = new QLabel;
    m_sessionStatus = new QLabel;
    m_securityStatus = new QLabel;
    m_securityStatus->setObjectName(QStringLiteral("securityStatus"));
    // Short words for the permanent fields, their meaning in tooltips: the running
    // message keeps room beside them at 1400 pixels.
    m_serverStatus->setToolTip(tr("The embedded server's address"));
    m_modeStatus->setToolTip(tr("The server's default join mode; it applies to the next joins"));
    m_sessionStatus->setToolTip(tr("Sessions logged in to the server, of those the lab has"));
    for (QLabel *label : { m_demoStatus, m_serverStatus, m_modeStatus, m_sessionStatus, m_securityStatus })
        label->setContentsMargins(6, 2, 6, 2);
    // The running message takes what the permanent fields leave; it never squeezes them.
    m_demoStatus->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    statusBar()->addWidget(m_demoStatus, 1);
    for (QLabel *label : { m_serverStatus, m_modeStatus, m_sessionStatus, m_securityStatus }) {
        auto *separator = new QFrame;
        separator->setFrameShape(QFrame::VLine);
        separator->setFrameShadow(QFrame::Plain);
        separator->setStyleSheet(QStringLiteral("color: %1;").arg(LabPalette::cardBorder().name()));
        statusBar()->addPermanentWidget(separator);
        statusBar()->addPermanentWidget(label);
    }
    // Stanza rates, from the trace; a separator of its own like the others.
    m_rates = new StanzaRateMeter;
    m_rates->setContentsMargins(6, 2, 6, 2);
    connect(m_host, &LabServerHost::traced, m_rates, &StanzaRateMeter::handleTrace);
    auto *rateSeparator = new QFrame;
    rateSeparator->setFrameShape(QFrame::VLine);
    rateSeparator->setStyleSheet(QStringLiteral("color: %1;").arg(LabPalette::cardBorder().name()));
    statusBar()->addPermanentWidget(rateSeparator);
    statusBar()->addPermanentWidget(m_rates);

    // A database that refuses writes is loud: the server refuses what it cannot store.
    m_storageStatus = new QLabel;
    m_storageStatus->setObjectName(QStringLiteral("storageStatus"));
    m_storageStatus->setContentsMargins(6, 2, 6, 2);
    m_storageStatus->setStyleSheet(
        QStringLiteral("color: white; background: %1; font-weight: bold;").arg(LabPalette::failure().name()));
    m_storageStatus->hide();
    // First of the permanent widgets: its index counts the normal one (the message) too.
    statusBar()->insertPermanentWidget(1, m_storageStatus);
    connect(m_host, &LabServerHost::storageStateChanged, this, [this](bool healthy, const QString &reason) {
        m_storageStatus->setVisible(!healthy);
        m_storageStatus->setText(reason.contains(QLatin1String("full"), Qt::CaseInsensitive)
                                     ? tr("Disk full")
                                     : tr("Storage failing"));
        m_storageStatus->setToolTip(
            tr("The database refuses writes (%1). The server refuses what it cannot store: the senders get "
               "an error and nothing they sent goes out, until writes succeed again.")
                .arg(reason));
    });
    connect(m_host, &LabServerHost::restarted, m_storageStatus, &QWidget::hide);
}

void LabWindow::setDatabasePath(const QString &path)
{
    m_host->setDatabasePath(path);
}

bool LabWindow::startLab()
{
    if (!m_host->start()) {
        m_error = tr("cannot start the server: %1").arg(m_host->errorString());
        m_demoStatus->setText(m_error);
        return false;
    }
    for (LabSession *session : std::as_const(m_sessions))
        m_host->connectSession(session);
    m_ownClientDock->refresh();
    updateStatus();
    return true;
}

bool LabWindow::applyListenSettings()
{
    if (isDemoRunning() || isScenarioRunning() || m_recorder->isRecording()) {
        m_demoStatus->setText(tr("The server can move once the demo, scenario or recording is over."));
        return false;
    }
    m_host->setListenAddress(QHostAddress(OwnClientDock::rememberedAddress()),
                             OwnClientDock::rememberedPort(), LabServerHost::PortFallback::AnyFreePort);
    // Their streams end with the old server; they log in again to the new one.
    for (LabSession *session : std::as_const(m_sessions)) {
        if (!session->isOffline())
            session->disconnectFromServer();
    }
    if (!m_host->restart()) {
        m_error = tr("cannot restart the server: %1").arg(m_host->errorString());
        m_demoStatus->setText(m_error);
        m_ownClientDock->refresh();
        return false;
    }
    for (LabSession *session : std::as_const(m_sessions))
        m_host->connectSession(session);
    updateStatus();
    return true;
}

LabSession *LabWindow::session(const QString &fullJid) const
{
    for (LabSession *session : m_sessions) {
        if (session->jid() == fullJid)
            return session;
    }
    return nullptr;
}

SessionPane *LabWindow::pane(const QString &fullJid) const
{
    for (SessionPane *pane : m_panes) {
        if (pane->session()->jid() == fullJid)
            return pane;
    }
    return nullptr;
}

JoinMode LabWindow::joinMode() const
{
    return m_host->joinMode();
}

void LabWindow::setJoinMode(JoinMode mode)
{
    if (mode == joinMode())
        return;
    m_host->setJoinMode(mode);
    // What an earlier run said is stale once the user changes the lab by hand.
    if (!isScenarioRunning())
        m_demoStatus->setText(tr("Join mode: %1. It applies to the next joins.").arg(modeName(mode)));
}

QString LabWindow::nickFor(const LabSession *session) const
{
    if (m_host->accountJoinMode(session->user()) == JoinMode::AccountLevel)
        return session->user();
    return session->user() + QLatin1Char('-') + session->resource();
}

void LabWindow::joinRoom(LabSession *session)
{
    session->join(m_room, nickFor(session));
    if (!isScenarioRunning())
        m_demoStatus->setText(
            tr("%1 joins %2 as \u201c%3\u201d.").arg(session->name(), m_room, nickFor(session)));
}

void LabWindow::clearLogs()
{
    for (LabSession *session : std::as_const(m_sessions))
        session->clearLog();
    m_view->resetCounters();
}

bool LabWindow::isDemoRunning() const
{
    return m_playingDemo && isScenarioRunning();
}

QStringList LabWindow::receivedReport() const
{
    return LobbyDemo::report(m_sessions, m_room);
}

void LabWindow::runDemo()
{
    if (isScenarioRunning() || m_recorder->isRecording())
        return;
    Scenario demo;
    QString error;
    if (!LobbyDemo::load(joinMode(), &demo, &error) || !play(demo, Run::Demo, &error)) {
        m_demoStatus->setText(tr("The demo cannot start: %1").arg(error));
        emit demoFinished(false);
    }
}

ScenarioRunner *LabWindow::scenarioRunner() const
{
    return m_scenario;
}

bool LabWindow::isScenarioRunning() const
{
    if (!m_scenario)
        return false;
    const ScenarioRunner::State state = m_scenario->state();
    return state != ScenarioRunner::State::Idle && state != ScenarioRunner::State::Finished;
}

bool LabWindow::runScenario(const Scenario &scenario, QString *error)
{
    return play(scenario, Run::Scenario, error);
}

bool LabWindow::play(const Scenario &scenario, Run run, QString *error)
{
    if (isDemoRunning()) {
        if (error)
            *error = tr("the demo is running");
        return false;
    }
    if (!m_scenarioTarget)
        m_scenarioTarget = new LabScenarioTarget(m_host, m_sessions, this);
    auto *runner = new ScenarioRunner(m_scenarioTarget, this);
    if (!runner->load(scenario, error)) {
        delete runner;
        return false;
    }
    if (m_scenario) {
        // Replaced: what the old run says as it stops is no news for this window.
        disconnect(m_scenario, nullptr, this, nullptr);
        m_scenario->stop();
        m_scenario->deleteLater();
    }
    m_scenario = runner;
    m_playingDemo = run == Run::Demo;
    const QString room = scenario.firstRoom(m_scenarioTarget->jids());
    showRoom(room.isEmpty() ? m_room : room);
    m_scenarioDock->setRunner(runner);
    m_scenarioDock->show();
    m_scenarioDock->raise();
    const QString what = run == Run::Demo ? tr("Demo") : tr("Scenario");

    // The sessions' logs show the scenario alone, from the first step.
    connect(runner, &ScenarioRunner::started, this, &LabWindow::clearLogs);
    connect(runner, &ScenarioRunner::stateChanged, this, [this, runner, what](ScenarioRunner::State state) {
        // The scenario brings its own join mode; the lab's comes back when it ends.
        if (state == ScenarioRunner::State::Preparing && !m_modeBeforeScenario)
            m_modeBeforeScenario = joinMode();
        updateBusy();
        if (state == ScenarioRunner::State::Paused && runner->currentStep() < runner->scenario().steps.size())
            m_demoStatus->setText(tr("%1 paused before step %2/%3: %4")
                                      .arg(what)
                                      .arg(runner->currentStep() + 1)
                                      .arg(runner->scenario().steps.size())
                                      .arg(runner->scenario().steps.at(runner->currentStep()).title()));
    });
    connect(runner, &ScenarioRunner::stepStarted, this,
            [this, runner, what](int index, const QString &title) {
                m_demoStatus->setText(tr("%1 %2/%3: %4\u2026")
                                          .arg(what)
                                          .arg(index + 1)
                                          .arg(runner->scenario().steps.size())
                                          .arg(title));
            });
    connect(runner, &ScenarioRunner::finished, this, [this, runner, run](bool success) {
        const ScenarioSummary summary = runner->summary();
        QString text = run == Run::Demo
            ? (success ? tr("Demo finished: every step passed. Hover an edge to see its last stanza.")
                       : tr("Demo failed: %1").arg(summary.text()))
            : tr("Scenario \u201c%1\u201d %2").arg(summary.name, summary.text());
        if (m_modeBeforeScenario && *m_modeBeforeScenario != joinMode()) {
            setJoinMode(*m_modeBeforeScenario);
            text += QLatin1Char(' ') + tr("Join mode back to %1.").arg(modeName(joinMode()));
        }
        m_modeBeforeScenario.reset();
        m_demoStatus->setText(text);
        m_demoStatus->setToolTip(text);
        updateBusy();
        if (run == Run::Demo)
            emit demoFinished(success);
        else
            emit scenarioFinished(success);
    });
    if (run == Run::Scenario)
        emit scenarioStarted(runner);
    else
        emit demoStarted(runner);
    runner->play();
    updateBusy();
    return true;
}

void LabWindow::showRoom(const QString &roomJid)
{
    if (roomJid == m_view->room())
        return;
    m_view->setRoom(roomJid);
    m_timeline->model()->addRoom(roomJid);
    for (LabSession *session : std::as_const(m_sessions))
        m_view->setSessionJoined(session->jid(), session->isJoined(roomJid));
    for (OutsideSessionCard *card : std::as_const(m_outsideCards))
        m_view->setSessionJoined(card->jid(), m_outside->isJoined(card->jid(), roomJid));
}

void LabWindow::openScenario()
{
    // The scenarios that come with the lab, when it runs from its source tree.
    QString directory = QStringLiteral(MINIMIX_SCENARIO_DIR);
    if (!QDir(directory).exists())
        directory = QDir::currentPath();
    const QString path = QFileDialog::getOpenFileName(this, tr("Run scenario"), directory,
                                                      tr("Scenario files (*.json *.scs);;Scansion scripts "
                                                         "(*.scs);;All files (*)"));
    if (path.isEmpty())
        return;
    openScenarioFile(path);
}

bool LabWindow::openScenarioFile(const QString &path)
{
    Scenario scenario;
    QString error;
    const bool loaded = ScenarioParser::load(path, &scenario, &error);
    // A scansion script names no mode: it plays in the window's.
    if (loaded && scenario.isScripted())
        scenario.mode = m_host->joinMode();
    if (!loaded || !runScenario(scenario, &error)) {
        QMessageBox::warning(this, tr("Run scenario"),
                             tr("Cannot play %1:\n\n%2").arg(QDir::toNativeSeparators(path), error));
        return false;
    }
    m_recentScenarios->add(path);
    return true;
}

void LabWindow::updateBusy()
{
    const bool demo = isDemoRunning();
    const bool scenario = isScenarioRunning();
    m_runDemo->setEnabled(!demo && !scenario);
    m_runScenario->setEnabled(!demo);
    // Switching modes half-way would change what the steps mean.
    m_mode->setEnabled(!demo && !scenario);
    m_sessionsDock->setSessionsLocked(demo || scenario);
    // A recording owns the lab as a scenario does: nothing else plays, the mode stays.
    const bool recording = m_recorder->isRecording();
    m_recorder->action()->setEnabled(recording || (!isDemoRunning() && !isScenarioRunning()));
    if (recording) {
        m_runDemo->setEnabled(false);
        m_runScenario->setEnabled(false);
        m_mode->setEnabled(false);
    }
}

void LabWindow::updateStatus()
{
    m_serverStatus->setText(m_host->isRunning() ? tr("Server %1:%2").arg(m_host->host()).arg(m_host->port())
                                                : tr("Server stopped"));
    m_modeStatus->setText(modeName(joinMode()));
    int online = 0;
    int encrypted = 0;
    int detached = 0;
    QStringList protocols;
    QStringList mechanisms;
    for (const LabSession *session : std::as_const(m_sessions)) {
        online += session->isConnected() ? 1 : 0;
        detached += session->isDetached() ? 1 : 0;
        if (!session->isEncrypted())
            continue;
        ++encrypted;
        if (!protocols.contains(session->tlsVersion()))
            protocols << session->tlsVersion();
        if (!session->authMechanism().isEmpty() && !mechanisms.contains(session->authMechanism()))
            mechanisms << session->authMechanism();
    }
    // Short, with a detached session too, so the status bar still fits 1400 pixels.
    QString sessions = detached > 0
        ? tr("%1 of %2 online \u00b7 %3 detached").arg(online).arg(m_sessions.size()).arg(detached)
        : tr("%1 of %2 online").arg(online).arg(m_sessions.size());
    if (m_outside && !m_outside->sessions().isEmpty())
        sessions += m_outside->sessions().size() == 1
            ? tr(" \u00b7 1 own client")
            : tr(" \u00b7 %1 own clients").arg(m_outside->sessions().size());
    m_sessionStatus->setText(sessions);

    // How the streams are secured: every lab session asks for STARTTLS and trusts the
    // server's own certificate alone; QXmpp picks the SASL mechanism (SCRAM).
    QString security;
    if (online == 0)
        security = tr("no streams");
    else if (encrypted == online)
        security = (QStringList { QStringLiteral("TLS") } + mechanisms).join(QStringLiteral(" \u00b7 "));
    else
        security = tr("TLS on %1 of %2 streams").arg(encrypted).arg(online);
    m_securityStatus->setText(security);
    m_securityStatus->setToolTip(
        tr("%1 of %2 streams encrypted (%3). Lab sessions require STARTTLS and trust only the lab\n"
           "server's own certificate, SHA-256 %4.\nSASL: %5, as QXmpp chose it. XEP-0198 stream "
           "management is on: a session whose network is lost stays in its rooms until it resumes.")
            .arg(encrypted)
            .arg(online)
            .arg(protocols.isEmpty() ? tr("no TLS") : protocols.join(QStringLiteral(", ")),
                 m_host->certificateFingerprint().isEmpty() ? tr("none yet")
                                                            : m_host->certificateFingerprint(),
                 mechanisms.isEmpty() ? tr("not known yet") : mechanisms.join(QStringLiteral(", "))));
}

QColor LabWindow::accentOf(const LabSession *session) const
{
    // One accent per account, the same in the diagram, on the cards and in the dock.
    return LabPalette::accountColor(
        (LabServerHost::accountNames() + m_host->addedAccounts()).indexOf(session->user()));
}

void LabWindow::wireSession(LabSession *session)
{
    m_host->follow(session);
    m_view->addSession(session->jid(), accentOf(session));
    connect(session, &LabSession::joinedChanged, this, [this, session](const QString &room, bool joined) {
        if (room == m_view->room())
            m_view->setSessionJoined(session->jid(), joined);
    });
    connect(session, &LabSession::connectionChanged, this, &LabWindow::updateStatus);
    m_sessionsDock->addSession(session, accentOf(session));
}

void LabWindow::addPane(LabSession *session)
{
    auto *pane = new SessionPane(session, m_room, accentOf(session));
    connect(pane, &SessionPane::joinRequested, this, &LabWindow::joinRoom);
    connect(pane, &SessionPane::detailsRequested, m_sessionsDock, &SessionsDock::showSession);
    m_paneLayout->addWidget(pane, 1);
    m_panes << pane;
}

LabSession *LabWindow::addSession(const QString &user, const QString &resource, QString *error)
{
    const auto fail = [error](const QString &why) -> LabSession * {
        if (error)
            *error = why;
        return nullptr;
    };
    if (isDemoRunning() || isScenarioRunning())
        return fail(tr("Sessions cannot change while the demo or a scenario plays."));
    const QString name = user + QLatin1Char('/') + resource;
    for (const LabSession *existing : std::as_const(m_sessions)) {
        if (existing->name() == name)
            return fail(tr("%1 is already in the lab.").arg(name));
    }
    const bool known = LabServerHost::accountNames().contains(user) || m_host->addedAccounts().contains(user);
    if (!known && !m_host->addAccount(user))
        return fail(tr("The server could not create the account %1.").arg(user));
    auto *session = new LabSession(user, m_host->domain(), resource, this);
    m_sessions << session;
    wireSession(session);
    addPane(session);
    // A scenario target knows the sessions it was made with; the next run makes a new one.
    m_scenarioTarget = nullptr;
    if (m_host->isRunning())
        m_host->connectSession(session);
    m_demoStatus->setText(tr("%1 added; it logs in now.").arg(name));
    updateStatus();
    return session;
}

bool LabWindow::removeSession(LabSession *session)
{
    if (!m_sessions.contains(session) || isDemoRunning() || isScenarioRunning())
        return false;
    m_sessions.removeOne(session);
    if (SessionPane *card = pane(session->jid())) {
        m_panes.removeOne(card);
        m_paneLayout->removeWidget(card);
        card->deleteLater();
    }
    m_view->removeSession(session->jid());
    m_sessionsDock->removeSession(session);
    m_scenarioTarget = nullptr;
    disconnect(session, nullptr, this, nullptr);
    // A clean logout first; the client goes once the event loop is back.
    session->disconnectFromServer();
    session->deleteLater();
    m_demoStatus->setText(tr("%1 removed from the lab.").arg(session->name()));
    updateStatus();
    return true;
}

void LabWindow::saveScreenshot()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save screenshot"), QStringLiteral("minimix-lab.png"), tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!grab().save(path))
        QMessageBox::warning(this, tr("Save screenshot"), tr("Could not write %1.").arg(path));
}

void LabWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Minimix Lab"),
        tr("<h3>Minimix Lab %1</h3>"
           "<p>An embedded XMPP server and five real client sessions on loopback, to watch "
           "account-level MUC joining at work: the room talks to the account, the server forks "
           "each room stanza to the account's joined sessions.</p>"
           "<p>Switch to classic mode to compare with plain XEP-0045, where every session is an "
           "occupant of its own.</p>")
            .arg(QStringLiteral(MINIMIX_VERSION)));
}
