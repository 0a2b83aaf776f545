// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// What a scenario plays against: named client sessions on one server, and the few
// things only the server side can do. LabScenarioTarget is the lab's embedded
// server; a target for an external server would implement the same interface
// (there, dropping a session would cut its socket from the client side).
#pragma once

#include "JoinMode.h"
#include "core/scenario/Scenario.h"
#include "core/scenario/ScenarioJids.h"
#include "core/session/ScriptClient.h"

#include <QObject>
#include <QStringList>

class LabSession;

class ScenarioTarget : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    virtual ScenarioJids jids() const = 0;
    // "alice/phone", ...: the sessions a scenario may name.
    virtual QStringList sessionNames() const = 0;
    virtual LabSession *session(const QString &name) const = 0;

    // Brings the server to a clean state in this join mode with every session
    // online, then emits prepared().
    virtual void prepare(JoinMode mode) = 0;
    // Cuts the session off without any presence and without resumption.
    virtual void dropSession(const QString &name) = 0;
    virtual void reconnectSession(const QString &name) = 0;
    // Cuts the client's socket, as a lost network would: a server that offers XEP-0198
    // resumption keeps the session (detached) for a while.
    virtual void loseSession(const QString &name) = 0;
    // Logs the same client in again, which resumes the stream the server kept.
    virtual void resumeSession(const QString &name) = 0;

    // Scripted clients (scansion) log in with their own accounts: the embedded server
    // creates the account with the script's password (after prepare()); an external
    // server must already accept it. False with *error when it cannot be had.
    virtual bool addScriptAccount(const ScenarioClient &client, QString *error) = 0;
    // Where and how a scripted client logs in.
    virtual ScriptClient::Login scriptLogin(const ScenarioClient &client) const = 0;
    // One of the target's sessions as a scripted client (its account, password and
    // resource), for a recording saved as a scansion script.
    virtual ScenarioClient scriptClientOf(const QString &sessionName) const = 0;

signals:
    // Empty when every session is online on a clean server.
    void prepared(const QString &error);
    // The server has seen the session go (dropped, disconnected).
    void sessionOffline(const QString &name);
    // The server has seen the session's connection go and keeps it for resumption.
    void sessionDetached(const QString &name);
};
