// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "PepService.h"

#include "EntityCapabilities.h"
#include "Jid.h"
#include "RosterStore.h"
#include "SessionRegistry.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QUuid>
#include <optional>
#include <utility>

namespace {
const QString PubSubFeature = QStringLiteral("http://jabber.org/protocol/pubsub#");

// What a publish-options form asks for; only the fields it names are set.
struct RequestedOptions
{
    std::optional<QString> accessModel;
    std::optional<bool> persistItems;
    std::optional<int> maxItems;
    std::optional<bool> neverSendLast; // send_last_published_item: never, or on_sub_and_presence
};

const QString NeverSendLast = QStringLiteral("never");
const QString SendLastOnPresence = QStringLiteral("on_sub_and_presence");
const QString Whitelist = QStringLiteral("whitelist");

// See the header: only whitelist nodes never send their last item.
QString sendLastOf(const QString &accessModel)
{
    return accessModel == Whitelist ? NeverSendLast : SendLastOnPresence;
}

enum class OptionsCheck { Ok, BadRequest, Unsatisfiable };

std::optional<bool> parseBool(const QString &value)
{
    if (value == QLatin1String("true") || value == QLatin1String("1"))
        return true;
    if (value == QLatin1String("false") || value == QLatin1String("0"))
        return false;
    return std::nullopt;
}

// Node options every node of this service has, whatever was asked at creation: the
// value that holds. Clients state them as preconditions (Gajim's bookmarks ask for
// notify_delete and notify_retract), so they must be checked, not refused as unknown.
struct FixedOption
{
    QLatin1String var;
    QLatin1String value;
};
const QVector<FixedOption> &fixedOptions()
{
    static const QVector<FixedOption> options = {
        { QLatin1String("pubsub#deliver_notifications"), QLatin1String("true") },
        { QLatin1String("pubsub#deliver_payloads"), QLatin1String("true") },
        { QLatin1String("pubsub#notify_retract"), QLatin1String("true") },
        { QLatin1String("pubsub#notify_delete"), QLatin1String("true") },
        { QLatin1String("pubsub#notify_config"), QLatin1String("false") },
        { QLatin1String("pubsub#notify_sub"), QLatin1String("false") },
        { QLatin1String("pubsub#purge_offline"), QLatin1String("false") },
        { QLatin1String("pubsub#presence_based_delivery"), QLatin1String("false") },
        { QLatin1String("pubsub#notification_type"), QLatin1String("headline") },
        { QLatin1String("pubsub#publish_model"), QLatin1String("publishers") },
    };
    return options;
}

std::optional<FixedOption> fixedOption(const QString &var)
{
    for (const FixedOption &option : fixedOptions()) {
        if (option.var == var)
            return option;
    }
    return std::nullopt;
}

OptionsCheck readOptions(const QDomElement &publishOptions, RequestedOptions *wanted, QString *why,
                         QLatin1String formType = Ns::PubSubPublishOptions)
{
    const QDomElement form = Stanza::child(publishOptions, QStringLiteral("x"), Ns::DataForms);
    if (form.isNull())
        return OptionsCheck::Ok; // an empty <publish-options/> asks for nothing
    bool formTypeSeen = false;
    for (const QDomElement &field : Stanza::children(form, QStringLiteral("field"), Ns::DataForms)) {
        const QString var = field.attribute(QStringLiteral("var"));
        const QString value = Stanza::child(field, QStringLiteral("value"), Ns::DataForms).text().trimmed();
        if (var == QLatin1String("FORM_TYPE")) {
            if (value != formType) {
                *why = QStringLiteral("the form needs FORM_TYPE %1").arg(formType);
                return OptionsCheck::BadRequest;
            }
            formTypeSeen = true;
        } else if (var == QLatin1String("pubsub#persist_items")) {
            wanted->persistItems = parseBool(value);
            if (!wanted->persistItems) {
                *why = QStringLiteral("pubsub#persist_items is a boolean");
                return OptionsCheck::BadRequest;
            }
        } else if (var == QLatin1String("pubsub#access_model")) {
            if (value != QLatin1String("whitelist") && value != QLatin1String("presence")
                && value != QLatin1String("open")) {
                *why = QStringLiteral("access model %1 is not supported").arg(value);
                return OptionsCheck::Unsatisfiable;
            }
            wanted->accessModel = value;
        } else if (var == QLatin1String("pubsub#max_items")) {
            bool ok = false;
            const int max = value == QLatin1String("max") ? -1 : value.toInt(&ok);
            if (value != QLatin1String("max") && (!ok || max < 1)) {
                *why = QStringLiteral("pubsub#max_items is a positive number or 'max'");
                return OptionsCheck::BadRequest;
            }
            wanted->maxItems = max;
        } else if (var == QLatin1String("pubsub#send_last_published_item")) {
            // Checked against the access model once the whole form is read.
            if (value != NeverSendLast && value != SendLastOnPresence) {
                *why = QStringLiteral("the last published item is sent on presence or never");
                return OptionsCheck::Unsatisfiable;
            }
            wanted->neverSendLast = value == NeverSendLast;
        } else if (var == QLatin1String("pubsub#itemreply")) {
            // On a PEP service the publisher is the owner: both answers are the same JID.
            if (value != QLatin1String("owner") && value != QLatin1String("publisher")) {
                *why = QStringLiteral("pubsub#itemreply is owner or publisher");
                return OptionsCheck::BadRequest;
            }
        } else if (const auto fixed = fixedOption(var)) {
            // What every node of this service does: a precondition that holds or cannot.
            const bool isBoolean
                = fixed->value == QLatin1String("true") || fixed->value == QLatin1String("false");
            const std::optional<bool> asked = isBoolean ? parseBool(value) : std::nullopt;
            const bool holds = isBoolean ? asked && *asked == (fixed->value == QLatin1String("true"))
                                         : value == fixed->value;
            if (!holds) {
                *why = QStringLiteral("%1 is always %2 here").arg(var, fixed->value);
                return isBoolean && !asked ? OptionsCheck::BadRequest : OptionsCheck::Unsatisfiable;
            }
        } else {
            *why = QStringLiteral("option %1 is not supported").arg(var);
            return OptionsCheck::Unsatisfiable;
        }
    }
    if (!formTypeSeen) {
        *why = QStringLiteral("the form needs FORM_TYPE %1").arg(formType);
        return OptionsCheck::BadRequest;
    }
    return OptionsCheck::Ok;
}

// The one payload element of an item, null if there is none or more than one.
QDomElement singlePayload(const QDomElement &item, bool *several)
{
    const QDomElement payload = item.firstChildElement();
    *several = !payload.isNull() && !payload.nextSiblingElement().isNull();
    return *several ? QDomElement() : payload;
}

QString newItemId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

// The XEP-0060 feature an unsupported request would need, for <unsupported feature=''/>.
QString featureOf(const QString &request, bool owner)
{
    static const QHash<QString, QString> plain = {
        { QStringLiteral("create"), QStringLiteral("create-nodes") },
        { QStringLiteral("subscribe"), QStringLiteral("subscribe") },
        { QStringLiteral("unsubscribe"), QStringLiteral("subscribe") },
        { QStringLiteral("subscriptions"), QStringLiteral("retrieve-subscriptions") },
        { QStringLiteral("affiliations"), QStringLiteral("retrieve-affiliations") },
        { QStringLiteral("options"), QStringLiteral("subscription-options") },
        { QStringLiteral("configure"), QStringLiteral("config-node") },
        { QStringLiteral("default"), QStringLiteral("retrieve-default") },
    };
    static const QHash<QString, QString> ofOwner = {
        { QStringLiteral("configure"), QStringLiteral("config-node") },
        { QStringLiteral("default"), QStringLiteral("retrieve-default") },
        { QStringLiteral("purge"), QStringLiteral("purge-nodes") },
        { QStringLiteral("subscriptions"), QStringLiteral("manage-subscriptions") },
        { QStringLiteral("affiliations"), QStringLiteral("modify-affiliations") },
    };
    return (owner ? ofOwner : plain).value(request, request);
}
} // namespace

