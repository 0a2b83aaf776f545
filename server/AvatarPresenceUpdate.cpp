// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
#include "AvatarPresenceUpdate.h"

#include "Jid.h"
#include "PepStore.h"
#include "SessionRegistry.h"
#include "VCardStore.h"
#include "Vocabulary.h"
#include "XmlText.h"

AvatarPresenceUpdate::AvatarPresenceUpdate(StanzaRouter *router, SessionRegistry *sessions, PepStore *pep,
                                           VCardStore *vcards)
    : ServerExtension(router)
    , m_sessions(sessions)
    , m_pep(pep)
    , m_vcards(vcards)
{ }

bool AvatarPresenceUpdate::handleStanza(const QDomElement &stanza)
{
    // Available presence only: unavailable, probes, subscriptions and errors say nothing
    // about the sender's looks. Only a session's own: what the server sends for an
    // account (account-level joining) is built from a session's presence that had it.
    if (!Stanza::isPresence(stanza) || !Stanza::type(stanza).isEmpty())
        return false;
    const QString from = Stanza::from(stanza);
    if (!Jid::isFull(from) || !m_sessions->isConnected(from))
        return false;
    QDomElement presence = stanza; // shares the node: the change is seen by everyone after us
    QDomElement update = Stanza::child(presence, QStringLiteral("x"), Ns::VCardUpdate);
    if (update.isNull())
        update = Stanza::addChild(presence, QStringLiteral("x"), Ns::VCardUpdate); // last, as Prosody
    else if (!Stanza::child(update, QStringLiteral("photo"), Ns::VCardUpdate).isNull())
        return false; // XEP-0153 §4.1: the client's own word on its photo stands
    QDomElement photo = Stanza::addChild(update, QStringLiteral("photo"));
    const QString hash = avatarHash(Jid::bare(from));
    if (!hash.isEmpty())
        photo.appendChild(photo.ownerDocument().createTextNode(hash));
    return false;
}

QString AvatarPresenceUpdate::avatarHash(const QString &account) const
{
    const QVector<PepItem> newest = m_pep->items(account, Ns::AvatarMetadata, {}, 1);
    if (!newest.isEmpty()) {
        // XEP-0084 §4.5: metadata without <info/> turns the avatar off.
        const QDomElement metadata = XmlText::toElement(newest.last().payload);
        const bool off = Stanza::child(metadata, QStringLiteral("info"), Ns::AvatarMetadata).isNull();
        return off ? QString() : newest.last().id;
    }
    // A client that only knows vcard-temp: the SHA-1 of its PHOTO (XEP-0153 §3.1), which is
    // also what Prosody shows, having moved the vCard's photo to PEP with that id.
    return m_vcards->photoHash(account);
}
