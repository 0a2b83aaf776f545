// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// A subset of XEP-0163 PEP on each account's bare JID, enough for XEP-0402
// bookmarks: publish (with publish-options), retract, items, owner delete;
// notifications to the account's own sessions (there is no roster, so nobody else
// has a presence subscription that would make it a subscriber).
#pragma once

#include "PepStore.h"
#include "ServerExtension.h"

class SessionRegistry;

class PepService : public ServerExtension
{
    Q_OBJECT
public:
    PepService(StanzaRouter *router, SessionRegistry *sessions, PepStore *store);

    QString extensionName() const override { return QStringLiteral("pep"); }
    int extensionPriority() const override { return ServicePriority; }
    QStringList accountFeatures() const override;
    bool handleStanza(const QDomElement &stanza) override;

    // Publishes as the server, on the owner's behalf (no access check, no precondition),
    // and notifies the owner's sessions. 'config' applies only when this creates the node.
    // An empty itemId gets a generated one, which is returned.
    QString publish(const QString &owner, const QString &node, const QString &itemId,
                    const QDomElement &payload, const PepNodeConfig &config);
    // An item's payload; null when there is no such node or item.
    QDomElement item(const QString &owner, const QString &node, const QString &itemId) const;
    // This node's items of every account (payloads as XML text), for the server start.
    QVector<PepItem> itemsOfEveryOwner(const QString &node) const;

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

    // Stores the item (when the node keeps items) and sends the event to the owner's sessions.
    void storeAndNotify(const QString &owner, const QString &node, const PepNodeConfig &config,
                        const QString &itemId, const QDomElement &payload);
    // A headline from the owner with an empty <event/>, for notify().
    static QDomElement eventMessage(const QString &owner, QDomElement *event);
    void notify(QDomElement message);
    void replyPubSubError(const QDomElement &request, Stanza::ErrorType type, const QString &condition,
                          const QString &pubsubCondition = QString(), const QString &text = QString(),
                          const QString &feature = QString());

    SessionRegistry *const m_sessions;
    PepStore *const m_store;
};
