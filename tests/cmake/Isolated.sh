#!/bin/sh
# SPDX-FileCopyrightText: 2026 Minimix Lab contributors
# SPDX-License-Identifier: LGPL-2.1-or-later
# sh Isolated.sh SANDBOX PROGRAM [ARGUMENT...]
# Runs PROGRAM (exec: its exit code is the test's, so SKIP_RETURN_CODE works) with a
# home and XDG directories of its own, created empty for this run under SANDBOX:
# a test never reads or writes the user's settings, data, cache or runtime files.
set -eu
sandbox=$1
shift
# SANDBOX is removed first: refuse anything but a test-sandbox folder.
case "$sandbox" in
*/test-sandbox/?*) ;;
*)
    echo "Isolated.sh: refusing sandbox '$sandbox' (not under a test-sandbox folder)" >&2
    exit 1
    ;;
esac
rm -rf "$sandbox"
mkdir -p "$sandbox/home" "$sandbox/config" "$sandbox/config-dirs" "$sandbox/data" "$sandbox/cache" \
    "$sandbox/runtime"
chmod 700 "$sandbox/runtime"
HOME=$sandbox/home
XDG_CONFIG_HOME=$sandbox/config
XDG_CONFIG_DIRS=$sandbox/config-dirs
XDG_DATA_HOME=$sandbox/data
XDG_CACHE_HOME=$sandbox/cache
XDG_RUNTIME_DIR=$sandbox/runtime
export HOME XDG_CONFIG_HOME XDG_CONFIG_DIRS XDG_DATA_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR
cd "$sandbox"
exec "$@"
