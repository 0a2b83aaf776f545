// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A subset of XEP-0163 PEP on each account's bare JID, enough for XEP-0402
// bookmarks: publish (with publish-options), retract, items, owner delete;
// notifications to every session of the account, and to the sessions of contacts whose
// entity capabilities ask for the node ('+notify', XEP-0163 §4.3, EntityCapabilities)
// and who may read it (access model: the owner; presence: a subscription from the
// owner's roster; open: anyone). A session whose interest is learned gets the node's
// last item (XEP-0163 §6.2), except from whitelist nodes: with nobody on a whitelist but
// the owner they are private storage (XEP-0223, XEP-0402), whose clients ask for
// send_last_published_item 'never'; that option is so derived from the access model.
//
// Quotas (ServiceLimits): an item's payload has at most maxPepItemSize characters, an
// account at most maxPepNodesPerAccount nodes, a node at most maxPepItemsPerNode items
// (the bookmarks node: one per room the account may occupy, of MaxBookmarkItemSize).
// A node whose max_items is within that limit drops its oldest items as XEP-0060 says;
// one configured for more (or 'max', "the most the service allows") holds the limit,
// and a new item for it when full is refused: the service never throws away on its own
// an item the node was configured to keep (XEP-0223 storage, XEP-0402 bookmarks). So
// one items answer never carries more than the items limit times the size limit.
#pragma once

#include "PepStore.h"
#include "ServerExtension.h"
#include "ServiceLimits.h"

class EntityCapabilities;
class RosterStore;
class SessionRegistry;

class PepService : public ServerExtension
{
    Q_OBJECT
public:
    PepService(StanzaRouter *router, SessionRegistry *sessions, PepStore *store);
    // The quotas (ServerOptions::service); the defaults until set.
    void setLimits(const ServiceLimits &limits) { m_limits = limits; }
    // Contacts' subscriptions (the 'presence' access model); without, only the owner reads.
    void setRosters(RosterStore *rosters) { m_rosters = rosters; }
    // Who else wants notifications; without, only the owner's sessions get them.
    void setCapabilities(EntityCapabilities *capabilities);

    QString extensionName() const override { return QStringLiteral("pep"); }
    int extensionPriority() const override { return ServicePriority; }
    QStringList accountFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;

    // Publishes as the server, on the owner's behalf (no access check, no precondition),
    // and notifies the owner's sessions. 'config' applies only when this creates the node.
    // An empty itemId gets a generated one, which is returned. Empty when the quotas refuse
    // the publish or it cannot be stored (then nothing is stored, nobody is notified).
    QString publish(const QString &owner, const QString &node, const QString &itemId,
                    const QDomElement &payload, const PepNodeConfig &config);
    // An item's payload; null when there is no such node or item.
    QDomElement item(const QString &owner, const QString &node, const QString &itemId) const;
    // Every item of one account's node, oldest first (payloads as XML text).
    QVector<PepItem> items(const QString &owner, const QString &node) const;
    // Retracts as the server, on the owner's behalf, and notifies the owner's sessions.
    // False when it cannot be stored (then nothing changed and nobody was notified).
    bool retract(const QString &owner, const QString &node, const QString &itemId);
    // This node's items of every account (payloads as XML text), for the server start.
    QVector<PepItem> itemsOfEveryOwner(const QString &node) const;
    // The quotas of one node: the most items it may hold, and the largest payload (in
    // characters of its XML), so a caller can check a whole batch before publishing any.
    int itemsLimit(const QString &node) const;
    int itemSizeLimit(const QString &node) const;

signals:
    // Emitted last, after the answer and the notifications: a publish by a session or the server.
    void itemPublished(const QString &owner, const QString &node, const QString &itemId,
                       const QDomElement &payload);
    // A retraction, or an item that went with its deleted node.
    void itemRetracted(const QString &owner, const QString &node, const QString &itemId);

private:
    void handlePublish(const QDomElement &iq, const QString &owner, const QDomElement &publish,
                       const QDomElement &publishOptions);
    void handleRetract(const QDomElement &iq, const QString &owner, const QDomElement &retract);
    void handleItems(const QDomElement &iq, const QString &owner, const QDomElement &items);
    void handleDelete(const QDomElement &iq, const QString &owner, const QDomElement &deleteNode);
    void handleConfigure(const QDomElement &iq, const QString &owner, const QDomElement &configure);
    // A request only the owner may make, about one node: false, answered with
    // nodeid-required or forbidden (forbiddenText), when it is not one.
    bool isOwnerRequest(const QDomElement &iq, const QString &owner, const QString &node,
                        const QString &forbiddenText);

    // Why this publish would exceed a quota (condition, pubsub#errors condition, text), or
    // an empty condition when it would not. 'config' is the node's, or the new node's.
    struct Refusal
    {
        QString condition;
        QString pubsubCondition;
        QString text;
    };
    Refusal checkQuotas(const QString &owner, const QString &node, bool exists, const PepNodeConfig &config,
                        const QString &itemId, const QString &payloadText);
    // The most items the node holds (its max_items within the limit).
    int itemCap(const QString &node, const PepNodeConfig &config) const;
    // Creates the node if needed and stores the item (when the node keeps items); false
    // when the database refused a write.
    bool store(const QString &owner, const QString &node, bool exists, const PepNodeConfig &config,
               const QString &itemId, const QString &payloadText);
    // Sends the event to the owner's sessions and to the interested sessions of readers.
    void notifyPublished(const QString &owner, const QString &node, const QString &itemId,
                         const QDomElement &payload);
    // The answer to a request whose writes the database refused.
    void replyStorageError(const QDomElement &request);
    // A headline from the owner with an empty <event/>, for notify().
    static QDomElement eventMessage(const QString &owner, QDomElement *event);
    // 'deleted': the configuration of a node that is gone.
    void notify(QDomElement message, const QString &node, const PepNodeConfig *deleted = nullptr);
    // Whether this bare JID may read the owner's node (its access model).
    bool mayRead(const QString &owner, const QString &reader, const PepNodeConfig &config) const;
    // XEP-0163 §6.2: a session now wants these nodes; the last item of each goes to it.
    void sendLastItems(const QString &owner, const QString &session, const QStringList &nodes);
    void replyPubSubError(const QDomElement &request, Stanza::ErrorType type, const QString &condition,
                          const QString &pubsubCondition = QString(), const QString &text = QString(),
                          const QString &feature = QString());

    SessionRegistry *const m_sessions;
    PepStore *const m_store;
    RosterStore *m_rosters = nullptr;
    EntityCapabilities *m_capabilities = nullptr;
    ServiceLimits m_limits;
};
