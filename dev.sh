#!/usr/bin/env bash
#
# dev.sh - the things a developer does with queuemgr.
#
#   ./dev.sh run [--fresh] [--no-build] [--listen ADDR]   build, start Kafka + PostgreSQL, run the service on :8080
#   ./dev.sh test                                        the whole test suite, on its own Kafka + PostgreSQL
#   ./dev.sh reset                                       delete the data that `run` keeps (it says what it deletes)
#
# `run` keeps Kafka's and PostgreSQL's data in a data directory, .stack/ in the checkout or $QUEUEMGR_DATA, and
# goes on with it the next time: tasks, queues, dead letters and waiting retries survive a restart. `--fresh`
# deletes that data first; `--no-build` runs the jar already in target/ (tests run after `package`).
# The service listens on 127.0.0.1 only: it runs commands on this machine for whoever can reach it. `--listen 0.0.0.0`
# (or QUEUEMGR_HTTP_HOST) opens it to the network. Secrets named by {"secretRef": "NAME"} are the files of
# $DATA/secrets; tasks' workingDir and scriptPath must lie under $DATA/work or /tmp (docs/security-executors.md).
# Ctrl-C (or SIGTERM, or SIGHUP) stops the service first, letting running tasks finish within its shutdown grace,
# then Kafka and PostgreSQL; a second Ctrl-C kills the service and its tasks' processes at once. A `run` that was
# killed outright (SIGKILL) leaves its processes behind: the next `run` or `reset` stops them.
#
# Ports: Kafka 9092 and PostgreSQL 5432, or the ones of the previous run; when taken, free ones, and the banner
# says which. QUEUEMGR_KAFKA_PORT, QUEUEMGR_PG_PORT and QUEUEMGR_HTTP_PORT (8080) choose them. The data directory
# holds stack.env (Kafka and PostgreSQL addresses, their pids, logs) and, while the service runs, service.env (its
# URL and pid, and the pid of `run`).
#
# Needs only a JDK and Maven: a JDK 21+ is picked from /usr/lib/jvm (stack/java.sh), Maven comes through ./mvnw,
# Kafka and PostgreSQL come from Maven Central (stack/stack.sh).
set -euo pipefail

CALLER_DIR=$PWD
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# bash cannot trap a signal that was already ignored when it started, and a background job of a shell without
# job control (`./dev.sh run &` in a script) starts with SIGINT ignored. Start again with SIGINT at its default
# (coreutils' env can reset it), so that `kill -INT` stops `run` the way Ctrl-C does.
sigint_ignored() {
    local mask
    mask=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status 2>/dev/null) && [[ -n "$mask" ]] && ((0x$mask & 2))
}
if [[ "${1:-}" == run && -z "${DEVSH_SIGINT_RESET:-}" ]] && sigint_ignored && env --default-signal=INT true 2>/dev/null; then
    DEVSH_SIGINT_RESET=1 exec env --default-signal=INT bash "$ROOT/dev.sh" "$@"
fi
unset DEVSH_SIGINT_RESET
cd "$ROOT"
# shellcheck source=stack/java.sh
source stack/java.sh

MVN_FLAGS=(-B)
[[ "${CI:-}" == "true" ]] && MVN_FLAGS+=(-ntp)

JAR=target/quarkus-app/quarkus-run.jar
# The service's JVM: the serial collector and a 256 MiB heap ceiling; a metaspace threshold above what start-up
# loads (no full collections for class metadata); no per-thread cache of large temporary NIO buffers.
SERVICE_JAVA_OPTS="-XX:+UseSerialGC -Xms32m -Xmx256m -XX:MetaspaceSize=128m -Djdk.nio.maxCachedBufferSize=262144"
# The service's shutdown grace is 30 s (queuemgr.dispatch.shutdown-grace); then Quarkus itself has to stop.
SERVICE_STOP_TIMEOUT=${QUEUEMGR_STOP_TIMEOUT:-60}

say() { echo "dev.sh: $*" >&2 || true; }  # `|| true`: the terminal may be gone when a hang-up stops us
die() { say "error: $*"; exit 1; }

usage() {
    sed -n 's/^#   \(\.\/dev\.sh .*\)/\1/p' "$0" >&2
    exit 2
}