PepService::PepService(StanzaRouter *router, SessionRegistry *sessions, PepStore *store)
    : ServerExtension(router)
    , m_sessions(sessions)
    , m_store(store)
{ }

QStringList PepService::accountFeatures() const
{
    QStringList features { QString(Ns::PubSub) };
    for (const char *feature :
         { "access-open", "access-presence", "access-whitelist", "auto-create", "auto-subscribe",
           "config-node", "config-node-max", "delete-nodes", "filtered-notifications", "item-ids",
           "last-published", "persistent-items", "presence-notifications", "presence-subscribe", "publish",
           "publish-options", "retract-items", "retrieve-items" })
        features << PubSubFeature + QLatin1String(feature);
    return features;
}

bool PepService::handleStanza(const QDomElement &stanza)
{
    if (!Stanza::isIq(stanza) || !Stanza::isRequest(stanza))
        return false;
    const QDomElement pubsub = Stanza::child(stanza, QStringLiteral("pubsub"), Ns::PubSub);
    const QDomElement ownerPubsub = Stanza::child(stanza, QStringLiteral("pubsub"), Ns::PubSubOwner);
    if (pubsub.isNull() && ownerPubsub.isNull())
        return false;
    if (!router()->isLocalAccount(Stanza::from(stanza)))
        return false;
    const QString owner = router()->accountAddressed(stanza);
    if (!router()->isLocalAccount(owner) || !Jid::isBare(owner))
        return false;

    const bool set = Stanza::type(stanza) == QLatin1String("set");
    const QDomElement request = (pubsub.isNull() ? ownerPubsub : pubsub).firstChildElement();
    const QString name = request.localName();
    if (request.isNull()) {
        replyPubSubError(stanza, Stanza::ErrorType::Modify, QStringLiteral("bad-request"));
    } else if (!pubsub.isNull() && name == QLatin1String("publish") && set) {
        handlePublish(stanza, owner, request,
                      Stanza::child(pubsub, QStringLiteral("publish-options"), Ns::PubSub));
    } else if (!pubsub.isNull() && name == QLatin1String("retract") && set) {
        handleRetract(stanza, owner, request);
    } else if (!pubsub.isNull() && name == QLatin1String("items") && !set) {
        handleItems(stanza, owner, request);
    } else if (!ownerPubsub.isNull() && name == QLatin1String("delete") && set) {
        handleDelete(stanza, owner, request);
    } else if (!ownerPubsub.isNull() && name == QLatin1String("configure")) {
        handleConfigure(stanza, owner, request);
    } else if (name == QLatin1String("publish") || name == QLatin1String("retract")
               || name == QLatin1String("items") || name == QLatin1String("delete")) {
        replyPubSubError(stanza, Stanza::ErrorType::Modify, QStringLiteral("bad-request"), QString(),
                         QStringLiteral("wrong IQ type for <%1/>").arg(name));
    } else {
        replyPubSubError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("feature-not-implemented"),
                         QStringLiteral("unsupported"), QString(), featureOf(name, pubsub.isNull()));
    }
    return true;
}

