// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Everything that bounds what one user can make the services (MUC, account-level
// joining, archive, PEP) hold or do for them, so that no user can starve the others.
// Each limit is a named default here; the ones users tune have a minimix-server flag.
// The per-connection limits of the stream itself are in StreamLimits.h.
#pragma once

#include <QtGlobal>

namespace ServiceDefaults {
// Rooms one account may create (--max-rooms-per-account).
constexpr int MaxRoomsPerAccount = 100;
// Rooms one account may occupy with account-level joining (--max-memberships-per-account).
constexpr int MaxMembershipsPerAccount = 1000;
// Occupants (nicks) in one room (--max-occupants-per-room). XEP-0045 §7.2.9: the next one
// gets service-unavailable.
constexpr int MaxOccupantsPerRoom = 500;
// Invitees in one mediated invitation (XEP-0045 §7.8.2).
constexpr int MaxInviteesPerInvitation = 50;
// Relayed IQs between occupants (XEP-0045 §7.7) still waiting for their answer: per
// requester, and how long one waits before the requester gets a timeout error.
constexpr int MaxPendingRelayedIqsPerRequester = 64;
constexpr int RelayedIqTimeoutSeconds = 60;
// MAM: results per page whatever the client asks (RSM max), and how much of a page may be
// waiting in a session's output before the rest waits for the client to read.
constexpr int MaxArchivePageSize = 250;
constexpr qint64 ArchiveOutputWindowBytes = 256 * 1024;
// PEP (XEP-0163): item payload size in characters, items kept per node, nodes per account.
constexpr int MaxPepItemSize = 64 * 1024;
constexpr int MaxPepItemsPerNode = 64;
constexpr int MaxPepNodesPerAccount = 64;
// Private XML storage (XEP-0049): elements per account (one per namespace and name), and
// the size of one, in characters.
constexpr int MaxPrivateElementsPerAccount = 64;
constexpr int MaxPrivateElementSize = 64 * 1024;
// XEP-0402 bookmarks: the node holds one item per room the account may occupy
// (MaxMembershipsPerAccount), each of at most this many characters.
constexpr int MaxBookmarkItemSize = 4 * 1024;
// XEP-0191: JIDs one account may block; XEP-0054: the size of one vCard, in characters.
constexpr int MaxBlockedJidsPerAccount = 1000;
constexpr int MaxVCardSize = 64 * 1024;
// XEP-0077 before authentication, where every byte is a stranger's: accounts one connection
// may create, registration requests (get or set) it may send before its stream is closed,
// and the longest password taken. Each registration also slows the next one from the same
// address, as a failed login does (LoginThrottle).
constexpr int MaxRegistrationsPerConnection = 1;
constexpr int MaxRegistrationRequestsPerConnection = 5;
constexpr int MaxPasswordLength = 1024;
// RFC 6121 rosters: contacts one account may keep (no command-line flag yet), and
// the length of a contact's name or of a group name, in characters.
constexpr int MaxRosterItemsPerAccount = 1000;
constexpr int MaxRosterTextLength = 1024;
// XEP-0115: the verified capabilities the server remembers for everyone (by ver), in
// characters of the node names kept, and the '+notify' nodes it keeps of one entity.
constexpr int KnownCapabilitiesCharacters = 1024 * 1024;
constexpr int MaxNotifyNodesPerEntity = 100;
// JIDs in each of an account's XEP-0313 <always/> and <never/> preference lists.
constexpr int MaxArchivePreferenceJids = 1000;
// Offline messages (XEP-0160) kept for one account (--max-offline-messages-per-account);
// the next one gets service-unavailable (XEP-0160 §2).
constexpr int MaxOfflineMessagesPerAccount = 1000;
} // namespace ServiceDefaults

// The service limits of one server.
struct ServiceLimits
{
    int maxRoomsPerAccount = ServiceDefaults::MaxRoomsPerAccount;
    int maxMembershipsPerAccount = ServiceDefaults::MaxMembershipsPerAccount;
    int maxOccupantsPerRoom = ServiceDefaults::MaxOccupantsPerRoom;
    int maxInviteesPerInvitation = ServiceDefaults::MaxInviteesPerInvitation;
    int maxPendingRelayedIqsPerRequester = ServiceDefaults::MaxPendingRelayedIqsPerRequester;
    int relayedIqTimeoutSeconds = ServiceDefaults::RelayedIqTimeoutSeconds;
    int maxArchivePageSize = ServiceDefaults::MaxArchivePageSize;
    qint64 archiveOutputWindowBytes = ServiceDefaults::ArchiveOutputWindowBytes;
    int maxPepItemSize = ServiceDefaults::MaxPepItemSize;
    int maxPepItemsPerNode = ServiceDefaults::MaxPepItemsPerNode;
    int maxPepNodesPerAccount = ServiceDefaults::MaxPepNodesPerAccount;
    int maxRosterItemsPerAccount = ServiceDefaults::MaxRosterItemsPerAccount;
    int maxOfflineMessagesPerAccount = ServiceDefaults::MaxOfflineMessagesPerAccount;
};
