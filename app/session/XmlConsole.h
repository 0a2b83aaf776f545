// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Everything one session sent and received, as indented, highlighted XML with a
// direction arrow per stanza, filtered by kind, room and text. A shown console takes
// entries into its view in batches at most FlushMs apart; a hidden one keeps them
// (bounded by MaxEntries) until it is shown, and is coloured only when shown.
#pragma once

#include "ui/UpdateBatcher.h"

#include <QDateTime>
#include <QDomElement>
#include <QSet>
#include <QTimer>
#include <QVector>
#include <QWidget>
#include <deque>

class ElidedLabel;
class LabSession;
class QComboBox;
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
    QVector<Entry> entries() const;
    QVector<Entry> visibleEntries() const;
    QString visibleText() const;
    void clear();

    // A stanza as the console shows it: indented by two, as QDomDocument::toString(2)
    // writes it, without the stream's default namespace, line breaks as \n only.
    static QString indented(const QDomElement &stanza);

    static constexpr int MaxEntries = 3000;
    static constexpr int FlushMs = UpdateBatch::IntervalMs;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void build();
    // Past MaxEntries, drops the oldest tenth, from the view too, without building it again.
    void trim();
    // One stored entry: its XML is written from the stanza when first needed (shown,
    // filtered by text, copied, asked for), so a busy stream costs a console no
    // serialisation for the entries it drops before anybody looks.
    struct Record
    {
        Entry entry;
        // Null once entry.xml is written. It may outlive its document: QDom then keeps
        // the element and what is under it, detached, and frees the rest.
        QDomElement stanza;
    };
    static const Entry &written(Record &record);
    // Rendered entries into the view, in one append (by number, see m_firstNumber).
    void appendToView(const QVector<qint64> &numbers);
    bool accepts(Record &record) const;
    static QString render(const Entry &entry);
    void rebuild();
    void updateCount();

    const QString m_ownDomain; // peers elsewhere are rooms (or other servers)
    mutable std::deque<Record> m_entries; // oldest first; trimmed at the front
    qint64 m_firstNumber = 0; // entries are numbered as added: the number of m_entries.front()
    QComboBox *m_kind = nullptr;
    QComboBox *m_room = nullptr;
    QLineEdit *m_text = nullptr;
    QPlainTextEdit *m_view = nullptr;
    ElidedLabel *m_count = nullptr;
    XmlHighlighter *m_highlighter = nullptr;
    QSet<QString> m_rooms; // in the room filter already: no lookup in its model per stanza
    int m_visible = 0; // entries the filters accept, kept so adding stays O(1)
    bool m_follow = true; // the view keeps the newest entry in sight
    UpdateBatcher<qint64> m_batch; // the newest accepted entries (numbers), not in the view yet
};