void PepService::handlePublish(const QDomElement &iq, const QString &owner, const QDomElement &publish,
                               const QDomElement &publishOptions)
{
    const QString node = publish.attribute(QStringLiteral("node"));
    if (!isOwnerRequest(iq, owner, node,
                        QStringLiteral("only the account itself publishes on its PEP service")))
        return;
    const QList<QDomElement> items = Stanza::children(publish, QStringLiteral("item"), Ns::PubSub);
    if (items.size() != 1) {
        replyPubSubError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                         items.isEmpty() ? QStringLiteral("item-required")
                                         : QStringLiteral("invalid-payload"),
                         items.isEmpty() ? QString() : QStringLiteral("one item per publish"));
        return;
    }
    bool several = false;
    const QDomElement payload = singlePayload(items.first(), &several);
    if (payload.isNull()) {
        replyPubSubError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                         several ? QStringLiteral("invalid-payload") : QStringLiteral("payload-required"));
        return;
    }

    const QDomElement kept = Stanza::copy(payload); // in a document of its own: handlers may keep it
    const QString payloadText = XmlText::fromElement(kept);

    RequestedOptions wanted;
    QString why;
    OptionsCheck check
        = publishOptions.isNull() ? OptionsCheck::Ok : readOptions(publishOptions, &wanted, &why);
    PepNodeConfig config;
    const bool exists = m_store->node(owner, node, &config);
    if (check == OptionsCheck::Ok && exists) {
        // XEP-0060 §7.1.5: options are preconditions on an existing node, not changes to it.
        if (wanted.accessModel && *wanted.accessModel != config.accessModel)
            why = QStringLiteral("the node's access model is %1").arg(config.accessModel);
        else if (wanted.persistItems && *wanted.persistItems != config.persistItems)
            why = QStringLiteral("the node's persist_items is %1")
                      .arg(config.persistItems ? QStringLiteral("true") : QStringLiteral("false"));
        else if (wanted.maxItems && *wanted.maxItems != config.maxItems)
            why = QStringLiteral("the node's max_items is %1")
                      .arg(config.maxItems < 0 ? QStringLiteral("max") : QString::number(config.maxItems));
        if (!why.isEmpty())
            check = OptionsCheck::Unsatisfiable;
    }
    const QString accessModel = exists ? config.accessModel : wanted.accessModel.value_or(config.accessModel);
    if (check == OptionsCheck::Ok && wanted.neverSendLast
        && *wanted.neverSendLast != (accessModel == Whitelist)) {
        why = QStringLiteral("a node with access model %1 sends its last item %2")
                  .arg(accessModel,
                       accessModel == Whitelist ? QStringLiteral("never") : QStringLiteral("on presence"));
        check = OptionsCheck::Unsatisfiable;
    }
    if (check == OptionsCheck::BadRequest) {
        replyPubSubError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                         QStringLiteral("invalid-options"), why);
        return;
    }
    if (check == OptionsCheck::Unsatisfiable) {
        replyPubSubError(iq, Stanza::ErrorType::Cancel, QStringLiteral("conflict"),
                         QStringLiteral("precondition-not-met"), why);
        return;
    }
    if (!exists) { // XEP-0163 auto-create, with what the options asked for
        config.accessModel = wanted.accessModel.value_or(config.accessModel);
        config.persistItems = wanted.persistItems.value_or(config.persistItems);
        config.maxItems = wanted.maxItems.value_or(config.maxItems);
    }

    QString itemId = items.first().attribute(QStringLiteral("id"));
    if (itemId.isEmpty())
        itemId = newItemId();
    const Refusal refusal = checkQuotas(owner, node, exists, config, itemId, payloadText);
    if (!refusal.condition.isEmpty()) {
        replyPubSubError(iq,
                         refusal.condition == QLatin1String("not-acceptable") ? Stanza::ErrorType::Modify
                                                                              : Stanza::ErrorType::Cancel,
                         refusal.condition, refusal.pubsubCondition, refusal.text);
        return;
    }
    if (!store(owner, node, exists, config, itemId, payloadText)) {
        replyStorageError(iq);
        return;
    }
    // The event before the answer, as Prosody sends them (XEP-0060 leaves the order open).
    notifyPublished(owner, node, itemId, kept);
    QDomElement result = Stanza::iqResult(iq);
    QDomElement published = Stanza::addChild(Stanza::addChild(result, QStringLiteral("pubsub"), Ns::PubSub),
                                             QStringLiteral("publish"));
    published.setAttribute(QStringLiteral("node"), node);
    Stanza::addChild(published, QStringLiteral("item")).setAttribute(QStringLiteral("id"), itemId);
    router()->route(result);
    emit itemPublished(owner, node, itemId, kept);
}

