// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Reads a scansion script (.scs), the plain-text test language of Prosody and other
// XMPP servers: "# title" lines, "[Client] Name" blocks (jid, password, resource),
// a line of dashes, then "Name connects", "Name sends:", "Name receives:" (a stanza,
// indented, or "nothing") and "Name disconnects". Comments start with #, // or --.
// The result is a scripted Scenario that ScenarioRunner plays like any other; every
// error names its line.
#pragma once

#include "core/scenario/Scenario.h"

#include <QStringList>
#include <functional>

class ScansionParser
{
public:
    static bool parse(const QString &text, Scenario *scenario, QString *error);
    // As parse(); errors start with the path ("bad.scs: line 12: ...").
    static bool load(const QString &path, Scenario *scenario, QString *error);
    static bool isScansionPath(const QString &path);

    // "${Romeo's full JID}" and "${Romeo's JID}" replaced by fullJid(name) and the
    // client's bare JID; false with *error naming the first unknown client.
    static bool expand(const QString &text, const QVector<ScenarioClient> &clients,
                       const std::function<QString(const QString &name)> &fullJid, QString *out,
                       QString *error);
};
