// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// MAM results streamed as the client reads (ServiceLimits): a page is at most
// maxArchivePageSize results whatever RSM <max> asks; a session's results go out only
// while its output waiting for the client is below archiveOutputWindowBytes, the rest
// when it reads; one query per session at a time, a few more wait, past them
// resource-constraint. A client that reads gets every result, in order, <fin/> last.
#include "ArchiveService.h"
#include "ClientStream.h"
#include "Database.h"
#include "MessageArchive.h"
#include "RawStream.h"
#include "Stanza.h"
#include "TestClient.h"
#include "TestEnvironment.h"
#include "TestServer.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QPointer>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QString Alice = QStringLiteral("alice@localhost");
const QString Bob = QStringLiteral("bob@localhost");
const QDateTime Base = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC);

// 'count' messages from bob in alice's personal archive: "m<i>" (padded to 'bodySize' characters) with
// stanza-id "id-<i>", one second apart.
void fillArchive(const QString &path, int count, int bodySize)
{
    Database database;
    QVERIFY2(database.open(path), qPrintable(database.errorString()));
    MessageArchive archive(&database);
    database.beginWrite();
    for (int i = 0; i < count; ++i) {
        QString body = QStringLiteral("m%1 ").arg(i);
        body += QString(qMax(0, bodySize - body.size()), QLatin1Char('x'));
        // One-to-one messages: a personal archive holds no groupchat (§8).
        const QString xml
            = QStringLiteral("<message xmlns='jabber:client' type='chat' from='%1/desk' to='%2'>"
                             "<body>%3</body><stanza-id xmlns='urn:xmpp:sid:0' by='%2' id='id-%4'/>"
                             "</message>")
                  .arg(Bob, Alice, body)
                  .arg(i);
        QVERIFY(archive.storePersonal(Alice, Bob, XmlText::toElement(xml), Base.addSecs(i)) > 0);
    }
    QVERIFY(database.commit());
}

QString mamQuery(const QString &id, const QString &queryId, const QString &rsm)
{
    return QStringLiteral("<iq type='set' id='%1'><query xmlns='urn:xmpp:mam:2' queryid='%2'>"
                          "<set xmlns='http://jabber.org/protocol/rsm'>%3</set></query></iq>")
        .arg(id, queryId, rsm);
}

QStringList ids(int from, int to) // "id-<from>" … "id-<to - 1>"
{
    QStringList list;
    for (int i = from; i < to; ++i)
        list << QStringLiteral("id-%1").arg(i);
    return list;
}

// What one query got in a list of received elements: its result ids in order, and
// whether anything of it (a result) came after its answer.
struct Answer
{
    QStringList ids;
    QDomElement iq;
    bool resultAfterAnswer = false;
};

Answer answerOf(const QList<QDomElement> &elements, const QString &iqId, const QString &queryId)
{
    Answer answer;
    for (const QDomElement &e : elements) {
        if (e.tagName() == QLatin1String("iq") && e.attribute(QStringLiteral("id")) == iqId) {
            answer.iq = e;
            continue;
        }
        const QDomElement result = Stanza::child(e, QStringLiteral("result"), Ns::Mam);
        if (e.tagName() != QLatin1String("message") || result.attribute(QStringLiteral("queryid")) != queryId)
            continue;
        answer.ids << result.attribute(QStringLiteral("id"));
        if (!answer.iq.isNull())
            answer.resultAfterAnswer = true;
    }
    return answer;
}

QDomElement finOf(const QDomElement &iq)
{
    return Stanza::child(iq, QStringLiteral("fin"), Ns::Mam);
}

QString rsmValue(const QDomElement &iq, const QString &name)
{
    return Stanza::child(finOf(iq), QStringLiteral("set"), Ns::Rsm).firstChildElement(name).text();
}

ClientStream *streamOf(MinimixServer *server, const QString &jid)
{
    for (ClientStream *stream : server->findChildren<ClientStream *>()) {
        if (stream->jid() == jid)
            return stream;
    }
    return nullptr;
}
} // namespace

