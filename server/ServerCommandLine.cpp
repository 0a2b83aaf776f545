// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "ServerCommandLine.h"

#include "Jid.h"
#include "JidPrep.h"

#include <QCommandLineParser>

ServerCommandLine ServerCommandLine::parse(const QStringList &arguments)
{
    ServerCommandLine result;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("XMPP server with account-level MUC joining (minimix), for Minimix Lab.\n"
                       "Offers STARTTLS with a self-signed certificate kept beside the database unless\n"
                       "--cert/--key are given, and SASL SCRAM-SHA-256/SHA-1 (PLAIN only after TLS)."));
    const QCommandLineOption domain(QStringLiteral("domain"),
                                    QStringLiteral("Domain served (default localhost)."),
                                    QStringLiteral("domain"), QStringLiteral("localhost"));
    const QCommandLineOption bind(QStringLiteral("bind"),
                                  QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                  QStringLiteral("address"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Port (default 5222; 0 picks a free one)."),
                                  QStringLiteral("port"), QStringLiteral("5222"));
    const QCommandLineOption db(QStringLiteral("db"),
                                QStringLiteral("SQLite database file, or :memory: (default :memory:)."),
                                QStringLiteral("path"), QStringLiteral(":memory:"));
    const QCommandLineOption mode(QStringLiteral("mode"),
                                  QStringLiteral("minimix (account-level joining, default) or classic."),
                                  QStringLiteral("mode"), QStringLiteral("minimix"));
    const QCommandLineOption account(QStringLiteral("account"),
                                     QStringLiteral("Create or update an account (repeatable)."),
                                     QStringLiteral("name:password"));
    const QCommandLineOption admin(QStringLiteral("admin"),
                                   QStringLiteral("Make the account a server admin, who may destroy any "
                                                  "room with the MUC service's ad-hoc command (repeatable)."),
                                   QStringLiteral("jid"));
    const QCommandLineOption logStanzas(QStringLiteral("log-stanzas"),
                                        QStringLiteral("Log every stanza and fork decision to stderr."));
    const QCommandLineOption tls(QStringLiteral("tls"),
                                 QStringLiteral("STARTTLS: off, optional (default) or required."),
                                 QStringLiteral("policy"), QStringLiteral("optional"));
    const QCommandLineOption cert(
        QStringLiteral("cert"),
        QStringLiteral("PEM certificate (chain) for STARTTLS (default: self-signed, kept "
                       "as <db>.crt beside the database)."),
        QStringLiteral("file"));
    const QCommandLineOption key(QStringLiteral("key"), QStringLiteral("PEM private key for --cert."),
                                 QStringLiteral("file"));
    const QCommandLineOption allowPlain(
        QStringLiteral("allow-plain-without-tls"),
        QStringLiteral("Offer SASL PLAIN on unencrypted streams too (loopback "
                       "labs and tests only: the password crosses in clear)."));
    const QCommandLineOption allowRegistration(
        QStringLiteral("allow-registration"),
        QStringLiteral("Let anyone create an account with in-band registration (XEP-0077), "
                       "where SASL PLAIN is offered (off by default)."));
    const QCommandLineOption authTimeout(
        QStringLiteral("auth-timeout"),
        QStringLiteral("Seconds a connection has to authenticate (default %1).")
            .arg(StreamDefaults::AuthTimeoutSeconds),
        QStringLiteral("seconds"), QString::number(StreamDefaults::AuthTimeoutSeconds));
    const QCommandLineOption maxStanza(
        QStringLiteral("max-stanza-size"),
        QStringLiteral("Largest stanza in characters (default %1).").arg(StreamDefaults::MaxStanzaSize),
        QStringLiteral("size"), QString::number(StreamDefaults::MaxStanzaSize));
    const QCommandLineOption resumeTimeout(
        QStringLiteral("resume-timeout"),
        QStringLiteral("Seconds a lost XEP-0198 session waits to be resumed "
                       "(default %1).")
            .arg(StreamDefaults::ResumeTimeoutSeconds),
        QStringLiteral("seconds"), QString::number(StreamDefaults::ResumeTimeoutSeconds));
    const QCommandLineOption inputRate(
        QStringLiteral("max-input-rate"),
        QStringLiteral("Bytes per second one connection may send, with a burst of "
                       "four seconds' worth (default %1).")
            .arg(StreamDefaults::InputBytesPerSecond),
        QStringLiteral("bytes"), QString::number(StreamDefaults::InputBytesPerSecond));
    const QCommandLineOption outputQueue(QStringLiteral("max-output-queue"),
                                         QStringLiteral("Bytes queued for a slow reader before it is cut off "
                                                        "(default %1).")
                                             .arg(StreamDefaults::MaxOutputQueueBytes),
                                         QStringLiteral("bytes"),
                                         QString::number(StreamDefaults::MaxOutputQueueBytes));
    const QCommandLineOption stanzaRate(
        QStringLiteral("max-stanza-rate"),
        QStringLiteral("Stanzas per second one connection may send, after a burst of %1; "
                       "past it reading pauses (default %2; 0: unlimited).")
            .arg(StreamDefaults::InputStanzaBurst)
            .arg(StreamDefaults::InputStanzasPerSecond),
        QStringLiteral("stanzas"), QString::number(StreamDefaults::InputStanzasPerSecond));
    const QCommandLineOption roomsPerAccount(
        QStringLiteral("max-rooms-per-account"),
        QStringLiteral("Rooms one account may own (default %1).").arg(ServiceDefaults::MaxRoomsPerAccount),
        QStringLiteral("rooms"), QString::number(ServiceDefaults::MaxRoomsPerAccount));
    const QCommandLineOption membershipsPerAccount(
        QStringLiteral("max-memberships-per-account"),
        QStringLiteral("Rooms one account may occupy with account-level joining (default %1).")
            .arg(ServiceDefaults::MaxMembershipsPerAccount),
        QStringLiteral("rooms"), QString::number(ServiceDefaults::MaxMembershipsPerAccount));
    const QCommandLineOption occupantsPerRoom(
        QStringLiteral("max-occupants-per-room"),
        QStringLiteral("Occupants in one room (default %1).").arg(ServiceDefaults::MaxOccupantsPerRoom),
        QStringLiteral("occupants"), QString::number(ServiceDefaults::MaxOccupantsPerRoom));
    const QCommandLineOption pepItemSize(
        QStringLiteral("max-pep-item-size"),
        QStringLiteral("Largest PEP item in characters (default %1).").arg(ServiceDefaults::MaxPepItemSize),
        QStringLiteral("size"), QString::number(ServiceDefaults::MaxPepItemSize));
    const QCommandLineOption offlinePerAccount(
        QStringLiteral("max-offline-messages-per-account"),
        QStringLiteral("Offline messages kept for one account (default %1).")
            .arg(ServiceDefaults::MaxOfflineMessagesPerAccount),
        QStringLiteral("messages"), QString::number(ServiceDefaults::MaxOfflineMessagesPerAccount));
    parser.addOptions({ helpOption(),
                        versionOption(),
                        domain,
                        bind,
                        port,
                        db,
                        mode,
                        account,
                        admin,
                        logStanzas,
                        tls,
                        cert,
                        key,
                        allowPlain,
                        allowRegistration,
                        authTimeout,
                        maxStanza,
                        resumeTimeout,
                        inputRate,
                        outputQueue,
                        stanzaRate,
                        roomsPerAccount,
                        membershipsPerAccount,
                        occupantsPerRoom,
                        pepItemSize,
                        offlinePerAccount });
    result.helpText = parser.helpText();

    auto fail = [&result](const QString &message) {
        result.fail(message);
        return result;
    };
    if (!result.parseStandard(parser, arguments))
        return result;

    result.options.domain = parser.value(domain).trimmed().toLower();
    if (result.options.domain.isEmpty() || result.options.domain.contains(QLatin1Char('@'))
        || result.options.domain.contains(QLatin1Char('/')))
        return fail(QStringLiteral("invalid domain '%1'").arg(parser.value(domain)));
    if (!result.options.bindAddress.setAddress(parser.value(bind)))
        return fail(QStringLiteral("invalid bind address '%1'").arg(parser.value(bind)));
    bool ok = false;
    const uint portNumber = parser.value(port).toUInt(&ok);
    if (!ok || portNumber > 65535)
        return fail(QStringLiteral("invalid port '%1'").arg(parser.value(port)));
    result.options.port = quint16(portNumber);
    result.options.databasePath = parser.value(db);
    if (result.options.databasePath.isEmpty())
        return fail(QStringLiteral("--db needs a path or :memory:"));
    const std::optional<JoinMode> joinMode = joinModeFromName(parser.value(mode));
    if (!joinMode)
        return fail(QStringLiteral("invalid mode '%1' (%2)").arg(parser.value(mode), joinModeChoices()));
    result.options.joinMode = *joinMode;
    for (const QString &value : parser.values(account)) {
        const int colon = value.indexOf(QLatin1Char(':'));
        if (colon <= 0 || colon == value.size() - 1)
            return fail(QStringLiteral("invalid --account '%1' (expected NAME:PASSWORD)").arg(value));
        result.accounts.append({ value.left(colon), value.mid(colon + 1) });
    }
    for (const QString &value : parser.values(admin)) {
        // A bare JID, as an account logs in: prepared, so "Admin@LocalHost" works too.
        const QString jid = JidPrep::jid(value);
        if (jid.isNull() || Jid::node(jid).isEmpty() || !Jid::isBare(jid))
            return fail(QStringLiteral("invalid --admin '%1' (expected a bare JID, NAME@DOMAIN)").arg(value));
        if (!result.options.admins.contains(jid))
            result.options.admins << jid;
    }
    result.logStanzas = parser.isSet(logStanzas);

    const QString tlsValue = parser.value(tls);
    if (tlsValue == QLatin1String("off"))
        result.options.tls = TlsPolicy::Off;
    else if (tlsValue == QLatin1String("optional"))
        result.options.tls = TlsPolicy::Optional;
    else if (tlsValue == QLatin1String("required"))
        result.options.tls = TlsPolicy::Required;
    else
        return fail(QStringLiteral("invalid --tls '%1' (off, optional or required)").arg(tlsValue));
    if (parser.isSet(cert) != parser.isSet(key))
        return fail(QStringLiteral("--cert and --key go together"));
    if (parser.isSet(cert) && result.options.tls == TlsPolicy::Off)
        return fail(QStringLiteral("--cert makes no sense with --tls off"));
    result.options.certificatePath = parser.value(cert);
    result.options.keyPath = parser.value(key);
    if (parser.isSet(allowPlain))
        result.options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
    result.options.allowRegistration = parser.isSet(allowRegistration);

    // A positive whole number no larger than max, or an error naming the flag.
    auto number = [&parser](const QCommandLineOption &option, qint64 min, qint64 max, qint64 *value) {
        bool ok = false;
        *value = parser.value(option).toLongLong(&ok);
        return ok && *value >= min && *value <= max;
    };
    qint64 value = 0;
    StreamLimits &limits = result.options.limits;
    if (!number(authTimeout, 1, 24 * 3600, &value))
        return fail(QStringLiteral("invalid --auth-timeout '%1' (1 to 86400 seconds)")
                        .arg(parser.value(authTimeout)));
    limits.authTimeoutSeconds = int(value);
    if (!number(maxStanza, 1024, 64 * 1024 * 1024, &value))
        return fail(
            QStringLiteral("invalid --max-stanza-size '%1' (1024 to 67108864)").arg(parser.value(maxStanza)));
    limits.maxStanzaSize = int(value);
    limits.maxPreAuthStanzaSize = qMin(limits.maxPreAuthStanzaSize, limits.maxStanzaSize);
    if (!number(resumeTimeout, 1, 24 * 3600, &value))
        return fail(QStringLiteral("invalid --resume-timeout '%1' (1 to 86400 seconds)")
                        .arg(parser.value(resumeTimeout)));
    limits.resumeTimeoutSeconds = int(value);
    if (!number(inputRate, 1024, qint64(1) << 40, &value))
        return fail(
            QStringLiteral("invalid --max-input-rate '%1' (at least 1024)").arg(parser.value(inputRate)));
    limits.inputBytesPerSecond = value;
    limits.inputBurstBytes = 4 * value;
    if (!number(outputQueue, 64 * 1024, qint64(1) << 40, &value))
        return fail(QStringLiteral("invalid --max-output-queue '%1' (at least 65536)")
                        .arg(parser.value(outputQueue)));
    limits.maxOutputQueueBytes = value;
    if (!number(stanzaRate, 0, 1000000, &value))
        return fail(
            QStringLiteral("invalid --max-stanza-rate '%1' (0 to 1000000)").arg(parser.value(stanzaRate)));
    limits.inputStanzasPerSecond = int(value);
    limits.inputStanzaBurst = qMax(int(value), StreamDefaults::InputStanzaBurst);

    ServiceLimits &service = result.options.service;
    if (!number(roomsPerAccount, 1, 1000000, &value))
        return fail(QStringLiteral("invalid --max-rooms-per-account '%1' (1 to 1000000)")
                        .arg(parser.value(roomsPerAccount)));
    service.maxRoomsPerAccount = int(value);
    if (!number(membershipsPerAccount, 1, 1000000, &value))
        return fail(QStringLiteral("invalid --max-memberships-per-account '%1' (1 to 1000000)")
                        .arg(parser.value(membershipsPerAccount)));
    service.maxMembershipsPerAccount = int(value);
    if (!number(occupantsPerRoom, 1, 1000000, &value))
        return fail(QStringLiteral("invalid --max-occupants-per-room '%1' (1 to 1000000)")
                        .arg(parser.value(occupantsPerRoom)));
    service.maxOccupantsPerRoom = int(value);
    if (!number(pepItemSize, 256, 64 * 1024 * 1024, &value))
        return fail(QStringLiteral("invalid --max-pep-item-size '%1' (256 to 67108864)")
                        .arg(parser.value(pepItemSize)));
    service.maxPepItemSize = int(value);
    if (!number(offlinePerAccount, 1, 1000000, &value))
        return fail(QStringLiteral("invalid --max-offline-messages-per-account '%1' (1 to 1000000)")
                        .arg(parser.value(offlinePerAccount)));
    service.maxOfflineMessagesPerAccount = int(value);
    return result;
}
