// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// One-line, human-sized descriptions of received stanzas for the session panes.
#pragma once

#include <QDomElement>
#include <QList>
#include <QString>

namespace StanzaSummary {
// "lobby@conference.localhost/bob" -> "lobby/bob": the lab has one domain, so it is noise.
QString shortJid(const QString &jid);
// e.g. "groupchat “hello” from lobby/bob", "history “hello” from lobby/bob" (with <delay/>),
// "presence lobby/alice available [201 110]" (codes in the order the stanza has them).
QString summarize(const QDomElement &stanza);
// True for a PEP notification (<event xmlns='…pubsub#event'/>), e.g. a bookmark change.
bool isPepEvent(const QDomElement &stanza);
// True for a message carrying <delay xmlns='urn:xmpp:delay'/> (history, replays).
bool isDelayed(const QDomElement &stanza);
// The XEP-0045 status codes of a room presence (<x xmlns='…muc#user'><status code/>).
QList<int> mucStatusCodes(const QDomElement &presence);
// The defined condition of an error stanza ("conflict", "not-acceptable", ...).
QString errorCondition(const QDomElement &stanza);
} // namespace StanzaSummary
