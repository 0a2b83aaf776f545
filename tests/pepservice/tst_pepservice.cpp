// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// PEP on the account's bare JID (XEP-0163 subset for XEP-0402): publish with
// publish-options, preconditions, retract, items, owner delete, notifications to
// the account's own sessions, access from other accounts, persistence.
#include "Stanza.h"
#include "TestClient.h"
#include "TestServer.h"
#include "Vocabulary.h"

#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <utility>

namespace {
const QString Alice = QStringLiteral("alice@localhost");
const QString Node = QStringLiteral("urn:example:node");

using Fields = QList<QPair<QString, QString>>;

// A publish-options form; an empty list means no <publish-options/> at all.
QString optionsXml(const Fields &fields)
{
    if (fields.isEmpty())
        return QString();
    QString xml = QStringLiteral("<publish-options><x xmlns='jabber:x:data' type='submit'>");
    for (const auto &field : fields)
        xml += QStringLiteral("<field var='%1'><value>%2</value></field>").arg(field.first, field.second);
    return xml + QStringLiteral("</x></publish-options>");
}

Fields withFormType(const Fields &fields)
{
    return Fields { { QStringLiteral("FORM_TYPE"), QString(Ns::PubSubPublishOptions) } } + fields;
}

QString entry(const QString &text)
{
    return QStringLiteral("<entry xmlns='urn:example:payload'>%1</entry>").arg(text);
}

// An IQ with the %1 id placeholder TestClient::requestXml fills; 'to' may be empty.
QString pubsubIq(const QString &type, const QString &to, const QString &payload,
                 const QString &ns = QString(Ns::PubSub))
{
    const QString toAttribute = to.isEmpty() ? QString() : QStringLiteral(" to='%1'").arg(to);
    return QStringLiteral("<iq type='%1' id='%3'%2><pubsub xmlns='%4'>%5</pubsub></iq>")
        .arg(type, toAttribute, QStringLiteral("%1"), ns, payload);
}

QDomElement publish(TestClient *client, const QString &node, const QString &id, const QString &payload,
                    const Fields &options = {}, const QString &to = QString())
{
    const QString idAttribute = id.isEmpty() ? QString() : QStringLiteral(" id='%1'").arg(id);
    return client->requestXml(pubsubIq(
        QStringLiteral("set"), to,
        QStringLiteral("<publish node='%1'><item%2>%3</item></publish>").arg(node, idAttribute, payload)
            + optionsXml(options)));
}

QDomElement retract(TestClient *client, const QString &node, const QString &id, const QString &to = QString())
{
    return client->requestXml(
        pubsubIq(QStringLiteral("set"), to,
                 QStringLiteral("<retract node='%1' notify='true'><item id='%2'/></retract>").arg(node, id)));
}

QDomElement items(TestClient *client, const QString &node, const QString &to = QString(),
                  const QString &inside = QString(), const QString &attributes = QString())
{
    return client->requestXml(
        pubsubIq(QStringLiteral("get"), to,
                 QStringLiteral("<items node='%1'%2>%3</items>").arg(node, attributes, inside)));
}

QDomElement itemsOf(const QDomElement &result)
{
    return Stanza::child(Stanza::child(result, QStringLiteral("pubsub"), Ns::PubSub), QStringLiteral("items"),
                         Ns::PubSub);
}

// Item id -> text of the payload, in the order of the answer.
QStringList itemIds(const QDomElement &result)
{
    QStringList ids;
    for (const QDomElement &item : Stanza::children(itemsOf(result), QStringLiteral("item"), Ns::PubSub))
        ids << item.attribute(QStringLiteral("id"));
    return ids;
}

QString payloadText(const QDomElement &result, const QString &id)
{
    for (const QDomElement &item : Stanza::children(itemsOf(result), QStringLiteral("item"), Ns::PubSub)) {
        if (item.attribute(QStringLiteral("id")) == id)
            return Stanza::child(item, QStringLiteral("entry"), QStringLiteral("urn:example:payload")).text();
    }
    return QStringLiteral("<no such item>");
}

bool isResult(const QDomElement &iq)
{
    return iq.attribute(QStringLiteral("type")) == QLatin1String("result");
}

// A PEP event from 'owner' about 'node'.
TestClient::Predicate eventFrom(const QString &owner, const QString &node)
{
    return [owner, node](const QDomElement &e) {
        const QDomElement event = Stanza::child(e, QStringLiteral("event"), Ns::PubSubEvent);
        if (e.tagName() != QLatin1String("message") || e.attribute(QStringLiteral("from")) != owner
            || e.attribute(QStringLiteral("type")) != QLatin1String("headline") || event.isNull())
            return false;
        const QDomElement items = Stanza::child(event, QStringLiteral("items"), Ns::PubSubEvent);
        const QDomElement deleted = Stanza::child(event, QStringLiteral("delete"), Ns::PubSubEvent);
        return items.attribute(QStringLiteral("node")) == node
            || deleted.attribute(QStringLiteral("node")) == node;
    };
}

TestClient::Predicate anyEvent()
{
    return [](const QDomElement &e) {
        return !Stanza::child(e, QStringLiteral("event"), Ns::PubSubEvent).isNull();
    };
}

// "a b c" -> {"a", "b", "c"}
QStringList list(const char *words)
{
    return QString::fromLatin1(words).split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

QDomElement eventItems(const QDomElement &message)
{
    return Stanza::child(Stanza::child(message, QStringLiteral("event"), Ns::PubSubEvent),
                         QStringLiteral("items"), Ns::PubSubEvent);
}
} // namespace

class tst_PepService : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;

private slots:
    void init() { m_server = std::make_unique<TestServer>(JoinMode::AccountLevel); }
    void cleanup() { m_server.reset(); }

