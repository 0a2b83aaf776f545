#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Minimix Lab contributors
# SPDX-License-Identifier: LGPL-2.1-or-later
# minimix-server against Prosody (Debian's, plain XEP-0045 MUC) and ejabberd (Debian's,
# three times: with the rooms' archive on in Mnesia, ejabberd's default, as the issue that
# set the targets measured it, only for burst and rate and with 2,000 messages, as the
# issue did (its throughput falls as the archive grows: a 20,000-message burst did not end
# in 11 minutes, so the shorter burst is the figure in its favour); with
# the archive in SQLite on tmpfs, as minimix-server's is in SQLite in memory; and with the
# archive off) under the same minimix-bench workloads, on loopback, each run against a
# freshly started server:
#   burst   5 accounts x 4 sessions, 20,000 messages as fast as they go
#   rate    the same at 200 messages/s (2,000 messages)
#   scale   250 accounts x 4 sessions, 200 messages, SASL SCRAM-SHA-1
#   login   250 accounts x 4 sessions = 1,000 logins with SCRAM-SHA-1, no messages
#   storm   5 x 4: every session of accounts 2..5 drops, reconnects and rejoins while
#           account 1 watches; minimix-server in minimix mode, again in classic mode,
#           Prosody and ejabberd for reference (once, not repeated)
# The burst and rate workloads run over plain TCP (minimix-server with
# --allow-plain-without-tls, the others without TLS) and again over STARTTLS (burst-tls,
# rate-tls: minimix-server with its default TLS, Prosody and ejabberd with a self-signed
# certificate made here; minimix-bench --tls pins each server's certificate). Every
# workload runs on every server N times (--repeat), the servers taking turns; the tables
# show the median of the N runs and the ratios of minimix-server to each other server,
# and a last table the targets, each met or NOT met. Every run's JSON, summary.json and
# latency plots go to the output folder; the exit status is non-zero when any run failed.
#
#   bash bench/compare.sh [--quick] [--repeat N] [--out DIR]
#
# --quick:  a smoke run of about two minutes (few messages, small scale and login runs,
#           one repeat unless --repeat says otherwise).
# --repeat: runs of each workload on each server (default 3); the tables show medians.
# --out:    where results go (default: bench-results/ in the current directory).
# Environment: MINIMIX_BENCH=PATH runs that driver instead of the one built here;
# MINIMIX_BUILD_DIR=DIR builds and runs from DIR instead of build/.
#
# Run as root on Debian 12 (or as a user with sudo): it installs what is missing, and
# keeps the packages' own services from starting. Prosody runs as the prosody user and
# ejabberd as the ejabberd user, each with its own configuration and data in a temporary
# folder, listening on 127.0.0.1 only: ejabberd with a node name and cookie of its own,
# Erlang distribution on one port of 127.0.0.1 and no port mapper (epmd), which the
# script checks with ss after every start. Both are stopped on exit, Ctrl-C or failure
# and cannot outlive this script (parent-death signals).
set -euo pipefail