QString PepService::publish(const QString &owner, const QString &node, const QString &itemId,
                            const QDomElement &payload, const PepNodeConfig &config)
{
    PepNodeConfig current;
    const bool exists = m_store->node(owner, node, &current);
    if (!exists)
        current = config;
    QString id = itemId.isEmpty() ? newItemId() : itemId;
    const QDomElement kept = Stanza::copy(payload);
    const QString payloadText = XmlText::fromElement(kept);
    if (!checkQuotas(owner, node, exists, current, id, payloadText).condition.isEmpty()
        || !store(owner, node, exists, current, id, payloadText))
        return QString();
    notifyPublished(owner, node, id, kept);
    emit itemPublished(owner, node, id, kept);
    return id;
}

int PepService::itemsLimit(const QString &node) const
{
    // One bookmark per room the account may occupy (§9: a join adds its bookmark).
    if (node == Ns::Bookmarks)
        return qMax(m_limits.maxPepItemsPerNode, m_limits.maxMembershipsPerAccount);
    return m_limits.maxPepItemsPerNode;
}

int PepService::itemSizeLimit(const QString &node) const
{
    // Bookmarks are many and small: a fetch of them all stays a few megabytes.
    if (node == Ns::Bookmarks)
        return qMin(m_limits.maxPepItemSize, ServiceDefaults::MaxBookmarkItemSize);
    return m_limits.maxPepItemSize;
}

int PepService::itemCap(const QString &node, const PepNodeConfig &config) const
{
    const int limit = itemsLimit(node);
    return config.maxItems < 0 || config.maxItems > limit ? limit : config.maxItems;
}

PepService::Refusal PepService::checkQuotas(const QString &owner, const QString &node, bool exists,
                                            const PepNodeConfig &config, const QString &itemId,
                                            const QString &payloadText)
{
    // XEP-0060 §7.1.3.4.
    if (payloadText.size() > itemSizeLimit(node))
        return {
            QStringLiteral("not-acceptable"), QStringLiteral("payload-too-big"),
            QStringLiteral("an item's payload may have at most %1 characters").arg(itemSizeLimit(node))
        };
    if (!exists && m_store->nodeCount(owner) >= m_limits.maxPepNodesPerAccount)
        return { QStringLiteral("policy-violation"), QStringLiteral("max-nodes-exceeded"),
                 QStringLiteral("an account may have at most %1 PEP nodes; delete one first")
                     .arg(m_limits.maxPepNodesPerAccount) };
    // A node configured to keep more than the limit is full at the limit: a new item is
    // refused rather than an older one thrown away (see the header). Replacing one is fine.
    const bool keepsMoreThanLimit = config.maxItems < 0 || config.maxItems > itemsLimit(node);
    if (exists && config.persistItems && keepsMoreThanLimit
        && m_store->itemCount(owner, node) >= itemsLimit(node) && !m_store->hasItem(owner, node, itemId))
        return {
            QStringLiteral("policy-violation"), QStringLiteral("max-items-exceeded"),
            QStringLiteral("a node may hold at most %1 items; retract one first").arg(itemsLimit(node))
        };
    return {};
}

