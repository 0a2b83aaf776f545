// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// PEP quotas (ServiceLimits) over real sockets: payload size (XEP-0060 §7.1.3.4
// payload-too-big), nodes per account and items per node (policy-violation), a fetch
// bounded by items-per-node x item-size whatever the node held before the limits, and
// writes the database refuses: an error, nothing stored, nobody notified.
#include "Stanza.h"
#include "TestClient.h"
#include "TestServer.h"
#include "Vocabulary.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace {
const QString Node = QStringLiteral("urn:example:node");

ServerOptions limited(const QString &databasePath = QStringLiteral(":memory:"))
{
    ServerOptions options;
    options.databasePath = databasePath;
    options.service.maxPepItemSize = 200;
    options.service.maxPepItemsPerNode = 3;
    options.service.maxPepNodesPerAccount = 2;
    return options;
}

QString entry(const QString &text)
{
    return QStringLiteral("<entry xmlns='urn:example:payload'>%1</entry>").arg(text);
}

QString maxItemsOptions(const QString &maxItems)
{
    return QStringLiteral("<publish-options><x xmlns='jabber:x:data' type='submit'>"
                          "<field var='FORM_TYPE'><value>%1</value></field>"
                          "<field var='pubsub#max_items'><value>%2</value></field></x></publish-options>")
        .arg(QString(Ns::PubSubPublishOptions), maxItems);
}

QDomElement publish(TestClient *client, const QString &node, const QString &id, const QString &payload,
                    const QString &options = QString())
{
    return client->requestXml(
        QStringLiteral("<iq type='set' id='%1'><pubsub xmlns='%2'><publish node='%3'>"
                       "<item id='%4'>%5</item></publish>%6</pubsub></iq>")
            .arg(QStringLiteral("%1"), QString(Ns::PubSub), node, id, payload, options));
}

QDomElement retract(TestClient *client, const QString &node, const QString &id)
{
    return client->requestXml(QStringLiteral("<iq type='set' id='%1'><pubsub xmlns='%2'><retract node='%3'>"
                                             "<item id='%4'/></retract></pubsub></iq>")
                                  .arg(QStringLiteral("%1"), QString(Ns::PubSub), node, id));
}

QDomElement deleteNode(TestClient *client, const QString &node)
{
    return client->requestXml(QStringLiteral("<iq type='set' id='%1'><pubsub xmlns='%2'><delete node='%3'/>"
                                             "</pubsub></iq>")
                                  .arg(QStringLiteral("%1"), QString(Ns::PubSubOwner), node));
}

QDomElement fetch(TestClient *client, const QString &node, const QString &attributes = QString())
{
    return client->requestXml(QStringLiteral("<iq type='get' id='%1'><pubsub xmlns='%2'><items node='%3'%4/>"
                                             "</pubsub></iq>")
                                  .arg(QStringLiteral("%1"), QString(Ns::PubSub), node, attributes));
}

QStringList itemIds(const QDomElement &result)
{
    QStringList ids;
    const QDomElement items = Stanza::child(Stanza::child(result, QStringLiteral("pubsub"), Ns::PubSub),
                                            QStringLiteral("items"), Ns::PubSub);
    for (const QDomElement &item : Stanza::children(items, QStringLiteral("item"), Ns::PubSub))
        ids << item.attribute(QStringLiteral("id"));
    return ids;
}

QString payloadText(const QDomElement &result, const QString &id)
{
    const QDomElement items = Stanza::child(Stanza::child(result, QStringLiteral("pubsub"), Ns::PubSub),
                                            QStringLiteral("items"), Ns::PubSub);
    for (const QDomElement &item : Stanza::children(items, QStringLiteral("item"), Ns::PubSub)) {
        if (item.attribute(QStringLiteral("id")) == id)
            return Stanza::child(item, QStringLiteral("entry"), QStringLiteral("urn:example:payload")).text();
    }
    return QStringLiteral("<no such item>");
}

bool isResult(const QDomElement &iq)
{
    return Stanza::type(iq) == QLatin1String("result");
}

TestClient::Predicate anyEvent()
{
    return [](const QDomElement &e) {
        return !Stanza::child(e, QStringLiteral("event"), Ns::PubSubEvent).isNull();
    };
}