usage() {
    echo "Usage:"
    sed -n '/^#   bash/,/^# MINIMIX_BUILD_DIR/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

quick=0
repeat=""
out="bench-results"
while (($#)); do
    case $1 in
    --quick) quick=1 ;;
    --repeat | --out)
        (($# >= 2)) || { echo "compare.sh: $1 needs a value" >&2; exit 2; }
        [ "$1" = --out ] && out=$2 || repeat=$2
        shift
        ;;
    --repeat=*) repeat=${1#--repeat=} ;;
    --out=*) out=${1#--out=} ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "compare.sh: unknown argument '$1'" >&2
        usage >&2
        exit 2
        ;;
    esac
    shift
done
if [ -z "$repeat" ]; then
    repeat=3
    ((quick)) && repeat=1
fi
if ! [[ $repeat =~ ^[1-9][0-9]*$ ]]; then
    echo "compare.sh: --repeat needs a number from 1, not '$repeat'" >&2
    exit 2
fi

# The output folder is relative to where we were started; everything else to the repository.
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${MINIMIX_BUILD_DIR:-build}
bench=${MINIMIX_BENCH:-$build/bench/minimix-bench}
server=$build/server/minimix-server
plot=$build/bench/plot/minimix-bench-plot
mkdir -p "$out/logs"
started_at=$(date +%s)

# --- what we start, and stopping it whatever happens --------------------------------
work=""
shm=""
server_pid=""   # what stop_server stops (for ejabberd its guard, see start_ejabberd_instance)
server_kind=""  # minimix, prosody or ejabberd
bench_pid=""
register_pid=""
ejabberd_register_pid=""
ejabberd_guard_pid=""
ejabberd_beam_pid=""
policy_rc=""
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

alive() { $sudo kill -0 "$1" 2>/dev/null; }

stop_pid() { # pid: SIGTERM, up to 10 s, then SIGKILL; always reaped
    local pid=$1 i
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        echo "compare.sh: process $pid did not stop in 10 s; killing it" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

# ejabberdctl of our instance (never the system's: its own configuration folder), as ejabberd;
# given up after ctl_timeout seconds (default 120).
ejabberdctl_() {
    $sudo timeout -k 5 "${ctl_timeout:-120}" setpriv --reuid=ejabberd --regid=ejabberd --init-groups -- \
        env HOME="$edir/spool" ejabberdctl --config-dir "$edir/conf" "$@"
}

stop_ejabberd_instance() {
    # ejabberdctl stop; the guard (see start_ejabberd_instance) ends once the node has
    # stopped. Then its whole process group, then the Erlang VM itself, whatever is left.
    [ -n "$ejabberd_guard_pid" ] || return 0
    local guard=$ejabberd_guard_pid beam=$ejabberd_beam_pid group i
    group=$(cat "$edir/run/guard.pid" 2>/dev/null || echo "$guard")
    ejabberd_guard_pid=""
    ejabberd_beam_pid=""
    if alive "$guard"; then
        ctl_timeout=20 ejabberdctl_ stop >>"$out/logs/ejabberd-ctl.log" 2>&1 || true
        for ((i = 0; i < 150; i++)); do
            alive "$guard" || break
            sleep 0.1
        done
    fi
    if alive "$guard"; then
        echo "compare.sh: ejabberd did not stop in 15 s; terminating its process group" >&2
        $sudo kill -TERM -- "-$group" 2>/dev/null || true
    fi
    for ((i = 0; i < 100; i++)); do
        { alive "$guard" || { [ -n "$beam" ] && alive "$beam"; }; } || break
        sleep 0.1
    done
    $sudo kill -KILL -- "-$group" 2>/dev/null || true
    [ -z "$beam" ] || $sudo kill -KILL "$beam" 2>/dev/null || true
    wait "$guard" 2>/dev/null || true
}

stop_server() {
    if [ -n "$server_pid" ]; then
        if [ "$server_kind" = ejabberd ]; then
            stop_ejabberd_instance
        else
            stop_pid "$server_pid"
        fi
        server_pid=""
    fi
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$bench_pid" ]; then
        stop_pid "$bench_pid"
    fi
    stop_server
    stop_ejabberd_instance
    for pid in "$register_pid" "$ejabberd_register_pid"; do
        [ -z "$pid" ] || stop_pid "$pid"
    done
    if [ -n "$work" ] && [ -d "$work" ]; then
        # A Prosody we started under another PID would have its pidfile here.
        if [ -s "$work/prosody/prosody.pid" ]; then
            local left
            left=$(cat "$work/prosody/prosody.pid" 2>/dev/null || true)
            if [ -n "$left" ] && kill -0 "$left" 2>/dev/null; then
                kill -TERM "$left" 2>/dev/null || true
                sleep 1
                kill -KILL "$left" 2>/dev/null || true
            fi
        fi
        cp "$work/prosody/prosody.log" "$out/logs/prosody.log" 2>/dev/null || true
        cp "$work/prosody/register.log" "$out/logs/prosody-register.log" 2>/dev/null || true
        if [ -d "$work/ejabberd/logs" ]; then
            mkdir -p "$out/logs/ejabberd"
            cp -r "$work/ejabberd/logs/." "$out/logs/ejabberd/" 2>/dev/null || true
            cp "$work/ejabberd/"ejabberd-*.yml "$work/ejabberd/conf/ejabberdctl.cfg" "$out/logs/ejabberd/" 2>/dev/null || true
            cp "$work/ejabberd/archive.log" "$out/logs/ejabberd-archive-counts.log" 2>/dev/null || true
            cp "$work/ejabberd/register.log" "$out/logs/ejabberd-register.log" 2>/dev/null || true
        fi
        $sudo rm -rf "$work"
    fi
    [ -z "$shm" ] || $sudo rm -rf "$shm"
    [ -z "$policy_rc" ] || $sudo rm -f /usr/sbin/policy-rc.d
    exit "$status"
}
trap cleanup EXIT
trap 'echo "compare.sh: interrupted" >&2; exit 130' INT
trap 'echo "compare.sh: terminated" >&2; exit 143' TERM

# --- packages and build ---------------------------------------------------------------
# What .ci/setup installs (prosody among it), ejabberd with the SQLite driver of its
# archive, python3 for reading the results.
packages=(cmake g++ ninja-build qtbase5-dev libqt5sql5-sqlite libqxmpp-dev prosody ejabberd erlang-p1-sqlite3)
command -v python3 >/dev/null || packages+=(python3)
command -v openssl >/dev/null || packages+=(openssl) # the TLS rows' certificate
command -v ss >/dev/null || packages+=(iproute2)     # checking where ejabberd listens
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
# Erlang's port mapper and ejabberd from before this script (the system's): not ours to stop.
epmd_before=$(pgrep -x epmd || true)
if ((${#missing[@]})); then
    echo "== installing: ${missing[*]}"
    $sudo apt-get update -qq
    # Installing prosody or ejabberd must not start the system's own (they would listen on
    # every interface, ejabberd with an Erlang port mapper).
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
        $sudo chmod +x /usr/sbin/policy-rc.d
        policy_rc=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
    if [ -n "$policy_rc" ]; then
        $sudo rm -f /usr/sbin/policy-rc.d
        policy_rc=""
    fi
    if [[ " ${missing[*]} " == *" ejabberd "* ]]; then
        # Installed just now: it must not run, nor start at boot with its port mapper.
        if [ -d /run/systemd/system ]; then
            $sudo systemctl disable --now ejabberd.service epmd.service epmd.socket >/dev/null 2>&1 || true
            echo "   ejabberd.service and epmd.socket disabled (installed by compare.sh for its private instance)"
        fi
        if pgrep -u ejabberd -x beam.smp >/dev/null || [ "$(pgrep -x epmd || true)" != "$epmd_before" ]; then
            echo "compare.sh: installing ejabberd started it (or an epmd) despite policy-rc.d:" >&2
            pgrep -a -u ejabberd >&2 || true
            pgrep -a -x epmd >&2 || true
            echo "stop it (systemctl stop ejabberd epmd.socket epmd) and run compare.sh again" >&2
            exit 1
        fi
    fi
fi
for user in prosody ejabberd; do
    if ! id "$user" >/dev/null 2>&1; then
        echo "compare.sh: there is no $user user to run $user as (is the $user package broken?)" >&2
        exit 1
    fi
done
if pgrep -u ejabberd -x beam.smp >/dev/null; then
    echo "compare.sh: note: an ejabberd of the system runs (pid $(pgrep -d, -u ejabberd -x beam.smp));" \
        "ours has its own node, cookie, ports and data, and no epmd"
fi

# --- workloads ------------------------------------------------------------------------
# name|accounts|description|minimix-bench arguments (word-split)|scram: with --sasl SCRAM-SHA-1
if ((quick)); then
    workloads=(
        "burst|5|5 accounts x 4 sessions, 2000 messages, burst|--accounts 5 --sessions 4 --messages 2000|"
        "rate|5|5 accounts x 4 sessions, 400 messages at 200/s|--accounts 5 --sessions 4 --messages 400 --rate 200|"
        "scale|50|50 accounts x 4 sessions, 50 messages, burst, SCRAM-SHA-1|--accounts 50 --sessions 4 --messages 50|scram"
        "login|50|50 accounts x 4 sessions: 200 logins with SCRAM-SHA-1, plain TCP, no messages|--accounts 50 --sessions 4 --messages 0|scram"
        "burst-tls|5|STARTTLS, 5 accounts x 4 sessions, 2000 messages, burst|--accounts 5 --sessions 4 --messages 2000|"
        "rate-tls|5|STARTTLS, 5 accounts x 4 sessions, 400 messages at 200/s|--accounts 5 --sessions 4 --messages 400 --rate 200|"
    )
else
    workloads=(
        "burst|5|5 accounts x 4 sessions, 20,000 messages, burst|--accounts 5 --sessions 4 --messages 20000|"
        "rate|5|5 accounts x 4 sessions, 2000 messages at 200/s|--accounts 5 --sessions 4 --messages 2000 --rate 200|"
        "scale|250|250 accounts x 4 sessions, 200 messages, burst, SCRAM-SHA-1|--accounts 250 --sessions 4 --messages 200|scram"
        "login|250|250 accounts x 4 sessions: 1,000 logins with SCRAM-SHA-1, plain TCP, no messages|--accounts 250 --sessions 4 --messages 0|scram"
        "burst-tls|5|STARTTLS, 5 accounts x 4 sessions, 20,000 messages, burst|--accounts 5 --sessions 4 --messages 20000|"
        "rate-tls|5|STARTTLS, 5 accounts x 4 sessions, 2000 messages at 200/s|--accounts 5 --sessions 4 --messages 2000 --rate 200|"
    )
fi
# The servers, in the order they take turns:
# key|label|the workloads they run (empty: all)|minimix-bench arguments that override the workload's
servers=(
    "minimix|minimix-server||"
    "prosody|Prosody||"
    "ejabberd-mnesia|ejabberd, Mnesia archive|burst rate|--messages 2000"
    "ejabberd-archive|ejabberd, SQLite archive||"
    "ejabberd|ejabberd, archive off||"
)
storm_accounts=5
storm_args=(--accounts 5 --sessions 4 --storm)
storm_description="5 accounts x 4 sessions: the 16 sessions of accounts 2-5 drop, reconnect and rejoin; account 1's 4 sessions watch"
accounts_needed=$storm_accounts
for workload in "${workloads[@]}"; do
    IFS='|' read -r _ n _ _ _ <<<"$workload"
    ((n > accounts_needed)) && accounts_needed=$n
done

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
work=$(mktemp -d /tmp/minimix-compare.XXXXXX)
chmod 755 "$work"

# --- the TLS rows' certificate, for Prosody and ejabberd ----------------------------------
# Self-signed for localhost, EC P-256 like minimix-server's own.
tls_dir=$work/tls
mkdir -p "$tls_dir"
if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=localhost -addext subjectAltName=DNS:localhost \
    -keyout "$tls_dir/localhost.key" -out "$tls_dir/localhost.crt" >"$tls_dir/openssl.log" 2>&1; then
    echo "compare.sh: openssl could not make the certificate of the TLS rows:" >&2
    cat "$tls_dir/openssl.log" >&2
    exit 1
fi
chmod 600 "$tls_dir/localhost.key"
# "sha256 Fingerprint=AB:CD:..." (OpenSSL 3; "SHA256 Fingerprint=" before): minimix-bench pins it.
tls_fingerprint=$(openssl x509 -in "$tls_dir/localhost.crt" -noout -fingerprint -sha256 | sed 's/^.*Fingerprint=//')

# --- a private Prosody: configuration, accounts (in the background while we build) ----
pdir=$work/prosody
mkdir -p "$pdir/data" "$pdir/certs" "$pdir/tls"
prosody_port=$(free_port)
# In tls/, not certs/, where the plain rows' Prosody would find and load it.
cp "$tls_dir/localhost.crt" "$tls_dir/localhost.key" "$pdir/tls/"
# Two configurations of one Prosody (same port, data and accounts; one runs at a time):
# prosody.cfg.lua for the plain rows, prosody-tls.cfg.lua for the TLS rows.
write_prosody_config() { # file tls(0|1)
    local file=$1 tls=$2 modules='"roster", "saslauth", "disco", "ping"' security
    if ((tls)); then
        modules="\"tls\", $modules"
        security="-- STARTTLS with the certificate made by compare.sh; TLS optional and PLAIN only over
-- TLS, as minimix-server's defaults.
c2s_require_encryption = false
allow_unencrypted_plain_auth = false
ssl = { certificate = \"$pdir/tls/localhost.crt\", key = \"$pdir/tls/localhost.key\" }"
    else
        security="-- No TLS; PLAIN allowed over plain TCP, as minimix-server --allow-plain-without-tls.
c2s_require_encryption = false
allow_unencrypted_plain_auth = true"
    fi
    cat >"$file" <<EOF
-- Written by bench/compare.sh: a private Prosody on loopback for minimix-bench.
pidfile = "$pdir/prosody.pid"
data_path = "$pdir/data"
certificates = "$pdir/certs"
log = { info = "$pdir/prosody.log" }
-- Started with -F (the 'daemonize' option is deprecated in 0.12); mod_posix is loaded
-- automatically and writes the pidfile.
-- c2s only, on one free port of 127.0.0.1: no s2s, components, HTTP or direct TLS.
interfaces = { "127.0.0.1" }
c2s_interfaces = { "127.0.0.1" }
c2s_ports = { $prosody_port }
c2s_direct_tls_ports = { }
legacy_ssl_ports = { }
s2s_ports = { }
component_ports = { }
http_ports = { }
https_ports = { }
modules_enabled = { $modules }
-- mod_limits (c2s rate limits) is not loaded: no read throttling; disabled to be sure.
modules_disabled = { "s2s", "limits" }
limits = { c2s = { rate = "100mb/s" } }
-- Salted SCRAM-SHA-1 keys, not passwords, as minimix-server and ejabberd here store them:
-- a SCRAM login checks the stored keys (a PLAIN login derives them first).
authentication = "internal_hashed"
$security
-- Like minimix-server (TCP_NODELAY on every client socket): no Nagle delays; a listen
-- backlog that takes a thousand sessions connecting at once.
network_settings = { nagle = false; tcp_backlog = 1024 }
VirtualHost "localhost"
Component "conference.localhost" "muc"
    -- Plain XEP-0045: no mod_muc_mam; the default in-memory history (20 messages).
EOF
}
write_prosody_config "$pdir/prosody.cfg.lua" 0
write_prosody_config "$pdir/prosody-tls.cfg.lua" 1
if [ "$(id -u)" -eq 0 ]; then
    # prosodyctl, run by root, works as the prosody user; Prosody itself runs as it too.
    chown -R prosody:prosody "$pdir"
    as_prosody=(--reuid=prosody --regid=prosody --init-groups)
else
    as_prosody=()
fi
prosodyctl_() { prosodyctl --config "$pdir/prosody.cfg.lua" "$@"; }

echo "== registering $accounts_needed Prosody accounts (load1..load$accounts_needed) in the background"
(
    started=$(date +%s.%N)
    for ((i = 1; i <= accounts_needed; i++)); do
        prosodyctl_ register "load$i" localhost secret || { echo "register load$i failed" >&2; exit 1; }
    done
    python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 2))" "$started" "$(date +%s.%N)" \
        >"$work/register.seconds"
) >"$pdir/register.log" 2>&1 &
register_pid=$!

# --- a private ejabberd: node, cookie, ports, configurations -------------------------------
# Everything in $edir: conf/ (ejabberdctl.cfg, vm.args, inetrc, ejabberd.yml: the one of the
# next start), spool/ (Mnesia: accounts; a copy of spool.registered at each start), logs/,
# run/ (pidfile). The archive's SQLite database is on tmpfs when there is one, as
# minimix-server's here is in memory; removed before each start.
edir=$work/ejabberd
mkdir -p "$edir/conf" "$edir/spool" "$edir/logs" "$edir/run" "$edir/modules"
ejabberd_port=$(free_port)
ejabberd_dist_port=$(free_port)
ejabberd_node="minimix-compare-${work##*.}@localhost"
ejabberd_cookie=$(openssl rand -hex 24)
if [ -d /dev/shm ] && shm=$(mktemp -d /dev/shm/minimix-compare.XXXXXX 2>/dev/null); then
    ejabberd_db_dir=$shm
else
    shm=""
    ejabberd_db_dir=$edir/db
    mkdir -p "$ejabberd_db_dir"
fi
# Debian's ejabberdctl reads CONFIG_DIR/ejabberdctl.cfg (here ours, not /etc/ejabberd's) after
# its command line. ERL_DIST_PORT makes it pass -erl_epmd_port and -start_epmd false: the node
# listens on that one port, no epmd is started or asked, and ejabberdctl's own client nodes
# (stop, import) connect there with -dist_listen false. The distribution listens on 127.0.0.1
# only (inet_dist_use_interface; INET_DIST_INTERFACE would cost an extra Erlang start per call).
cat >"$edir/conf/ejabberdctl.cfg" <<EOF
# Written by bench/compare.sh: a private ejabberd on loopback for minimix-bench.
ERLANG_NODE=$ejabberd_node
SPOOL_DIR=$edir/spool
LOGS_DIR=$edir/logs
EJABBERD_PID_PATH=$edir/run/ejabberd.pid
CONTRIB_MODULES_PATH=$edir/modules
CONTRIB_MODULES_CONF_DIR=$edir/modules/conf
ERL_DIST_PORT=$ejabberd_dist_port
ERL_EPMD_ADDRESS=127.0.0.1
EJABBERD_BYPASS_WARNINGS=true
ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0 -kernel inet_dist_use_interface {127,0,0,1} -kernel inet_dist_listen_min $ejabberd_dist_port inet_dist_listen_max $ejabberd_dist_port"
EOF
# vm.args (ejabberdctl passes it with -args_file): the node's own cookie, so that ejabberd's
# \$HOME/.erlang.cookie is neither read nor written.
printf -- '-setcookie %s\n' "$ejabberd_cookie" >"$edir/conf/vm.args"
printf '{lookup, [file]}.\n{host, {127,0,0,1}, ["localhost"]}.\n' >"$edir/conf/inetrc"
cat "$tls_dir/localhost.crt" "$tls_dir/localhost.key" >"$edir/conf/localhost.pem"
# Five configurations: room archive on (mod_mam, rooms archived by default) in SQLite or
# off, each without and with STARTTLS, and the archive in Mnesia (mod_mam's default
# backend) without TLS. Started one at a time on one port, with the same accounts.
write_ejabberd_config() { # file archive(none|sql|mnesia) tls(0|1)
    local file=$1 archive=$2 tls=$3
    {
        cat <<EOF
# Written by bench/compare.sh: a private ejabberd on loopback for minimix-bench.
hosts:
  - localhost
loglevel: info
# c2s only, on one free port of 127.0.0.1: no s2s, HTTP or other listeners. No shaper and
# no limits on stanza size or queued stanzas: bursts go as fast as ejabberd takes them
# (minimix-server runs with --max-stanza-rate 0, Prosody without mod_limits).
listen:
  -
    port: $ejabberd_port
    ip: "127.0.0.1"
    module: ejabberd_c2s
    shaper: none
    max_stanza_size: 104857600
    max_fsm_queue: 10000000
    backlog: 1024
EOF
        if ((tls)); then
            cat <<EOF
    # STARTTLS offered, not required (as minimix-server's default TLS).
    starttls: true
certfiles:
  - "$edir/conf/localhost.pem"
EOF
        fi
        cat <<EOF
max_fsm_queue: 10000000
shaper: {}
shaper_rules: {}
# Accounts in Mnesia as salted SCRAM-SHA-1 keys (SCRAM-SHA-1 and PLAIN offered).
auth_method: internal
auth_password_format: scram
EOF
        if [ "$archive" = sql ]; then
            cat <<EOF
# The rooms' archive (mod_mam) in SQLite, on tmpfs ($ejabberd_db_dir), as
# minimix-server's archive here is an in-memory SQLite database.
sql_type: sqlite
sql_database: "$ejabberd_db_dir/ejabberd.db"
EOF
        fi
        cat <<EOF
modules:
  mod_disco: {}
  mod_ping: {}
  mod_roster: {}
  mod_muc:
    hosts:
      - conference.localhost
    access_create: all
    max_users: 100000
    default_room_options:
      max_users: 100000
EOF
        if [ "$archive" != none ]; then
            cat <<EOF
      # Every room archives its messages, as minimix-server's do.
      mam: true
  mod_mam:
    db_type: $archive
EOF
        else
            cat <<EOF
      mam: false
EOF
        fi
    } >"$file"
}
write_ejabberd_config "$edir/ejabberd-archive.yml" sql 0
write_ejabberd_config "$edir/ejabberd-archive-tls.yml" sql 1
write_ejabberd_config "$edir/ejabberd-mnesia.yml" mnesia 0
write_ejabberd_config "$edir/ejabberd-noarchive.yml" none 0
write_ejabberd_config "$edir/ejabberd-noarchive-tls.yml" none 1
{
    echo "<?xml version='1.0' encoding='UTF-8'?>"
    echo "<server-data xmlns='urn:xmpp:pie:0'><host jid='localhost'>"
    for ((i = 1; i <= accounts_needed; i++)); do
        echo "<user name='load$i' password='secret'/>"
    done
    echo "</host></server-data>"
} >"$edir/accounts.xml"
chmod -R a+rX "$edir"
$sudo chown -R ejabberd:ejabberd "$edir/spool" "$edir/logs" "$edir/run" "$edir/modules" "$ejabberd_db_dir"
$sudo chown root:ejabberd "$edir/conf/vm.args" "$edir/conf/localhost.pem"
$sudo chmod 640 "$edir/conf/vm.args" "$edir/conf/localhost.pem"

check_ejabberd_listeners() { # beam-pid: every socket of the node and of any epmd on loopback
    local sockets ours bad epmd_now
    if ! sockets=$($sudo ss -Hltunp 2>&1); then
        echo "compare.sh: ss failed: $sockets" >&2
        return 1
    fi
    ours=$(grep -F "pid=$1," <<<"$sockets" || true)
    if ! grep -q "127\.0\.0\.1:$ejabberd_port " <<<"$ours"; then
        echo "compare.sh: ss does not show ejabberd (pid $1) listening on 127.0.0.1:$ejabberd_port:" >&2
        echo "$sockets" >&2
        return 1
    fi
    bad=$(awk -v pid="pid=$1," '(index($0, pid) || /"(epmd|beam\.smp|erl_child_setup)"/) &&
        $5 !~ /^(127\.[0-9.]+|\[::1\]|\[::ffff:127\.[0-9.]+\]):[0-9]+$/' <<<"$sockets")
    epmd_now=$(pgrep -x epmd || true)
    if [ -n "$bad" ] || [ "$epmd_now" != "$epmd_before" ]; then
        echo "compare.sh: ERROR: Erlang listens beyond loopback, or an epmd was started:" >&2
        [ -z "$bad" ] || echo "$bad" >&2
        [ "$epmd_now" = "$epmd_before" ] || echo "epmd: $epmd_now (before: ${epmd_before:-none})" >&2
        echo "(ours is pid $1; a beam.smp or epmd that is not ours belongs to the system's ejabberd)" >&2
        return 1
    fi
    echo "   ejabberd listens on $(awk '{printf "%s%s", sep, $5; sep=", "}' <<<"$ours") only (ss)"
}

start_ejabberd_instance() { # configuration file (in $edir): sets ejabberd_guard_pid, ejabberd_beam_pid
    local i
    cp "$edir/$1" "$edir/conf/ejabberd.yml"
    $sudo rm -f "$edir/run/ejabberd.pid" "$edir/run/guard.pid"
    # A guard in a session and process group of its own runs `ejabberdctl foreground` (bash,
    # then the Erlang VM, both in the guard's group). Its parent-death signal is ours: when this
    # script dies, even by SIGKILL, the guard gets SIGTERM and passes it to the whole group.
    # shellcheck disable=SC2016 # expanded by the guard's bash
    $sudo setsid setpriv --reuid=ejabberd --regid=ejabberd --init-groups --pdeathsig TERM -- \
        env HOME="$edir/spool" bash -c \
        'echo $$ >"$1"; shift; trap "trap - TERM INT; kill -TERM 0; exit 143" TERM INT; "$@" & wait "$!"' \
        ejabberd-guard "$edir/run/guard.pid" \
        ejabberdctl --config-dir "$edir/conf" foreground >>"$out/logs/ejabberd-stdout.log" 2>&1 &
    ejabberd_guard_pid=$!
    ejabberd_beam_pid=""
    # Starting takes seconds: until the pidfile is written and c2s accepts connections.
    for ((i = 0; i < 1200; i++)); do
        alive "$ejabberd_guard_pid" || break
        [ -n "$ejabberd_beam_pid" ] || ejabberd_beam_pid=$(cat "$edir/run/ejabberd.pid" 2>/dev/null || true)
        if [ -n "$ejabberd_beam_pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$ejabberd_port") 2>/dev/null; then
            if ! check_ejabberd_listeners "$ejabberd_beam_pid"; then
                stop_ejabberd_instance
                exit 1 # not a failed run: something is exposed that must not be
            fi
            return 0
        fi
        sleep 0.1
    done
    echo "compare.sh: ejabberd did not start ($1); its logs:" >&2
    tail -n 20 "$out/logs/ejabberd-stdout.log" "$edir/logs/error.log" >&2 2>/dev/null || true
    stop_ejabberd_instance
    return 1
}

echo "== registering $accounts_needed ejabberd accounts in the background (ejabberdctl import_piefxis)"
(
    trap stop_ejabberd_instance EXIT
    trap 'exit 143' TERM
    started=$(date +%s.%N)
    start_ejabberd_instance ejabberd-noarchive.yml
    # One ejabberdctl call for all accounts (XEP-0227 file): an ejabberdctl call is an Erlang start.
    ejabberdctl_ import_piefxis "$edir/accounts.xml"
    registered=$(ejabberdctl_ registered_users localhost | grep -c '^load' || true)
    if [ "$registered" != "$accounts_needed" ]; then
        echo "ejabberd has $registered of $accounts_needed accounts" >&2
        exit 1
    fi
    stop_ejabberd_instance
    $sudo mv "$edir/spool" "$edir/spool.registered"
    python3 -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 2))" "$started" "$(date +%s.%N)" \
        >"$work/ejabberd-register.seconds"
) >"$edir/register.log" 2>&1 &
ejabberd_register_pid=$!

if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
targets=(minimix-server minimix-bench-plot)
[ -n "${MINIMIX_BENCH:-}" ] || targets+=(minimix-bench)
echo "== building ${targets[*]} in $build"
cmake --build "$build" -j2 --target "${targets[@]}"
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt")
case $build_type in
Release | RelWithDebInfo) ;;
*) echo "compare.sh: warning: $build is a '${build_type:-no type}' build; figures will not mean much" >&2 ;;
esac
# --sasl SCRAM-SHA-1 for the login and scale rows: a mechanism every server here offers.
if "$bench" --help 2>/dev/null | grep -q -- --sasl; then
    scram=(--sasl SCRAM-SHA-1)
else
    scram=()
    echo "compare.sh: warning: $bench has no --sasl; the login and scale rows log in as it does" >&2
fi

for job in prosody ejabberd; do
    pid=$register_pid log=$pdir/register.log
    [ "$job" = prosody ] || { pid=$ejabberd_register_pid; log=$edir/register.log; }
    if ! wait "$pid"; then
        register_pid="" ejabberd_register_pid=""
        echo "compare.sh: registering the $job accounts failed:" >&2
        tail -n 20 "$log" >&2
        exit 1
    fi
    if [ "$job" = prosody ]; then register_pid=""; else ejabberd_register_pid=""; fi
done
register_seconds=$(cat "$work/register.seconds")
ejabberd_register_seconds=$(cat "$work/ejabberd-register.seconds")
echo "== registered $accounts_needed Prosody accounts in $register_seconds s," \
    "$accounts_needed ejabberd accounts in $ejabberd_register_seconds s (with its start and stop)"

# 1,000 sessions need more than 1,024 descriptors, in the driver and in each server.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && (($(ulimit -n) < 4096)); then
    echo "compare.sh: warning: only $(ulimit -n) file descriptors; the scale run may fail" >&2
fi

# --- starting and stopping the servers -------------------------------------------------
server_port=""
server_stats_pid=""   # the process minimix-bench --server-pid samples
server_fingerprint="" # of the server just started, for minimix-bench --tls --tls-fingerprint
start_minimix() { # mode accounts tag [tls]: with tls, its default TLS (optional; PLAIN only over TLS)
    local mode=$1 accounts=$2 tag=$3 tls=${4:-} args=() i security=(--allow-plain-without-tls)
    for ((i = 1; i <= accounts; i++)); do
        args+=(--account "load$i:secret")
    done
    [ -z "$tls" ] || security=()
    local stdout=$work/minimix-$tag.out
    : >"$stdout"
    # --max-stanza-rate 0: the burst floods from few sessions by design (Prosody runs
    # without mod_limits here too); minimix-bench --flood measures the throttle itself.
    setpriv --pdeathsig TERM "$server" --port 0 --db :memory: --mode "$mode" --max-stanza-rate 0 \
        "${security[@]}" "${args[@]}" \
        >"$stdout" 2>>"$out/logs/minimix-server-$tag.log" &
    server_pid=$!
    server_kind=minimix
    server_stats_pid=$server_pid
    for ((i = 0; i < 600; i++)); do
        server_port=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$stdout")
        if [ -n "$server_port" ]; then
            # Printed before the listening line (a self-signed certificate made in memory).
            server_fingerprint=$(sed -n 's/^certificate sha256 //p' "$stdout")
            return 0
        fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "compare.sh: minimix-server did not start; see $out/logs/minimix-server-$tag.log" >&2
    tail -n 5 "$out/logs/minimix-server-$tag.log" >&2 || true
    stop_server
    return 1
}

start_prosody() { # [tls]: with tls, prosody-tls.cfg.lua
    local i config=$pdir/prosody.cfg.lua
    [ -z "${1:-}" ] || config=$pdir/prosody-tls.cfg.lua
    setpriv "${as_prosody[@]}" --pdeathsig TERM prosody -F --config "$config" \
        >>"$out/logs/prosody-stdout.log" 2>&1 &
    server_pid=$!
    server_kind=prosody
    server_stats_pid=$server_pid
    server_port=$prosody_port
    server_fingerprint=$tls_fingerprint
    for ((i = 0; i < 300; i++)); do
        kill -0 "$server_pid" 2>/dev/null || break
        if (exec 3<>"/dev/tcp/127.0.0.1/$prosody_port") 2>/dev/null; then
            return 0
        fi
        sleep 0.1
    done
    echo "compare.sh: Prosody did not start; its log:" >&2
    tail -n 20 "$pdir/prosody.log" "$out/logs/prosody-stdout.log" >&2 2>/dev/null || true
    stop_server
    return 1
}

start_ejabberd() { # archive|mnesia|noarchive [tls]: fresh accounts database and archive each time
    local config=ejabberd-$1${2:+-tls}.yml
    $sudo rm -rf "$edir/spool"
    $sudo cp -a "$edir/spool.registered" "$edir/spool"
    $sudo rm -f "$ejabberd_db_dir"/ejabberd.db*
    start_ejabberd_instance "$config" || return 1
    server_pid=$ejabberd_guard_pid
    server_kind=ejabberd
    server_stats_pid=$ejabberd_beam_pid
    server_port=$ejabberd_port
    server_fingerprint=$tls_fingerprint
}

archived_messages() { # in the archive database of the last ejabberd run
    # Its highest message id: ejabberd deletes a temporary room's archive with the room, when the
    # last occupant has left, but SQLite's AUTOINCREMENT counter stays.
    $sudo python3 -c 'import sqlite3, sys
try:
    row = sqlite3.connect(sys.argv[1]).execute("select seq from sqlite_sequence where name = ?", ("archive",)).fetchone()
    print(row[0] if row else 0)
except Exception as e:
    print(f"unknown ({e})")' "$ejabberd_db_dir/ejabberd.db" 2>&1
}

# --- the runs ----------------------------------------------------------------------------
manifest=$work/manifest.tsv
: >"$manifest"
run() { # workload server-key repeat start-command... -- minimix-bench arguments...
    # A workload named *-tls runs minimix-bench --tls, pinned to the started server's certificate.
    local workload=$1 name=$2 rep=$3 tls=()
    shift 3
    local start=()
    while [ "$1" != -- ]; do
        start+=("$1")
        shift
    done
    shift
    local json=$out/$workload-$name-r$rep.json log=$out/logs/$workload-$name-r$rep.txt status=0 note=""
    rm -f "$json"
    echo
    if [ "$workload" = storm ]; then
        echo "== $workload on $name (once): $*"
    else
        echo "== $workload on $name (run $rep of $repeat): $*"
    fi
    if ! "${start[@]}"; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$workload" "$name" "$rep" "$json" 1 "the server did not start" >>"$manifest"
        return 0
    fi
    if [[ $workload == *-tls ]]; then
        tls=(--tls)
        if [ -n "$server_fingerprint" ]; then
            tls+=(--tls-fingerprint "$server_fingerprint")
            echo "   over STARTTLS, the server's certificate pinned: --tls --tls-fingerprint $server_fingerprint"
        else
            echo "compare.sh: warning: no certificate fingerprint for $name; TLS without verification" >&2
        fi
    fi
    # In the background, so that a signal runs our trap at once (bash defers traps while a
    # foreground command runs); the trap's cleanup stops the driver.
    setpriv --pdeathsig TERM timeout -k 10 900 \
        "$bench" --target "127.0.0.1:$server_port" --server-pid "$server_stats_pid" --json "$json" "${tls[@]}" "$@" \
        > >(tee "$log") 2>&1 &
    bench_pid=$!
    if wait "$bench_pid"; then
        status=0
    else
        status=$?
    fi
    bench_pid=""
    if ! alive "$server_pid"; then
        note="the server exited during the run"
        ((status)) || status=1
    fi
    stop_server
    if [ "$name" = ejabberd-archive ]; then
        # That the room archive was on: the messages ejabberd's mod_mam stored (sent + 1 warm-up).
        echo "   $workload run $rep: ejabberd archived $(archived_messages) room messages" |
            tee -a "$edir/archive.log"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$workload" "$name" "$rep" "$json" "$status" "$note" >>"$manifest"
}

run_on() { # server-key workload repeat accounts ""|tls -- minimix-bench arguments...
    local key=$1 workload=$2 rep=$3 accounts=$4 tls_flag=$5
    shift 6
    case $key in
    minimix) run "$workload" "$key" "$rep" start_minimix minimix "$accounts" "$workload" ${tls_flag:+"$tls_flag"} -- "$@" ;;
    prosody) run "$workload" "$key" "$rep" start_prosody ${tls_flag:+"$tls_flag"} -- "$@" ;;
    ejabberd-archive) run "$workload" "$key" "$rep" start_ejabberd archive ${tls_flag:+"$tls_flag"} -- "$@" ;;
    ejabberd-mnesia) run "$workload" "$key" "$rep" start_ejabberd mnesia ${tls_flag:+"$tls_flag"} -- "$@" ;;
    ejabberd) run "$workload" "$key" "$rep" start_ejabberd noarchive ${tls_flag:+"$tls_flag"} -- "$@" ;;
    esac
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
runs_started=$(date +%s)
for ((rep = 1; rep <= repeat; rep++)); do
    for workload in "${workloads[@]}"; do
        IFS='|' read -r name accounts _ args flags <<<"$workload"
        read -r -a args <<<"$args"
        [ "$flags" != scram ] || args+=("${scram[@]}")
        tls_flag=""
        [[ $name != *-tls ]] || tls_flag=tls
        for entry in "${servers[@]}"; do
            IFS='|' read -r key _ only extra <<<"$entry"
            [ -z "$only" ] || [[ " $only " == *" $name "* ]] || continue
            read -r -a extra <<<"$extra" # the last of a repeated flag wins
            run_on "$key" "$name" "$rep" "$accounts" "$tls_flag" -- "${args[@]}" "${extra[@]}"
        done
    done
