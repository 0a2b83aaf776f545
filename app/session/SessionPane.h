// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One session's card: what it received (newest last) and its controls: join and
// leave the room, send a groupchat message. A session the server keeps detached
// (its network lost, XEP-0198) has a dashed amber frame and a countdown. The log and the counts follow in
// batches, at most FlushMs apart, so a busy room costs one layout per batch.
#pragma once

#include "core/session/LabSession.h"
#include "ui/UpdateBatcher.h"

#include <QFrame>
#include <QTimer>
#include <QVector>

class QLabel;
class QLayout;
class QLineEdit;
class QListWidget;
class QPushButton;

class SessionPane : public QFrame
{
    Q_OBJECT
public:
    SessionPane(LabSession *session, const QString &roomJid, const QColor &accent, QWidget *parent = nullptr);
    ~SessionPane() override;

    LabSession *session() const { return m_session; }
    // The state as the card shows it: "joined as alice", "detached · resumes within 4:32".
    QString stateText() const;

    // The accent dot and "user / resource" title, as cards and detail pages show them.
    static QLayout *createHeader(LabSession *session, const QColor &accent, qreal titleGrowth);

    static constexpr int FlushMs = UpdateBatch::IntervalMs;

signals:
    // The window picks the nick, which depends on the join mode.
    void joinRequested(LabSession *session);
    // A click on the card: show this session's details.
    void detailsRequested(LabSession *session);

protected:
    void mousePressEvent(QMouseEvent *event) override;

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

    LabSession *const m_session;
    const QString m_room;
    QLabel *m_status = nullptr;
    QLabel *m_counts = nullptr;
    QListWidget *m_log = nullptr;
    QPushButton *m_join = nullptr;
    QPushButton *m_leave = nullptr;
    QLineEdit *m_message = nullptr;
    QPushButton *m_send = nullptr;
    UpdateBatcher<LogLine> m_batch; // lines not in the log yet
    QTimer m_countdown; // once a second while the server keeps the session detached
    bool m_detachedFrame = false; // the card is drawn dashed
};
