#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 Minimix Lab contributors
# SPDX-License-Identifier: LGPL-2.1-or-later
# minimix-server against Prosody (Debian's, plain XEP-0045 MUC) under the same
# minimix-bench workloads, on loopback, each run against a freshly started server:
#   burst   5 accounts x 4 sessions, 2000 messages as fast as they go
#   rate    the same at 200 messages/s
#   scale   250 accounts x 4 sessions, 200 messages
#   storm   5 x 4: every session of accounts 2..5 drops, reconnects and rejoins while
#           account 1 watches; minimix-server in minimix mode, again in classic mode,
#           and Prosody for reference
# The burst and rate workloads run over plain TCP (minimix-server with
# --allow-plain-without-tls, Prosody without TLS) and again over STARTTLS (burst-tls,
# rate-tls: minimix-server with its default TLS, Prosody with mod_tls and a self-signed
# certificate made here; minimix-bench --tls pins each server's certificate).
# Prints a table per workload, writes every run's JSON, summary.json and latency
# plots into the output folder, and exits non-zero when any run failed.
#
#   bash bench/compare.sh [--quick] [--out DIR]
#
# --quick: a smoke run of under a minute (fewer messages, a small scale run).
# --out:   where results go (default: bench-results/ in the current directory).
# Environment: MINIMIX_BENCH=PATH runs that driver instead of the one built here;
# MINIMIX_BUILD_DIR=DIR builds and runs from DIR instead of build/.
#
# Run as root on Debian 12 (or as a user with sudo): it installs what is missing.
# Prosody runs as the prosody user, with its own configuration and data in a
# temporary folder, listening on 127.0.0.1 only; it is stopped on exit, Ctrl-C or
# failure, and cannot outlive this script (parent-death signal).
set -euo pipefail

usage() {
    echo "Usage:"
    sed -n '/^#   bash/,/^# MINIMIX_BUILD_DIR/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
}

