// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "MucTestHarness.h"

#include "Database.h"
#include "Jid.h"
#include "MessageArchive.h"
#include "MucService.h"
#include "RoomStore.h"
#include "ServerExtension.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

#include <QDomDocument>
#include <QXmppServer.h>

namespace {
const QString Domain = QStringLiteral("shakespeare.lit");
const QString MucDomain = QStringLiteral("chat.shakespeare.lit");

// Last in the chain: whatever the MUC service sends anybody ends here.
class Capture : public ServerExtension
{
public:
    explicit Capture(StanzaRouter *router)
        : ServerExtension(router)
    { }
    int extensionPriority() const override { return FallbackPriority; }
    bool handleStanza(const QDomElement &stanza) override
    {
        sent << Stanza::copy(stanza);
        return true;
    }
    QList<QDomElement> sent;
};

QString nameOf(const QDomElement &e)
{
    return e.localName().isEmpty() ? e.tagName() : e.localName();
}

QString describe(const QDomElement &e)
{
    QString text;
    QTextStream stream(&text);
    e.save(stream, -1);
    return text;
}

bool isNamespaceDeclaration(const QDomAttr &attribute)
{
    return attribute.name() == QLatin1String("xmlns") || attribute.name().startsWith(QLatin1String("xmlns:"))
        || attribute.prefix() == QLatin1String("xmlns");
}

QMap<QString, QString> attributesOf(const QDomElement &e)
{
    QMap<QString, QString> attributes;
    const QDomNamedNodeMap map = e.attributes();
    for (int i = 0; i < map.count(); ++i) {
        const QDomAttr attribute = map.item(i).toAttr();
        if (!isNamespaceDeclaration(attribute))
            attributes.insert(attribute.localName().isEmpty() ? attribute.name() : attribute.localName(),
                              attribute.value());
    }
    return attributes;
}
} // namespace

struct MucTestHarness::Private
{
    Database database;
    std::unique_ptr<MessageArchive> archive;
    std::unique_ptr<RoomStore> rooms;
    std::unique_ptr<QXmppServer> server; // owns the router, the service and the capture
    StanzaRouter *router = nullptr;
    MucService *muc = nullptr;
    Capture *capture = nullptr;
    QList<QPair<QString, QString>> ignored; // name, namespace

    bool isIgnored(const QDomElement &e) const { return ignored.contains({ nameOf(e), e.namespaceURI() }); }
    QList<QDomElement> childrenOf(const QDomElement &e) const
    {
        QList<QDomElement> children;
        for (QDomElement c = e.firstChildElement(); !c.isNull(); c = c.nextSiblingElement()) {
            if (!isIgnored(c))
                children << c;
        }
        return children;
    }
};

MucTestHarness::MucTestHarness()
    : d(std::make_unique<Private>())
{
    d->database.open(QStringLiteral(":memory:"));
    d->archive = std::make_unique<MessageArchive>(&d->database);
    d->rooms = std::make_unique<RoomStore>(&d->database);
    d->server = std::make_unique<QXmppServer>();
    d->server->setDomain(Domain);
    auto *sessions = new SessionRegistry(d->server.get());
    d->router = new StanzaRouter(d->server.get(), sessions, MucDomain, d->server.get());
    d->muc = new MucService(d->router, MucDomain, d->archive.get(), d->rooms.get());
    d->capture = new Capture(d->router);
    d->server->addExtension(d->muc);
    d->server->addExtension(d->capture);
    d->muc->start();
}

MucTestHarness::~MucTestHarness() = default;

MucService *MucTestHarness::service() const
{
    return d->muc;
}

QDomElement MucTestHarness::parse(const QString &xml)
{
    // A stream's default namespace, as for stanzas read from a client connection.
    QDomDocument document;
    const QString wrapped = QStringLiteral("<stream xmlns='%1'>%2</stream>").arg(Ns::Client, xml);
    QString error;
    if (!document.setContent(wrapped, true, &error))
        qWarning("MucTestHarness: cannot parse %s: %s", qPrintable(xml), qPrintable(error));
    return Stanza::copy(document.documentElement().firstChildElement());
}