bool PepService::store(const QString &owner, const QString &node, bool exists, const PepNodeConfig &config,
                       const QString &itemId, const QString &payloadText)
{
    if (!exists && !m_store->createNode(owner, node, config))
        return false;
    // A node that does not persist items only notifies (XEP-0060 pubsub#persist_items). One
    // configured beyond the limit is never trimmed: checkQuotas() keeps it within it.
    const bool keepsMoreThanLimit = config.maxItems < 0 || config.maxItems > itemsLimit(node);
    return !config.persistItems
        || m_store->publish(owner, node, itemId, payloadText, keepsMoreThanLimit ? -1 : config.maxItems);
}

void PepService::replyStorageError(const QDomElement &request)
{
    replyPubSubError(request, Stanza::ErrorType::Wait, QStringLiteral("internal-server-error"), QString(),
                     QStringLiteral("the server cannot store this now; nothing was changed"));
}

void PepService::notifyPublished(const QString &owner, const QString &node, const QString &itemId,
                                 const QDomElement &payload)
{
    QDomElement event;
    QDomElement message = eventMessage(owner, &event);
    QDomElement items = Stanza::addChild(event, QStringLiteral("items"));
    items.setAttribute(QStringLiteral("node"), node);
    QDomElement item = Stanza::addChild(items, QStringLiteral("item"));
    item.setAttribute(QStringLiteral("id"), itemId);
    // XEP-0060 §7.1.2.1: who published it (on PEP, the owner), as Prosody always says.
    item.setAttribute(QStringLiteral("publisher"), owner);
    item.appendChild(message.ownerDocument().importNode(payload, true));
    notify(message, node);
}

void PepService::handleRetract(const QDomElement &iq, const QString &owner, const QDomElement &retract)
{
    const QString node = retract.attribute(QStringLiteral("node"));
    if (!isOwnerRequest(iq, owner, node,
                        QStringLiteral("only the account itself retracts from its PEP service")))
        return;
    QStringList ids;
    for (const QDomElement &item : Stanza::children(retract, QStringLiteral("item"), Ns::PubSub))
        ids << item.attribute(QStringLiteral("id"));
    if (ids.isEmpty() || ids.contains(QString())) {
        replyPubSubError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                         QStringLiteral("item-required"));
        return;
    }
    ids.removeDuplicates();
    if (!m_store->node(owner, node) || m_store->items(owner, node, ids).size() != ids.size()) {
        replyPubSubError(iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"));
        return;
    }
    for (const QString &id : std::as_const(ids)) {
        if (!m_store->retract(owner, node, id)) {
            replyStorageError(iq);
            return;
        }
    }
    // Always notified, whatever 'notify' says: §9 wants every session to see each change,
    // and XEP-0060 leaves an absent or false 'notify' to the service. Before the answer.
    QDomElement event;
    QDomElement message = eventMessage(owner, &event);
    QDomElement items = Stanza::addChild(event, QStringLiteral("items"));
    items.setAttribute(QStringLiteral("node"), node);
    for (const QString &id : std::as_const(ids))
        Stanza::addChild(items, QStringLiteral("retract")).setAttribute(QStringLiteral("id"), id);
    notify(message, node);
    replyResult(iq);
    for (const QString &id : std::as_const(ids))
        emit itemRetracted(owner, node, id);
}