quick=0
out="bench-results"
while (($#)); do
    case $1 in
    --quick) quick=1 ;;
    --out)
        (($# >= 2)) || { echo "compare.sh: --out needs a folder" >&2; exit 2; }
        out=$2
        shift
        ;;
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

# The output folder is relative to where we were started; everything else to the repository.
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${MINIMIX_BUILD_DIR:-build}
bench=${MINIMIX_BENCH:-$build/bench/minimix-bench}
server=$build/server/minimix-server
plot=$build/bench/plot/minimix-bench-plot
mkdir -p "$out/logs"

# --- what we start, and stopping it whatever happens --------------------------------
work=""
server_pid=""
bench_pid=""
register_pid=""
policy_rc=""
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

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

stop_server() {
    if [ -n "$server_pid" ]; then
        stop_pid "$server_pid"
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
    if [ -n "$register_pid" ]; then
        stop_pid "$register_pid"
    fi
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
        rm -rf "$work"
    fi
    [ -z "$policy_rc" ] || $sudo rm -f /usr/sbin/policy-rc.d
    exit "$status"
}
trap cleanup EXIT
trap 'echo "compare.sh: interrupted" >&2; exit 130' INT
trap 'echo "compare.sh: terminated" >&2; exit 143' TERM

# --- packages and build ---------------------------------------------------------------
# What .ci/setup installs (prosody among it), and python3 for reading the results.
packages=(cmake g++ ninja-build qtbase5-dev libqt5sql5-sqlite libqxmpp-dev prosody)
command -v python3 >/dev/null || packages+=(python3)
command -v openssl >/dev/null || packages+=(openssl) # Prosody's certificate for the TLS rows
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
    echo "== installing: ${missing[*]}"
    $sudo apt-get update -qq
    # Installing prosody must not start the system's own (it would listen on every interface).
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
fi
if [ "$(id -u)" -eq 0 ] && ! id prosody >/dev/null 2>&1; then
    echo "compare.sh: there is no prosody user to run Prosody as (is the prosody package broken?)" >&2
    exit 1
fi

# --- workloads ------------------------------------------------------------------------
# name|accounts|description|minimix-bench arguments (word-split)
if ((quick)); then
    workloads=(
        "burst|5|5 accounts x 4 sessions, 2000 messages, burst|--accounts 5 --sessions 4 --messages 2000"
        "rate|5|5 accounts x 4 sessions, 400 messages at 200/s|--accounts 5 --sessions 4 --messages 400 --rate 200"
        "scale|50|50 accounts x 4 sessions, 50 messages, burst|--accounts 50 --sessions 4 --messages 50"
    )
    tls_workloads=(
        "burst-tls|5|STARTTLS, 5 accounts x 4 sessions, 2000 messages, burst|--accounts 5 --sessions 4 --messages 2000"
        "rate-tls|5|STARTTLS, 5 accounts x 4 sessions, 400 messages at 200/s|--accounts 5 --sessions 4 --messages 400 --rate 200"
    )
else
    workloads=(
        "burst|5|5 accounts x 4 sessions, 2000 messages, burst|--accounts 5 --sessions 4 --messages 2000"
        "rate|5|5 accounts x 4 sessions, 2000 messages at 200/s|--accounts 5 --sessions 4 --messages 2000 --rate 200"
        "scale|250|250 accounts x 4 sessions, 200 messages, burst|--accounts 250 --sessions 4 --messages 200"
    )
    tls_workloads=(
        "burst-tls|5|STARTTLS, 5 accounts x 4 sessions, 2000 messages, burst|--accounts 5 --sessions 4 --messages 2000"
        "rate-tls|5|STARTTLS, 5 accounts x 4 sessions, 2000 messages at 200/s|--accounts 5 --sessions 4 --messages 2000 --rate 200"
    )
fi
storm_accounts=5
storm_args=(--accounts 5 --sessions 4 --storm)
storm_description="5 accounts x 4 sessions: the 16 sessions of accounts 2-5 drop, reconnect and rejoin; account 1's 4 sessions watch"
accounts_needed=$storm_accounts
for workload in "${workloads[@]}"; do
    IFS='|' read -r _ n _ _ <<<"$workload"
    ((n > accounts_needed)) && accounts_needed=$n
done

# --- a private Prosody: configuration, accounts (in the background while we build) ----
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
work=$(mktemp -d /tmp/minimix-compare.XXXXXX)
chmod 755 "$work"
pdir=$work/prosody
mkdir -p "$pdir/data" "$pdir/certs" "$pdir/tls"
prosody_port=$(free_port)
# The TLS rows' certificate: self-signed for localhost, EC P-256 like minimix-server's own. In
# tls/, not certs/, where the plain rows' Prosody would find and load it.
if ! openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
    -subj /CN=localhost -addext subjectAltName=DNS:localhost \
    -keyout "$pdir/tls/localhost.key" -out "$pdir/tls/localhost.crt" >"$pdir/tls/openssl.log" 2>&1; then
    echo "compare.sh: openssl could not make Prosody's certificate:" >&2
    cat "$pdir/tls/openssl.log" >&2
    exit 1
fi
chmod 600 "$pdir/tls/localhost.key"
# "sha256 Fingerprint=AB:CD:..." (OpenSSL 3; "SHA256 Fingerprint=" before): minimix-bench pins it.
prosody_fingerprint=$(openssl x509 -in "$pdir/tls/localhost.crt" -noout -fingerprint -sha256 | sed 's/^.*Fingerprint=//')
# Two configurations of one Prosody (same port, data and accounts; one runs at a time):
# prosody.cfg.lua for the plain rows, prosody-tls.cfg.lua for the TLS rows.
write_prosody_config() { # file tls(0|1)
    local file=$1 tls=$2 modules='"roster", "saslauth", "disco", "ping"' security
    if ((tls)); then
        modules="\"tls\", $modules"
        security="-- STARTTLS with the certificate made by compare.sh; TLS optional and PLAIN only over
-- TLS, as minimix-server's defaults.
authentication = \"internal_plain\"
c2s_require_encryption = false
allow_unencrypted_plain_auth = false
ssl = { certificate = \"$pdir/tls/localhost.crt\", key = \"$pdir/tls/localhost.key\" }"
    else
        security="-- The driver speaks SASL PLAIN over plain TCP, as to minimix-server.
authentication = \"internal_plain\"
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

if ! wait "$register_pid"; then
    register_pid=""
    echo "compare.sh: registering the Prosody accounts failed:" >&2
    tail -n 20 "$pdir/register.log" >&2
    exit 1
fi
register_pid=""
register_seconds=$(cat "$work/register.seconds")
echo "== registered $accounts_needed Prosody accounts in $register_seconds s"

# 1,000 sessions need more than 1,024 descriptors, in the driver and in each server.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [ "$(ulimit -n)" != unlimited ] && (($(ulimit -n) < 4096)); then
    echo "compare.sh: warning: only $(ulimit -n) file descriptors; the scale run may fail" >&2
fi

# --- starting and stopping the servers -------------------------------------------------
server_port=""
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
        >"$stdout" 2>"$out/logs/minimix-server-$tag.log" &
    server_pid=$!
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
    server_port=$prosody_port
    server_fingerprint=$prosody_fingerprint
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

# --- the runs ----------------------------------------------------------------------------
manifest=$work/manifest.tsv
: >"$manifest"
run() { # workload server-name start-command... -- minimix-bench arguments...
    # A workload named *-tls runs minimix-bench --tls, pinned to the started server's certificate.
    local workload=$1 name=$2 tls=()
    shift 2
    local start=()
    while [ "$1" != -- ]; do
        start+=("$1")
        shift
    done
    shift
    local json=$out/$workload-$name.json log=$out/logs/$workload-$name.txt status=0 note=""
    rm -f "$json"
    echo
    echo "== $workload on $name: $*"
    if ! "${start[@]}"; then
        printf '%s\t%s\t%s\t%s\t%s\n' "$workload" "$name" "$json" 1 "the server did not start" >>"$manifest"
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
        "$bench" --target "127.0.0.1:$server_port" --server-pid "$server_pid" --json "$json" "${tls[@]}" "$@" \
        > >(tee "$log") 2>&1 &
    bench_pid=$!
    if wait "$bench_pid"; then
        status=0
    else
        status=$?
    fi
    bench_pid=""
    if ! kill -0 "$server_pid" 2>/dev/null; then
        note="the server exited during the run"
        ((status)) || status=1
    fi
    stop_server
    printf '%s\t%s\t%s\t%s\t%s\n' "$workload" "$name" "$json" "$status" "$note" >>"$manifest"
}

for workload in "${workloads[@]}"; do
    IFS='|' read -r name accounts _ args <<<"$workload"
    read -r -a args <<<"$args"
    run "$name" minimix start_minimix minimix "$accounts" "$name" -- "${args[@]}"
    run "$name" prosody start_prosody -- "${args[@]}"
done
for workload in "${tls_workloads[@]}"; do
    IFS='|' read -r name accounts _ args <<<"$workload"
    read -r -a args <<<"$args"
    run "$name" minimix start_minimix minimix "$accounts" "$name" tls -- "${args[@]}"
    run "$name" prosody start_prosody tls -- "${args[@]}"
done
run storm minimix start_minimix minimix "$storm_accounts" storm -- "${storm_args[@]}"
run storm classic start_minimix classic "$storm_accounts" storm-classic -- "${storm_args[@]}"
run storm prosody start_prosody -- "${storm_args[@]}"

# --- tables, summary.json, plots -----------------------------------------------------------
echo
descriptions=()
for workload in "${workloads[@]}" "${tls_workloads[@]}"; do
    IFS='|' read -r name _ description _ <<<"$workload"
    descriptions+=("$name=$description")
done
descriptions+=("storm=$storm_description")
export COMPARE_OUT=$out COMPARE_MANIFEST=$manifest COMPARE_PLOT=$plot COMPARE_QUICK=$quick \
    COMPARE_BUILD_TYPE=$build_type COMPARE_REGISTER_S=$register_seconds COMPARE_ACCOUNTS=$accounts_needed \
    COMPARE_BENCH=$bench COMPARE_PROSODY_CONFIG=$pdir/prosody.cfg.lua \
    COMPARE_PROSODY_TLS_CONFIG=$pdir/prosody-tls.cfg.lua
python3 - "${descriptions[@]}" <<'PY'
import datetime, json, os, platform, subprocess, sys

out = os.environ["COMPARE_OUT"]
descriptions = dict(arg.split("=", 1) for arg in sys.argv[1:])
runs = {}  # workload -> server -> run
order = []
with open(os.environ["COMPARE_MANIFEST"]) as manifest:
    for line in manifest:
        workload, server, path, status, note = line.rstrip("\n").split("\t")
        if workload not in runs:
            runs[workload] = {}
            order.append(workload)
        run = {"json": os.path.basename(path), "exit_code": int(status), "ok": False, "error": note, "result": None}
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
        runs[workload][server] = run

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

# figure, how to read it, better ("higher", "lower" or None: no ratio), digits
FIGURES = [
    ("deliveries/s", "deliveries_per_s", "higher", 0),
    ("latency p50 (ms)", "latency_ms.p50", "lower", 2),
    ("latency p99 (ms)", "latency_ms.p99", "lower", 2),
    ("latency max (ms)", "latency_ms.max", "lower", 2),
    ("lost", "lost", None, 0),
    ("duplicates", "duplicates", None, 0),
    ("server CPU %", "server_cpu_pct", "lower", 1),
    ("server CPU us/delivery", cpu_us_per_delivery, "lower", 2),
    ("server RSS (MB)", "server_rss_mb", "lower", 1),
    ("driver CPU %", "driver_cpu_pct", None, 1),
    ("connect (s)", "connect_s", "lower", 3),
    ("join (s)", "join_s", "lower", 3),
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

def fmt(value, digits):
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}"

def ratio(a, b):
    return a / b if a is not None and b else None

summary = {
    "generated": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
    "quick": os.environ["COMPARE_QUICK"] == "1",
    "build_type": os.environ["COMPARE_BUILD_TYPE"],
    "driver": os.environ["COMPARE_BENCH"],
    "host": {"cpus": os.cpu_count(), "kernel": platform.release(), "machine": platform.machine()},
    "prosody": {"registered_accounts": int(os.environ["COMPARE_ACCOUNTS"]),
                "register_s": float(os.environ["COMPARE_REGISTER_S"])},
    "ratio": "minimix-server's advantage: minimix/Prosody for deliveries/s, Prosody/minimix for the rest; "
             "above 1 means minimix-server did better",
    "workloads": {},
}
try:
    summary["prosody"]["version"] = subprocess.run(
        ["dpkg-query", "-W", "-f=${Version}", "prosody"], capture_output=True, text=True).stdout
    with open(os.environ["COMPARE_PROSODY_CONFIG"]) as f:
        summary["prosody"]["config"] = f.read()
    with open(os.environ["COMPARE_PROSODY_TLS_CONFIG"]) as f:
        summary["prosody"]["tls_config"] = f.read()
except OSError:
    pass

failed = []
for workload in order:
    for server, run in runs[workload].items():
        if not run["ok"]:
            failed.append(f"{workload} on {server}: {run['error']}")

def header(title, columns, widths):
    print(title)
    print("".join(c.rjust(w) if i else c.ljust(w) for i, (c, w) in enumerate(zip(columns, widths))).rstrip())

for workload in order:
    if workload == "storm":
        continue
    mm, pr = runs[workload].get("minimix"), runs[workload].get("prosody")
    rows = []
    for label, how, better, digits in FIGURES:
        a, b = value_of(mm, how), value_of(pr, how)
        r = (ratio(a, b) if better == "higher" else ratio(b, a)) if better else None
        rows.append({"figure": label, "minimix": a, "prosody": b, "ratio": r,
                     "ratio_is": {"higher": "minimix/Prosody", "lower": "Prosody/minimix"}.get(better)})
    widths = [24, 16, 16, 10, 18]
    header(f"{workload}: {descriptions.get(workload, '')}",
           ["figure", "minimix-server", "Prosody", "ratio", "  ratio is"], widths)
    for row, (_, _, _, digits) in zip(rows, FIGURES):
        print(row["figure"].ljust(widths[0]) + fmt(row["minimix"], digits).rjust(widths[1])
              + fmt(row["prosody"], digits).rjust(widths[2])
              + (fmt(row["ratio"], 2) if row["ratio_is"] else "-").rjust(widths[3])
              + ("  " + row["ratio_is"] if row["ratio_is"] else ""))
    for server, run in (("minimix-server", mm), ("Prosody", pr)):
        if run and not run["ok"]:
            print(f"  FAILED on {server}: {run['error']}")
    print()
    summary["workloads"][workload] = {"description": descriptions.get(workload, ""), "runs": runs[workload],
                                      "table": rows}

if "storm" in runs:
    storm = runs["storm"]
    mm, cl, pr = storm.get("minimix"), storm.get("classic"), storm.get("prosody")
    rows = []
    widths = [24, 16, 16, 16, 16]
    header(f"storm: {descriptions.get('storm', '')}",
           ["figure", "minimix mode", "classic mode", "Prosody", "classic/minimix"], widths)
    for label, how, digits in STORM_FIGURES:
        a, c, p = value_of(mm, how), value_of(cl, how), value_of(pr, how)
        r = ratio(c, a)
        rows.append({"figure": label, "minimix": a, "classic": c, "prosody": p, "ratio": r,
                     "ratio_is": "classic/minimix"})
        print(label.ljust(widths[0]) + fmt(a, digits).rjust(widths[1]) + fmt(c, digits).rjust(widths[2])
              + fmt(p, digits).rjust(widths[3]) + fmt(r, 2).rjust(widths[4]))
    print("(minimix mode and classic mode: minimix-server started with --mode minimix / --mode classic)")
    for server, run in (("minimix-server (minimix)", mm), ("minimix-server (classic)", cl), ("Prosody", pr)):
        if run and not run["ok"]:
            print(f"  FAILED on {server}: {run['error']}")
    print()
    summary["workloads"]["storm"] = {"description": descriptions.get("storm", ""), "runs": storm, "table": rows}

# Plain TCP and STARTTLS side by side: the figures the targets are about.
HEADLINE = [
    ("burst deliveries/s", "burst", "deliveries_per_s", "higher", 0),
    ("burst CPU us/delivery", "burst", cpu_us_per_delivery, "lower", 2),
    ("200/s latency p99 (ms)", "rate", "latency_ms.p99", "lower", 2),
]
headline = []
widths = [34, 16, 16, 10]
header("plain TCP and STARTTLS side by side", ["figure", "minimix-server", "Prosody", "ratio"], widths)
for label, workload, how, better, digits in HEADLINE:
    for transport, name in (("plain TCP", workload), ("STARTTLS", workload + "-tls")):
        if name not in runs:
            continue
        mm, pr = runs[name].get("minimix"), runs[name].get("prosody")
        a, b = value_of(mm, how), value_of(pr, how)
        r = ratio(a, b) if better == "higher" else ratio(b, a)
        headline.append({"figure": label, "transport": transport, "workload": name, "minimix": a, "prosody": b,
                         "ratio": r})
        print(f"{label}, {transport}".ljust(widths[0]) + fmt(a, digits).rjust(widths[1])
              + fmt(b, digits).rjust(widths[2]) + fmt(r, 2).rjust(widths[3]))
plain_burst = next((row["ratio"] for row in headline
                    if row["workload"] == "burst" and row["figure"] == "burst deliveries/s"), None)
print(f"target: burst deliveries/s over plain TCP >= 3x Prosody's: "
      + ("n/a" if plain_burst is None else f"{plain_burst:.2f}x, {'met' if plain_burst >= 3 else 'NOT met'}"))
print()
summary["headline"] = {"rows": headline, "plain_burst_ratio": plain_burst,
                       "plain_burst_target_met": plain_burst is not None and plain_burst >= 3}

print("ratio: minimix-server's advantage (minimix/Prosody for deliveries/s, Prosody/minimix for latencies,")
print("CPU, memory and times); above 1 means minimix-server did better.")

# Latency plots: minimix-server and Prosody per message workload, from the runs that delivered.
plots = {}
for workload in order:
    if workload == "storm":
        continue
    pairs = []
    for server, label in (("minimix", "minimix-server"), ("prosody", "Prosody")):
        run = runs[workload].get(server)
        result = (run or {}).get("result") or {}
        if result.get("deliveries") and len(result.get("latency_cdf_ms") or []) >= 2:
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
    for line in failed:
        print(f"  {line}", file=sys.stderr)
    sys.exit(1)
PY
