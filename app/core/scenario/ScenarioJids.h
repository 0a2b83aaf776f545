// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// How the short names of a scenario file become JIDs on one server. Rooms: "lobby"
// is lobby@<muc domain>, "lobby/bob" its occupant bob. Accounts and sessions: "bob"
// is bob@<domain>, "alice/phone" that account's session. Anything with an '@' is a
// JID already. Files never name a domain, so they run on any server.
#pragma once

#include <QString>

class ScenarioJids
{
public:
    ScenarioJids(const QString &domain, const QString &mucDomain);

    QString domain() const { return m_domain; }
    QString mucDomain() const { return m_mucDomain; }

    QString room(const QString &name) const;
    QString account(const QString &name) const;

    // Replaces {room:NAME}, {jid:NAME}, {domain} and {muc} in XML. False with the
    // offending placeholder in *error when one is unknown.
    bool expand(const QString &xml, QString *expanded, QString *error = nullptr) const;

private:
    QString resolve(const QString &name, const QString &domain) const;

    QString m_domain;
    QString m_mucDomain;
};
