#!/usr/bin/env bash
#
# outage.sh - take one server of a running stack (stack.sh start --dir DIR) down and bring it back with the same
# data and ports, while the other keeps running: the crash and restart tests of bench/durability.sh and the ITs.
#
#   outage.sh kill-kafka  --dir DIR           SIGKILL the broker (its command line is kept in DIR/kafka/kafka.cmdline)
#   outage.sh start-kafka --dir DIR           start the broker again with that command line; wait until it answers
#   outage.sh stop-pg     --dir DIR [--kill]  pg_ctl stop -m fast, or SIGKILL of the postmaster (--kill); waits until
#                                             every PostgreSQL process of the stack is gone
#   outage.sh start-pg    --dir DIR           start PostgreSQL again on its port and data; wait until it answers
#
# Why not `stack.sh start --keep-data`: it restarts both servers and refuses while either still runs. The broker is
# started again with the very command line it ran with (same server.properties: same ports, same log dirs), and
# PostgreSQL with the options stack.sh gives it. DIR/stack.env gets the new pid. Prints nothing on success but the
# new pid; errors go to stderr with the end of the server's log.
set -euo pipefail

STACK_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=java.sh
source "$STACK_HOME/java.sh"
READY_TIMEOUT=${STACK_READY_TIMEOUT:-90}

say() { echo "outage: $*" >&2; }
die() { say "error: $*"; exit 1; }

usage() {
    sed -n 's/^#   \(outage\.sh .*\)/usage: \1/p' "${BASH_SOURCE[0]}" >&2
    exit 2
}

CMD=${1:-}
[[ -n "$CMD" ]] || usage
shift
DIR="" KILL=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --dir) DIR=${2:?--dir needs a value}; shift 2 ;;
        --kill) KILL=1; shift ;;
        -h|--help) usage ;;
        *) die "unknown argument: $1" ;;
    esac
done
[[ -n "$DIR" && -r "$DIR/stack.env" ]] || die "--dir must name a stack directory with a stack.env"
DIR=$(cd "$DIR" && pwd -P)
ENV_FILE=$DIR/stack.env

env_get() { sed -n "s/^$1=//p" "$ENV_FILE" | tail -n1; }

# Replaces KEY=... in stack.env (written to a temporary file and renamed: readers never see half a file).
env_set() {
    local tmp=$ENV_FILE.tmp.$$
    sed "s|^$1=.*|$1=$2|" "$ENV_FILE" >"$tmp"
    mv -f "$tmp" "$ENV_FILE"
}

alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null && [[ "$(state "$1")" != Z ]]; }
state() { local s; s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo X; return; }; s=${s##*) }; echo "${s:0:1}"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Waits until none of the given pids runs any more (a zombie counts as gone), at most $1 seconds.
wait_gone() {
    local deadline=$((SECONDS + $1)) pid left
    shift
    while :; do
        left=""
        for pid in "$@"; do alive "$pid" && left+="$pid "; done
        [[ -z "$left" ]] && return 0
        ((SECONDS < deadline)) || { say "still running after the wait: $left"; return 1; }
        sleep 0.1
    done
}

tail_log() { [[ -r "$1" ]] && { echo "----- end of $1 -----" >&2; tail -n 30 "$1" >&2; }; return 0; }

# PostgreSQL refuses to run as root; stack.sh runs it as nobody then, and so must we.
as_pg() {
    if [[ $(id -u) -ne 0 ]]; then
        "$@"
    elif command -v setpriv >/dev/null 2>&1; then
        setpriv --reuid=nobody --regid="$(id -gn nobody 2>/dev/null || echo nogroup)" --clear-groups -- "$@"
    else
        runuser -u nobody -- "$@"
    fi
}

# ------------------------------------------------------------------ Kafka

KAFKA_DIR=$DIR/kafka
CMDLINE_FILE=$KAFKA_DIR/kafka.cmdline

kill_kafka() {
    local pid
    pid=$(env_get KAFKA_PID)
    alive "$pid" || die "the broker (pid ${pid:-none}) is not running"
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$KAFKA_DIR/server.properties" ||
        die "pid $pid is not this stack's broker"
    # Kept NUL-separated, exactly as the kernel holds it, so that arguments with spaces survive.
    cp "/proc/$pid/cmdline" "$CMDLINE_FILE.tmp" && mv -f "$CMDLINE_FILE.tmp" "$CMDLINE_FILE"
    kill -KILL "$pid"
    wait_gone 30 "$pid" || die "the broker (pid $pid) survived SIGKILL"
    echo "$pid"
}

start_kafka() {
    local pid port cmd=()
    pid=$(env_get KAFKA_PID)
    alive "$pid" && die "the broker (pid $pid) is still running"
    [[ -s "$CMDLINE_FILE" ]] || die "no $CMDLINE_FILE: stop the broker with 'outage.sh kill-kafka' first"
    mapfile -d '' -t cmd <"$CMDLINE_FILE"
    port=$(env_get KAFKA_PORT)
    rm -f "$KAFKA_DIR/kafka.pid"
    # Detached like stack.sh starts it: own session, no terminal, output to the same log.
    setsid bash -c 'echo $$ > "$0"; exec "$@"' "$KAFKA_DIR/kafka.pid" "${cmd[@]}" \
        >>"$DIR/kafka.log" 2>&1 </dev/null &
    local deadline=$((SECONDS + READY_TIMEOUT))
    until [[ -s "$KAFKA_DIR/kafka.pid" ]]; do
        ((SECONDS < deadline)) || die "the broker did not start (no pid)"
        sleep 0.1
    done
    pid=$(cat "$KAFKA_DIR/kafka.pid")
    env_set KAFKA_PID "$pid"
    # Ready: the broker answers an admin request (it may first recover its logs after the unclean stop).
    local cp
    cp=$("$STACK_HOME/stack.sh" kafka-classpath)
    while :; do
        alive "$pid" || { tail_log "$DIR/kafka.log"; die "the broker exited while starting"; }
        if port_open "$port" && java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "$cp" \
                org.apache.kafka.tools.FeatureCommand --bootstrap-server "127.0.0.1:$port" describe >/dev/null 2>&1; then
            break
        fi
        ((SECONDS < deadline)) || { tail_log "$DIR/kafka.log"; die "the broker was not ready within ${READY_TIMEOUT}s"; }
        sleep 0.5
    done
    echo "$pid"
}

# ------------------------------------------------------------- PostgreSQL

PG_DATA=$(env_get PG_DATA)
PG_BIN=$(env_get PG_BIN)
PG_LOG=$(readlink -f "$DIR/pg.log")

# The postmaster and its children (backends, background workers), from /proc.
pg_processes() {
    local pm=$1 p
    echo "$pm"
    for p in /proc/[0-9]*; do
        [[ "$(awk '{ sub(/.*\) /, ""); print $2 }' "$p/stat" 2>/dev/null)" == "$pm" ]] && echo "${p#/proc/}"
    done
    return 0
}

stop_pg() {
    local pm procs=()
    [[ -f "$PG_DATA/postmaster.pid" ]] || die "PostgreSQL is not running ($PG_DATA/postmaster.pid is missing)"
    pm=$(head -n1 "$PG_DATA/postmaster.pid")
    alive "$pm" || die "PostgreSQL (pid $pm) is not running"
    mapfile -t procs < <(pg_processes "$pm")
    if [[ -n "$KILL" ]]; then
        kill -KILL "$pm"
        # Backends notice their postmaster's death and exit; a new postmaster cannot start while they hold the
        # old shared memory.
        if ! wait_gone 30 "${procs[@]}"; then
            kill -KILL "${procs[@]}" 2>/dev/null || true
            wait_gone 10 "${procs[@]}" || die "PostgreSQL processes survived SIGKILL"
        fi
    else
        as_pg "$PG_BIN/pg_ctl" stop -D "$PG_DATA" -m fast -w -t 60 >/dev/null ||
            { tail_log "$PG_LOG"; die "pg_ctl stop failed"; }
        wait_gone 30 "${procs[@]}" || die "PostgreSQL processes are left after pg_ctl stop"
    fi
    echo "$pm"
}

start_pg() {
    local port sock pid
    port=$(env_get PG_PORT)
    sock=$(env_get PG_SOCKET_DIR)
    if [[ -f "$PG_DATA/postmaster.pid" ]]; then
        pid=$(head -n1 "$PG_DATA/postmaster.pid")
        alive "$pid" && die "PostgreSQL is still running"
        # A killed postmaster stays a zombie until init reaps it, and PostgreSQL takes a lock file naming a pid that
        # still exists for a running server: give init a moment, then the dead server's lock files go.
        local deadline=$((SECONDS + 30))
        while [[ "$(state "$pid")" == Z ]] && ((SECONDS < deadline)); do sleep 0.2; done
        if [[ "$(state "$pid")" == Z ]]; then
            say "the killed postmaster $pid is still a zombie; removing its lock files"
            rm -f "$PG_DATA/postmaster.pid" "$sock/.s.PGSQL.$port.lock"
        fi
    fi
    # The options stack.sh starts it with; pg_ctl -w returns once it accepts connections (after crash recovery).
    if ! as_pg setsid "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$sock" \
            -w -t "$READY_TIMEOUT" </dev/null >>"$PG_LOG" 2>&1; then
        tail_log "$PG_LOG"
        die "PostgreSQL did not start"
    fi
    pid=$(head -n1 "$PG_DATA/postmaster.pid")
    env_set PG_PID "$pid"
    echo "$pid"
}

case $CMD in
    kill-kafka) kill_kafka ;;
    start-kafka) start_kafka ;;
    stop-pg) stop_pg ;;
    start-pg) start_pg ;;
    *) die "unknown command: $CMD (kill-kafka, start-kafka, stop-pg, start-pg)" ;;
esac
