// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The room's occupants as one session sees them: built only from the presences
// that session received (nick, role, affiliation, show), its own entry marked.
#pragma once

#include <QWidget>

class LabSession;
class ElidedLabel;
class QDomElement;
class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

class OccupantList : public QWidget
{
    Q_OBJECT
public:
    struct Occupant
    {
        QString nick;
        QString role;
        QString affiliation;
        QString show; // "online" when the presence had no <show/>
        QString status;
        bool self = false;
    };

    OccupantList(LabSession *session, const QString &roomJid, QWidget *parent = nullptr);

    QVector<Occupant> occupants() const; // sorted by nick
    QStringList nicks() const;

private:
    void follow(const QDomElement &stanza);
    void update(QTreeWidgetItem *item, const Occupant &occupant);
    void clear();
    void updateTitle();

    LabSession *const m_session;
    const QString m_room;
    ElidedLabel *m_title = nullptr;
    QTreeWidget *m_tree = nullptr;
};