# Test-only tools from Debian's packages: kcat, a Kafka client that is not Java, for the Kafka submission tests;
# openssh-server, the real sshd the SSH and SCP tests run against.
install_test_tools() {
    local missing=()
    command -v kcat >/dev/null 2>&1 || command -v kafkacat >/dev/null 2>&1 || missing+=(kcat)
    # The SSH and SCP tests start a throw-away OpenSSH server on loopback.
    [[ -x /usr/sbin/sshd ]] || missing+=(openssh-server)
    # The Kubernetes manifests are rendered with `kubectl kustomize` (KustomizeRenderTest): the kubectl package where
    # an apt source has it, else Debian's kubernetes-client.
    if ! command -v kubectl >/dev/null 2>&1; then
        if apt-cache show kubectl >/dev/null 2>&1; then missing+=(kubectl); else missing+=(kubernetes-client); fi
    fi
    # The dashboard's browser tests drive Debian's Chromium through Playwright (which never downloads one).
    [[ -x /usr/bin/chromium ]] || missing+=(chromium)
    # The CLI's end-to-end test drives it in a real terminal.
    command -v tmux >/dev/null 2>&1 || missing+=(tmux)
    [[ ${#missing[@]} -eq 0 ]] && return 0
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "dev.sh: installing test tools: ${missing[*]}" >&2
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "dev.sh: the tests need ${missing[*]}; install it (Debian: sudo apt-get install ${missing[*]})" >&2
        exit 1
    fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Read KEY from an env file such as stack.env without sourcing it.
env_get() {
    [[ -r "$1" ]] || return 0
    sed -n "s/^$2=//p" "$1" | tail -n1
}

# Whether pid $1 runs a command line that contains $2. A zombie counts as gone, and the command line check keeps
# a pid that was recycled by an unrelated process from being taken for ours.
pid_runs() {
    local pid=$1 needle=$2 stat
    [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 0  # no /proc: trust the pid
    [[ "${stat##*) }" != Z* ]] || return 1
    tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$needle"
}

# ------------------------------------------------------------ data directory

# Where `run` keeps its data. A relative QUEUEMGR_DATA is taken from where dev.sh was called.
data_dir() {
    local dir=${QUEUEMGR_DATA:-$ROOT/.stack}
    [[ "$dir" == /* ]] || dir=$CALLER_DIR/$dir
    mkdir -p "$dir"
    DATA=$(cd "$dir" && pwd -P)
    SERVICE_ENV=$DATA/service.env
}

# The service runs with this marker on its command line, so that a leftover is recognised as ours and this dir's.
service_marker() { echo "-Ddevsh.data=$DATA"; }

refuse_if_running() {
    local pid
    pid=$(env_get "$SERVICE_ENV" RUN_PID)
    if [[ "$pid" != "$$" ]] && pid_runs "$pid" dev.sh; then
        die "./dev.sh run (pid $pid) is using $DATA; stop it first (Ctrl-C there, or kill $pid)"
    fi
}

# The pids of every process descended from pid $1 (by parent pid: tasks run in sessions of their own).
descendants() {
    local all
    all=$(ps -e -o pid=,ppid= 2>/dev/null) || return 0
    awk -v root="$1" '{ parent[$1] = $2 }
        END { for (p in parent) { q = parent[p]; while (q in parent && q != root) q = parent[q]; if (q == root) print p } }' <<<"$all"
}

# Stops the service at pid $1 (described as $2): SIGTERM, then SIGKILL after SERVICE_STOP_TIMEOUT s or when HURRY
# gets set. A killed service cannot end its tasks' processes itself, so they are killed with it.
stop_pid() {
    local pid=$1 what=$2 deadline=$((SECONDS + SERVICE_STOP_TIMEOUT)) tasks
    kill -TERM "$pid" 2>/dev/null || return 0
    while pid_runs "$pid" "$(service_marker)"; do
        if [[ -n "${HURRY:-}" ]] || ((SECONDS >= deadline)); then
            say "killing $what (pid $pid) and its tasks' processes"
            tasks=$(descendants "$pid")
            kill -KILL "$pid" 2>/dev/null || true
            # shellcheck disable=SC2086  # one pid a word
            [[ -z "$tasks" ]] || kill -KILL $tasks 2>/dev/null || true
            HURRY=""
        fi
        sleep 0.2 || true # a Ctrl-C kills the sleep too; the loop goes on
    done
    wait "$pid" 2>/dev/null || true # collect our own child; a leftover is not one
}

# What an earlier `run` left behind when it was killed outright: its service, then Kafka and PostgreSQL.
stop_leftovers() {
    local pid
    pid=$(env_get "$SERVICE_ENV" SERVICE_PID)
    if pid_runs "$pid" "$(service_marker)"; then
        say "stopping the service (pid $pid) that an earlier run left running"
        stop_pid "$pid" "the service left running"
    fi
    rm -f "$SERVICE_ENV"
    stack/stack.sh stop --dir "$DATA"
}

# Deletes what `run` keeps, naming each part; leaves alone anything else a user put in the directory.
delete_data() {
    local item deleted="" pg_files=$DATA/pg pg_link=""
    # PostgreSQL's files may be a link into /tmp (stack.sh does so when user nobody cannot reach DATA).
    if [[ -L "$DATA/pg" ]]; then
        pg_files=$(readlink "$DATA/pg")
        pg_link=$DATA/pg
        # Only a directory stack.sh made is ours to delete; a link someone made by hand is cut, not followed.
        if [[ "$pg_files" != /tmp/queuemgr-pg.* ]]; then
            say "leaving $pg_files alone: $pg_link points there, but stack.sh did not make it"
            pg_files=""
        fi
    fi
    local -a items=(
        "$DATA/kafka|Kafka's topics: tasks, logs, retries, dead letters"
        "$pg_files|PostgreSQL's database: queues and task history"
        "$pg_link|link to PostgreSQL's database"
        "$DATA/kafka.log|Kafka's log"
        "$DATA/pg.log|link to PostgreSQL's log"
        "$DATA/stack.env|Kafka and PostgreSQL addresses"
        "$DATA/stack.env.previous|addresses of a start that did not finish"
    )
    for item in "${items[@]}"; do
        local path=${item%%|*} what=${item#*|}
        if [[ -z "$path" ]] || [[ ! -e "$path" && ! -L "$path" ]]; then continue; fi
        say "deleting $path ($what, $(du -sh "$path" 2>/dev/null | cut -f1))"
        rm -rf "$path"
        deleted=1
    done
    [[ -n "$deleted" ]] || say "nothing to delete in $DATA"
}

# ------------------------------------------------------------------- run

SERVICE_PID=""
HTTP_PORT=8080
URL_HOST=localhost
HTTP_HOST=127.0.0.1
STACK_STARTING=""
HURRY=""

# The one way out of `run` once it has started something: the service first (its shutdown grace lets running
# tasks finish and their outcomes reach Kafka), then Kafka and PostgreSQL. It is the EXIT trap, so it may run
# after `run` has returned or from within any function: it reads globals only (set -u).
stop_all() {
    local rc=$?
    # Output piped (`./dev.sh run | tee log`) whose reader went with the Ctrl-C: a write must fail, not kill this.
    trap '' PIPE
    trap 'HURRY=1' INT # a second Ctrl-C: do not wait for the grace period
    trap '' TERM HUP
    # $! is only ever the service here: this covers a signal between its start and SERVICE_PID=$!.
    SERVICE_PID=${SERVICE_PID:-${!:-}}
    if [[ -n "$SERVICE_PID" ]] && pid_runs "$SERVICE_PID" "$(service_marker)"; then
        say "stopping the service (pid $SERVICE_PID): running tasks get up to 30 s; Ctrl-C again kills it now"
        stop_pid "$SERVICE_PID" "the service"
    fi
    rm -f "$SERVICE_ENV"
    # Ignored, not trapped: the stack's stop inherits it and is not cut short by another Ctrl-C.
    trap '' INT
    if [[ -n "$STACK_STARTING" ]]; then
        say "stopping Kafka and PostgreSQL; the data stays in $DATA"
        # Again without output if it failed: its first word to a pipe whose reader is gone ends it (set -e).
        stack/stack.sh stop --dir "$DATA" || stack/stack.sh stop --dir "$DATA" >/dev/null 2>&1 || true
    fi
    exit "$rc"
}

# A signal ends `run` through the EXIT trap, with the shell's usual status for it.
on_signal() {
    trap '' PIPE
    say "$1: stopping"
    case $1 in INT) exit 130 ;; HUP) exit 129 ;; *) exit 143 ;; esac
}

write_service_env() {
    {
        echo "QUEUEMGR_URL=http://$URL_HOST:$HTTP_PORT"
        echo "QUEUEMGR_HTTP_PORT=$HTTP_PORT"
        echo "RUN_PID=$$"
        [[ -z "$SERVICE_PID" ]] || echo "SERVICE_PID=$SERVICE_PID"
    } >"$SERVICE_ENV.tmp"
    mv -f "$SERVICE_ENV.tmp" "$SERVICE_ENV"
}

# Sets PORT_ARGS (for stack.sh) and KAFKA_WANTED / PG_WANTED (for the banner). The previous run's ports come
# first, so clients keep working; stack.sh picks free ones for those that are taken.
choose_ports() {
    local previous=$DATA/stack.env
    [[ -f "$previous" ]] || previous=$DATA/stack.env.previous
    KAFKA_WANTED=${QUEUEMGR_KAFKA_PORT:-$(env_get "$previous" KAFKA_PORT)}
    KAFKA_WANTED=${KAFKA_WANTED:-9092}
    PG_WANTED=${QUEUEMGR_PG_PORT:-$(env_get "$previous" PG_PORT)}
    PG_WANTED=${PG_WANTED:-5432}
    PORT_ARGS=()
    # A port named explicitly is required: stack.sh refuses it when taken.
    if [[ -n "${QUEUEMGR_KAFKA_PORT:-}" ]] || port_free "$KAFKA_WANTED"; then PORT_ARGS+=(--kafka-port "$KAFKA_WANTED"); fi
    if [[ -n "${QUEUEMGR_PG_PORT:-}" ]] || port_free "$PG_WANTED"; then PORT_ARGS+=(--pg-port "$PG_WANTED"); fi
}

# A warning in the banner when the service is reachable from other machines.
listen_note() {
    case $HTTP_HOST in 127.* | localhost | ::1 | '[::1]') ;; *) echo "; reachable from the network: it runs commands" ;; esac
}

# " (9092 is taken)" when the port differs from the one wanted.
port_note() { [[ "$1" == "$2" ]] || echo " ($2 is taken)"; }

run() {
    local fresh="" build=1 listen=${QUEUEMGR_HTTP_HOST:-127.0.0.1}
    while [[ $# -gt 0 ]]; do
        case $1 in
            --fresh) fresh=1 ;;
            --no-build) build="" ;;
            --listen)
                [[ $# -ge 2 && -n "$2" ]] || usage
                listen=$2
                shift
                ;;
            --listen=*) listen=${1#--listen=} ;;
            *) usage ;;
        esac
        shift
    done
    # Refused before the build: building would replace the jar under the service that runs.
    data_dir
    refuse_if_running
    if [[ -n "$build" ]]; then
        ./mvnw "${MVN_FLAGS[@]}" -q package -DskipTests
    elif [[ ! -f "$JAR" ]]; then
        die "--no-build, but there is no $JAR yet (./mvnw package -DskipTests builds it)"
    fi
    HTTP_PORT=${QUEUEMGR_HTTP_PORT:-8080}
    HTTP_HOST=$listen
    case $listen in
        0.0.0.0 | '::' | '[::]') URL_HOST=localhost ;;
        *:*) URL_HOST="[${listen#[}" && URL_HOST="${URL_HOST%]}]" ;;
        *) URL_HOST=$listen ;;
    esac

    stop_leftovers
    write_service_env # claims DATA for this run: a second `run` on it refuses to start
    trap stop_all EXIT
    trap 'on_signal INT' INT
    trap 'on_signal TERM' TERM
    trap 'on_signal HUP' HUP
    if [[ -n "$fresh" ]]; then
        delete_data
    fi
    port_free "$HTTP_PORT" || die "port $HTTP_PORT is taken; choose another with QUEUEMGR_HTTP_PORT=..."
    if [[ -L "$DATA/pg" && ! -e "$DATA/pg" ]]; then
        : # PostgreSQL's files in /tmp are gone: stack.sh says so and starts afresh
    elif [[ -f "$DATA/kafka/data/meta.properties" ]]; then
        say "data directory $DATA: going on with the data of the last run (--fresh or ./dev.sh reset empties it)"
    else
        say "data directory $DATA: new, empty; kept between runs"
    fi

    choose_ports
    STACK_STARTING=1
    stack/stack.sh start --dir "$DATA" --keep-data "${PORT_ARGS[@]}" >/dev/null
    set -a
    # shellcheck disable=SC1091
    source "$DATA/stack.env"
    set +a
    export KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP
    # The service finds its secrets and its tasks' work folder in the data directory; both stay across runs.
    export QUEUEMGR_DATA=$DATA QUEUEMGR_HTTP_HOST=$HTTP_HOST
    mkdir -p "$DATA/work"
    (umask 077 && mkdir -p "$DATA/secrets")

    # The service is a child in a process group of its own (job control on for this one command): a Ctrl-C in
    # the terminal reaches only this script, which then stops things in order. Without job control bash would
    # start it with SIGINT ignored, and its tasks would inherit that.
    # JVM sized for a developer machine by measurement (docs/architecture.md, "Footprint"); QUEUEMGR_JAVA_OPTS
    # replaces the options, MALLOC_ARENA_MAX the glibc arenas.
    set -m
    # Warm start: an AOT cache in the data directory (JDK 25+; a class-data archive before), written when the first
    # run of a build stops, starts every later run with its classes linked and its JIT's profiles
    # (packaging/systemd/queuemgr-warm-start; docs/architecture.md, "Warm start").
    # shellcheck source=packaging/systemd/queuemgr-warm-start
    . "$ROOT/packaging/systemd/queuemgr-warm-start"
    local opts=${QUEUEMGR_JAVA_OPTS:-$SERVICE_JAVA_OPTS}
    # shellcheck disable=SC2086  # QUEUEMGR_JAVA_OPTS is a list of JVM options
    warm_start_options "$(command -v java)" "$JAR" "$DATA/queuemgr" $opts
    # shellcheck disable=SC2086
    MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} java $opts "$(service_marker)" "${WARM_START[@]}" \
        -jar "$JAR" </dev/null &
    SERVICE_PID=$!
    set +m
    write_service_env

    cat <<MSG
queuemgr is starting on http://$URL_HOST:$HTTP_PORT   (listening on $HTTP_HOST$(listen_note))
  admin token  $DATA/admin-token   (send it as: Authorization: Bearer \$(cat $DATA/admin-token))
  API docs     http://$URL_HOST:$HTTP_PORT/q/swagger-ui
  health       http://$URL_HOST:$HTTP_PORT/q/health
  Kafka        $KAFKA_BOOTSTRAP$(port_note "$KAFKA_PORT" "$KAFKA_WANTED")   submit to topic queuemgr.submit
  PostgreSQL   $PG_HOST:$PG_PORT$(port_note "$PG_PORT" "$PG_WANTED")   database $PG_DB, user $PG_USER, password $PG_PASSWORD
  data         $DATA   (kept; ./dev.sh run --fresh or ./dev.sh reset to start empty)
  secrets      $DATA/secrets   (one file per secret, named by {"secretRef": "NAME"})
  addresses    $DATA/stack.env, $SERVICE_ENV
  logs         $KAFKA_LOG, $PG_LOG
Ctrl-C stops the service (running tasks get up to 30 s), then Kafka and PostgreSQL.
MSG
    local rc=0
    wait "$SERVICE_PID" || rc=$?
    say "the service exited on its own (status $rc)"
    exit "$rc"
}

reset() {
    [[ $# -eq 0 ]] || usage
    data_dir
    refuse_if_running
    stop_leftovers
    delete_data
    rmdir "$DATA" 2>/dev/null || true # only when nothing else is in it
}

case "${1:-}" in
    run) shift && run "$@" ;;
    reset) shift && reset "$@" ;;
    test)
        install_test_tools
        ./mvnw "${MVN_FLAGS[@]}" verify
        ;;
    *) usage ;;
esac