done
run storm minimix 1 start_minimix minimix "$storm_accounts" storm -- "${storm_args[@]}"
run storm classic 1 start_minimix classic "$storm_accounts" storm-classic -- "${storm_args[@]}"
run storm prosody 1 start_prosody -- "${storm_args[@]}"
run storm ejabberd 1 start_ejabberd noarchive -- "${storm_args[@]}"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- tables, summary.json, plots -----------------------------------------------------------
echo
descriptions=()
for workload in "${workloads[@]}"; do
    IFS='|' read -r name _ description _ _ <<<"$workload"
    descriptions+=("$name=$description")
done
descriptions+=("storm=$storm_description")
servers_text=$(printf '%s\n' "${servers[@]}" | cut -d'|' -f1,2)
export COMPARE_OUT=$out COMPARE_MANIFEST=$manifest COMPARE_PLOT=$plot COMPARE_QUICK=$quick \
    COMPARE_REPEAT=$repeat COMPARE_BUILD_TYPE=$build_type COMPARE_ACCOUNTS=$accounts_needed \
    COMPARE_REGISTER_S=$register_seconds COMPARE_EJABBERD_REGISTER_S=$ejabberd_register_seconds \
    COMPARE_BENCH=$bench COMPARE_PROSODY_CONFIG=$pdir/prosody.cfg.lua \
    COMPARE_PROSODY_TLS_CONFIG=$pdir/prosody-tls.cfg.lua COMPARE_EJABBERD_DIR=$edir \
    COMPARE_LOAD_BEFORE=$load_before COMPARE_LOAD_AFTER=$load_after \
    COMPARE_RUNS_S=$(($(date +%s) - runs_started)) COMPARE_TOTAL_S=$(($(date +%s) - started_at)) \
    COMPARE_SERVERS=$servers_text
