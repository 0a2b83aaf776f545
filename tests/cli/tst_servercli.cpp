// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// The minimix-server program as CI and other clients use it: its flags, its one
// line on stdout, its exit codes and signals, driven through QProcess.
#include "RawStream.h"
#include "ServerProcess.h"
#include "TestClient.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QXmppClient.h>
#include <csignal>
#include <memory>
#include <sys/types.h>

namespace {
const QString ServerPath = QStringLiteral(MINIMIX_SERVER_PATH);
const QString Lobby = QStringLiteral("lobby@conference.localhost");

// minimix-server with these arguments.
class CliServer : public ServerProcess
{
public:
    explicit CliServer(const QStringList &arguments)
        : ServerProcess(ServerPath, arguments)
    { }
};

QStringList split(const QString &arguments)
{
    return arguments.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}
} // namespace

class tst_ServerCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qRegisterMetaType<QProcess::ExitStatus>();
        QVERIFY2(QFile::exists(ServerPath), qPrintable(ServerPath));
    }

    // With --port 0 stdout says the certificate's fingerprint (unless --tls off) and the
    // port it listens on, nothing else.
    void portZeroPrintsOneLine_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<bool>("logIn");
        QTest::newRow("--port 0") << QStringLiteral("--port 0") << false;
        QTest::newRow("--port 0 with an explicit bind address")
            << QStringLiteral("--port 0 --bind 127.0.0.1") << false;
        QTest::newRow("--port 0 --log-stanzas, with a session")
            << QStringLiteral("--port 0 --log-stanzas --account alice:pw") << true;
        QTest::newRow("--tls off") << QStringLiteral("--port 0 --tls off") << false;
        QTest::newRow("--tls required") << QStringLiteral("--port 0 --tls required") << false;
        QTest::newRow("--admin, twice, with a session") << QStringLiteral(
            "--port 0 --log-stanzas --admin alice@localhost --admin Bob@LocalHost --account alice:pw")
                                                        << true;
    }
    void portZeroPrintsOneLine()
    {
        QFETCH(QString, arguments);
        QFETCH(bool, logIn);
        CliServer server(split(arguments));
        const quint16 port = server.waitForListening();
        QVERIFY(port > 0);
        QTcpSocket probe;
        QSignalSpy connected(&probe, &QTcpSocket::connected);
        probe.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY2(connected.wait(5000), "nothing listens on the printed port");
        if (logIn) {
            TestClient alice(QStringLiteral("alice"), QStringLiteral("phone"));
            QVERIFY(alice.connectToServer(port, QStringLiteral("pw")));
            QVERIFY(alice.join(Lobby, QStringLiteral("alice")));
        }
        QVERIFY(server.sendSignal(SIGTERM));
        QVERIFY(server.waitForFinished());
        const QString listening = QStringLiteral("listening on 127.0.0.1:%1\n").arg(port);
        if (arguments.contains(QLatin1String("--tls off"))) {
            QCOMPARE(server.out(), listening.toUtf8());
        } else {
            const QRegularExpression expected(
                QStringLiteral("^certificate sha256 ([0-9A-F]{2}:){31}[0-9A-F]{2}\n")
                + QRegularExpression::escape(listening) + QLatin1Char('$'));
            QVERIFY2(expected.match(QString::fromUtf8(server.out())).hasMatch(), server.out().constData());
        }
        if (logIn) // the stanza log goes to stderr
            QVERIFY2(server.err().contains("lobby@conference.localhost"), server.err().constData());
    }

    // --account creates accounts; their passwords and only theirs let a client in.
    void accounts_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("alice with her password") << QStringLiteral("alice") << QStringLiteral("pw") << true;
        QTest::newRow("bob with his password") << QStringLiteral("bob") << QStringLiteral("pw2") << true;
        QTest::newRow("carol, password with a colon")
            << QStringLiteral("carol") << QStringLiteral("p:w") << true;
        QTest::newRow("alice with bob's password")
            << QStringLiteral("alice") << QStringLiteral("pw2") << false;
        QTest::newRow("bob with alice's password") << QStringLiteral("bob") << QStringLiteral("pw") << false;
        QTest::newRow("carol with the part before the colon")
            << QStringLiteral("carol") << QStringLiteral("p") << false;
        QTest::newRow("an account nobody created") << QStringLiteral("dave") << QStringLiteral("pw") << false;
    }
    void accounts()
    {
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(bool, accepted);
        CliServer server(
            split(QStringLiteral("--port 0 --account alice:pw --account bob:pw2 --account carol:p:w")));
        const quint16 port = server.waitForListening();
        QVERIFY(port > 0);
        TestClient client(user, QStringLiteral("cli"));
        QCOMPARE(client.connectToServer(port, password), accepted);
        // A refused login does not disturb a good one.
        TestClient alice(QStringLiteral("alice"), QStringLiteral("control"));
        QVERIFY(alice.connectToServer(port, QStringLiteral("pw")));
    }

    // Accounts in a --db file outlive the process.
    void accountsPersistInTheDatabase()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(QStringLiteral("minimix.db"));
        {
            CliServer first({ QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), db,
                              QStringLiteral("--account"), QStringLiteral("alice:pw") });
            QVERIFY(first.waitForListening() > 0);
            QVERIFY(first.sendSignal(SIGTERM));
            QVERIFY(first.waitForFinished());
        }
        CliServer second({ QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), db });
        const quint16 port = second.waitForListening();
        QVERIFY(port > 0);
        TestClient alice(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(alice.connectToServer(port, QStringLiteral("pw")));
        TestClient wrong(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(!wrong.connectToServer(port, QStringLiteral("other")));
    }

    // --mode classic: two sessions of one account are two occupants; minimix: one.
    // --allow-registration offers XEP-0077 before authentication; without it, nobody may register.
    void allowRegistration_data()
    {
        QTest::addColumn<QString>("arguments");
        QTest::addColumn<bool>("offered");
        QTest::newRow("--allow-registration") << QStringLiteral("--allow-registration") << true;
        QTest::newRow("default: off") << QString() << false;
    }
    void allowRegistration()
    {
        QFETCH(QString, arguments);
        QFETCH(bool, offered);
        CliServer server(split(QStringLiteral("--port 0 --tls off --allow-plain-without-tls ") + arguments));
        const quint16 port = server.waitForListening();
        QVERIFY(port > 0);
        RawStream stream(port);
        const QDomElement features = stream.openStream();
        QVERIFY(!features.isNull());
        QCOMPARE(!features.firstChildElement(QStringLiteral("register")).isNull(), offered);
        const int since = stream.elementMark();
        stream.send("<iq type='set' id='r'><query xmlns='jabber:iq:register'><username>erin</username>"
                    "<password>pw</password></query></iq>");
        const QDomElement answer = stream.waitForElement(
            [](const QDomElement &e) { return e.attribute(QStringLiteral("id")) == QLatin1String("r"); },
            since);
        QCOMPARE(answer.attribute(QStringLiteral("type")),
                 offered ? QStringLiteral("result") : QStringLiteral("error"));
        TestClient erin(QStringLiteral("erin"), QStringLiteral("cli"));
        QCOMPARE(erin.connectToServer(port, QStringLiteral("pw")), offered);
    }

    void mode_data()
    {
        QTest::addColumn<QString>("modeArguments");
        QTest::addColumn<QStringList>("aliceOccupants"); // as a third session sees them
        const QStringList both
            = { Lobby + QStringLiteral("/alice-laptop"), Lobby + QStringLiteral("/alice-phone") };
        const QStringList one = { Lobby + QStringLiteral("/alice-phone") };
        QTest::newRow("--mode classic") << QStringLiteral("--mode classic") << both;
        QTest::newRow("--mode minimix") << QStringLiteral("--mode minimix") << one;
        QTest::newRow("default mode") << QString() << one;
    }
    void mode()
    {
        QFETCH(QString, modeArguments);
        QFETCH(QStringList, aliceOccupants);
        CliServer server(
            split(QStringLiteral("--port 0 --account alice:pw --account bob:pw ") + modeArguments));
        const quint16 port = server.waitForListening();
        QVERIFY(port > 0);
        TestClient bob(QStringLiteral("bob"), QStringLiteral("desktop"));
        TestClient phone(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient laptop(QStringLiteral("alice"), QStringLiteral("laptop"));
        for (TestClient *client : { &bob, &phone, &laptop })
            QVERIFY(client->connectToServer(port, QStringLiteral("pw")));
        QVERIFY(bob.join(Lobby, QStringLiteral("bob")));
        QVERIFY(phone.join(Lobby, QStringLiteral("alice-phone")));
        QVERIFY(laptop.join(Lobby, QStringLiteral("alice-laptop")));
        QVERIFY(bob.sync());

        QStringList occupants;
        for (const QDomElement &presence : bob.receivedMatching(TestClient::anythingFrom(Lobby))) {
            const QString from = presence.attribute(QStringLiteral("from"));
            if (presence.tagName() == QLatin1String("presence") && from != Lobby + QStringLiteral("/bob")
                && !occupants.contains(from))
                occupants << from;
        }
        occupants.sort();
        QCOMPARE(occupants, aliceOccupants);
    }

    // SIGTERM and SIGINT end it cleanly and at once, with or without sessions.
    void signalStopsPromptly_data()
    {
        QTest::addColumn<int>("signal");
        QTest::addColumn<bool>("withSession");
        QTest::newRow("SIGTERM, idle") << int(SIGTERM) << false;
        QTest::newRow("SIGINT, idle") << int(SIGINT) << false;
        QTest::newRow("SIGTERM, a session in a room") << int(SIGTERM) << true;
        QTest::newRow("SIGINT, a session in a room") << int(SIGINT) << true;
    }
    void signalStopsPromptly()
    {
        QFETCH(int, signal);
        QFETCH(bool, withSession);
        CliServer server(split(QStringLiteral("--port 0 --account alice:pw")));
        const quint16 port = server.waitForListening();
        QVERIFY(port > 0);
        std::unique_ptr<TestClient> alice;
        std::unique_ptr<QSignalSpy> aliceDisconnected;
        if (withSession) {
            alice = std::make_unique<TestClient>(QStringLiteral("alice"), QStringLiteral("phone"));
            QVERIFY(alice->connectToServer(port, QStringLiteral("pw")));
            QVERIFY(alice->join(Lobby, QStringLiteral("alice")));
            aliceDisconnected = std::make_unique<QSignalSpy>(alice->client(), &QXmppClient::disconnected);
        }
        QElapsedTimer timer;
        timer.start();
        QVERIFY(server.sendSignal(signal));
        QVERIFY2(server.waitForFinished(5000), "still running 5 s after the signal");
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.process().exitCode(), 0);
        if (withSession) // the session learns of it rather than hanging on
            QVERIFY(!aliceDisconnected->isEmpty() || aliceDisconnected->wait(5000));
    }

    // Bad flags: usage on stderr, nothing on stdout, exit code 2.
    void badFlags_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        const auto row = [](const char *name, const QStringList &arguments, const char *message) {
            QTest::newRow(name) << arguments << QString::fromLatin1(message);
        };
        row("unknown flag", { QStringLiteral("--frobnicate") }, "Unknown option 'frobnicate'");
        row("--port abc", { QStringLiteral("--port"), QStringLiteral("abc") }, "invalid port 'abc'");
        row("--port 70000", { QStringLiteral("--port"), QStringLiteral("70000") }, "invalid port '70000'");
        row("--port -1", { QStringLiteral("--port=-1") }, "invalid port '-1'");
        row("--port without a value", { QStringLiteral("--port") }, "Missing value after '--port'");
        row("--mode foo", { QStringLiteral("--mode"), QStringLiteral("foo") }, "invalid mode 'foo'");
        row("--account without a password", { QStringLiteral("--account"), QStringLiteral("nopassword") },
            "invalid --account 'nopassword'");
        row("--account with an empty password", { QStringLiteral("--account"), QStringLiteral("alice:") },
            "invalid --account 'alice:'");
        row("--account with an empty name", { QStringLiteral("--account"), QStringLiteral(":pw") },
            "invalid --account ':pw'");
        row("--bind notanip", { QStringLiteral("--bind"), QStringLiteral("notanip") },
            "invalid bind address 'notanip'");
        row("--domain with an @", { QStringLiteral("--domain"), QStringLiteral("a@b") },
            "invalid domain 'a@b'");
        row("empty --db", { QStringLiteral("--db"), QString() }, "--db needs a path");
        row("--tls foo", { QStringLiteral("--tls"), QStringLiteral("foo") },
            "invalid --tls 'foo' (off, optional or required)");
        row("--cert without --key", { QStringLiteral("--cert"), QStringLiteral("/tmp/x.crt") },
            "--cert and --key go together");
        row("--cert with --tls off",
            { QStringLiteral("--tls"), QStringLiteral("off"), QStringLiteral("--cert"), QStringLiteral("a"),
              QStringLiteral("--key"), QStringLiteral("b") },
            "--cert makes no sense with --tls off");
        row("--auth-timeout 0", { QStringLiteral("--auth-timeout"), QStringLiteral("0") },
            "invalid --auth-timeout '0'");
        row("--max-stanza-size abc", { QStringLiteral("--max-stanza-size"), QStringLiteral("abc") },
            "invalid --max-stanza-size 'abc'");
        row("--max-stanza-size 10", { QStringLiteral("--max-stanza-size"), QStringLiteral("10") },
            "invalid --max-stanza-size '10'");
        row("--resume-timeout -1", { QStringLiteral("--resume-timeout=-1") },
            "invalid --resume-timeout '-1'");
        row("--max-input-rate 10", { QStringLiteral("--max-input-rate"), QStringLiteral("10") },
            "invalid --max-input-rate '10'");
        row("--max-output-queue 1k", { QStringLiteral("--max-output-queue"), QStringLiteral("1k") },
            "invalid --max-output-queue '1k'");
        row("--admin without a name", { QStringLiteral("--admin"), QStringLiteral("localhost") },
            "invalid --admin 'localhost' (expected a bare JID, NAME@DOMAIN)");
        row("--admin with a resource", { QStringLiteral("--admin"), QStringLiteral("alice@localhost/phone") },
            "invalid --admin 'alice@localhost/phone'");
        row("--admin with a space", { QStringLiteral("--admin"), QStringLiteral("al ice@localhost") },
            "invalid --admin 'al ice@localhost'");
        row("--admin without a value", { QStringLiteral("--admin") }, "Missing value after '--admin'");
        row("positional argument", { QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("extra") },
            "unexpected argument 'extra'");
    }
    void badFlags()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        CliServer server(arguments);
        QVERIFY(server.waitForFinished());
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.process().exitCode(), 2);
        QCOMPARE(server.out(), QByteArray());
        const QString err = QString::fromUtf8(server.err());
        QVERIFY2(err.startsWith(QStringLiteral("minimix-server: ") + message), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("Usage: ")), qPrintable(err));
        QVERIFY2(err.contains(QLatin1String("--account <name:password>")), qPrintable(err));
    }

    void helpAndVersion_data()
    {
        QTest::addColumn<QString>("flag");
        QTest::addColumn<QString>("expectedStart");
        QTest::newRow("--help") << QStringLiteral("--help") << QStringLiteral("Usage: ");
        QTest::newRow("-h") << QStringLiteral("-h") << QStringLiteral("Usage: ");
        QTest::newRow("--version") << QStringLiteral("--version")
                                   << QStringLiteral("minimix-server " MINIMIX_VERSION "\n");
    }
    void helpAndVersion()
    {
        QFETCH(QString, flag);
        QFETCH(QString, expectedStart);
        CliServer server({ flag });
        QVERIFY(server.waitForFinished());
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.process().exitCode(), 0);
        const QString out = QString::fromUtf8(server.out());
        QVERIFY2(out.startsWith(expectedStart), qPrintable(out));
        if (expectedStart.startsWith(QLatin1String("Usage")))
            QVERIFY2(out.contains(QLatin1String("--mode <mode>")), qPrintable(out));
        else
            QCOMPARE(out, expectedStart);
        QCOMPARE(server.err(), QByteArray());
    }

    // It cannot start: a non-zero exit, a clear message, and no listening line.
    void cannotStart_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("--db in a directory that does not exist")
            << QStringList { QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"),
                             QStringLiteral("/nonexistent-dir/x.db") }
            << QStringLiteral("cannot open database /nonexistent-dir/x.db");
        QTest::newRow("--db in a directory that does not exist, with --account")
            << QStringList { QStringLiteral("--port"),    QStringLiteral("0"),
                             QStringLiteral("--db"),      QStringLiteral("/nonexistent-dir/x.db"),
                             QStringLiteral("--account"), QStringLiteral("alice:pw") }
            << QStringLiteral("cannot open database /nonexistent-dir/x.db");
        QTest::newRow("--cert that does not exist")
            << QStringList { QStringLiteral("--port"), QStringLiteral("0"),
                             QStringLiteral("--cert"), QStringLiteral("/nonexistent-dir/x.crt"),
                             QStringLiteral("--key"),  QStringLiteral("/nonexistent-dir/x.key") }
            << QStringLiteral("/nonexistent-dir/x.crt");
    }
    void cannotStart()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        CliServer server(arguments);
        QVERIFY(server.waitForFinished());
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QVERIFY(server.process().exitCode() != 0);
        QCOMPARE(server.out(), QByteArray());
        const QString err = QString::fromUtf8(server.err());
        QVERIFY2(err.startsWith(QStringLiteral("minimix-server: ") + message), qPrintable(err));
    }

    // Without --cert the self-signed certificate is kept beside the database: the same
    // fingerprint after a restart, the key readable by its owner only.
    void certificateKeptBesideDatabase()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString db = dir.filePath(QStringLiteral("lab.sqlite"));
        const QRegularExpression line(QStringLiteral("^certificate sha256 (\\S+)$"),
                                      QRegularExpression::MultilineOption);
        QStringList fingerprints;
        for (int run = 0; run < 2; ++run) {
            CliServer server({ QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--db"), db });
            QVERIFY(server.waitForListening() > 0);
            const QRegularExpressionMatch match = line.match(QString::fromUtf8(server.out()));
            QVERIFY2(match.hasMatch(), server.out().constData());
            fingerprints << match.captured(1);
            QVERIFY(server.sendSignal(SIGTERM));
            QVERIFY(server.waitForFinished());
        }
        QCOMPARE(fingerprints.size(), 2);
        QCOMPARE(fingerprints.at(1), fingerprints.at(0));
        QVERIFY(QFile::exists(db + QStringLiteral(".crt")));
        QCOMPARE(QFile::permissions(db + QStringLiteral(".key")) & 0x0077, QFileDevice::Permissions());
    }

    void portInUse()
    {
        QTcpServer occupant;
        QVERIFY(occupant.listen(QHostAddress::LocalHost, 0));
        const QString port = QString::number(occupant.serverPort());
        CliServer server({ QStringLiteral("--port"), port });
        QVERIFY(server.waitForFinished());
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QVERIFY(server.process().exitCode() != 0);
        QCOMPARE(server.out(), QByteArray());
        const QString err = QString::fromUtf8(server.err());
        QVERIFY2(err.startsWith(QStringLiteral("minimix-server: cannot listen on 127.0.0.1:%1").arg(port)),
                 qPrintable(err));
    }
};

QTEST_GUILESS_MAIN(tst_ServerCli)
#include "tst_servercli.moc"
