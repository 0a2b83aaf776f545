// SPDX-FileCopyrightText: 2026 Minimix Lab contributors
// SPDX-License-Identifier: LGPL-2.1-or-later
// Every session is a socket, so a server with a thousand sessions (and a benchmark
// that also holds the client ends) needs more descriptors than the usual soft limit.
#pragma once

namespace OpenFileLimit {
// Raises this process's soft limit on open files to its hard limit.
void raiseToMaximum();
} // namespace OpenFileLimit
