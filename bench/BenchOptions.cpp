// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "BenchOptions.h"

#include <QCommandLineParser>

namespace {
bool positiveInt(const QString &text, int minimum, int *value)
{
    bool ok = false;
    const int number = text.toInt(&ok);
    if (!ok || number < minimum)
        return false;
    *value = number;
    return true;
}

// A SHA-256 fingerprint as minimix-server's "certificate sha256" line or `openssl x509
// -fingerprint -sha256` print it: 32 hex pairs, with or without ':' between them.
QByteArray parseFingerprint(QString text)
{
    text.remove(QLatin1Char(':'));
    if (text.size() != 64)
        return QByteArray();
    for (const QChar c : qAsConst(text)) {
        const char16_t u = c.unicode();
        if (!((u >= '0' && u <= '9') || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F')))
            return QByteArray();
    }
    return QByteArray::fromHex(text.toLatin1());
}
} // namespace

QString BenchOptions::targetName() const
{
    return embedded ? QStringLiteral("embedded") : QStringLiteral("%1:%2").arg(host).arg(port);
}

BenchOptions BenchOptions::parse(const QStringList &arguments)
{
    BenchOptions result;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Throughput, latency, scale and reconnect storms of a MUC room: N accounts x M sessions\n"
        "join one room, one session sends K messages, every session records arrival."));
    const QCommandLineOption target(
        QStringLiteral("target"),
        QStringLiteral("embedded (the server in this process, its own thread; default) "
                       "or HOST:PORT of any XMPP server."),
        QStringLiteral("target"), QStringLiteral("embedded"));
    const QCommandLineOption domain(QStringLiteral("domain"),
                                    QStringLiteral("Account domain (default localhost)."),
                                    QStringLiteral("domain"), QStringLiteral("localhost"));
    const QCommandLineOption muc(QStringLiteral("muc"),
                                 QStringLiteral("MUC service (default conference.DOMAIN)."),
                                 QStringLiteral("domain"));
    const QCommandLineOption prefix(QStringLiteral("account-prefix"),
                                    QStringLiteral("Accounts are PREFIX1 ... PREFIXN (default load)."),
                                    QStringLiteral("prefix"), QStringLiteral("load"));
    const QCommandLineOption password(QStringLiteral("password"),
                                      QStringLiteral("Password of every account (default secret)."),
                                      QStringLiteral("password"), QStringLiteral("secret"));
    const QCommandLineOption mode(
        QStringLiteral("mode"),
        QStringLiteral("Join mode of the embedded server: minimix (default) or classic."),
        QStringLiteral("mode"), QStringLiteral("minimix"));
    const QCommandLineOption accounts(QStringLiteral("accounts"), QStringLiteral("Accounts (default 5)."),
                                      QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption sessions(QStringLiteral("sessions"),
                                      QStringLiteral("Sessions per account (default 4)."),
                                      QStringLiteral("M"), QStringLiteral("4"));
    const QCommandLineOption rooms(
        QStringLiteral("rooms"),
        QStringLiteral(
            "Rooms (default 1): account a joins room a mod R; in each room its first session sends "
            "the messages (--rate is per room)."),
        QStringLiteral("R"), QStringLiteral("1"));
    const QCommandLineOption messages(QStringLiteral("messages"),
                                      QStringLiteral("Messages sent (default 2000)."), QStringLiteral("K"),
                                      QStringLiteral("2000"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Send at this many messages per second (default: a burst)."),
                                  QStringLiteral("msgs_per_s"));
    const QCommandLineOption storm(
        QStringLiteral("storm"),
        QStringLiteral("Reconnect storm: every session of accounts 2..N drops, reconnects "
                       "and rejoins; account 1 watches."));
    const QCommandLineOption flood(
        QStringLiteral("flood"),
        QStringLiteral("Protection run: account 1 floods a room with N groupchat messages as fast as the "
                       "server reads them; account 2 pings the server meanwhile, account 3 sits in the room "
                       "and never reads. Prints ping p50/p95/max, the server's RSS growth and what the "
                       "non-reading occupant cost. The embedded server keeps its default limits."),
        QStringLiteral("N"));
    const QCommandLineOption floodSeconds(
        QStringLiteral("flood-seconds"),
        QStringLiteral("With --flood: stop measuring after this many seconds if the server has not read the "
                       "whole flood yet (default 60)."),
        QStringLiteral("seconds"), QStringLiteral("60"));
    const QCommandLineOption joins(
        QStringLiteral("joins"),
        QStringLiteral("Protection run: one session of account 1 joins N rooms (created beforehand by "
                       "accounts 2.. , at most 100 each); prints the server's CPU seconds for the joins, "
                       "or where and why they were refused."),
        QStringLiteral("N"));
    const QCommandLineOption serverPid(
        QStringLiteral("server-pid"), QStringLiteral("Sample CPU and RSS of this server process from /proc."),
        QStringLiteral("pid"));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Write every figure and the parameters here."),
                                  QStringLiteral("file"));
    const QCommandLineOption tls(
        QStringLiteral("tls"),
        QStringLiteral(
            "STARTTLS, then SASL (--sasl) over TLS (default: plain TCP). The embedded target's own "
            "certificate is trusted exactly; an external server's is checked against "
            "--tls-fingerprint, and without it any certificate is accepted (verification off: "
            "for benchmarks on loopback, never for real credentials)."));
    const QCommandLineOption tlsFingerprint(
        QStringLiteral("tls-fingerprint"),
        QStringLiteral("With --tls: the SHA-256 fingerprint the server's certificate must have, as "
                       "minimix-server prints it (\"certificate sha256 AB:CD:...\"); colons optional."),
        QStringLiteral("sha256"));
    const QCommandLineOption sasl(
        QStringLiteral("sasl"),
        QStringLiteral("SASL mechanism: SCRAM-SHA-256, SCRAM-SHA-1, PLAIN, or auto (default: the first of "
                       "those the server offers). A named mechanism the server does not offer fails the run. "
                       "SCRAM's salted password is derived once per account and salt, not once per session."),
        QStringLiteral("mechanism"), QStringLiteral("auto"));
    parser.addOptions({ helpOption(), versionOption(), target,   domain,    muc,      prefix, password,
                        mode,         accounts,        sessions, rooms,     messages, rate,   storm,
                        flood,        floodSeconds,    joins,    serverPid, json,     tls,    tlsFingerprint,
                        sasl });
    result.helpText = parser.helpText();

    auto fail = [&result](const QString &message) {
        result.fail(message);
        return result;
    };
    if (!result.parseStandard(parser, arguments))
        return result;

    const QString targetText = parser.value(target);
    if (targetText != QLatin1String("embedded")) {
        const int colon = targetText.lastIndexOf(QLatin1Char(':'));
        bool ok = false;
        const uint port = colon > 0 ? targetText.mid(colon + 1).toUInt(&ok) : 0;
        if (!ok || port == 0 || port > 65535)
            return fail(QStringLiteral("--target must be 'embedded' or HOST:PORT, not '%1'").arg(targetText));
        result.embedded = false;
        result.host = targetText.left(colon);
        result.port = quint16(port);
    }
    result.domain = parser.value(domain).trimmed().toLower();
    if (result.domain.isEmpty() || result.domain.contains(QLatin1Char('@'))
        || result.domain.contains(QLatin1Char('/')))
        return fail(QStringLiteral("invalid --domain '%1'").arg(parser.value(domain)));
    result.muc = parser.isSet(muc) ? parser.value(muc).trimmed().toLower()
                                   : QStringLiteral("conference.") + result.domain;
    if (result.muc.isEmpty() || result.muc.contains(QLatin1Char('@'))
        || result.muc.contains(QLatin1Char('/')))
        return fail(QStringLiteral("invalid --muc '%1'").arg(parser.value(muc)));
    result.accountPrefix = parser.value(prefix);
    if (result.accountPrefix.isEmpty() || result.accountPrefix.contains(QLatin1Char('@')))
        return fail(QStringLiteral("invalid --account-prefix '%1'").arg(result.accountPrefix));
    result.password = parser.value(password);
    if (result.password.isEmpty())
        return fail(QStringLiteral("--password must not be empty"));
    const QString modeText = parser.value(mode);
    const std::optional<JoinMode> joinMode = joinModeFromName(modeText);
    if (!joinMode)
        return fail(QStringLiteral("--mode must be %1, not '%2'").arg(joinModeChoices(), modeText));
    result.mode = *joinMode;
    if (parser.isSet(mode) && !result.embedded)
        return fail(QStringLiteral("--mode is for the embedded target; an external server has its own mode"));
    if (!positiveInt(parser.value(accounts), 1, &result.accounts) || result.accounts > 100000)
        return fail(QStringLiteral("--accounts needs a number from 1, not '%1'").arg(parser.value(accounts)));
    if (!positiveInt(parser.value(sessions), 1, &result.sessions) || result.sessions > 1000)
        return fail(QStringLiteral("--sessions needs a number from 1, not '%1'").arg(parser.value(sessions)));
    if (!positiveInt(parser.value(messages), 0, &result.messages) || result.messages > 10000000)
        return fail(QStringLiteral("--messages needs a number from 0, not '%1'").arg(parser.value(messages)));
    if (parser.isSet(rate)) {
        bool ok = false;
        result.rate = parser.value(rate).toDouble(&ok);
        if (!ok || result.rate <= 0)
            return fail(
                QStringLiteral("--rate needs messages per second above 0, not '%1'").arg(parser.value(rate)));
    }
    if (!positiveInt(parser.value(rooms), 1, &result.rooms) || result.rooms > result.accounts)
        return fail(QStringLiteral("--rooms needs a number from 1 to the number of accounts (%1), not '%2'")
                        .arg(result.accounts)
                        .arg(parser.value(rooms)));
    result.storm = parser.isSet(storm);
    if (result.storm && result.rooms > 1)
        return fail(QStringLiteral("--storm watches one room; not with --rooms"));
    if (result.storm && result.accounts < 2)
        return fail(
            QStringLiteral("--storm needs at least 2 accounts: account 1 watches the others reconnect"));
    if (parser.isSet(flood)
        && (!positiveInt(parser.value(flood), 1, &result.flood) || result.flood > 10000000))
        return fail(QStringLiteral("--flood needs a number from 1, not '%1'").arg(parser.value(flood)));
    if (parser.isSet(joins) && (!positiveInt(parser.value(joins), 1, &result.joins) || result.joins > 100000))
        return fail(QStringLiteral("--joins needs a number from 1, not '%1'").arg(parser.value(joins)));
    {
        bool ok = false;
        result.floodSeconds = parser.value(floodSeconds).toDouble(&ok);
        if (!ok || result.floodSeconds <= 0)
            return fail(QStringLiteral("--flood-seconds needs seconds above 0, not '%1'")
                            .arg(parser.value(floodSeconds)));
    }
    if (result.flood > 0 && result.joins > 0)
        return fail(QStringLiteral("--flood and --joins are separate runs"));
    if ((result.flood > 0 || result.joins > 0) && result.storm)
        return fail(QStringLiteral("--storm is a room benchmark; not with --flood or --joins"));
    if ((result.flood > 0 || result.joins > 0) && result.rooms > 1)
        return fail(QStringLiteral("--rooms is for the room benchmark; not with --flood or --joins"));
    if (parser.isSet(serverPid)) {
        bool ok = false;
        result.serverPid = parser.value(serverPid).toLongLong(&ok);
        if (!ok || result.serverPid <= 0)
            return fail(
                QStringLiteral("--server-pid needs a process id, not '%1'").arg(parser.value(serverPid)));
        if (result.embedded)
            return fail(QStringLiteral(
                "--server-pid is for an external target; the embedded server is this process"));
    }
    result.tls = parser.isSet(tls);
    if (parser.isSet(tlsFingerprint)) {
        if (!result.tls)
            return fail(QStringLiteral("--tls-fingerprint needs --tls"));
        if (result.embedded)
            return fail(QStringLiteral(
                "--tls-fingerprint is for an external target; the embedded server's own certificate is "
                "trusted exactly"));
        result.tlsFingerprint = parseFingerprint(parser.value(tlsFingerprint));
        if (result.tlsFingerprint.isEmpty())
            return fail(QStringLiteral("--tls-fingerprint needs a SHA-256 fingerprint (64 hex digits, colons "
                                       "allowed), not '%1'")
                            .arg(parser.value(tlsFingerprint)));
    }
    const QString saslText = parser.value(sasl).trimmed();
    if (saslText.compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0) {
        result.sasl = QStringLiteral("auto");
    } else {
        result.sasl = saslText.toUpper();
        if (result.sasl != QLatin1String("SCRAM-SHA-256") && result.sasl != QLatin1String("SCRAM-SHA-1")
            && result.sasl != QLatin1String("PLAIN"))
            return fail(QStringLiteral("--sasl must be SCRAM-SHA-256, SCRAM-SHA-1, PLAIN or auto, not '%1'")
                            .arg(parser.value(sasl)));
    }
    result.jsonPath = parser.value(json);
    if (parser.isSet(json) && result.jsonPath.isEmpty())
        return fail(QStringLiteral("--json needs a file name"));
    return result;
}
