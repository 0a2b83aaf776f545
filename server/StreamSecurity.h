// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// How a server secures its client streams: whether STARTTLS is offered or required,
// and whether SASL PLAIN (a clear password) may be used on a stream without TLS.
#pragma once

enum class TlsPolicy {
    Off, // no STARTTLS
    Optional, // STARTTLS offered (the default)
    Required, // nothing but STARTTLS before TLS
};

enum class PlainAuthPolicy {
    OnlyWithTls, // PLAIN offered only on encrypted streams (the default)
    AlsoWithoutTls, // --allow-plain-without-tls: loopback labs and tests
};
