// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One step of a scenario file: an action a session takes, or an expectation about
// what a session received. Names stay as the file wrote them ("lobby", "lobby/bob",
// "alice/phone"); ScenarioJids turns them into JIDs when the step runs.
#pragma once

#include "core/scenario/ScenarioFilter.h"

#include <QString>
#include <QVector>

class ScenarioStep
{
public:
    enum class Action {
        Join,
        Leave,
        Say,
        Nick,
        Presence,
        Private,
        Send,
        Drop,
        Disconnect,
        Reconnect,
        Lose,
        Resume,
        Connect, // a scripted client logs in (stream, TLS, SASL, bind) and sends nothing else
        ExpectReceive,
        ExpectNothing,
        ExpectOrder,
        ExpectStanza, // scripted: a stanza matching xml (a StanzaTemplate) arrives
    };

    Action action = Action::Join;
    int number = 0; // 1-based, as in messages
    QString session;
    QString room;
    QString nick;
    QString classicNick; // join, nick: the nick asked for when played in classic mode
    QString body;
    QString to; // private: the occupant's nick
    QString show; // presence: "online" sends no <show/>
    QString status; // presence: <status/> text
    QString xml; // send: with placeholders; stanza: the expected stanza
    int line = 0; // scripted: the line in the script
    QString mucPayload; // join: <history/> and <password/> inside the MUC x
    QString historyText; // join: "maxstanzas=0", for the title
    QString note;
    ScenarioFilter filter; // receive and nothing; order: which stanzas take part
    int count = -1; // receive: exactly this many; -1: at least one
    QVector<ScenarioFilter> order;
    QStringList orderText; // the "kinds" as written

    bool isExpectation() const;
    // The word as the file writes it: "join", "receive".
    QString keyword() const;
    // "alice/phone joins lobby as “alice”"
    QString title() const;

    static QStringList actionNames();
    static QStringList expectationNames();
};
