// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Stringprep for JIDs (RFC 6122, the profiles of RFC 3920 appendices A and B), done
// by GNU libidn. Every function returns a null QString when its input is invalid:
// an empty part, a prohibited character (nodes: white space, controls and
// " & ' / : < > @), bidi rule violation, a part longer than 1023 UTF-8 bytes after
// preparation, or any other libidn failure. Unassigned code points (of Unicode 3.2)
// are allowed, as for stringprep's "queries": newer characters such as emoji stay usable.
#pragma once

#include <QString>

namespace JidPrep {
// Nodeprep: "ALICE" -> "alice", "Straße" -> "strasse"; " alice " -> null.
QString node(const QString &node);
// Resourceprep: keeps case and inner spaces.
QString resource(const QString &resource);
// Nameprep, lower case, a final dot removed, each label a valid host name label
// (letters, digits, '-'); IP literals ("127.0.0.1", "[::1]") are accepted.
QString domain(const QString &domain);
// A whole JID, "node@domain/resource" with node and resource optional: the first
// '/' ends the bare part, the first '@' before it ends the node. Each part is
// prepared as above and the parts rejoined.
QString jid(const QString &jid);
} // namespace JidPrep
