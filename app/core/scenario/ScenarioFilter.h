// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// What an expectation looks for in a received stanza: a kind and any of the fields
// an XMPP developer checks by eye (from, body, type, show, status codes, error
// condition, the muc#user item...). Unset fields match anything.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

class QDomElement;
class ScenarioJids;

class ScenarioFilter
{
public:
    // Every stanza has exactly one kind; History is a GroupChat carrying <delay/>.
    enum class Kind { Any, GroupChat, History, Subject, Message, Invite, Presence, Error, Iq, Bookmark };

    Kind kind = Kind::Any;
    QString from; // room notation: a room matches itself and its occupants
    QString to; // a session name: the stanza was addressed to that session's full JID
    std::optional<QString> type; // "available" is a presence without a type
    std::optional<QString> id;
    std::optional<QString> body;
    std::optional<QString> subject;
    std::optional<QString> show; // "online" is a presence without <show/>
    std::optional<QString> condition;
    std::optional<QString> reason; // any <reason/> in the muc#user x
    std::optional<QString> inviter; // account notation
    std::optional<QString> destroy; // "" any destruction notice, else the alternate venue
    std::optional<bool> delayed;
    QList<int> status; // all of these codes
    QList<int> noStatus; // none of these codes
    std::optional<QString> itemNick;
    std::optional<QString> itemRole;
    std::optional<QString> itemAffiliation;
    std::optional<QString> itemJid; // account notation

    static QStringList kindNames();
    static Kind kindFromName(const QString &name, bool *ok);
    static QString kindName(Kind kind);
    static Kind classify(const QDomElement &stanza);

    bool matches(const QDomElement &stanza, const ScenarioJids &jids) const;
    // "presence from lobby/alice, type unavailable, status 110 307"
    QString describe() const;
};
