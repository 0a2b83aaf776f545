#include "ServerCommandLine.h"

#include <QCommandLineParser>

ServerCommandLine ServerCommandLine::parse(const QStringList &arguments)
{
    ServerCommandLine result;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("XMPP server with account-level MUC joining (minimix), for Minimix Lab.\n"
                       "Plain TCP without TLS: bind it to loopback or a trusted network only."));
    const QCommandLineOption help({ QStringLiteral("h"), QStringLiteral("help") },
                                  QStringLiteral("Show this help."));
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
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
    const QCommandLineOption logStanzas(QStringLiteral("log-stanzas"),
                                        QStringLiteral("Log every stanza and fork decision to stderr."));
    parser.addOptions({ help, version, domain, bind, port, db, mode, account, logStanzas });
    result.helpText = parser.helpText();

    auto fail = [&result](const QString &message) {
        result.outcome = Outcome::Error;
        result.error = message;
        return result;
    };
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (!parser.positionalArguments().isEmpty())
        return fail(QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first()));
    if (parser.isSet(help)) {
        result.outcome = Outcome::ShowHelp;
        return result;
    }
    if (parser.isSet(version)) {
        result.outcome = Outcome::ShowVersion;
        return result;
    }

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
    if (parser.value(mode) == QLatin1String("minimix"))
        result.options.joinMode = JoinMode::AccountLevel;
    else if (parser.value(mode) == QLatin1String("classic"))
        result.options.joinMode = JoinMode::Classic;
    else
        return fail(QStringLiteral("invalid mode '%1' (minimix or classic)").arg(parser.value(mode)));
    for (const QString &value : parser.values(account)) {
        const int colon = value.indexOf(QLatin1Char(':'));
        if (colon <= 0 || colon == value.size() - 1)
            return fail(QStringLiteral("invalid --account '%1' (expected NAME:PASSWORD)").arg(value));
        result.accounts.append({ value.left(colon), value.mid(colon + 1) });
    }
    result.logStanzas = parser.isSet(logStanzas);
    return result;
}