QStringList list(const char *words)
{
    return QString::fromLatin1(words).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

// Runs SQL on the server's database file through a connection of its own.
bool execOnFile(const QString &path, const QString &sql)
{
    const QString connectionName = QStringLiteral("fault-injector");
    bool ok = false;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery query(db);
            ok = query.exec(sql);
            if (!ok)
                qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return ok;
}
} // namespace

class tst_PepQuotas : public QObject
{
    Q_OBJECT

private slots:
    // XEP-0060 §7.1.3.4: a payload over the size limit is refused with not-acceptable and
    // payload-too-big; nothing is stored (a replaced item keeps its old payload), nobody told.
    void payloadTooBig_data()
    {
        QTest::addColumn<bool>("replacing");
        QTest::newRow("new node") << false;
        QTest::newRow("replacing an item") << true;
    }
    void payloadTooBig()
    {
        QFETCH(bool, replacing);
        TestServer server(JoinMode::AccountLevel, limited());
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *desktop = server.connect(QStringLiteral("alice"), QStringLiteral("desktop"));
        if (replacing)
            QVERIFY(isResult(publish(phone, Node, QStringLiteral("a"), entry(QStringLiteral("small")))));
        QVERIFY(desktop->sync());
        const int eventsBefore = desktop->count(anyEvent());

        const QDomElement answer
            = publish(phone, Node, QStringLiteral("a"), entry(QString(300, QLatin1Char('x'))));
        QCOMPARE(Stanza::type(answer), QStringLiteral("error"));
        QCOMPARE(errorCondition(answer), QStringLiteral("not-acceptable"));
        QCOMPARE(pubsubErrorCondition(answer), QStringLiteral("payload-too-big"));

        const QDomElement got = fetch(phone, Node);
        if (replacing) {
            QCOMPARE(itemIds(got), list("a"));
            QCOMPARE(payloadText(got, QStringLiteral("a")), QStringLiteral("small"));
        } else {
            QCOMPARE(errorCondition(got), QStringLiteral("item-not-found"));
        }
        QVERIFY(desktop->sync());
        QCOMPARE(desktop->count(anyEvent()), eventsBefore);
        // Within the limit it is accepted.
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("a"), entry(QString(100, QLatin1Char('y'))))));
    }

    // Two nodes per account here: the third is refused with policy-violation (and
    // max-nodes-exceeded) and not created; deleting one makes room.
    void nodesPerAccount()
    {
        TestServer server(JoinMode::AccountLevel, limited());
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(isResult(publish(phone, QStringLiteral("urn:example:one"), QStringLiteral("a"),
                                 entry(QStringLiteral("1")))));
        QVERIFY(isResult(publish(phone, QStringLiteral("urn:example:two"), QStringLiteral("a"),
                                 entry(QStringLiteral("2")))));

        const QDomElement refused = publish(phone, QStringLiteral("urn:example:three"), QStringLiteral("a"),
                                            entry(QStringLiteral("3")));
        QCOMPARE(errorCondition(refused), QStringLiteral("policy-violation"));
        QCOMPARE(pubsubErrorCondition(refused), QStringLiteral("max-nodes-exceeded"));
        QCOMPARE(errorCondition(fetch(phone, QStringLiteral("urn:example:three"))),
                 QStringLiteral("item-not-found"));
        // Publishing to an existing node is still fine.
        QVERIFY(isResult(publish(phone, QStringLiteral("urn:example:two"), QStringLiteral("b"),
                                 entry(QStringLiteral("2b")))));
        // Another account has quotas of its own.
        TestClient *bob = server.connect(QStringLiteral("bob"));
        QVERIFY(isResult(publish(bob, QStringLiteral("urn:example:three"), QStringLiteral("a"),
                                 entry(QStringLiteral("3")))));

        QVERIFY(isResult(deleteNode(phone, QStringLiteral("urn:example:one"))));
        QVERIFY(isResult(publish(phone, QStringLiteral("urn:example:three"), QStringLiteral("a"),
                                 entry(QStringLiteral("3")))));
    }

    // Three items per node here. A node configured for more (or 'max') holds three: a new
    // item is then refused (policy-violation, max-items-exceeded) rather than an older one
    // thrown away; replacing an item is fine, and retracting one makes room.
    void itemsPerNode_data()
    {
        QTest::addColumn<QString>("maxItems");
        QTest::newRow("max") << QStringLiteral("max");
        QTest::newRow("more than the limit") << QStringLiteral("10");
    }
    void itemsPerNode()
    {
        QFETCH(QString, maxItems);
        TestServer server(JoinMode::AccountLevel, limited());
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QString options = maxItemsOptions(maxItems);
        for (const QString &id : list("a b c"))
            QVERIFY(isResult(publish(phone, Node, id, entry(id), options)));

        const QDomElement refused
            = publish(phone, Node, QStringLiteral("d"), entry(QStringLiteral("d")), options);
        QCOMPARE(errorCondition(refused), QStringLiteral("policy-violation"));
        QCOMPARE(pubsubErrorCondition(refused), QStringLiteral("max-items-exceeded"));
        QCOMPARE(itemIds(fetch(phone, Node)), list("a b c"));

        QVERIFY(isResult(publish(phone, Node, QStringLiteral("b"), entry(QStringLiteral("b2")), options)));
        QCOMPARE(itemIds(fetch(phone, Node)), list("a c b"));
        QVERIFY(isResult(retract(phone, Node, QStringLiteral("a"))));
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("d"), entry(QStringLiteral("d")), options)));
        QCOMPARE(itemIds(fetch(phone, Node)), list("c b d"));
    }

    // What a node held before the limits (or under larger ones) is kept, but one answer
    // carries at most items-per-node items of at most item-size characters.
    void fetchIsBounded_data()
    {
        QTest::addColumn<QString>("attributes");
        QTest::newRow("all items") << QString();
        QTest::newRow("max_items above the limit") << QStringLiteral(" max_items='100'");
    }
    void fetchIsBounded()
    {
        QFETCH(QString, attributes);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("pep.sqlite"));
        {
            ServerOptions generous;
            generous.databasePath = path;
            TestServer server(JoinMode::AccountLevel, generous);
            TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
            for (const QString &id : list("a b c d e"))
                QVERIFY(
                    isResult(publish(phone, Node, id, entry(id), maxItemsOptions(QStringLiteral("max")))));
            QVERIFY(
                isResult(publish(phone, Node, QStringLiteral("big"), entry(QString(300, QLatin1Char('x'))))));
            QCOMPARE(itemIds(fetch(phone, Node)).size(), 6);
        }
        TestServer server(JoinMode::AccountLevel, limited(path));
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QDomElement got = fetch(phone, Node, attributes);
        QVERIFY(isResult(got));
        QCOMPARE(itemIds(got), list("c d e"));
    }

    // A write the database refuses (here a trigger makes every change to pep_items fail):
    // the publisher and the retracter get an error, nothing is stored, nobody is told.
    void refusedWrites()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("pep.sqlite"));
        TestServer server(JoinMode::AccountLevel, limited(path));
        TestClient *phone = server.connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *desktop = server.connect(QStringLiteral("alice"), QStringLiteral("desktop"));
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("a"), entry(QStringLiteral("kept")))));
        QVERIFY(phone->sync());
        for (const char *event : { "INSERT", "UPDATE", "DELETE" }) {
            QVERIFY(execOnFile(path,
                               QStringLiteral("CREATE TRIGGER refuse_%1 BEFORE %1 ON pep_items"
                                              " BEGIN SELECT RAISE(ABORT, 'injected failure'); END")
                                   .arg(QLatin1String(event))));
        }
        QVERIFY(desktop->sync());
        const int eventsBefore = desktop->count(anyEvent());

        QCOMPARE(Stanza::type(publish(phone, Node, QStringLiteral("a"), entry(QStringLiteral("lost")))),
                 QStringLiteral("error"));
        QCOMPARE(Stanza::type(publish(phone, QStringLiteral("urn:example:new"), QStringLiteral("a"),
                                      entry(QStringLiteral("x")))),
                 QStringLiteral("error"));
        QCOMPARE(Stanza::type(retract(phone, Node, QStringLiteral("a"))), QStringLiteral("error"));
        QVERIFY(desktop->sync());
        QCOMPARE(desktop->count(anyEvent()), eventsBefore);

        const QDomElement got = fetch(phone, Node);
        QCOMPARE(itemIds(got), list("a"));
        QCOMPARE(payloadText(got, QStringLiteral("a")), QStringLiteral("kept"));
        // The node the failed publish would have created was rolled back with it.
        QCOMPARE(errorCondition(fetch(phone, QStringLiteral("urn:example:new"))),
                 QStringLiteral("item-not-found"));
    }
};

QTEST_GUILESS_MAIN(tst_PepQuotas)
#include "tst_pepquotas.moc"
