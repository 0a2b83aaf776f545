// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "VCardService.h"

#include "AccountStore.h"
#include "Jid.h"
#include "ServiceLimits.h"
#include "StanzaRouter.h"
#include "VCardStore.h"
#include "Vocabulary.h"
#include "XmlText.h"

#include <QCryptographicHash>

VCardService::VCardService(StanzaRouter *router, VCardStore *store, AccountStore *accounts)
    : ServerExtension(router)
    , m_store(store)
    , m_accounts(accounts)
{ }

QStringList VCardService::discoveryFeatures() const
{
    return { QString(Ns::VCard) };
}

QStringList VCardService::accountFeatures() const
{
    return { QString(Ns::VCard) };
}

QString VCardService::photoHash(const QDomElement &vCard)
{
    const QDomElement binval = Stanza::child(Stanza::child(vCard, QStringLiteral("PHOTO"), Ns::VCard),
                                             QStringLiteral("BINVAL"), Ns::VCard);
    if (binval.isNull())
        return QString();
    // Clients wrap base64 in lines; the hash is of the decoded bytes.
    const QByteArray photo = QByteArray::fromBase64(binval.text().toLatin1());
    if (photo.isEmpty())
        return QString();
    return QString::fromLatin1(QCryptographicHash::hash(photo, QCryptographicHash::Sha1).toHex());
}

bool VCardService::handleStanza(const QDomElement &stanza)
{
    const QDomElement vCard = Stanza::child(stanza, QStringLiteral("vCard"), Ns::VCard);
    if (!Stanza::isIq(stanza) || vCard.isNull() || !Stanza::isRequest(stanza))
        return false;
    const QString target = router()->accountAddressed(stanza);
    // Full JIDs are the clients' own business, rooms the MUC service's.
    if (!router()->isLocalAccount(target) || !Jid::isBare(target))
        return false;
    const bool own
        = router()->isLocalAccount(Stanza::from(stanza)) && Jid::bare(Stanza::from(stanza)) == target;
    if (Stanza::type(stanza) == QLatin1String("set")) {
        if (!own) {
            replyError(stanza, Stanza::ErrorType::Auth, QStringLiteral("forbidden"),
                       QStringLiteral("only the account sets its vCard"));
            return true;
        }
        set(stanza, target, vCard);
        return true;
    }
    if (!own && !m_accounts->contains(Jid::node(target))) {
        // RFC 6121 §8.5.1: no such account.
        replyError(stanza, Stanza::ErrorType::Cancel, QStringLiteral("service-unavailable"));
        return true;
    }
    get(stanza, target, own);
    return true;
}

void VCardService::get(const QDomElement &iq, const QString &owner, bool own)
{
    const QString xml = m_store->vCard(owner);
    if (xml.isEmpty() && !own) {
        replyError(iq, Stanza::ErrorType::Cancel, QStringLiteral("item-not-found"),
                   QStringLiteral("%1 has no vCard").arg(owner));
        return;
    }
    QDomElement result = Stanza::iqResult(iq);
    if (!own)
        result.setAttribute(QStringLiteral("from"), owner); // on the account's behalf
    const QDomElement stored = xml.isEmpty() ? QDomElement() : XmlText::toElement(xml);
    if (stored.isNull())
        Stanza::addChild(result, QStringLiteral("vCard"), Ns::VCard);
    else
        result.appendChild(result.ownerDocument().importNode(stored, true));
    router()->route(result);
}

void VCardService::set(const QDomElement &iq, const QString &owner, const QDomElement &vCard)
{
    const QString xml = XmlText::fromElement(Stanza::copy(vCard));
    if (xml.size() > ServiceDefaults::MaxVCardSize) {
        // not-acceptable as for private storage: the client can send a smaller one.
        replyError(
            iq, Stanza::ErrorType::Modify, QStringLiteral("not-acceptable"),
            QStringLiteral("a vCard may have at most %1 characters").arg(ServiceDefaults::MaxVCardSize));
        return;
    }
    if (!m_store->store(owner, xml, photoHash(vCard)))
        return; // the batch fails: the sender gets the storage's error
    router()->route(Stanza::iqResult(iq));
}
