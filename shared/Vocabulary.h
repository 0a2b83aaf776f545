// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Protocol vocabulary shared by the server, the lab and the tests.
#pragma once

#include <QLatin1String>

namespace Ns {
constexpr QLatin1String Xml("http://www.w3.org/XML/1998/namespace"); // the xml: prefix's (xml:lang)
constexpr QLatin1String Client("jabber:client");
constexpr QLatin1String Stream("http://etherx.jabber.org/streams");
constexpr QLatin1String StreamErrors("urn:ietf:params:xml:ns:xmpp-streams");
constexpr QLatin1String Stanzas("urn:ietf:params:xml:ns:xmpp-stanzas");
constexpr QLatin1String Roster("jabber:iq:roster");
constexpr QLatin1String DiscoInfo("http://jabber.org/protocol/disco#info");
constexpr QLatin1String DiscoItems("http://jabber.org/protocol/disco#items");
constexpr QLatin1String Ping("urn:xmpp:ping");
constexpr QLatin1String SoftwareVersion("jabber:iq:version"); // XEP-0092
constexpr QLatin1String Caps("http://jabber.org/protocol/caps"); // XEP-0115
constexpr QLatin1String Muc("http://jabber.org/protocol/muc");
constexpr QLatin1String MucUser("http://jabber.org/protocol/muc#user");
constexpr QLatin1String MucOwner("http://jabber.org/protocol/muc#owner");
constexpr QLatin1String MucAdmin("http://jabber.org/protocol/muc#admin");
constexpr QLatin1String MucRoomConfig("http://jabber.org/protocol/muc#roomconfig");
constexpr QLatin1String MucRoomInfo("http://jabber.org/protocol/muc#roominfo");
constexpr QLatin1String DataForms("jabber:x:data");
constexpr QLatin1String Delay("urn:xmpp:delay");
constexpr QLatin1String StanzaId("urn:xmpp:sid:0");
constexpr QLatin1String OccupantId("urn:xmpp:occupant-id:0");
constexpr QLatin1String ConferenceInvite("jabber:x:conference");
constexpr QLatin1String Mam("urn:xmpp:mam:2");
constexpr QLatin1String Rsm("http://jabber.org/protocol/rsm");
constexpr QLatin1String Forward("urn:xmpp:forward:0");
constexpr QLatin1String PubSub("http://jabber.org/protocol/pubsub");
constexpr QLatin1String PubSubEvent("http://jabber.org/protocol/pubsub#event");
constexpr QLatin1String PubSubOwner("http://jabber.org/protocol/pubsub#owner");
constexpr QLatin1String PubSubErrors("http://jabber.org/protocol/pubsub#errors");
constexpr QLatin1String PubSubPublishOptions("http://jabber.org/protocol/pubsub#publish-options");
constexpr QLatin1String PubSubNodeConfig("http://jabber.org/protocol/pubsub#node_config");
constexpr QLatin1String Bookmarks("urn:xmpp:bookmarks:1");
constexpr QLatin1String BookmarksCompat("urn:xmpp:bookmarks:1#compat");
constexpr QLatin1String BookmarksCompatPep("urn:xmpp:bookmarks:1#compat-pep");
constexpr QLatin1String PrivateStorage("jabber:iq:private");
constexpr QLatin1String LegacyBookmarks("storage:bookmarks"); // XEP-0048, in private storage
constexpr QLatin1String Blocking("urn:xmpp:blocking"); // XEP-0191
constexpr QLatin1String BlockingErrors("urn:xmpp:blocking:errors");
constexpr QLatin1String VCard("vcard-temp"); // XEP-0054
constexpr QLatin1String VCardUpdate("vcard-temp:x:update"); // XEP-0153
constexpr QLatin1String AvatarMetadata("urn:xmpp:avatar:metadata"); // XEP-0084
constexpr QLatin1String Commands("http://jabber.org/protocol/commands"); // XEP-0050
constexpr QLatin1String Register("jabber:iq:register"); // XEP-0077
constexpr QLatin1String RegisterFeature("http://jabber.org/features/iq-register");
constexpr QLatin1String Time("urn:xmpp:time"); // XEP-0202
constexpr QLatin1String Carbons("urn:xmpp:carbons:2"); // XEP-0280
constexpr QLatin1String Hints("urn:xmpp:hints"); // XEP-0334
} // namespace Ns

// XEP-0045 status codes the server emits or reacts to.
namespace MucStatus {
constexpr int NonAnonymous = 100;
constexpr int ConfigurationChanged = 104;
constexpr int SelfPresence = 110;
constexpr int NowNonAnonymous = 172;
constexpr int NowSemiAnonymous = 173;
constexpr int RoomCreated = 201;
constexpr int NickModified = 210;
constexpr int Banned = 301;
constexpr int NickChanged = 303;
constexpr int Kicked = 307;
constexpr int AffiliationChanged = 321;
constexpr int MembersOnly = 322;
constexpr int ServiceShutdown = 332;
constexpr int TechnicalError = 333; // removed because its client answered with an error
} // namespace MucStatus