void PepService::handleItems(const QDomElement &iq, const QString &owner, const QDomElement &items)
{
    const QString node = items.attribute(QStringLiteral("node"));
    if (node.isEmpty()) {
        replyPubSubError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                         QStringLiteral("nodeid-required"));
        return;
    }
    PepNodeConfig config;
    if (!m_store->node(owner, node, &config)) {
        replyPubSubError(iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"));
        return;
    }
    if (!mayRead(owner, Jid::bare(Stanza::from(iq)), config)) {
        replyPubSubError(iq, Stanza::ErrorType::Auth, QStringLiteral("forbidden"), QString(),
                         QStringLiteral("the node's access model is %1").arg(config.accessModel));
        return;
    }
    int newest = -1;
    if (items.hasAttribute(QStringLiteral("max_items"))) {
        bool ok = false;
        newest = items.attribute(QStringLiteral("max_items")).toInt(&ok);
        if (!ok || newest < 0) {
            replyPubSubError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"), QString(),
                             QStringLiteral("max_items is a number"));
            return;
        }
    }
    QStringList ids;
    for (const QDomElement &item : Stanza::children(items, QStringLiteral("item"), Ns::PubSub))
        ids << item.attribute(QStringLiteral("id"));
    // Never more than the node holds within the quotas, whatever it held before them: one
    // answer is at most maxPepItemsPerNode items of maxPepItemSize characters.
    const int cap = itemCap(node, config);
    newest = newest < 0 ? cap : qMin(newest, cap);
    const QVector<PepItem> found = m_store->items(owner, node, ids, newest, itemSizeLimit(node));
    if (!ids.isEmpty() && found.isEmpty()) {
        replyPubSubError(iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"));
        return;
    }

    QDomElement result = Stanza::iqResult(iq);
    QDomElement answer = Stanza::addChild(Stanza::addChild(result, QStringLiteral("pubsub"), Ns::PubSub),
                                          QStringLiteral("items"));
    answer.setAttribute(QStringLiteral("node"), node);
    for (const PepItem &stored : found) {
        QDomElement item = Stanza::addChild(answer, QStringLiteral("item"));
        item.setAttribute(QStringLiteral("id"), stored.id);
        const QDomElement payload = XmlText::toElement(stored.payload);
        if (!payload.isNull())
            item.appendChild(result.ownerDocument().importNode(payload, true));
    }
    router()->route(result);
}