python3 - "${descriptions[@]}" <<'PY'
import datetime, json, os, platform, statistics, subprocess, sys

out = os.environ["COMPARE_OUT"]
repeat = int(os.environ["COMPARE_REPEAT"])
descriptions = dict(arg.split("=", 1) for arg in sys.argv[1:])
SERVERS = [tuple(line.split("|", 1)) for line in os.environ["COMPARE_SERVERS"].splitlines()]
LABEL = dict(SERVERS)
LABEL.update({"classic": "minimix-server, classic mode"})
OTHERS = [key for key, _ in SERVERS if key != "minimix"]
SHORT = {"prosody": "Prosody", "ejabberd-mnesia": "ej. Mnesia", "ejabberd-archive": "ej. SQLite",
         "ejabberd": "ej. off"}

runs = {}  # workload -> server -> [run, ...] in repeat order
order = []
with open(os.environ["COMPARE_MANIFEST"]) as manifest:
    for line in manifest:
        workload, server, rep, path, status, note = line.rstrip("\n").split("\t")
        if workload not in runs:
            runs[workload] = {}
            order.append(workload)
        run = {"repeat": int(rep), "json": os.path.basename(path), "exit_code": int(status), "ok": False,
               "error": note, "result": None}
        try:
            with open(path) as f:
                run["result"] = json.load(f)
        except FileNotFoundError:
            run["error"] = run["error"] or f"minimix-bench exited with {status} and wrote no {os.path.basename(path)}"
        except (OSError, ValueError) as e:
            run["error"] = run["error"] or f"unreadable {os.path.basename(path)}: {e}"
        result = run["result"] or {}
        if not run["error"] and not result.get("ok", False):
            run["error"] = result.get("error") or "the run reported a failure"
        if not run["error"] and run["exit_code"] != 0:
            run["error"] = f"minimix-bench exited with {run['exit_code']}"
        run["ok"] = not run["error"]
        runs[workload].setdefault(server, []).append(run)

