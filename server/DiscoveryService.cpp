// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "DiscoveryService.h"

#include "Jid.h"
#include "StanzaRouter.h"
#include "Vocabulary.h"

#include <QXmppServer.h>

QStringList DiscoveryService::discoveryFeatures() const
{
    return { QString(Ns::DiscoInfo), QString(Ns::DiscoItems) };
}

bool DiscoveryService::handleStanza(const QDomElement &stanza)
{
    if (!Stanza::isIq(stanza) || Stanza::type(stanza) != QLatin1String("get"))
        return false;
    const QDomElement info = Stanza::child(stanza, QStringLiteral("query"), Ns::DiscoInfo);
    const QDomElement items = Stanza::child(stanza, QStringLiteral("query"), Ns::DiscoItems);
    if (info.isNull() && items.isNull())
        return false;
    const QString to = Stanza::to(stanza);
    const bool toServer = to == router()->domain();
    // RFC 6120 §10.3.3: no 'to' is a request to the account itself.
    const bool toOwnAccount = to.isEmpty() || to == Jid::bare(Stanza::from(stanza));
    if (!toServer && !toOwnAccount)
        return false;
    // XEP-0030 §3.1 and §4.1: neither has nodes of its own here (PEP node meta-data, XEP-0060
    // §5.4, is not offered), so a node is unknown rather than answered as the entity itself.
    const QDomElement asked = info.isNull() ? items : info;
    if (!asked.attribute(QStringLiteral("node")).isEmpty()) {
        replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                   QStringLiteral("no such node"));
        return true;
    }

    QDomElement result = Stanza::iqResult(stanza);
    if (!info.isNull()) {
        QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::DiscoInfo);
        QDomElement identity = Stanza::addChild(query, QStringLiteral("identity"));
        identity.setAttribute(QStringLiteral("category"),
                              toServer ? QStringLiteral("server") : QStringLiteral("account"));
        identity.setAttribute(QStringLiteral("type"),
                              toServer ? QStringLiteral("im") : QStringLiteral("registered"));
        if (toServer)
            identity.setAttribute(QStringLiteral("name"), QStringLiteral("Minimix Lab"));
        QStringList features;
        if (toServer) {
            for (QXmppServerExtension *extension : server()->extensions())
                features += extension->discoveryFeatures();
        } else {
            features = QStringList { QString(Ns::DiscoInfo), QString(Ns::DiscoItems) };
            for (QXmppServerExtension *extension : server()->extensions()) {
                if (auto *ours = qobject_cast<ServerExtension *>(extension))
                    features += ours->accountFeatures();
            }
            if (features.contains(QString(Ns::PubSub))) { // XEP-0163: the account is a PEP service
                QDomElement pep = Stanza::addChild(query, QStringLiteral("identity"));
                pep.setAttribute(QStringLiteral("category"), QStringLiteral("pubsub"));
                pep.setAttribute(QStringLiteral("type"), QStringLiteral("pep"));
            }
        }
        features.removeDuplicates();
        features.sort();
        for (const QString &feature : qAsConst(features))
            Stanza::addChild(query, QStringLiteral("feature")).setAttribute(QStringLiteral("var"), feature);
    } else {
        QDomElement query = Stanza::addChild(result, QStringLiteral("query"), Ns::DiscoItems);
        if (toServer) {
            for (QXmppServerExtension *extension : server()->extensions()) {
                for (const QString &jid : extension->discoveryItems())
                    Stanza::addChild(query, QStringLiteral("item")).setAttribute(QStringLiteral("jid"), jid);
            }
        }
    }
    router()->route(result);
    return true;
}
