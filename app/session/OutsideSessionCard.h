// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The card of a session a real client brought (Gajim as alice/gajim): beside the lab's
// own cards, labelled with the client's name, showing what the server delivered to it.
// The lab cannot type for it, so it has no controls; a click opens its XML console,
// both directions as the server saw them.
#pragma once

#include <QFrame>
#include <QPointer>

class ElidedLabel;
class QDialog;
class QLabel;
class QListWidget;
class XmlConsole;

class OutsideSessionCard : public QFrame
{
    Q_OBJECT
public:
    OutsideSessionCard(const QString &fullJid, const QColor &accent, QWidget *parent = nullptr);

    QString jid() const { return m_jid; }
    void setClientName(const QString &name);
    QString clientName() const { return m_clientName; }
    void setRooms(const QStringList &rooms);
    void addSent(const QString &xml);
    void addReceived(const QString &xml);
    int receivedCount() const { return m_received; }
    QString stateText() const;
    XmlConsole *console() const { return m_console; }
    // The console in a window of its own (what a click on the card does).
    void showConsole();

    static constexpr int MaxLogLines = 200;

protected:
    void mousePressEvent(QMouseEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void updateTexts();

    const QString m_jid;
    QString m_clientName;
    QStringList m_rooms;
    int m_received = 0;
    ElidedLabel *m_client = nullptr;
    ElidedLabel *m_state = nullptr;
    ElidedLabel *m_counts = nullptr;
    QListWidget *m_log = nullptr;
    XmlConsole *m_console = nullptr; // lives in m_consoleWindow
    QPointer<QDialog> m_consoleWindow;
};