class tst_ArchiveStreaming : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_small = m_dir.filePath(QStringLiteral("small.db"));
        fillArchive(m_small, 600, 10);
        m_big = m_dir.filePath(QStringLiteral("big.db"));
        fillArchive(m_big, 1000, 4096);
    }

    // A reading client pages through the whole archive: each page holds at most the
    // cap whatever <max> asks, its results come in order before its <fin/>, and only the
    // last page says complete. Also with a window smaller than one result.
    void pagesAcrossTheCap_data()
    {
        QTest::addColumn<int>("cap");
        QTest::addColumn<QString>("max"); // RSM <max>, empty: none
        QTest::addColumn<qint64>("window");
        QTest::addColumn<int>("pageSize");
        QTest::newRow("max 1000 above a cap of 100")
            << 100 << QStringLiteral("1000") << qint64(256 * 1024) << 100;
        QTest::newRow("no max: the default, under the cap") << 250 << QString() << qint64(256 * 1024) << 100;
        QTest::newRow("no max: the cap under the default") << 40 << QString() << qint64(256 * 1024) << 40;
        QTest::newRow("max under the cap") << 250 << QStringLiteral("150") << qint64(256 * 1024) << 150;
        QTest::newRow("a window of one byte") << 250 << QStringLiteral("250") << qint64(1) << 250;
    }

    void pagesAcrossTheCap()
    {
        QFETCH(int, cap);
        QFETCH(QString, max);
        QFETCH(qint64, window);
        QFETCH(int, pageSize);
        ServerOptions options;
        options.databasePath = m_small;
        options.service.maxArchivePageSize = cap;
        options.service.archiveOutputWindowBytes = window;
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        QString after;
        QStringList all;
        int pages = 0;
        for (bool complete = false; !complete; ++pages) {
            QVERIFY2(pages < 100, "paging does not end");
            QString rsm = max.isEmpty() ? QString() : QStringLiteral("<max>%1</max>").arg(max);
            if (!after.isEmpty())
                rsm += QStringLiteral("<after>%1</after>").arg(after);
            const int since = alice->mark();
            const QString id = QStringLiteral("page-%1").arg(pages);
            alice->sendXml(mamQuery(id, QStringLiteral("q"), rsm));
            QVERIFY(alice->waitFor(TestClient::iqResult(id), 10000, since));
            const Answer answer = answerOf(alice->received().mid(since), id, QStringLiteral("q"));
            QVERIFY2(!answer.resultAfterAnswer, "a result came after the <fin/>");
            const int first = pages * pageSize;
            const int end = qMin(first + pageSize, 600);
            QCOMPARE(answer.ids, ids(first, end));
            complete = finOf(answer.iq).attribute(QStringLiteral("complete")) == QLatin1String("true");
            QCOMPARE(complete, end == 600);
            QCOMPARE(rsmValue(answer.iq, QStringLiteral("count")), QStringLiteral("600"));
            QCOMPARE(rsmValue(answer.iq, QStringLiteral("first")), ids(first, first + 1).first());
            QCOMPARE(rsmValue(answer.iq, QStringLiteral("last")), answer.ids.last());
            after = answer.ids.last();
            all += answer.ids;
        }
        QCOMPARE(all, ids(0, 600));
        QCOMPARE(pages, (600 + pageSize - 1) / pageSize);
    }

    // Queries sent at once are answered one after the other, each with its <fin/> after
    // its last result; past the waiting queue, resource-constraint at once.
    void queriesWaitTheirTurn()
    {
        ServerOptions options;
        options.databasePath = m_small;
        options.service.maxArchivePageSize = 50;
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *alice = server.connect(QStringLiteral("alice"));
        const int accepted = 1 + ArchiveService::MaxWaitingQueries;
        const int sent = accepted + 3;
        const int since = alice->mark();
        QString batch;
        for (int i = 0; i < sent; ++i)
            batch += mamQuery(QStringLiteral("mam-%1").arg(i), QStringLiteral("q%1").arg(i),
                              QStringLiteral("<max>1000</max><after>id-%1</after>").arg(i * 10));
        alice->sendXml(batch);
        QVERIFY(
            alice->waitFor(TestClient::iqResult(QStringLiteral("mam-%1").arg(accepted - 1)), 10000, since));
        const QList<QDomElement> received = alice->received().mid(since);
        int previousFin = -1;
        for (int i = 0; i < sent; ++i) {
            const QString id = QStringLiteral("mam-%1").arg(i);
            const Answer answer = answerOf(received, id, QStringLiteral("q%1").arg(i));
            QVERIFY2(!answer.iq.isNull(), qPrintable(id));
            if (i >= accepted) {
                QCOMPARE(errorCondition(answer.iq), QStringLiteral("resource-constraint"));
                QVERIFY(answer.ids.isEmpty());
                continue;
            }
            QCOMPARE(answer.iq.attribute(QStringLiteral("type")), QStringLiteral("result"));
            QCOMPARE(answer.ids, ids(i * 10 + 1, i * 10 + 51));
            QVERIFY(!answer.resultAfterAnswer);
            // Nothing of this query before the previous one's <fin/>.
            const int fin = received.indexOf(answer.iq);
            for (int k = 0; k <= previousFin; ++k)
                QVERIFY(Stanza::child(received.at(k), QStringLiteral("result"), Ns::Mam)
                            .attribute(QStringLiteral("queryid"))
                        != QStringLiteral("q%1").arg(i));
            QVERIFY(fin > previousFin);
            previousFin = fin;
        }
        // The queue is free again.
        const int later = alice->mark();
        alice->sendXml(
            mamQuery(QStringLiteral("again"), QStringLiteral("qa"), QStringLiteral("<max>5</max>")));
        QVERIFY(alice->waitFor(TestClient::iqResult(QStringLiteral("again")), 5000, later));
        QCOMPARE(answerOf(alice->received().mid(later), QStringLiteral("again"), QStringLiteral("qa")).ids,
                 ids(0, 5));
    }

    // A client that asks for megabytes and never reads: the server holds no more than the
    // window (plus the result that crossed it and the small error answers) for it, keeps
    // the session, and serves others; once the client reads it gets everything, in order.
    void clientThatNeverReads()
    {
        ServerOptions options;
        options.databasePath = m_big;
        options.plainAuth = PlainAuthPolicy::AlsoWithoutTls;
        options.service.archiveOutputWindowBytes = 64 * 1024;
        const qint64 window = options.service.archiveOutputWindowBytes;
        const int pageSize = options.service.maxArchivePageSize;
        TestServer server(JoinMode::AccountLevel, options);
        TestClient *bob = server.connect(QStringLiteral("bob"));
        RawStream raw(server.port());
        const QString jid = raw.logIn("alice", "raw");
        QCOMPARE(jid, QStringLiteral("alice@localhost/raw"));
        raw.socket().setSocketOption(QAbstractSocket::ReceiveBufferSizeSocketOption, 16 * 1024);
        raw.stopReading();
        const int accepted = 1 + ArchiveService::MaxWaitingQueries;
        const int sent = accepted + 3; // some 9 MB of results asked for in one write
        QByteArray batch;
        for (int i = 0; i < sent; ++i)
            batch += mamQuery(QStringLiteral("mam-%1").arg(i), QStringLiteral("q%1").arg(i),
                              QStringLiteral("<max>1000</max>"))
                         .toUtf8();
        raw.send(batch);

        const QPointer<ClientStream> stream = streamOf(server.server(), jid);
        QVERIFY(stream);
        // The kernel's buffers fill first, then the window.
        QTRY_VERIFY_WITH_TIMEOUT(!stream || stream->pendingOutputBytes() >= window, 10000);
        for (int i = 0; i < 3; ++i)
            QVERIFY(bob->sync()); // the server is not stuck, and had its chances to write more
        QVERIFY2(stream, "the session was cut off");
        const qint64 held = stream->pendingOutputBytes();
        qInfo("held for the client that does not read: %lld bytes (window %lld)", held, window);
        QVERIFY2(held <= window + 16 * 1024, qPrintable(QString::number(held)));
        QVERIFY(server.server()->sessions().contains(jid));

        // It reads now: everything comes, in order.
        QByteArray rest;
        connect(&raw.socket(), &QSslSocket::readyRead, this, [&] { rest += raw.socket().readAll(); });
        raw.socket().setReadBufferSize(0);
        rest += raw.socket().readAll();
        const QByteArray lastFin = QStringLiteral("mam-%1").arg(accepted - 1).toUtf8();
        const auto finished = [&] {
            const int at = rest.lastIndexOf(lastFin);
            return at >= 0 && rest.indexOf('>', at) >= 0;
        };
        QTRY_VERIFY_WITH_TIMEOUT(finished() || !raw.isOpen(), 30000);
        QVERIFY(raw.isOpen());
        const QList<QDomElement> elements = ServerOutput::parse(raw.received() + rest).elements;
        for (int i = 0; i < sent; ++i) {
            const Answer answer
                = answerOf(elements, QStringLiteral("mam-%1").arg(i), QStringLiteral("q%1").arg(i));
            QVERIFY(!answer.iq.isNull());
            if (i >= accepted) {
                QCOMPARE(answer.iq.attribute(QStringLiteral("type")), QStringLiteral("error"));
                QVERIFY(answer.ids.isEmpty());
                continue;
            }
            QCOMPARE(answer.ids, ids(0, pageSize));
            QVERIFY(!answer.resultAfterAnswer);
            QCOMPARE(finOf(answer.iq).attribute(QStringLiteral("complete")), QString());
        }
    }

private:
    QTemporaryDir m_dir;
    QString m_small;
    QString m_big;
};

QTEST_GUILESS_MAIN(tst_ArchiveStreaming)
#include "tst_archivestreaming.moc"