def get(result, path):
    value = result or {}
    for key in path.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

def cpu_us_per_delivery(result):
    cpu, seconds, deliveries = (get(result, k) for k in ("server_cpu_pct", "duration_s", "deliveries"))
    if cpu is None or not seconds or not deliveries:
        return None
    return cpu / 100 * seconds / deliveries * 1e6

def per_delivery_figure(how):
    # A figure of the deliveries, or sampled while they arrive (none in the login runs: n/a there).
    return lambda result: get(result, how) if get(result, "deliveries") else None

# figure, how to read it, better ("higher", "lower" or None: no ratio), digits, "sum": total of all runs
FIGURES = [
    ("deliveries/s", per_delivery_figure("deliveries_per_s"), "higher", 0, None),
    ("latency p50 (ms)", per_delivery_figure("latency_ms.p50"), "lower", 2, None),
    ("latency p99 (ms)", per_delivery_figure("latency_ms.p99"), "lower", 2, None),
    ("latency max (ms)", per_delivery_figure("latency_ms.max"), "lower", 2, None),
    ("lost (all runs)", "lost", None, 0, "sum"),
    ("duplicates (all runs)", "duplicates", None, 0, "sum"),
    ("server CPU %", per_delivery_figure("server_cpu_pct"), "lower", 1, None),
    ("server CPU us/delivery", cpu_us_per_delivery, "lower", 2, None),
    ("server RSS (MB)", "server_rss_mb", "lower", 1, None),
    ("driver CPU %", per_delivery_figure("driver_cpu_pct"), None, 1, None),
    ("connect/login (s)", "connect_s", "lower", 3, None),
    ("join (s)", "join_s", "lower", 3, None),
]
STORM_FIGURES = [
    ("observer presences", "storm.observer_presences", 0),
    ("reconnect (s)", "storm.reconnect_s", 3),
    ("server CPU %", "server_cpu_pct", 1),
    ("server RSS (MB)", "server_rss_mb", 1),
    ("connect (s)", "connect_s", 3),
    ("join (s)", "join_s", 3),
]