    void publishAndRetrieve_data()
    {
        QTest::addColumn<QString>("to");
        QTest::newRow("no 'to': the own account") << QString();
        QTest::newRow("to the own bare JID") << Alice;
    }
    void publishAndRetrieve()
    {
        QFETCH(QString, to);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QDomElement published
            = publish(phone, Node, QStringLiteral("first"), entry(QStringLiteral("hello")), {}, to);
        QVERIFY2(isResult(published), qPrintable(errorCondition(published)));
        const QDomElement publishAnswer
            = Stanza::child(Stanza::child(published, QStringLiteral("pubsub"), Ns::PubSub),
                            QStringLiteral("publish"), Ns::PubSub);
        QCOMPARE(publishAnswer.attribute(QStringLiteral("node")), Node);
        QCOMPARE(
            Stanza::child(publishAnswer, QStringLiteral("item"), Ns::PubSub).attribute(QStringLiteral("id")),
            QStringLiteral("first"));

        const QDomElement got = items(phone, Node, to);
        QVERIFY(isResult(got));
        QCOMPARE(itemsOf(got).attribute(QStringLiteral("node")), Node);
        QCOMPARE(itemIds(got), QStringList { QStringLiteral("first") });
        // The payload comes back whole, in its own namespace.
        QCOMPARE(payloadText(got, QStringLiteral("first")), QStringLiteral("hello"));
    }

