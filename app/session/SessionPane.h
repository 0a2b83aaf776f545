// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One session's card: what it received (newest last) and its controls: join and
// leave the room, send a groupchat message. A session the server keeps detached
// (its network lost, XEP-0198) has a dashed amber frame and a countdown. The log and the counts follow in
// batches, at most FlushMs apart, so a busy room costs one layout per batch. Narrow
// (six cards beside the Session dock, about 140 px), the card rearranges rather than cut
// its texts: the user above the resource, the state on two lines, the count ("9 received")
// above Join/Leave, a shorter placeholder. Only really long names end in "…", whole in
// the tooltip.
#pragma once

#include "core/session/LabSession.h"
#include "ui/UpdateBatcher.h"

#include <QFrame>
#include <QTimer>
#include <QVector>

class ElidedLabel;
class QLabel;
class QBoxLayout;
class QLayout;
class QLineEdit;
class QListWidget;
class QPushButton;
class QVBoxLayout;

class SessionPane : public QFrame
{
    Q_OBJECT
    // Presentation zoom (PresentationZoom): the card's text grows by this factor.
    Q_PROPERTY(double zoom READ zoom WRITE setZoom)
public:
    SessionPane(LabSession *session, const QString &roomJid, const QColor &accent, QWidget *parent = nullptr);
    ~SessionPane() override;

    LabSession *session() const { return m_session; }
    // The state as the card shows it: "joined as alice", "detached · resumes within 4:32".
    QString stateText() const;
    // "12 stanzas received · 3 groupchat"; its tooltip says what each number counts.
    ElidedLabel *countsLabel() const { return m_counts; }
    ElidedLabel *stateLabel() const { return m_status; }

    double zoom() const { return m_zoom; }
    void setZoom(double factor);
    // Three log lines (the least): the height beyond goes to the diagram above the cards.
    // The width hints depend on the zoom only, not on the texts or the arrangement, so
    // the cards of a row share its width evenly.
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // The user above the resource: the one-line title does not fit the width.
    bool isTitleStacked() const;
    // The count above Join/Leave: side by side, the count's shortest form would not fit.
    bool isCountStacked() const;

    // The accent dot and "user / resource" title, as cards and detail pages show them:
    // labels "titleUser", "titleSeparator" and "titleResource", titleGrowth points larger.
    static QLayout *createHeader(LabSession *session, const QColor &accent, qreal titleGrowth);
    // What the card's counts count, as its tooltip says it.
    static QString countsExplanation();

    static constexpr int FlushMs = UpdateBatch::IntervalMs;

signals:
    // The window picks the nick, which depends on the join mode.
    void joinRequested(LabSession *session);
    // A click on the card: show this session's details.
    void detailsRequested(LabSession *session);

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void append(const QString &text, const QColor &color, bool emphasised = false);
    struct LogLine
    {
        QString text;
        QColor color;
        bool emphasised;
    };
    void addToLog(const QVector<LogLine> &lines);
    void clearLog();
    void refresh();
    void updateFrame();
    void updateCounts();
    void send();
    // Every font from the application's, grown by the zoom; buttons may narrow to their text.
    void applyFonts();
    static void keepTitleReadable(QLabel *user, QLabel *resource);
    // Arranges the card for its width: see the class comment.
    void adaptToWidth();
    void updatePlaceholder();
    // Below this width the card is narrow: smaller margins, buttons as narrow as their text.
    int narrowWidth() const;

    LabSession *const m_session;
    const QString m_room;
    ElidedLabel *m_status = nullptr;
    ElidedLabel *m_counts = nullptr;
    QListWidget *m_log = nullptr;
    QPushButton *m_join = nullptr;
    QPushButton *m_leave = nullptr;
    QLineEdit *m_message = nullptr;
    QPushButton *m_send = nullptr;
    QVBoxLayout *m_layout = nullptr;
    QBoxLayout *m_titleBox = nullptr; // user, separator, resource
    QBoxLayout *m_countRow = nullptr; // counts, Join/Leave
    UpdateBatcher<LogLine> m_batch; // lines not in the log yet
    QTimer m_countdown; // once a second while the server keeps the session detached
    bool m_detachedFrame = false; // the card is drawn dashed
    QString m_shownState; // what refresh() last showed: the state text and the buttons' states
    double m_zoom = 1.0;
    const QFont m_baseFont; // the application's, before any zoom
};