void MucTestHarness::inject(const QString &xml)
{
    d->router->routeFromSession(parse(xml));
}

QList<QDomElement> MucTestHarness::takeSent()
{
    return std::exchange(d->capture->sent, {});
}

void MucTestHarness::ignoreElement(const QString &name, const QString &ns)
{
    d->ignored.append({ name, ns });
}

QString MucTestHarness::expect(const QStringList &expected)
{
    const QList<QDomElement> sent = takeSent();
    QString all;
    for (const QDomElement &e : sent)
        all += QStringLiteral("\n  ") + describe(e);
    for (int i = 0; i < qMin(sent.size(), expected.size()); ++i) {
        const QString difference = compare(sent.at(i), parse(expected.at(i)));
        if (!difference.isEmpty())
            return QStringLiteral("stanza %1: %2\nsent:%3").arg(i).arg(difference, all);
    }
    if (sent.size() != expected.size())
        return QStringLiteral("%1 stanzas sent, %2 expected\nsent:%3")
            .arg(sent.size())
            .arg(expected.size())
            .arg(all);
    return QString();
}

QString MucTestHarness::compare(const QDomElement &actual, const QDomElement &expected) const
{
    const QString where = QStringLiteral("<%1/>").arg(nameOf(expected));
    if (nameOf(actual) != nameOf(expected) || actual.namespaceURI() != expected.namespaceURI())
        return QStringLiteral("%1 {%2} where %3 {%4} was expected")
            .arg(nameOf(actual), actual.namespaceURI(), where, expected.namespaceURI());
    QMap<QString, QString> got = attributesOf(actual);
    const QMap<QString, QString> wanted = attributesOf(expected);
    if (!wanted.contains(QStringLiteral("id")))
        got.remove(QStringLiteral("id"));
    for (auto it = wanted.cbegin(); it != wanted.cend(); ++it) {
        if (!got.contains(it.key()))
            return QStringLiteral("%1 lacks %2='%3'").arg(where, it.key(), it.value());
        if (it.value() != QLatin1String("*") && got.value(it.key()) != it.value())
            return QStringLiteral("%1 has %2='%3', expected '%4'")
                .arg(where, it.key(), got.value(it.key()), it.value());
        got.remove(it.key());
    }
    if (!got.isEmpty())
        return QStringLiteral("%1 has unexpected %2='%3'").arg(where, got.firstKey(), got.first());
    const QList<QDomElement> actualChildren = d->childrenOf(actual);
    const QList<QDomElement> expectedChildren = d->childrenOf(expected);
    if (expectedChildren.isEmpty() && actualChildren.isEmpty()) {
        if (actual.text().trimmed() != expected.text().trimmed())
            return QStringLiteral("%1 has text '%2', expected '%3'")
                .arg(where, actual.text(), expected.text());
        return QString();
    }
    for (int i = 0; i < qMin(actualChildren.size(), expectedChildren.size()); ++i) {
        const QString difference = compare(actualChildren.at(i), expectedChildren.at(i));
        if (!difference.isEmpty())
            return where + QStringLiteral(" > ") + difference;
    }
    if (actualChildren.size() != expectedChildren.size())
        return QStringLiteral("%1 has %2 child elements, expected %3")
            .arg(where)
            .arg(actualChildren.size())
            .arg(expectedChildren.size());
    return QString();
}

QString MucTestHarness::configSubmit(const QString &room, const QString &owner, const QString &config)
{
    QString fields;
    for (const QString &pair : config.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString name = pair.section(QLatin1Char('='), 0, 0);
        const QString value = pair.section(QLatin1Char('='), 1);
        fields += QStringLiteral("<field var='muc#roomconfig_%1'><value>%2</value></field>").arg(name, value);
    }
    return QStringLiteral(
               "<iq from='%1' to='%2' type='set' id='config'>"
               "<query xmlns='http://jabber.org/protocol/muc#owner'><x xmlns='jabber:x:data' type='submit'>"
               "<field var='FORM_TYPE'><value>http://jabber.org/protocol/muc#roomconfig</value></field>"
               "%3</x></query></iq>")
        .arg(owner, room, fields);
}

