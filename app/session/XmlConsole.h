// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Everything one session sent and received, as indented, highlighted XML with a
// direction arrow per stanza, filtered by kind, room and text. A shown console takes
// entries into its view in batches at most FlushMs apart; a hidden one at once, and
// is coloured only when shown.
#pragma once

#include "ui/UpdateBatcher.h"

#include <QDateTime>
#include <QTimer>
#include <QVector>
#include <QWidget>

class ElidedLabel;
class LabSession;
class QComboBox;
class QDomElement;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class XmlHighlighter;

class XmlConsole : public QWidget
{
    Q_OBJECT
public:
    enum class Direction { In, Out };
    struct Entry
    {
        Direction direction = Direction::In;
        QTime time;
        QString kind; // message, presence, iq, or error for any stanza of type error
        QString peer; // 'from' of what came in, 'to' of what went out
        QString room; // the peer's bare JID when it is not on the session's own domain
        QString xml; // indented
        // "in presence lobby@conference.localhost/bob": how tests name an entry.
        QString label() const;
    };

    explicit XmlConsole(LabSession *session, QWidget *parent = nullptr);
    // A console of a session no LabSession drives (a real client's): its stanzas are
    // handed in with add(), as the server saw them.
    explicit XmlConsole(const QString &account, QWidget *parent = nullptr);

    void add(Direction direction, const QDomElement &stanza);

    // Filters as the widgets set them; an empty kind or room means any.
    void setKindFilter(const QString &kind);
    void setRoomFilter(const QString &room);
    void setTextFilter(const QString &text);
    QVector<Entry> entries() const { return m_entries; }
    QVector<Entry> visibleEntries() const;
    QString visibleText() const;
    void clear();

    static constexpr int MaxEntries = 3000;
    static constexpr int FlushMs = UpdateBatch::IntervalMs;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void build();
    // Past MaxEntries, drops the oldest tenth, from the view too, without building it again.
    void trim();
    // Rendered entries into the view, in one append.
    void appendToView(const QVector<QString> &texts);
    bool accepts(const Entry &entry) const;
    static QString render(const Entry &entry);
    void rebuild();
    void updateCount();

    const QString m_ownDomain; // peers elsewhere are rooms (or other servers)
    QVector<Entry> m_entries;
    QComboBox *m_kind = nullptr;
    QComboBox *m_room = nullptr;
    QLineEdit *m_text = nullptr;
    QPlainTextEdit *m_view = nullptr;
    ElidedLabel *m_count = nullptr;
    XmlHighlighter *m_highlighter = nullptr;
    int m_visible = 0; // entries the filters accept, kept so adding stays O(1)
    bool m_follow = true; // the view keeps the newest entry in sight
    UpdateBatcher<QString> m_batch; // the newest accepted entries, rendered, not in the view yet
};
