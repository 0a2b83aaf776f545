// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The timeline's events as rows and its lanes as columns: the room, each account and
// each session under its account. Fed by the server's trace; keeps the newest
// capacity() rows so a long session costs bounded memory and painting time.
#pragma once

#include "TraceEvent.h"
#include "core/trace/TimelineLane.h"
#include "core/trace/TimelineRow.h"

#include <QAbstractListModel>
#include <QHash>
#include <QPair>
#include <QSet>
#include <QVector>
#include <deque>

class TimelineModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        FanOutRole,
        TimeRole,
        DirectionRole,
        KindRole,
        XmlRole,
    };

    explicit TimelineModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // Lanes known before any traffic, so the columns keep the lab's order.
    void addRoom(const QString &roomJid);
    void addSession(const QString &fullJid);

    int capacity() const { return m_capacity; }
    void setCapacity(int rows);
    // Off (the default): only what involves a room. On: also session to server traffic
    // (pings, roster, discovery), on a lane of its own for the server.
    bool includesServerTraffic() const { return m_serverTraffic; }
    void setIncludeServerTraffic(bool include);
    // Rows dropped because the capacity was reached, since the last clear().
    int droppedRows() const { return m_dropped; }

    const QVector<TimelineLane> &lanes() const { return m_lanes; }
    int laneIndex(const QString &key) const { return m_laneIndex.value(key, -1); }
    QStringList laneLabels() const;
    // The row, its label worked out if it is not yet.
    const TimelineRow &row(int index) const;
    int rowOfId(quint64 id) const;
    // The other rows of the same fan-out: the room stanza and every copy forked from it.
    QVector<int> fanOutSiblings(int row) const;

    static QString shortJid(const QString &jid);
    // A fork decision without a stanza: the server noting that one session of the
    // account went offline (§5). Not a fork of anything; labelled and drawn as such.
    static bool isSessionOffline(const TimelineRow &row);
    static bool isSessionOffline(const TraceEvent &event);

public slots:
    void handleTrace(const TraceEvent &event);
    // Forgets the rows; lanes added by addRoom()/addSession() stay.
    void clear();
    // A fresh server: its trace ids start again, so its fan-outs are new ones.
    void startEpoch();

signals:
    void lanesChanged();

private:
    bool accept(const TraceEvent &event) const;
    QString ensureLane(TimelineLane::Type type, const QString &jid);
    QString laneForJid(const QString &jid, const TraceEvent &event);
    void retargetToAccount(const TraceEvent &event);
    int recentRowOfId(quint64 id) const;
    void append(TimelineRow row);
    void trim();
    // Forgets the fan-outs of rows no longer kept, so a long session costs bounded memory.
    void forgetOldFanOuts();
    void rebuildIndex();
    static QString describe(const TraceEvent &event);
    // A stanza hop's label: its kind, type, ends and the detail that tells it apart.
    static QString describeStanza(TraceEvent::Kind kind, const QString &from, const QString &to,
                                  const QString &xml);

    QVector<TimelineLane> m_lanes;
    QHash<QString, int> m_laneIndex;
    QSet<QString> m_seededLanes;
    std::deque<TimelineRow> m_rows;
    // Fan-outs handled at account level (a room stanza to the account, a fork or a
    // replay): their deliveries come from the account, not straight from the room.
    QSet<quint64> m_viaAccount;
    // Classic mode: (fan-out, session) the room addressed directly, awaiting delivery.
    QSet<QPair<quint64, QString>> m_directCopies;
    int m_capacity = 5000;
    int m_dropped = 0;
    int m_droppedSinceForget = 0;
    quint32 m_epoch = 0;
    quint64 m_lastId = 0;
    bool m_serverTraffic = false;
};