void MucTestHarness::createRoom(const QString &room, const QString &owner, const QString &nick,
                                const QString &config)
{
    join(room, owner, nick);
    inject(configSubmit(room, owner, config));
    takeSent();
}

void MucTestHarness::join(const QString &room, const QString &user, const QString &nick,
                          const QString &mucChildren)
{
    inject(QStringLiteral(
               "<presence from='%1' to='%2/%3'><x xmlns='http://jabber.org/protocol/muc'>%4</x></presence>")
               .arg(user, room, nick, mucChildren));
    takeSent();
}

QStringList MucTestHarness::featureVars(const QDomElement &result)
{
    QStringList vars;
    const QDomElement query = Stanza::child(result, QStringLiteral("query"), Ns::DiscoInfo);
    for (const QDomElement &feature : Stanza::children(query, QStringLiteral("feature"), Ns::DiscoInfo))
        vars << feature.attribute(QStringLiteral("var"));
    return vars;
}

QStringList MucTestHarness::roomFeatures(const QString &room)
{
    inject(QStringLiteral("<iq from='hag66@shakespeare.lit/pda' id='disco1' to='%1' type='get'>"
                          "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>")
               .arg(room));
    return featureVars(takeSent().value(0));
}

QStringList MucTestHarness::hagEntersCoven(const QString &affiliation, const QStringList &history)
{
    return QStringList {
        QStringLiteral(
            "<presence from='coven@chat.shakespeare.lit/firstwitch' to='hag66@shakespeare.lit/pda'>"
            "<x xmlns='http://jabber.org/protocol/muc#user'>"
            "<item affiliation='owner' role='moderator'/></x></presence>"),
        QStringLiteral(
            "<presence from='coven@chat.shakespeare.lit/thirdwitch' to='crone1@shakespeare.lit/desktop'>"
            "<x xmlns='http://jabber.org/protocol/muc#user'>"
            "<item affiliation='%1' jid='hag66@shakespeare.lit/pda' role='participant'/></x></presence>")
            .arg(affiliation),
        QStringLiteral(
            "<presence from='coven@chat.shakespeare.lit/thirdwitch' to='hag66@shakespeare.lit/pda'>"
            "<x xmlns='http://jabber.org/protocol/muc#user'>"
            "<item affiliation='%1' jid='hag66@shakespeare.lit/pda' role='participant'/>"
            "<status code='110'/></x></presence>")
            .arg(affiliation),
    }
    + history
        + QStringList { QStringLiteral(
            "<message from='coven@chat.shakespeare.lit' to='hag66@shakespeare.lit/pda' "
            "type='groupchat'><subject/></message>") };
}

QString MucTestHarness::errorReply(const QString &request, const QString &type, const QString &condition)
{
    QDomElement reply = parse(request);
    const QString from = reply.attribute(QStringLiteral("from"));
    reply.setAttribute(QStringLiteral("from"), reply.attribute(QStringLiteral("to")));
    reply.setAttribute(QStringLiteral("to"), from);
    reply.setAttribute(QStringLiteral("type"), QStringLiteral("error"));
    QDomElement error = Stanza::addChild(reply, QStringLiteral("error"), Ns::Client);
    error.setAttribute(QStringLiteral("type"), type);
    if (Stanza::isPresence(reply)) // a room's presence errors name the room, as Prosody's do
        error.setAttribute(QStringLiteral("by"), Jid::bare(reply.attribute(QStringLiteral("from"))));
    Stanza::addChild(error, condition, Ns::Stanzas);
    return describe(reply);
}