def value_of(run, how):
    result = run["result"] if run else None
    return how(result) if callable(how) else get(result, how)

def combined(run_list, how, combine=None):
    """The median over the runs that succeeded (or the total of all runs, for counts)."""
    if combine == "sum":
        values = [value_of(r, how) for r in run_list or []]
        values = [v for v in values if v is not None]
        return sum(values) if values else None
    values = [value_of(r, how) for r in run_list or [] if r["ok"]]
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None

def spread(run_list, how):
    values = [value_of(r, how) for r in run_list or [] if r["ok"]]
    values = [v for v in values if v is not None]
    return [min(values), max(values)] if values else None

def fmt(value, digits):
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"

def ratio(a, b):
    return a / b if a is not None and b else None

def advantage(a, b, better):
    """minimix-server's advantage over another server: above 1 means minimix-server did better."""
    if better == "higher":
        return ratio(a, b)
    if better == "lower":
        return ratio(b, a)
    return None

def sasl_of(run_list):
    used = sorted({(r["result"] or {}).get("sasl") for r in run_list or [] if r["result"]} - {None, ""})
    return ", ".join(used) if used else None

def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None

def version(package):
    return subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True).stdout

edir = os.environ["COMPARE_EJABBERD_DIR"]
summary = {
    "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "quick": os.environ["COMPARE_QUICK"] == "1",
    "repeat": repeat,
    "figures_are": f"medians of the runs that succeeded out of {repeat} per workload and server "
                   "(lost and duplicates: totals of all runs); the storm runs once",
    "build_type": os.environ["COMPARE_BUILD_TYPE"],
    "driver": os.environ["COMPARE_BENCH"],
    "host": {"cpus": os.cpu_count(), "kernel": platform.release(), "machine": platform.machine(),
             "loadavg_before": os.environ["COMPARE_LOAD_BEFORE"], "loadavg_after": os.environ["COMPARE_LOAD_AFTER"]},
    "duration_s": {"runs": int(os.environ["COMPARE_RUNS_S"]), "total": int(os.environ["COMPARE_TOTAL_S"])},
    "servers": dict(SERVERS),
    "prosody": {"version": version("prosody"), "registered_accounts": int(os.environ["COMPARE_ACCOUNTS"]),
                "register_s": float(os.environ["COMPARE_REGISTER_S"]),
                "config": read(os.environ["COMPARE_PROSODY_CONFIG"]),
                "tls_config": read(os.environ["COMPARE_PROSODY_TLS_CONFIG"])},
    "ejabberd": {"version": version("ejabberd"), "registered_accounts": int(os.environ["COMPARE_ACCOUNTS"]),
                 "register_s": float(os.environ["COMPARE_EJABBERD_REGISTER_S"]),
                 "configs": {name: read(os.path.join(edir, name)) for name in
                             ("ejabberd-archive.yml", "ejabberd-archive-tls.yml", "ejabberd-mnesia.yml",
                              "ejabberd-noarchive.yml",
                              "ejabberd-noarchive-tls.yml")},
                 "ejabberdctl_cfg": read(os.path.join(edir, "conf", "ejabberdctl.cfg"))},
    "ratio": "minimix-server's advantage over the other server: minimix/other for deliveries/s, other/minimix "
             "for the rest; above 1 means minimix-server did better",
    "workloads": {},
}

