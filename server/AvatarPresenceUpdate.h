// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// XEP-0153 as Prosody's vcard_legacy does it: every available presence a session sends
// (broadcast, directed, to a room) carries <x xmlns='vcard-temp:x:update'><photo>HASH</photo></x>,
// so that contacts and occupants learn of the account's avatar whatever client is used.
// HASH is the id of the newest item of the account's XEP-0084 metadata node (empty when
// that item says the avatar is off), else the SHA-1 of its vcard-temp PHOTO, else empty.
// A client's own x:update with a <photo/> is left alone; one without gets the photo.
// The presence is changed in place before the extensions after this one see it.
#pragma once

#include "ServerExtension.h"

class PepStore;
class SessionRegistry;
class VCardStore;

class AvatarPresenceUpdate : public ServerExtension
{
    Q_OBJECT
public:
    AvatarPresenceUpdate(StanzaRouter *router, SessionRegistry *sessions, PepStore *pep, VCardStore *vcards);

    QString extensionName() const override { return QStringLiteral("avatar-presence-update"); }
    int extensionPriority() const override { return AvatarPresencePriority; }
    // Never consumes: adds the x:update to a session's available presence and passes it on.
    bool handleStanza(const QDomElement &stanza) override;

    // The account's avatar hash as presence shows it (empty: no avatar).
    QString avatarHash(const QString &account) const;

private:
    SessionRegistry *const m_sessions;
    PepStore *const m_pep;
    VCardStore *const m_vcards;
};
