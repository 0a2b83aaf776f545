// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "core/scenario/ScenarioStep.h"

#include <QRegularExpression>

namespace {
QString quoted(const QString &text)
{
    return QStringLiteral("\u201c%1\u201d").arg(text);
}

QString elided(QString text, int max = 70)
{
    text = text.simplified();
    return text.size() > max ? text.left(max - 1) + QChar(0x2026) : text;
}
} // namespace

QStringList ScenarioStep::actionNames()
{
    // Indexed by Action, up to the expectations.
    return { QStringLiteral("join"),      QStringLiteral("leave"),    QStringLiteral("say"),
             QStringLiteral("nick"),      QStringLiteral("presence"), QStringLiteral("private"),
             QStringLiteral("send"),      QStringLiteral("drop"),     QStringLiteral("disconnect"),
             QStringLiteral("reconnect"), QStringLiteral("lose"),     QStringLiteral("resume") };
}

QStringList ScenarioStep::expectationNames()
{
    return { QStringLiteral("receive"), QStringLiteral("nothing"), QStringLiteral("order") };
}

bool ScenarioStep::isExpectation() const
{
    return action >= Action::ExpectReceive;
}

QString ScenarioStep::keyword() const
{
    // A scansion script's own steps have no word in the JSON format.
    if (action == Action::Connect)
        return QStringLiteral("connect");
    if (action == Action::ExpectStanza)
        return QStringLiteral("stanza");
    const int index = int(action);
    return isExpectation() ? expectationNames().at(index - int(Action::ExpectReceive))
                           : actionNames().at(index);
}

QString ScenarioStep::title() const
{
    switch (action) {
    case Action::Join:
        return QStringLiteral("%1 joins %2 as %3%4")
            .arg(session, room, quoted(nick),
                 historyText.isEmpty() ? QString() : QStringLiteral(" (history: %1)").arg(historyText));
    case Action::Leave:
        return QStringLiteral("%1 leaves %2").arg(session, room);
    case Action::Say:
        return QStringLiteral("%1 says %2 in %3").arg(session, quoted(body), room);
    case Action::Nick:
        return QStringLiteral("%1 asks %2 for the nick %3").arg(session, room, quoted(nick));
    case Action::Presence: {
        QString what = show.isEmpty() ? QStringLiteral("online") : show;
        if (!status.isEmpty())
            what += QLatin1Char(' ') + quoted(status);
        return QStringLiteral("%1 shows %2 in %3").arg(session, what, room);
    }
    case Action::Private:
        return QStringLiteral("%1 sends %2 privately to %3/%4").arg(session, quoted(body), room, to);
    case Action::Send: {
        // Short enough to read in a list: names for placeholders, namespaces by their last segment.
        static const QRegularExpression placeholder(QStringLiteral("\\{(?:room|jid):([^}]*)\\}"));
        static const QRegularExpression ns(QStringLiteral("xmlns=(['\"])[^'\"]*/([^'\"/]*)\\1"));
        QString shown = xml;
        shown.replace(placeholder, QStringLiteral("\\1"));
        shown.replace(ns, QStringLiteral("xmlns=\\1\u2026\\2\\1"));
        return QStringLiteral("%1 sends %2").arg(session, elided(shown, 140));
    }
    case Action::Drop:
        return QStringLiteral("%1 loses its connection (dropped by the server, no presence)").arg(session);
    case Action::Lose:
        return QStringLiteral("%1 loses its network (the server keeps it for resumption)").arg(session);
    case Action::Resume:
        return QStringLiteral("%1 comes back and resumes its stream").arg(session);
    case Action::Disconnect:
        return QStringLiteral("%1 disconnects cleanly").arg(session);
    case Action::Connect:
        return QStringLiteral("%1 connects").arg(session);
    case Action::ExpectStanza:
        return QStringLiteral("%1 receives %2").arg(session, elided(xml, 140));
    case Action::Reconnect:
        return QStringLiteral("%1 reconnects").arg(session);
    case Action::ExpectReceive:
        if (count < 0)
            return QStringLiteral("expect %1 to receive %2").arg(session, filter.describe());
        return QStringLiteral("expect %1 to receive exactly %2 \u00d7 %3")
            .arg(session)
            .arg(count)
            .arg(filter.describe());
    case Action::ExpectNothing: {
        if (line > 0)
            return QStringLiteral("%1 receives nothing").arg(session);
        const QString what = filter.describe();
        return QStringLiteral("expect %1 to receive no %2").arg(session, what);
    }
    case Action::ExpectOrder:
        return QStringLiteral("expect %1 to receive%2, in this order: %3")
            .arg(session, filter.from.isEmpty() ? QString() : QStringLiteral(" from %1").arg(filter.from),
                 orderText.join(QStringLiteral(", ")));
    }
    return QString();
}