failed = []
for workload in order:
    for server, run_list in runs[workload].items():
        for run in run_list:
            if not run["ok"]:
                failed.append(f"{workload} on {LABEL.get(server, server)} (run {run['repeat']}): {run['error']}")

def line(cells, widths):
    return "".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))).rstrip()

COLUMNS = [LABEL[key] for key, _ in SERVERS]
# Two header lines: a server's label split at its comma ("ejabberd," / "archive on").
def header(title, labels, extra, widths):
    print(title)
    top = [label.split(", ")[0] for label in labels]
    bottom = [label.split(", ")[1] if ", " in label else "" for label in labels]
    print(line(["figure"] + top + extra, widths))
    if any(bottom):
        print(line([""] + bottom + [""] * len(extra), widths))

medians = {}
for workload in order:
    if workload == "storm":
        continue
    rows = []
    widths = [24] + [15] * len(SERVERS) + [12] * len(OTHERS)
    # Servers that do not run this workload (ejabberd with its Mnesia archive) show n/a.
    counted = {key: sum(r["ok"] for r in runs[workload][key]) for key, _ in SERVERS if key in runs[workload]}
    header(f"{workload}: {descriptions.get(workload, '')}", COLUMNS,
           [f"vs {SHORT[key]}" for key in OTHERS], widths)
    medians[workload] = {}
    for label, how, better, digits, combine in FIGURES:
        values = {key: combined(runs[workload].get(key), how, combine) for key, _ in SERVERS}
        ratios = {key: advantage(values["minimix"], values[key], better) for key in OTHERS}
        rows.append({"figure": label, "values": values,
                     "spread": {key: spread(runs[workload].get(key), how) for key, _ in SERVERS}
                     if combine is None else None,
                     "ratios": ratios if better else None})
        for key in values:
            medians[workload].setdefault(key, {})[label] = values[key]
        print(line([label] + [fmt(values[key], digits) for key, _ in SERVERS]
                   + [(fmt(ratios[key], 2) if better else "-") for key in OTHERS], widths))
    mechanisms = {key: sasl_of(runs[workload].get(key)) for key, _ in SERVERS}
    if any(mechanisms.values()):
        print(line(["SASL"] + [mechanisms[key] or "n/a" for key, _ in SERVERS], widths))
    print(f"({', '.join(f'{LABEL[key]}: {counted[key]}' for key in counted)} of {repeat} runs succeeded)"
          if any(c != repeat for c in counted.values()) else
          f"(medians of {repeat} runs each)" if repeat > 1 else "(one run each)")
    for key, _ in SERVERS:
        for run in runs[workload].get(key, []):
            if not run["ok"]:
                print(f"  FAILED on {LABEL[key]}, run {run['repeat']}: {run['error']}")
    print()
    summary["workloads"][workload] = {"description": descriptions.get(workload, ""), "runs": runs[workload],
                                      "succeeded": counted, "sasl": mechanisms, "table": rows}

if "storm" in runs:
    storm = runs["storm"]
    keys = ["minimix", "classic", "prosody", "ejabberd"]
    labels = ["minimix mode", "classic mode", "Prosody", "ejabberd"]
    widths = [24, 15, 15, 15, 15, 17]
    header(f"storm: {descriptions.get('storm', '')}", labels, ["classic/minimix"], widths)
    rows = []
    for label, how, digits in STORM_FIGURES:
        values = {key: combined(storm.get(key), how) for key in keys}
        r = ratio(values["classic"], values["minimix"])
        rows.append({"figure": label, "values": values, "ratio": r, "ratio_is": "classic/minimix"})
        print(line([label] + [fmt(values[key], digits) for key in keys] + [fmt(r, 2)], widths))
    print("(minimix mode and classic mode: minimix-server started with --mode minimix / --mode classic;")
    print(" ejabberd with the room archive off)")
    for key in keys:
        for run in storm.get(key, []):
            if not run["ok"]:
                print(f"  FAILED on {LABEL.get(key, key)}: {run['error']}")
    print()
    summary["workloads"]["storm"] = {"description": descriptions.get("storm", ""), "runs": storm, "table": rows}

