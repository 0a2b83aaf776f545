// The lab's main window: the fan-out diagram in the middle, one card per session
// below it, the join mode in the toolbar and the built-in demo one click away.
#pragma once

#include "JoinMode.h"

#include <QMainWindow>
#include <QPointer>

class DemoScript;
class FanOutView;
class LabServerHost;
class LabSession;
class QAction;
class QComboBox;
class QLabel;
class SessionPane;

class LabWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit LabWindow(QWidget *parent = nullptr);
    ~LabWindow() override;

    // Application-wide look and names; call once after QApplication exists.
    static void setupApplication();

    // Starts the server and connects every session; false with errorString() on failure.
    bool startLab();
    QString errorString() const { return m_error; }

    QString room() const { return m_room; }
    LabServerHost *server() const { return m_host; }
    QList<LabSession *> sessions() const { return m_sessions; }
    LabSession *session(const QString &fullJid) const;
    SessionPane *pane(const QString &fullJid) const;
    FanOutView *fanOutView() const { return m_view; }

    JoinMode joinMode() const;
    void setJoinMode(JoinMode mode);
    // All sessions of an account share one nick in account-level mode; in classic
    // mode each session is its own occupant and needs a nick of its own.
    QString nickFor(const LabSession *session) const;

    DemoScript *demo() const;
    bool isDemoRunning() const;
    // Who received which groupchat bodies, one line per session.
    QStringList receivedReport() const;

public slots:
    void runDemo();
    void joinRoom(LabSession *session);
    void clearLogs();
    void saveScreenshot();

signals:
    void demoStarted(DemoScript *script);
    void demoFinished(bool success);

private:
    void buildActions();
    void buildCentralArea();
    void updateStatus();
    void showAbout();

    QString m_error;
    LabServerHost *m_host = nullptr;
    QString m_room;
    QList<LabSession *> m_sessions;
    QList<SessionPane *> m_panes;
    FanOutView *m_view = nullptr;
    QPointer<DemoScript> m_demo;
    QAction *m_runDemo = nullptr;
    QComboBox *m_mode = nullptr;
    QLabel *m_demoStatus = nullptr;
    QLabel *m_serverStatus = nullptr;
    QLabel *m_modeStatus = nullptr;
    QLabel *m_sessionStatus = nullptr;
};