    void generatedItemId()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QDomElement published = publish(phone, Node, QString(), entry(QStringLiteral("no id")));
        QVERIFY(isResult(published));
        const QString id
            = Stanza::child(Stanza::child(Stanza::child(published, QStringLiteral("pubsub"), Ns::PubSub),
                                          QStringLiteral("publish"), Ns::PubSub),
                            QStringLiteral("item"), Ns::PubSub)
                  .attribute(QStringLiteral("id"));
        QVERIFY(!id.isEmpty());
        QCOMPARE(itemIds(items(phone, Node)), QStringList { id });
    }

    // Each publish and retract reaches every connected session of the account once, and no other account.
    void notifications()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        TestClient *web = m_server->connect(QStringLiteral("alice"), QStringLiteral("web"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        const QList<TestClient *> alice = { phone, laptop, web };

        QVERIFY(isResult(publish(phone, Node, QStringLiteral("x"), entry(QStringLiteral("one")))));
        for (TestClient *client : alice + QList<TestClient *> { bob })
            QVERIFY(client->sync());
        for (TestClient *client : alice) {
            const QList<QDomElement> events = client->receivedMatching(eventFrom(Alice, Node));
            QCOMPARE(events.size(), 1);
            QCOMPARE(events.first().attribute(QStringLiteral("to")), client->jid());
            const QDomElement item
                = Stanza::child(eventItems(events.first()), QStringLiteral("item"), Ns::PubSubEvent);
            QCOMPARE(item.attribute(QStringLiteral("id")), QStringLiteral("x"));
            QCOMPARE(item.attribute(QStringLiteral("publisher")), Alice); // as Prosody says it
            QCOMPARE(
                Stanza::child(item, QStringLiteral("entry"), QStringLiteral("urn:example:payload")).text(),
                QStringLiteral("one"));
        }
        QCOMPARE(bob->count(anyEvent()), 0);
        // The publisher hears of it before the answer, as from Prosody (scansion's bookmarks2).
        const auto isAnswer = [](const QDomElement &e) {
            return e.tagName() == QLatin1String("iq")
                && e.attribute(QStringLiteral("type")) == QLatin1String("result")
                && !Stanza::child(e, QStringLiteral("pubsub"), Ns::PubSub).isNull();
        };
        const QList<QDomElement> seen = phone->received();
        QVERIFY(std::find_if(seen.cbegin(), seen.cend(), eventFrom(Alice, Node))
                < std::find_if(seen.cbegin(), seen.cend(), isAnswer));

        QVERIFY(isResult(retract(laptop, Node, QStringLiteral("x"))));
        for (TestClient *client : alice + QList<TestClient *> { bob })
            QVERIFY(client->sync());
        for (TestClient *client : alice) {
            const QList<QDomElement> events = client->receivedMatching(eventFrom(Alice, Node));
            QCOMPARE(events.size(), 2);
            const QDomElement retracted
                = Stanza::child(eventItems(events.last()), QStringLiteral("retract"), Ns::PubSubEvent);
            QCOMPARE(retracted.attribute(QStringLiteral("id")), QStringLiteral("x"));
        }
        QCOMPARE(bob->count(anyEvent()), 0);
    }

    // XEP-0060 §7.1.5: options create the node; on an existing node they are preconditions.
    void publishOptions_data()
    {
        QTest::addColumn<Fields>("first");
        QTest::addColumn<Fields>("second");
        QTest::addColumn<bool>("sameNode");
        QTest::addColumn<QString>("condition"); // of the second publish; empty: success
        QTest::addColumn<QString>("pubsubCondition");

        const auto field = [](const char *var, const char *value) {
            return QPair<QString, QString>(QString::fromLatin1(var), QString::fromLatin1(value));
        };
        const Fields bookmarks = withFormType(
            { field("pubsub#persist_items", "true"), field("pubsub#max_items", "max"),
              field("pubsub#send_last_published_item", "never"), field("pubsub#access_model", "whitelist") });
        QTest::newRow("no options, twice") << Fields() << Fields() << true << QString() << QString();
        QTest::newRow("XEP-0402 options, twice") << bookmarks << bookmarks << true << QString() << QString();
        QTest::newRow("options, then none") << bookmarks << Fields() << true << QString() << QString();
        QTest::newRow("persist_items 1 = true")
            << bookmarks << withFormType({ field("pubsub#persist_items", "1") }) << true << QString()
            << QString();
        QTest::newRow("other access model")
            << bookmarks << withFormType({ field("pubsub#access_model", "open") }) << true
            << QStringLiteral("conflict") << QStringLiteral("precondition-not-met");
        QTest::newRow("other max_items")
            << bookmarks << withFormType({ field("pubsub#max_items", "10") }) << true
            << QStringLiteral("conflict") << QStringLiteral("precondition-not-met");
        QTest::newRow("other persist_items")
            << bookmarks << withFormType({ field("pubsub#persist_items", "false") }) << true
            << QStringLiteral("conflict") << QStringLiteral("precondition-not-met");
        QTest::newRow("default node, asked for whitelist")
            << Fields() << withFormType({ field("pubsub#access_model", "whitelist") }) << true
            << QStringLiteral("conflict") << QStringLiteral("precondition-not-met");
        QTest::newRow("unsupported access model")
            << Fields() << withFormType({ field("pubsub#access_model", "roster") }) << false
            << QStringLiteral("conflict") << QStringLiteral("precondition-not-met");
        QTest::newRow("unknown option")
            << Fields() << withFormType({ field("pubsub#title", "mine") }) << false
            << QStringLiteral("conflict") << QStringLiteral("precondition-not-met");
        // Gajim 1.7 states what every node here does; refusing it as unknown cost Gajim
        // every bookmark change.
        const Fields gajim = withFormType(
            { field("pubsub#notify_delete", "true"), field("pubsub#notify_retract", "true"),
              field("pubsub#persist_items", "true"), field("pubsub#max_items", "max"),
              field("pubsub#access_model", "whitelist"), field("pubsub#send_last_published_item", "never") });
        QTest::newRow("Gajim's bookmark options") << gajim << gajim << true << QString() << QString();
        QTest::newRow("notify_retract false")
            << Fields() << withFormType({ field("pubsub#notify_retract", "false") }) << false
            << QStringLiteral("conflict") << QStringLiteral("precondition-not-met");
        QTest::newRow("notification_type normal")
            << Fields() << withFormType({ field("pubsub#notification_type", "normal") }) << false
            << QStringLiteral("conflict") << QStringLiteral("precondition-not-met");
        QTest::newRow("notify_delete not a boolean")
            << Fields() << withFormType({ field("pubsub#notify_delete", "often") }) << false
            << QStringLiteral("bad-request") << QStringLiteral("invalid-options");
        // The last item is sent on presence except from whitelist nodes (private storage).
        QTest::newRow("send_last_published_item on_sub_and_presence, presence node")
            << Fields() << withFormType({ field("pubsub#send_last_published_item", "on_sub_and_presence") })
            << false << QString() << QString();
        QTest::newRow("send_last_published_item never, presence node")
            << Fields() << withFormType({ field("pubsub#send_last_published_item", "never") }) << false
            << QStringLiteral("conflict") << QStringLiteral("precondition-not-met");
        QTest::newRow("send_last_published_item on_sub_and_presence, whitelist node")
            << bookmarks << withFormType({ field("pubsub#send_last_published_item", "on_sub_and_presence") })
            << true << QStringLiteral("conflict") << QStringLiteral("precondition-not-met");
        // On PEP the publisher is the owner: either way the notifications name it.
        QTest::newRow("itemreply publisher")
            << Fields() << withFormType({ field("pubsub#itemreply", "publisher") }) << false << QString()
            << QString();
        QTest::newRow("itemreply owner") << Fields() << withFormType({ field("pubsub#itemreply", "owner") })
                                         << false << QString() << QString();
        QTest::newRow("send_last_published_item on_sub")
            << Fields() << withFormType({ field("pubsub#send_last_published_item", "on_sub") }) << false
            << QStringLiteral("conflict") << QStringLiteral("precondition-not-met");
        QTest::newRow("no FORM_TYPE") << Fields() << Fields { field("pubsub#persist_items", "true") } << false
                                      << QStringLiteral("bad-request") << QStringLiteral("invalid-options");
        QTest::newRow("max_items not a number")
            << Fields() << withFormType({ field("pubsub#max_items", "many") }) << false
            << QStringLiteral("bad-request") << QStringLiteral("invalid-options");
    }
    void publishOptions()
    {
        QFETCH(Fields, first);
        QFETCH(Fields, second);
        QFETCH(bool, sameNode);
        QFETCH(QString, condition);
        QFETCH(QString, pubsubCondition);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("a"), entry(QStringLiteral("first")), first)));
        const QString node = sameNode ? Node : QStringLiteral("urn:example:other");
        const int eventsBefore = phone->count(anyEvent());
        const QDomElement answer
            = publish(phone, node, QStringLiteral("b"), entry(QStringLiteral("second")), second);
        QVERIFY(!answer.isNull());
        QVERIFY(phone->sync());
        if (condition.isEmpty()) {
            QVERIFY2(isResult(answer), qPrintable(errorCondition(answer)));
            QCOMPARE(phone->count(anyEvent()), eventsBefore + 1);
            return;
        }
        QCOMPARE(errorCondition(answer), condition);
        QCOMPARE(pubsubErrorCondition(answer), pubsubCondition);
        // Nothing was published, nothing created, nobody told.
        QCOMPARE(phone->count(anyEvent()), eventsBefore);
        const QDomElement got = items(phone, node);
        if (sameNode)
            QCOMPARE(itemIds(got), QStringList { QStringLiteral("a") });
        else
            QCOMPARE(errorCondition(got), QStringLiteral("item-not-found"));
    }

    void maxItems_data()
    {
        QTest::addColumn<QString>("maxItems"); // empty: no options (the PEP default, 1)
        QTest::addColumn<QStringList>("published");
        QTest::addColumn<QStringList>("kept");
        QTest::newRow("default keeps the last") << QString() << list("a b c") << list("c");
        QTest::newRow("2 drops the oldest") << QStringLiteral("2") << list("a b c") << list("b c");
        QTest::newRow("max keeps all") << QStringLiteral("max") << list("a b c d e") << list("a b c d e");
        QTest::newRow("republishing moves an item to the end")
            << QStringLiteral("max") << list("a b a") << list("b a");
        QTest::newRow("republishing counts once") << QStringLiteral("2") << list("a b a a") << list("b a");
    }
    void maxItems()
    {
        QFETCH(QString, maxItems);
        QFETCH(QStringList, published);
        QFETCH(QStringList, kept);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const Fields options = maxItems.isEmpty()
            ? Fields()
            : withFormType({ { QStringLiteral("pubsub#max_items"), maxItems } });
        for (const QString &id : std::as_const(published))
            QVERIFY(isResult(publish(phone, Node, id, entry(id), options)));
        const QDomElement got = items(phone, Node);
        QCOMPARE(itemIds(got), kept);
        for (const QString &id : std::as_const(kept))
            QCOMPARE(payloadText(got, id), id);
    }

    void itemsQuery_data()
    {
        QTest::addColumn<QString>("node");
        QTest::addColumn<QString>("inside");
        QTest::addColumn<QString>("attributes");
        QTest::addColumn<QStringList>("expected");
        QTest::addColumn<QString>("condition");
        QTest::newRow("all, oldest first") << Node << QString() << QString() << list("a b c") << QString();
        QTest::newRow("max_items=1: the newest")
            << Node << QString() << QStringLiteral(" max_items='1'") << list("c") << QString();
        QTest::newRow("max_items=2") << Node << QString() << QStringLiteral(" max_items='2'") << list("b c")
                                     << QString();
        QTest::newRow("by id") << Node << QStringLiteral("<item id='b'/>") << QString() << list("b")
                               << QString();
        QTest::newRow("by ids") << Node << QStringLiteral("<item id='c'/><item id='a'/>") << QString()
                                << list("a c") << QString();
        QTest::newRow("unknown id") << Node << QStringLiteral("<item id='zzz'/>") << QString()
                                    << QStringList() << QStringLiteral("item-not-found");
        QTest::newRow("unknown node") << QStringLiteral("urn:example:none") << QString() << QString()
                                      << QStringList() << QStringLiteral("item-not-found");
        QTest::newRow("max_items not a number") << Node << QString() << QStringLiteral(" max_items='x'")
                                                << QStringList() << QStringLiteral("bad-request");
    }
    void itemsQuery()
    {
        QFETCH(QString, node);
        QFETCH(QString, inside);
        QFETCH(QString, attributes);
        QFETCH(QStringList, expected);
        QFETCH(QString, condition);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const Fields options
            = withFormType({ { QStringLiteral("pubsub#max_items"), QStringLiteral("max") } });
        for (const char *id : { "a", "b", "c" })
            QVERIFY(isResult(
                publish(phone, Node, QString::fromLatin1(id), entry(QString::fromLatin1(id)), options)));
        const QDomElement got = items(phone, node, QString(), inside, attributes);
        if (!condition.isEmpty()) {
            QCOMPARE(errorCondition(got), condition);
            return;
        }
        QVERIFY(isResult(got));
        QCOMPARE(itemIds(got), expected);
    }

    void retractErrors_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<QString>("condition");
        QTest::addColumn<QString>("pubsubCondition");
        QTest::newRow("unknown node")
            << QStringLiteral("<retract node='urn:example:none'><item id='a'/></retract>")
            << QStringLiteral("item-not-found") << QString();
        QTest::newRow("unknown item")
            << QStringLiteral("<retract node='%1'><item id='zzz'/></retract>").arg(Node)
            << QStringLiteral("item-not-found") << QString();
        QTest::newRow("no item") << QStringLiteral("<retract node='%1'/>").arg(Node)
                                 << QStringLiteral("bad-request") << QStringLiteral("item-required");
        QTest::newRow("no node") << QStringLiteral("<retract><item id='a'/></retract>")
                                 << QStringLiteral("bad-request") << QStringLiteral("nodeid-required");
    }
    void retractErrors()
    {
        QFETCH(QString, payload);
        QFETCH(QString, condition);
        QFETCH(QString, pubsubCondition);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("a"), entry(QStringLiteral("a")))));
        const int eventsBefore = phone->count(anyEvent());
        const QDomElement answer = phone->requestXml(pubsubIq(QStringLiteral("set"), QString(), payload));
        QCOMPARE(errorCondition(answer), condition);
        QCOMPARE(pubsubErrorCondition(answer), pubsubCondition);
        QVERIFY(phone->sync());
        QCOMPARE(phone->count(anyEvent()), eventsBefore);
        QCOMPARE(itemIds(items(phone, Node)), QStringList { QStringLiteral("a") });
    }

    void retractRemovesTheItem()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const Fields options
            = withFormType({ { QStringLiteral("pubsub#max_items"), QStringLiteral("max") } });
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("a"), entry(QStringLiteral("a")), options)));
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("b"), entry(QStringLiteral("b")), options)));
        QVERIFY(isResult(retract(phone, Node, QStringLiteral("a"))));
        QCOMPARE(itemIds(items(phone, Node)), QStringList { QStringLiteral("b") });
        QCOMPARE(errorCondition(retract(phone, Node, QStringLiteral("a"))), QStringLiteral("item-not-found"));
    }

    void badPublish_data()
    {
        QTest::addColumn<QString>("payload");
        QTest::addColumn<QString>("condition");
        QTest::addColumn<QString>("pubsubCondition");
        QTest::newRow("no node")
            << QStringLiteral("<publish><item id='a'>%1</item></publish>").arg(entry(QStringLiteral("x")))
            << QStringLiteral("bad-request") << QStringLiteral("nodeid-required");
        QTest::newRow("no item") << QStringLiteral("<publish node='%1'/>").arg(Node)
                                 << QStringLiteral("bad-request") << QStringLiteral("item-required");
        QTest::newRow("no payload") << QStringLiteral("<publish node='%1'><item id='a'/></publish>").arg(Node)
                                    << QStringLiteral("bad-request") << QStringLiteral("payload-required");
        QTest::newRow("two payloads")
            << QStringLiteral("<publish node='%1'><item id='a'>%2%2</item></publish>")
                   .arg(Node, entry(QStringLiteral("x")))
            << QStringLiteral("bad-request") << QStringLiteral("invalid-payload");
        QTest::newRow("subscribe is not offered")
            << QStringLiteral("<subscribe node='%1' jid='%2'/>").arg(Node, Alice)
            << QStringLiteral("feature-not-implemented") << QStringLiteral("unsupported");
    }
    void badPublish()
    {
        QFETCH(QString, payload);
        QFETCH(QString, condition);
        QFETCH(QString, pubsubCondition);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QDomElement answer = phone->requestXml(pubsubIq(QStringLiteral("set"), QString(), payload));
        QCOMPARE(errorCondition(answer), condition);
        QCOMPARE(pubsubErrorCondition(answer), pubsubCondition);
        QVERIFY(phone->sync());
        QCOMPARE(phone->count(anyEvent()), 0);
    }

    // Another account reads only open nodes and never writes; it is never notified.
    void otherAccount_data()
    {
        QTest::addColumn<QString>("accessModel");
        QTest::addColumn<QString>("itemsCondition"); // empty: bob reads the items
        QTest::newRow("open") << QStringLiteral("open") << QString();
        QTest::newRow("presence (no roster: nobody subscribed)")
            << QStringLiteral("presence") << QStringLiteral("forbidden");
        QTest::newRow("whitelist") << QStringLiteral("whitelist") << QStringLiteral("forbidden");
    }
    void otherAccount()
    {
        QFETCH(QString, accessModel);
        QFETCH(QString, itemsCondition);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *bob = m_server->connect(QStringLiteral("bob"), QStringLiteral("desktop"));
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("a"), entry(QStringLiteral("mine")),
                                 withFormType({ { QStringLiteral("pubsub#access_model"), accessModel } }))));

        const QDomElement got = items(bob, Node, Alice);
        if (itemsCondition.isEmpty()) {
            QVERIFY2(isResult(got), qPrintable(errorCondition(got)));
            QCOMPARE(got.attribute(QStringLiteral("from")), Alice);
            QCOMPARE(payloadText(got, QStringLiteral("a")), QStringLiteral("mine"));
        } else {
            QCOMPARE(errorCondition(got), itemsCondition);
        }
        QCOMPARE(errorCondition(items(bob, QStringLiteral("urn:example:none"), Alice)),
                 QStringLiteral("item-not-found"));
        QCOMPARE(errorCondition(
                     publish(bob, Node, QStringLiteral("b"), entry(QStringLiteral("theirs")), {}, Alice)),
                 QStringLiteral("forbidden"));
        QCOMPARE(errorCondition(retract(bob, Node, QStringLiteral("a"), Alice)), QStringLiteral("forbidden"));
        QCOMPARE(errorCondition(bob->requestXml(pubsubIq(QStringLiteral("set"), Alice,
                                                         QStringLiteral("<delete node='%1'/>").arg(Node),
                                                         QString(Ns::PubSubOwner)))),
                 QStringLiteral("forbidden"));
        QCOMPARE(itemIds(items(phone, Node)), QStringList { QStringLiteral("a") });
        QVERIFY(phone->sync());
        QCOMPARE(phone->count(eventFrom(Alice, Node)), 1);
        QCOMPARE(bob->count(anyEvent()), 0);
        // Bob's own PEP service is his alone: alice's node is not there.
        QCOMPARE(errorCondition(items(bob, Node)), QStringLiteral("item-not-found"));
    }

    // pubsub#persist_items false: notified, not kept.
    void transientNode()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(isResult(
            publish(phone, Node, QStringLiteral("a"), entry(QStringLiteral("now")),
                    withFormType({ { QStringLiteral("pubsub#persist_items"), QStringLiteral("false") } }))));
        QVERIFY(laptop->waitFor(eventFrom(Alice, Node)));
        const QDomElement got = items(phone, Node);
        QVERIFY(isResult(got));
        QVERIFY(itemIds(got).isEmpty());
    }

    void deleteNode()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        TestClient *laptop = m_server->connect(QStringLiteral("alice"), QStringLiteral("laptop"));
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("a"), entry(QStringLiteral("a")))));
        const QDomElement deleted = phone->requestXml(
            pubsubIq(QStringLiteral("set"), QString(), QStringLiteral("<delete node='%1'/>").arg(Node),
                     QString(Ns::PubSubOwner)));
        QVERIFY2(isResult(deleted), qPrintable(errorCondition(deleted)));
        QVERIFY(laptop->sync());
        const QList<QDomElement> events = laptop->receivedMatching(eventFrom(Alice, Node));
        QCOMPARE(events.size(), 2);
        QVERIFY(!Stanza::child(Stanza::child(events.last(), QStringLiteral("event"), Ns::PubSubEvent),
                               QStringLiteral("delete"), Ns::PubSubEvent)
                     .isNull());
        QCOMPARE(errorCondition(items(phone, Node)), QStringLiteral("item-not-found"));
        // A new publish starts a fresh node with the options it asks for.
        QVERIFY(isResult(
            publish(phone, Node, QStringLiteral("b"), entry(QStringLiteral("b")),
                    withFormType({ { QStringLiteral("pubsub#access_model"), QStringLiteral("open") } }))));
    }

    // XEP-0163 §9 discovery: the account is a PEP service with what it really does.
    void discoFeatures()
    {
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QDomElement info = phone->request(QStringLiteral("get"), Alice,
                                                QStringLiteral("<query xmlns='%1'/>").arg(Ns::DiscoInfo));
        QVERIFY(isResult(info));
        QStringList features;
        bool pep = false;
        const QDomElement query = Stanza::child(info, QStringLiteral("query"), Ns::DiscoInfo);
        for (QDomElement e = query.firstChildElement(); !e.isNull(); e = e.nextSiblingElement()) {
            if (e.tagName() == QLatin1String("feature"))
                features << e.attribute(QStringLiteral("var"));
            if (e.tagName() == QLatin1String("identity")
                && e.attribute(QStringLiteral("category")) == QLatin1String("pubsub")
                && e.attribute(QStringLiteral("type")) == QLatin1String("pep"))
                pep = true;
        }
        QVERIFY(pep);
        for (const char *feature :
             { "", "#publish", "#publish-options", "#retract-items", "#retrieve-items", "#persistent-items",
               "#auto-create", "#config-node-max", "#delete-nodes" })
            QVERIFY2(features.contains(QString(Ns::PubSub) + QLatin1String(feature)), feature);
        // Private-storage bookmarks are the PEP bookmarks (PrivateStorage), so both are said.
        QVERIFY(features.contains(QString(Ns::BookmarksCompat)));
        QVERIFY(features.contains(QString(Ns::BookmarksCompatPep)));
        QVERIFY(!features.contains(QString(Ns::PubSub) + QLatin1String("#subscribe")));
    }

    // XEP-0060 §8.2: the owner reads and changes its node's configuration; what this
    // service cannot do is refused and changes nothing.
    void configureNode_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("condition"); // empty: accepted
        QTest::newRow("max_items 5") << QStringLiteral("pubsub#max_items") << QStringLiteral("5")
                                     << QString();
        QTest::newRow("access model open")
            << QStringLiteral("pubsub#access_model") << QStringLiteral("open") << QString();
        QTest::newRow("access model roster") << QStringLiteral("pubsub#access_model")
                                             << QStringLiteral("roster") << QStringLiteral("not-acceptable");
        QTest::newRow("max_items below the items held")
            << QStringLiteral("pubsub#max_items") << QStringLiteral("1") << QStringLiteral("not-acceptable");
        QTest::newRow("notify_retract false") << QStringLiteral("pubsub#notify_retract")
                                              << QStringLiteral("false") << QStringLiteral("not-acceptable");
        QTest::newRow("unknown field")
            << QStringLiteral("pubsub#title") << QStringLiteral("x") << QStringLiteral("not-acceptable");
    }
    void configureNode()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, condition);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const Fields options
            = withFormType({ { QStringLiteral("pubsub#max_items"), QStringLiteral("max") },
                             { QStringLiteral("pubsub#access_model"), QStringLiteral("whitelist") } });
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("a"), entry(QStringLiteral("1")), options)));
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("b"), entry(QStringLiteral("2")))));
        const auto configuration = [phone]() {
            QHash<QString, QString> values;
            const QDomElement answer = phone->requestXml(
                pubsubIq(QStringLiteral("get"), QString(), QStringLiteral("<configure node='%1'/>").arg(Node),
                         QString(Ns::PubSubOwner)));
            const QDomElement form = Stanza::child(
                Stanza::child(Stanza::child(answer, QStringLiteral("pubsub"), Ns::PubSubOwner),
                              QStringLiteral("configure"), Ns::PubSubOwner),
                QStringLiteral("x"), Ns::DataForms);
            for (const QDomElement &f : Stanza::children(form, QStringLiteral("field"), Ns::DataForms))
                values.insert(f.attribute(QStringLiteral("var")),
                              Stanza::child(f, QStringLiteral("value"), Ns::DataForms).text());
            return values;
        };
        const QHash<QString, QString> before = configuration();
        // Every list-single field lists its options (Poezio crashed on one without).
        const QDomElement form = phone->requestXml(
            pubsubIq(QStringLiteral("get"), QString(), QStringLiteral("<configure node='%1'/>").arg(Node),
                     QString(Ns::PubSubOwner)));
        QVERIFY(isResult(form));
        for (const QDomElement &f : Stanza::children(
                 Stanza::child(Stanza::child(Stanza::child(form, QStringLiteral("pubsub"), Ns::PubSubOwner),
                                             QStringLiteral("configure"), Ns::PubSubOwner),
                               QStringLiteral("x"), Ns::DataForms),
                 QStringLiteral("field"), Ns::DataForms)) {
            if (f.attribute(QStringLiteral("type")) == QLatin1String("list-single"))
                QVERIFY2(!Stanza::children(f, QStringLiteral("option"), Ns::DataForms).isEmpty(),
                         qPrintable(f.attribute(QStringLiteral("var"))));
        }
        QCOMPARE(before.value(QStringLiteral("FORM_TYPE")), QString(Ns::PubSubNodeConfig));
        QCOMPARE(before.value(QStringLiteral("pubsub#access_model")), QStringLiteral("whitelist"));
        QCOMPARE(before.value(QStringLiteral("pubsub#max_items")), QStringLiteral("max"));
        QCOMPARE(before.value(QStringLiteral("pubsub#notify_retract")), QStringLiteral("true"));

        const QDomElement answer = phone->requestXml(
            pubsubIq(QStringLiteral("set"), QString(),
                     QStringLiteral("<configure node='%1'><x xmlns='jabber:x:data' type='submit'>"
                                    "<field var='FORM_TYPE'><value>%2</value></field>"
                                    "<field var='%3'><value>%4</value></field></x></configure>")
                         .arg(Node, QString(Ns::PubSubNodeConfig), field, value),
                     QString(Ns::PubSubOwner)));
        const QHash<QString, QString> after = configuration();
        if (condition.isEmpty()) {
            QVERIFY2(isResult(answer), qPrintable(errorCondition(answer)));
            QCOMPARE(after.value(field), value);
        } else {
            QCOMPARE(errorCondition(answer), condition);
            QCOMPARE(after, before);
        }
        QCOMPARE(itemIds(items(phone, Node)).size(), 2);
    }

    // §10: nodes and items are in the database file.
    void itemsSurviveRestart()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        ServerOptions options;
        options.databasePath = dir.filePath(QStringLiteral("pep.sqlite"));
        m_server = std::make_unique<TestServer>(JoinMode::AccountLevel, options);
        TestClient *phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const Fields config
            = withFormType({ { QStringLiteral("pubsub#max_items"), QStringLiteral("max") },
                             { QStringLiteral("pubsub#access_model"), QStringLiteral("open") } });
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("a"), entry(QStringLiteral("kept")), config)));
        QVERIFY(isResult(publish(phone, Node, QStringLiteral("b"), entry(QStringLiteral("also")), config)));

        m_server = std::make_unique<TestServer>(JoinMode::AccountLevel, options);
        phone = m_server->connect(QStringLiteral("alice"), QStringLiteral("phone"));
        const QDomElement got = items(phone, Node);
        QCOMPARE(itemIds(got), (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
        QCOMPARE(payloadText(got, QStringLiteral("a")), QStringLiteral("kept"));
        // The node's configuration came back too.
        QCOMPARE(errorCondition(publish(phone, Node, QStringLiteral("c"), entry(QStringLiteral("c")),
                                        withFormType({ { QStringLiteral("pubsub#access_model"),
                                                         QStringLiteral("whitelist") } }))),
                 QStringLiteral("conflict"));
        m_server.reset(); // before the directory goes
    }
};

QTEST_GUILESS_MAIN(tst_PepService)
#include "tst_pepservice.moc"