def median_of(workload, key, figure):
    return medians.get(workload, {}).get(key, {}).get(figure)

# Plain TCP and STARTTLS side by side.
HEADLINE = [
    ("burst deliveries/s", "burst", "deliveries/s", "higher", 0),
    ("burst CPU us/delivery", "burst", "server CPU us/delivery", "lower", 2),
    ("200/s latency p99 (ms)", "rate", "latency p99 (ms)", "lower", 2),
    ("login time (s)", "login", "connect/login (s)", "lower", 3),
]
headline = []
widths = [34] + [15] * len(SERVERS) + [12] * len(OTHERS)
header("plain TCP and STARTTLS side by side (medians)", COLUMNS, [f"vs {SHORT[key]}" for key in OTHERS], widths)
for label, workload, figure, better, digits in HEADLINE:
    for transport, name in (("plain TCP", workload), ("STARTTLS", workload + "-tls")):
        if name not in medians:
            continue
        values = {key: median_of(name, key, figure) for key, _ in SERVERS}
        ratios = {key: advantage(values["minimix"], values[key], better) for key in OTHERS}
        headline.append({"figure": label, "transport": transport, "workload": name, "values": values,
                         "ratios": ratios})
        print(line([f"{label}, {transport}"] + [fmt(values[key], digits) for key, _ in SERVERS]
                   + [fmt(ratios[key], 2) for key in OTHERS], widths))
print()
summary["headline"] = headline

# The targets: figures of minimix-server, alone or against another server.
def target(name, value, unit, comparison, threshold, digits, workload):
    met = None if value is None else (value >= threshold if comparison == ">=" else value <= threshold)
    return {"target": name, "value": value, "unit": unit, "comparison": comparison, "threshold": threshold,
            "met": met, "workload": workload, "digits": digits}

burst, burst_tls = "burst", "burst-tls"
login_mechanism = (summary["workloads"].get("login", {}).get("sasl") or {}).get("minimix")
login_parameters = next((r["result"].get("parameters") or {} for r in runs.get("login", {}).get("minimix", [])
                         if r["result"]), {})
logins = (login_parameters.get("accounts") or 0) * (login_parameters.get("sessions") or 0)
targets = [
    target("burst deliveries/s vs Prosody, plain TCP", ratio(median_of(burst, "minimix", "deliveries/s"),
           median_of(burst, "prosody", "deliveries/s")), "x", ">=", 8, 2, burst),
    # The issue measured ejabberd with its room archive in Mnesia, its default: 2.1-2.6k/s.
    target("burst deliveries/s vs ejabberd, Mnesia archive", ratio(median_of(burst, "minimix", "deliveries/s"),
           median_of(burst, "ejabberd-mnesia", "deliveries/s")), "x", ">=", 20, 2, burst),
    target("server CPU per delivery, burst, plain TCP", median_of(burst, "minimix", "server CPU us/delivery"),
           "us", "<=", 3, 2, burst),
    target(f"{logins:,} logins, {login_mechanism or 'SCRAM'}, plain TCP",
           median_of("login", "minimix", "connect/login (s)"),
           "s", "<=", 1.5, 3, "login"),
    target("burst deliveries/s vs Prosody, STARTTLS", ratio(median_of(burst_tls, "minimix", "deliveries/s"),
           median_of(burst_tls, "prosody", "deliveries/s")), "x", ">=", 3, 2, burst_tls),
    target("latency p99 at 200 msg/s to 20 sessions", median_of("rate", "minimix", "latency p99 (ms)"),
           "ms", "<=", 2, 2, "rate"),
]
print(f"targets (minimix-server, {'medians of ' + str(repeat) + ' runs' if repeat > 1 else 'one run'}"
      f"{', QUICK RUN: smaller workloads than the targets are about' if summary['quick'] else ''}):")
for t in targets:
    shown = "n/a" if t["value"] is None else f"{t['value']:,.{t['digits']}f} {t['unit']}".replace(" x", "x")
    verdict = "n/a" if t["met"] is None else "met" if t["met"] else "NOT met"
    print(f"  {t['target']:<52}{shown:>12}   target {t['comparison']} {t['threshold']:g}"
          f"{'x' if t['unit'] == 'x' else ' ' + t['unit']}: {verdict}")
print()
summary["targets"] = targets
summary["targets_met"] = all(t["met"] for t in targets)

print("ratios (vs ...): minimix-server's advantage over that server (minimix/other for deliveries/s,")
print("other/minimix for latencies, CPU, memory and times); above 1 means minimix-server did better.")
print("ej. Mnesia / ej. SQLite / ej. off: ejabberd with the room archive (mod_mam) in Mnesia, its default")
print("(burst and rate only, 2,000 messages each: its throughput falls as the archive grows), in SQLite on")
print("tmpfs, and off.")
print(f"load average (1, 5, 15 min) before the runs: {os.environ['COMPARE_LOAD_BEFORE']}, "
      f"after: {os.environ['COMPARE_LOAD_AFTER']}; runs took {int(os.environ['COMPARE_RUNS_S'])} s, "
      f"all of compare.sh {int(os.environ['COMPARE_TOTAL_S'])} s")

# Latency plots per message workload: each server's median run (by deliveries/s, or by p99
# for a rate workload), from the runs that delivered.
def representative(run_list, rated):
    good = [r for r in run_list or [] if (r["result"] or {}).get("deliveries")
            and len((r["result"] or {}).get("latency_cdf_ms") or []) >= 2]
    if not good:
        return None
    key = (lambda r: get(r["result"], "latency_ms.p99") or 0) if rated else \
          (lambda r: get(r["result"], "deliveries_per_s") or 0)
    good.sort(key=key)
    return good[(len(good) - 1) // 2]

plots = {}
for workload in order:
    if workload == "storm":
        continue
    rated = any(((r["result"] or {}).get("parameters") or {}).get("rate")
                for run_list in runs[workload].values() for r in run_list)
    pairs = []
    for key, label in SERVERS:
        run = representative(runs[workload].get(key), rated)
        if run:
            label += "" if run["ok"] else " (FAILED)"
            pairs.append(f"{label}={os.path.join(out, run['json'])}")
    if not pairs:
        continue
    png = os.path.join(out, f"latency-{workload}.png")
    title = f"Delivery latency, {workload}: {descriptions.get(workload, '')}"
    done = subprocess.run([os.environ["COMPARE_PLOT"], "--title", title, png] + pairs,
                          capture_output=True, text=True)
    if done.returncode == 0:
        plots[workload] = os.path.basename(png)
        print(f"plot: {png}")
    else:
        failed.append(f"plot {workload}: {done.stderr.strip().splitlines()[0] if done.stderr.strip() else done.returncode}")
summary["plots"] = plots
summary["failed"] = failed
summary["ok"] = not failed
with open(os.path.join(out, "summary.json"), "w") as f:
    json.dump(summary, f, indent=1)
    f.write("\n")
print(f"summary: {os.path.join(out, 'summary.json')}")
if failed:
    print("\nFAILED:", file=sys.stderr)
    for line_ in failed:
        print(f"  {line_}", file=sys.stderr)
    sys.exit(1)
PY
