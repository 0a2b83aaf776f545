// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// minimix-lab --headless --listen HOST:PORT --hold SECONDS as a script uses it: the
// lab's server kept up for a client of one's own (a real QXmppClient here), whose
// session then shows in the fan-out view's JSON like the lab's own; and the bad
// values, each a clear error with exit code 2.
#include "ServerProcess.h"
#include "TestClient.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString LabPath = QStringLiteral(MINIMIX_LAB_PATH);
const QString Lobby = QStringLiteral("lobby@conference.localhost");

// The session's entry in the view model, or an empty object.
QJsonObject sessionIn(const QJsonObject &view, const QString &account, const QString &resource)
{
    for (const QJsonValue &entry : view.value(QStringLiteral("accounts")).toArray()) {
        if (entry.toObject().value(QStringLiteral("jid")).toString() != account)
            continue;
        for (const QJsonValue &session : entry.toObject().value(QStringLiteral("sessions")).toArray()) {
            if (session.toObject().value(QStringLiteral("resource")).toString() == resource)
                return session.toObject();
        }
    }
    return QJsonObject();
}
} // namespace

class tst_LabHold : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(QFile::exists(LabPath), qPrintable(LabPath)); }

    // Port 0: the line says the port chosen, with what a client needs to log in; alice/gajim
    // logs in (SCRAM, no TLS), joins lobby and is in the view JSON as a joined session.
    void outsideClientInTheView()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString viewPath = dir.filePath(QStringLiteral("view.json"));
        ServerProcess lab(LabPath,
                          { QStringLiteral("--headless"), QStringLiteral("--listen"),
                            QStringLiteral("127.0.0.1:0"), QStringLiteral("--hold"), QStringLiteral("6"),
                            QStringLiteral("--view-json"), viewPath });
        const QRegularExpressionMatch line = lab.waitForOutput(
            QRegularExpression(QStringLiteral("^Hold: host=127\\.0\\.0\\.1 port=(\\d+) domain=localhost "
                                              "muc=conference\\.localhost accounts=(\\S+) "
                                              "sha256=([0-9A-F]{2}(?::[0-9A-F]{2}){31}) seconds=6$"),
                               QRegularExpression::MultilineOption),
            30000);
        QVERIFY2(line.hasMatch(), lab.out() + lab.err());
        const quint16 port = quint16(line.captured(1).toUInt());
        QVERIFY(port != 0);
        QVERIFY2(line.captured(2).split(QLatin1Char(',')).contains(QStringLiteral("alice:secret")),
                 qPrintable(line.captured(2)));

        TestClient gajim(QStringLiteral("alice"), QStringLiteral("gajim"));
        QVERIFY2(gajim.connectToServer(port, QStringLiteral("secret")), lab.out() + lab.err());
        QVERIFY(gajim.join(Lobby, QStringLiteral("alice")));
        QVERIFY2(
            lab.waitForOutput(QRegularExpression(QStringLiteral("^  alice@localhost/gajim joined ")
                                                     + QRegularExpression::escape(Lobby) + QLatin1Char('$'),
                                                 QRegularExpression::MultilineOption))
                .hasMatch(),
            lab.out());

        QVERIFY2(lab.waitForFinished(30000), lab.out() + lab.err());
        QCOMPARE(lab.process().exitStatus(), QProcess::NormalExit);
        QVERIFY2(lab.process().exitCode() == 0, lab.out() + lab.err());
        QFile file(viewPath);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject view = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(view.value(QStringLiteral("room")).toString(), Lobby);
        const QJsonObject session
            = sessionIn(view, QStringLiteral("alice@localhost"), QStringLiteral("gajim"));
        QVERIFY2(!session.isEmpty(), QJsonDocument(view).toJson());
        QCOMPARE(session.value(QStringLiteral("joined")).toBool(), true);
        QCOMPARE(session.value(QStringLiteral("route")).toString(), QStringLiteral("via-account"));
        QCOMPARE(session.value(QStringLiteral("outside")).toBool(), true);
        QVERIFY2(!session.value(QStringLiteral("client")).toString().isEmpty(), QJsonDocument(view).toJson());
        // The lab's own sessions are there too, none of them in the room.
        const QJsonObject phone = sessionIn(view, QStringLiteral("alice@localhost"), QStringLiteral("phone"));
        QVERIFY2(!phone.isEmpty(), QJsonDocument(view).toJson());
        QCOMPARE(phone.value(QStringLiteral("joined")).toBool(), false);
        QCOMPARE(phone.value(QStringLiteral("outside")).toBool(), false);
    }

    void badValues_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("error");
        QTest::newRow("--listen without a port")
            << QStringList { QStringLiteral("--headless"), QStringLiteral("--listen"),
                             QStringLiteral("127.0.0.1"), QStringLiteral("--hold"), QStringLiteral("1") }
            << QStringLiteral("--listen takes HOST:PORT .*not '127.0.0.1': no port");
        QTest::newRow("--listen with a port out of range")
            << QStringList { QStringLiteral("--headless"), QStringLiteral("--listen"),
                             QStringLiteral("127.0.0.1:70000") }
            << QStringLiteral("--listen takes HOST:PORT .*the port is not a number from 0 to 65535");
        QTest::newRow("--listen with a host name")
            << QStringList { QStringLiteral("--headless"), QStringLiteral("--listen"),
                             QStringLiteral("example.org:5222") }
            << QStringLiteral("--listen takes HOST:PORT .*the host is not an IP address or localhost");
        QTest::newRow("--hold without --headless")
            << QStringList { QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                             QStringLiteral("--hold"), QStringLiteral("1") }
            << QStringLiteral("--hold goes with --headless");
        QTest::newRow("--hold with negative seconds")
            << QStringList { QStringLiteral("--headless"), QStringLiteral("--hold"), QStringLiteral("-1") }
            << QStringLiteral("--hold takes a number of seconds .*not '-1'");
        QTest::newRow("--hold with a scenario")
            << QStringList { QStringLiteral("--headless"), QStringLiteral("--hold"), QStringLiteral("1"),
                             QStringLiteral("--scenario"), QStringLiteral("x.json") }
            << QStringLiteral("--hold keeps the lab's own server up");
    }

    void badValues()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, error);
        ServerProcess lab(LabPath, arguments);
        QVERIFY(lab.waitForFinished(30000));
        QCOMPARE(lab.process().exitCode(), 2);
        const QString err = QString::fromUtf8(lab.err());
        QVERIFY2(QRegularExpression(QStringLiteral("^minimix-lab: ") + error).match(err).hasMatch(),
                 qPrintable(err));
        QVERIFY2(lab.out().isEmpty(), lab.out());
    }

    // A port another program listens on: the lab says so and exits 2, before any hold.
    void portInUse()
    {
        QTcpServer other;
        QVERIFY(other.listen(QHostAddress::LocalHost, 0));
        const QString address = QStringLiteral("127.0.0.1:%1").arg(other.serverPort());
        ServerProcess lab(LabPath,
                          { QStringLiteral("--headless"), QStringLiteral("--listen"), address,
                            QStringLiteral("--hold"), QStringLiteral("5") });
        QVERIFY(lab.waitForFinished(30000));
        QCOMPARE(lab.process().exitCode(), 2);
        const QString err = QString::fromUtf8(lab.err());
        QVERIFY2(err.contains(QStringLiteral("cannot listen on ") + address), qPrintable(err));
        QVERIFY2(!lab.out().contains("Hold:"), lab.out());
    }
};

QTEST_GUILESS_MAIN(tst_LabHold)
#include "tst_labhold.moc"
