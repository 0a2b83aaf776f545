// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Everything that bounds what one client connection can cost the server. Each
// limit is a named default here; the ones users tune have a minimix-server flag.
#pragma once

#include <QtGlobal>

namespace StreamDefaults {
// A stream must authenticate within this time, whatever it sends (--auth-timeout).
constexpr int AuthTimeoutSeconds = 60;
// An authenticated stream that sends nothing (not even a space) for this long is closed;
// clients keep alive with whitespace or pings well within it.
constexpr int IdleTimeoutSeconds = 300;
// Failed SASL attempts on one stream before it is closed.
constexpr int MaxFailedAuthAttempts = 3;
// Largest stanza, in characters (Prosody's default is 256 KiB) (--max-stanza-size).
constexpr int MaxStanzaSize = 256 * 1024;
// Largest element before authentication: SASL and STARTTLS need little.
constexpr int MaxPreAuthStanzaSize = 16 * 1024;
// Attributes (namespace declarations included) on one element.
constexpr int MaxAttributesPerElement = 100;
// Nesting depth inside a stanza.
constexpr int MaxDepth = 32;
// Input rate per connection: a token bucket refilled at this rate up to the burst. Beyond
// it the server stops reading the socket (TCP pushes back) rather than buffering
// (--max-input-rate).
constexpr qint64 InputBytesPerSecond = 1024 * 1024;
constexpr qint64 InputBurstBytes = 4 * 1024 * 1024;
// Stanzas one connection may send per second once its burst is spent: past it, reading
// pauses as for bytes, so a flood of small stanzas cannot monopolise the server
// (--max-stanza-rate; 0 turns it off).
constexpr int InputStanzasPerSecond = 100;
constexpr int InputStanzaBurst = 500;
// Bytes read from a socket in one event-loop turn.
constexpr qint64 ReadChunkBytes = 64 * 1024;
// Output waiting for a slow reader (or, for a detached session, its resumption queue): past
// this the session gets resource-constraint and is closed (--max-output-queue).
constexpr qint64 MaxOutputQueueBytes = 16 * 1024 * 1024;
// XEP-0198: how long a detached session waits for its client to resume (--resume-timeout),
// and how many unacknowledged stanzas it keeps.
constexpr int ResumeTimeoutSeconds = 300;
constexpr int MaxUnackedStanzas = 10000;
// The server asks for an acknowledgement once this many stanzas are unacknowledged, or
// after AckRequestDelayMs with any unacknowledged.
constexpr int AckRequestThreshold = 10;
constexpr int AckRequestDelayMs = 5000;
// Failed logins slow the next attempt for the same account or address: the delay doubles
// from the first to the cap, and is forgotten after the quiet period. Never a lockout.
constexpr int LoginDelayFirstMs = 250;
constexpr int LoginDelayMaxMs = 8000;
constexpr int LoginFailureMemorySeconds = 300;
} // namespace StreamDefaults

// The limits of one server, handed to each of its streams.
struct StreamLimits
{
    int authTimeoutSeconds = StreamDefaults::AuthTimeoutSeconds;
    int idleTimeoutSeconds = StreamDefaults::IdleTimeoutSeconds;
    int maxFailedAuthAttempts = StreamDefaults::MaxFailedAuthAttempts;
    int maxStanzaSize = StreamDefaults::MaxStanzaSize;
    int maxPreAuthStanzaSize = StreamDefaults::MaxPreAuthStanzaSize;
    int maxAttributesPerElement = StreamDefaults::MaxAttributesPerElement;
    int maxDepth = StreamDefaults::MaxDepth;
    qint64 inputBytesPerSecond = StreamDefaults::InputBytesPerSecond;
    qint64 inputBurstBytes = StreamDefaults::InputBurstBytes;
    int inputStanzasPerSecond = StreamDefaults::InputStanzasPerSecond; // 0: unlimited
    int inputStanzaBurst = StreamDefaults::InputStanzaBurst;
    qint64 maxOutputQueueBytes = StreamDefaults::MaxOutputQueueBytes;
    int resumeTimeoutSeconds = StreamDefaults::ResumeTimeoutSeconds;
    int maxUnackedStanzas = StreamDefaults::MaxUnackedStanzas;
};