void PepService::handleDelete(const QDomElement &iq, const QString &owner, const QDomElement &deleteNode)
{
    const QString node = deleteNode.attribute(QStringLiteral("node"));
    if (!isOwnerRequest(iq, owner, node, QStringLiteral("only the account itself deletes its nodes")))
        return;
    PepNodeConfig config; // who may hear of the deletion is decided by what the node was
    if (!m_store->node(owner, node, &config)) {
        replyPubSubError(iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"));
        return;
    }
    QStringList ids;
    for (const PepItem &item : m_store->items(owner, node))
        ids << item.id;
    if (!m_store->deleteNode(owner, node)) {
        replyStorageError(iq);
        return;
    }
    QDomElement event;
    QDomElement message = eventMessage(owner, &event);
    Stanza::addChild(event, QStringLiteral("delete")).setAttribute(QStringLiteral("node"), node);
    notify(message, node, &config);
    replyResult(iq);
    for (const QString &id : std::as_const(ids))
        emit itemRetracted(owner, node, id);
}

QDomElement PepService::item(const QString &owner, const QString &node, const QString &itemId) const
{
    const QVector<PepItem> found = m_store->items(owner, node, { itemId });
    return found.isEmpty() ? QDomElement() : XmlText::toElement(found.first().payload);
}

QVector<PepItem> PepService::items(const QString &owner, const QString &node) const
{
    return m_store->items(owner, node, {}, -1);
}

bool PepService::retract(const QString &owner, const QString &node, const QString &itemId)
{
    if (!m_store->retract(owner, node, itemId))
        return false;
    QDomElement event;
    QDomElement message = eventMessage(owner, &event);
    QDomElement items = Stanza::addChild(event, QStringLiteral("items"));
    items.setAttribute(QStringLiteral("node"), node);
    Stanza::addChild(items, QStringLiteral("retract")).setAttribute(QStringLiteral("id"), itemId);
    notify(message, node);
    emit itemRetracted(owner, node, itemId);
    return true;
}

QVector<PepItem> PepService::itemsOfEveryOwner(const QString &node) const
{
    return m_store->itemsOfEveryOwner(node);
}

QDomElement PepService::eventMessage(const QString &owner, QDomElement *event)
{
    QDomElement message
        = Stanza::create(QStringLiteral("message"), owner, owner, QStringLiteral("headline"), newItemId());
    *event = Stanza::addChild(message, QStringLiteral("event"), Ns::PubSubEvent);
    return message;
}

void PepService::notify(QDomElement message, const QString &node, const PepNodeConfig *deleted)
{
    const QString owner = Stanza::from(message);
    // Every connected session of the owner, available or not: bookmarks must reach them all (§9).
    QStringList targets = m_sessions->sessions(owner);
    PepNodeConfig config = deleted ? *deleted : PepNodeConfig();
    if (m_capabilities && (deleted || m_store->node(owner, node, &config))) {
        for (const QString &session : m_capabilities->interestedIn(owner, node)) {
            if (!targets.contains(session) && mayRead(owner, Jid::bare(session), config))
                targets << session;
        }
    }
    for (const QString &session : std::as_const(targets)) {
        message.setAttribute(QStringLiteral("to"), session);
        router()->deliver(message);
    }
}

bool PepService::mayRead(const QString &owner, const QString &reader, const PepNodeConfig &config) const
{
    if (reader == owner || config.accessModel == QLatin1String("open"))
        return true;
    return config.accessModel == QLatin1String("presence") && m_rosters
        && m_rosters->item(owner, reader).hasFrom();
}

void PepService::setCapabilities(EntityCapabilities *capabilities)
{
    m_capabilities = capabilities;
    connect(capabilities, &EntityCapabilities::interestLearned, this, &PepService::sendLastItems);
}

void PepService::sendLastItems(const QString &owner, const QString &session, const QStringList &nodes)
{
    for (const QString &node : nodes) {
        PepNodeConfig config;
        if (!m_store->node(owner, node, &config) || sendLastOf(config.accessModel) == NeverSendLast
            || !mayRead(owner, Jid::bare(session), config))
            continue;
        const QVector<PepItem> last = m_store->items(owner, node, {}, 1, itemSizeLimit(node));
        if (last.isEmpty())
            continue;
        QDomElement event;
        QDomElement message = eventMessage(owner, &event);
        QDomElement items = Stanza::addChild(event, QStringLiteral("items"));
        items.setAttribute(QStringLiteral("node"), node);
        QDomElement item = Stanza::addChild(items, QStringLiteral("item"));
        item.setAttribute(QStringLiteral("id"), last.first().id);
        item.setAttribute(QStringLiteral("publisher"), owner);
        const QDomElement payload = XmlText::toElement(last.first().payload);
        if (!payload.isNull())
            item.appendChild(message.ownerDocument().importNode(payload, true));
        message.setAttribute(QStringLiteral("to"), session);
        router()->deliver(message);
    }
}

bool PepService::isOwnerRequest(const QDomElement &iq, const QString &owner, const QString &node,
                                const QString &forbiddenText)
{
    if (node.isEmpty()) {
        replyPubSubError(iq, Stanza::ErrorType::Modify, QStringLiteral("bad-request"),
                         QStringLiteral("nodeid-required"));
        return false;
    }
    if (Jid::bare(Stanza::from(iq)) != owner) {
        replyPubSubError(iq, Stanza::ErrorType::Auth, QStringLiteral("forbidden"), QString(), forbiddenText);
        return false;
    }
    return true;
}

// XEP-0060 §8.2: the owner reads its node's configuration as a form, and changes what
// this service lets vary (access model, max_items, persist_items); the options every
// node has are in the form too, and a submitted form must keep them.
void PepService::handleConfigure(const QDomElement &iq, const QString &owner, const QDomElement &configure)
{
    const QString node = configure.attribute(QStringLiteral("node"));
    if (!isOwnerRequest(iq, owner, node, QStringLiteral("only the account itself configures its nodes")))
        return;
    PepNodeConfig config;
    if (!m_store->node(owner, node, &config)) {
        replyPubSubError(iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"));
        return;
    }
    if (Stanza::type(iq) == QLatin1String("get")) {
        QDomElement result = Stanza::iqResult(iq);
        QDomElement answer
            = Stanza::addChild(Stanza::addChild(result, QStringLiteral("pubsub"), Ns::PubSubOwner),
                               QStringLiteral("configure"), Ns::PubSubOwner);
        answer.setAttribute(QStringLiteral("node"), node);
        QDomElement form = Stanza::addChild(answer, QStringLiteral("x"), Ns::DataForms);
        form.setAttribute(QStringLiteral("type"), QStringLiteral("form"));
        const auto field = [&form](const QString &var, const QString &type, const QString &value) {
            QDomElement element = Stanza::addChild(form, QStringLiteral("field"), Ns::DataForms);
            element.setAttribute(QStringLiteral("var"), var);
            element.setAttribute(QStringLiteral("type"), type);
            Stanza::addTextChild(element, QStringLiteral("value"), value, Ns::DataForms);
            return element;
        };
        field(QStringLiteral("FORM_TYPE"), QStringLiteral("hidden"), Ns::PubSubNodeConfig);
        QDomElement access
            = field(QStringLiteral("pubsub#access_model"), QStringLiteral("list-single"), config.accessModel);
        for (const char *model : { "open", "presence", "whitelist" }) {
            QDomElement option = Stanza::addChild(access, QStringLiteral("option"), Ns::DataForms);
            Stanza::addTextChild(option, QStringLiteral("value"), QLatin1String(model), Ns::DataForms);
        }
        field(QStringLiteral("pubsub#max_items"), QStringLiteral("text-single"),
              config.maxItems < 0 ? QStringLiteral("max") : QString::number(config.maxItems));
        field(QStringLiteral("pubsub#persist_items"), QStringLiteral("boolean"),
              config.persistItems ? QStringLiteral("true") : QStringLiteral("false"));
        // A list-single field lists its options (a form without them crashed Poezio).
        const auto onlyOption = [](QDomElement list, const QString &value) {
            QDomElement option = Stanza::addChild(list, QStringLiteral("option"), Ns::DataForms);
            Stanza::addTextChild(option, QStringLiteral("value"), value, Ns::DataForms);
        };
        // Derived from the access model (see the header): changing that changes it.
        onlyOption(field(QStringLiteral("pubsub#send_last_published_item"), QStringLiteral("list-single"),
                         sendLastOf(config.accessModel)),
                   sendLastOf(config.accessModel));
        for (const FixedOption &option : fixedOptions()) {
            const bool isBoolean
                = option.value == QLatin1String("true") || option.value == QLatin1String("false");
            QDomElement element
                = field(option.var, isBoolean ? QStringLiteral("boolean") : QStringLiteral("list-single"),
                        option.value);
            if (!isBoolean)
                onlyOption(element, option.value);
        }
        router()->route(result);
        return;
    }
    const QDomElement form = Stanza::child(configure, QStringLiteral("x"), Ns::DataForms);
    if (form.attribute(QStringLiteral("type")) == QLatin1String("cancel")) {
        replyResult(iq);
        return;
    }
    // The same rules as publish-options, with the node_config form type.
    RequestedOptions wanted;
    QString why;
    OptionsCheck check = form.isNull() ? OptionsCheck::BadRequest
                                       : readOptions(configure, &wanted, &why, Ns::PubSubNodeConfig);
    if (form.isNull())
        why = QStringLiteral("a configuration needs a submitted form");
    PepNodeConfig changed = config;
    changed.accessModel = wanted.accessModel.value_or(config.accessModel);
    changed.persistItems = wanted.persistItems.value_or(config.persistItems);
    changed.maxItems = wanted.maxItems.value_or(config.maxItems);
    // A form sent back unchanged but for the access model keeps the old value: that is fine.
    if (check == OptionsCheck::Ok && wanted.neverSendLast
        && sendLastOf(changed.accessModel) != (*wanted.neverSendLast ? NeverSendLast : SendLastOnPresence)
        && sendLastOf(config.accessModel) != (*wanted.neverSendLast ? NeverSendLast : SendLastOnPresence)) {
        why = QStringLiteral("a node with access model %1 sends its last item %2")
                  .arg(changed.accessModel, sendLastOf(changed.accessModel));
        check = OptionsCheck::Unsatisfiable;
    }
    if (check == OptionsCheck::Ok && changed.maxItems > itemsLimit(node)) {
        why = QStringLiteral("a node holds at most %1 items here").arg(itemsLimit(node));
        check = OptionsCheck::Unsatisfiable;
    }
    if (check == OptionsCheck::Ok && changed.maxItems >= 0
        && m_store->itemCount(owner, node) > changed.maxItems) {
        why = QStringLiteral("the node holds more items than that: retract some first");
        check = OptionsCheck::Unsatisfiable;
    }
    if (check != OptionsCheck::Ok) {
        replyPubSubError(iq, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"), QString(), why);
        return;
    }
    if (!m_store->createNode(owner, node, changed))
        return; // the batch fails: the sender gets the storage's error
    replyResult(iq);
}

void PepService::replyPubSubError(const QDomElement &request, Stanza::ErrorType type,
                                  const QString &condition, const QString &pubsubCondition,
                                  const QString &text, const QString &feature)
{
    if (!Stanza::isRequest(request))
        return;
    QDomElement reply = Stanza::errorReply(request, type, condition, text);
    if (!pubsubCondition.isEmpty()) {
        QDomElement specific = Stanza::addChild(reply.lastChildElement(), pubsubCondition, Ns::PubSubErrors);
        if (!feature.isEmpty())
            specific.setAttribute(QStringLiteral("feature"), feature);
    }
    router()->route(reply);
}
