// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucNickname.h"

#include "JidPrep.h"

#include <QVector>

QString MucNickname::prepare(const QString &nick)
{
    return JidPrep::resource(nick);
}

MucRefusal MucNickname::check(const QString &prepared)
{
    // JidPrep lets unassigned code points through (stringprep "queries"); a nick is
    // "stored" in the room's sense, so it gets stringprep's stored-string rule
    // (RFC 3454 §7): nothing Unicode 3.2 did not assign, emoji included.
    bool strict = !prepared.isEmpty();
    for (const uint codePoint : prepared.toUcs4()) {
        const QChar::UnicodeVersion version = QChar::unicodeVersion(codePoint);
        strict = strict && version != QChar::Unicode_Unassigned && version <= QChar::Unicode_3_2;
    }
    if (strict)
        return {};
    return { Stanza::ErrorType::Modify, QStringLiteral("jid-malformed"),
             QStringLiteral("Nickname must pass strict validation") };
}
