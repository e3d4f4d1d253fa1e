#!/usr/bin/env bash
#
# bench/run.sh - measure queuemgr on this machine, end to end, against a Kafka and PostgreSQL of its own.
#
#   bench/run.sh [--tasks N] [--rest-tasks N] [--concurrency C] [--rate R] [--steady-seconds S]
#                [--raw-records N] [--warmup N] [--warmup-rounds N] [--skip-raw] [--build] [--thread-dump] [--keep]
#                [--wait-quiet SECONDS] [--no-readme] [--skip-scale] [--registry-tasks N] [--skip-ssh]
#                [--watchers N]
#
# Starts a fresh stack (stack/stack.sh) in a temporary directory, builds the service if its jar is missing,
# starts one service instance on 127.0.0.1 and then measures, in this order:
#   1. the broker's raw ceiling with Kafka's own ProducerPerformance / ConsumerPerformance,
#   1b. cold drain: 500 warm-up tasks, then a burst of --tasks noop submissions over Kafka, on the fresh service,
#   1c. the same after a restart from the AOT cache the first instance wrote when it stopped,
#   2. after the warm-up rounds, a burst of --tasks noop submissions produced to queuemgr.submit as fast as possible,
#   2b. the same burst again with --watchers (100) connections following every change on GET /api/events,
#   3. a burst of --rest-tasks noop submissions over REST, at most --concurrency requests at a time,
#   3b. 5,000 REST submissions from 1, then 2, clients that each wait for a 202 before sending the next (a blocking
#       send; each client first sends 2,000 that are not measured),
#   4. a steady --rate submissions/s over Kafka for --steady-seconds,
#   4b. the same steady rate again with the --watchers following every change (none should be dropped),
#   5. the service's resident memory at idle and at its peak,
#   6. scale (unless --skip-scale): bursts over 1, 100 and 10,000 queues, and over 100 queues with a second
#      instance; the registry filled to --registry-tasks (1,000,000) tasks, its heap per task and the time of
#      filtered listings; restart time (launch to ready) against the registry's size, and a new instance's
#      start beside the running one from that one's checkpoint;
#   7. SSH and SCP (unless --skip-ssh, or without /usr/sbin/sshd): bench/scp.sh, queuemgr's SCP upload of one
#      200 MB file beside OpenSSH's scp on the same loopback sshd, and ssh.exec `true` per second on one connection.
# Prints a markdown table, writes it to bench/results/<UTC time>.md and into bench/README.md (between the
# results markers). The stack and the service are stopped at the end, also on failure or Ctrl-C.
# See bench/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=../stack/java.sh
source stack/java.sh

TASKS=50000
REST_TASKS=""
CONCURRENCY=64
SEQ_TASKS=5000
# Unmeasured POSTs each sequential client sends first: the client is a fresh JVM, and its own JIT warm-up is not the
# service's latency.
SEQ_WARMUP=2000
RATE=1000
STEADY_SECONDS=30
RAW_RECORDS=1000000
RAW_SIZE=200
WARMUP=50000
WARMUP_ROUNDS=8
COLD_WARMUP=500
SKIP_RAW=""
SKIP_SCALE=""
SKIP_SSH=""
REGISTRY_TARGET=1000000
WATCHERS=100
WATCH_PIDS=()
BUILD=""
THREAD_DUMP=""
KEEP=""
WAIT_QUIET=0
UPDATE_README=1
# Not the service's default JVM (docs/architecture.md, "Footprint": serial collector, 256-512 MiB heap): the scale
# step fills the registry to a million tasks, which needs a larger heap. G1 rather than ZGC since 2026-12-04: with the
# registry packed into byte arrays a young collection has few old objects to trace, and in the same hour G1 drained a
# backlog twice as fast for less CPU per task, the steady p99 unchanged (docs/architecture.md, "The collector for a
# drain"). The settings that trim the memory beside the heap are the defaults'.
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx2g -XX:+UseG1GC -XX:MetaspaceSize=128m -Djdk.nio.maxCachedBufferSize=262144}
# The load generator shares the CPUs with everything else. A fresh JVM spends several seconds of a core in the C2
# compiler; C1 alone halves the generator's CPU at 1,000 submissions/s. Small heap, serial collector: lean.
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--XX:TieredStopAtLevel=1 -Xms256m -Xmx1g -XX:+UseSerialGC}

usage() {
    sed -n 's/^#   \(bench\/run.sh.*\)/usage: \1/p; s/^#   \( *\[.*\)/\1/p' "$0" >&2
    exit 2
}

need_num() { [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "run.sh: $1 needs a number" >&2; exit 2; }; }

while [[ $# -gt 0 ]]; do
    case $1 in
        --tasks) need_num "$1" "${2:-}"; TASKS=$2; shift 2 ;;
        --rest-tasks) need_num "$1" "${2:-}"; REST_TASKS=$2; shift 2 ;;
        --concurrency) need_num "$1" "${2:-}"; CONCURRENCY=$2; shift 2 ;;
        --rate) need_num "$1" "${2:-}"; RATE=$2; shift 2 ;;
        --steady-seconds) need_num "$1" "${2:-}"; STEADY_SECONDS=$2; shift 2 ;;
        --raw-records) need_num "$1" "${2:-}"; RAW_RECORDS=$2; shift 2 ;;
        --warmup) need_num "$1" "${2:-}"; WARMUP=$2; shift 2 ;;
        --warmup-rounds) need_num "$1" "${2:-}"; WARMUP_ROUNDS=$2; shift 2 ;;
        --wait-quiet) need_num "$1" "${2:-}"; WAIT_QUIET=$2; shift 2 ;;
        --skip-raw) SKIP_RAW=1; shift ;;
        --skip-scale) SKIP_SCALE=1; shift ;;
        --skip-ssh) SKIP_SSH=1; shift ;;
        --registry-tasks) need_num "$1" "${2:-}"; REGISTRY_TARGET=$2; shift 2 ;;
        --watchers) need_num "$1" "${2:-}"; WATCHERS=$2; shift 2 ;;
        --build) BUILD=1; shift ;;
        --thread-dump) THREAD_DUMP=1; shift ;;
        --keep) KEEP=1; shift ;;
        --no-readme) UPDATE_README=""; shift ;;
        -h|--help) usage ;;
        *) echo "run.sh: unknown argument: $1" >&2; usage ;;
    esac
done
[[ -n "$REST_TASKS" ]] || REST_TASKS=$TASKS
(( TASKS > 0 && REST_TASKS > 0 && RATE > 0 && STEADY_SECONDS > 0 && CONCURRENCY > 0 )) ||
    { echo "run.sh: counts must be positive" >&2; exit 2; }

log() { echo "bench: $*" >&2; }

# ------------------------------------------------------------------ cleanup

WORK=$(mktemp -d /tmp/queuemgr-bench.XXXXXX)
# PostgreSQL runs as nobody when we are root: it must be able to reach WORK/stack.
chmod 711 "$WORK"
STACK_DIR=$WORK/stack
SVC_PID=""
STACK_STARTED=""
OK=""

SVC2_PID=""
PG_SAMPLER=""

stop_service() {
    [[ -n "$SVC_PID" ]] || return 0
    if kill -0 "$SVC_PID" 2>/dev/null; then
        kill -TERM "$SVC_PID" 2>/dev/null || true
        # 60 s: the first stop also writes the AOT cache.
        for _ in $(seq 1 600); do
            kill -0 "$SVC_PID" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$SVC_PID" 2>/dev/null; then
            kill -KILL "$SVC_PID" 2>/dev/null || true
        fi
    fi
    wait "$SVC_PID" 2>/dev/null || true
    SVC_PID=""
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [[ -n "$SVC2_PID" ]] && { kill -KILL "$SVC2_PID" 2>/dev/null || true; }
    [[ -n "$PG_SAMPLER" ]] && { kill "$PG_SAMPLER" 2>/dev/null || true; }
    for p in "${WATCH_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    stop_service
    if [[ -n "$STACK_STARTED" ]]; then
        stack/stack.sh stop --dir "$STACK_DIR" >/dev/null 2>&1 || true
    fi
    if [[ -n "$KEEP" || -z "$OK" ]]; then
        log "logs kept in $WORK (service.log, bench.log, stack/kafka.log, stack/pg.log)"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# ------------------------------------------------------------------ helpers

free_port() {
    python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null && return 0
    local p
    while :; do
        p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 ))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
    done
}

# kB of a VmXXX line of /proc/PID/status
vm_kb() { sed -n "s/^$2:[[:space:]]*\([0-9]*\) kB/\1/p" "/proc/$1/status" 2>/dev/null || true; }
mib() { awk -v k="${1:-0}" 'BEGIN { printf "%.0f", k / 1024 }'; }
# kB of PostgreSQL's memory: the proportional set size (PSS) of the postmaster and its children, so that the shared
# buffers every backend maps count once, not once per backend as a sum of their RSS would.
pg_kb() {
    local p v s=0
    for p in "$1" $(pgrep -P "$1" 2>/dev/null); do
        v=$(awk '/^Pss:/ { print $2 }' "/proc/$p/smaps_rollup" 2>/dev/null || true)
        s=$(( s + ${v:-0} ))
    done
    echo "$s"
}

# Cores busy on the whole machine over $1 seconds (from /proc/stat).
machine_busy() {
    local a b
    a=$(awk 'NR == 1 { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    sleep "$1"
    b=$(awk 'NR == 1 { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    awk -v a="$a" -v b="$b" -v n="$(nproc)" 'BEGIN { split(a, x, " "); split(b, y, " ");
        printf "%.2f", (y[1] - x[1]) / (y[2] - x[2]) * n }'
}

# Value of key $2 in a "RESULT k=v ..." line $1.
get() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

service_alive() {
    kill -0 "$SVC_PID" 2>/dev/null && return 0
    log "the service exited; end of $WORK/service.log:"
    tail -n 40 "$WORK/service.log" >&2
    exit 1
}

fmt0() { [[ -n "${1:-}" && "$1" != na ]] && awk -v v="$1" 'BEGIN { printf "%.0f", v }' || echo "n/a"; }
fmt1() { [[ -n "${1:-}" && "$1" != na ]] && awk -v v="$1" 'BEGIN { printf "%.1f", v }' || echo "n/a"; }
fmt2() { [[ -n "${1:-}" && "$1" != na ]] && awk -v v="$1" 'BEGIN { printf "%.2f", v }' || echo "n/a"; }

row() { # label result extra-notes
    local r=$2
    local notes=$3
    local missing
    missing=$(get "$r" missing)
    [[ "${missing:-0}" != 0 ]] && notes="**$missing never finished**; $notes"
    [[ "$(get "$r" refused)" != 0 ]] && notes="**$(get "$r" refused) refused** ($(get "$r" first_error)); $notes"
    [[ "$(get "$r" other_final)" != 0 ]] && notes="**$(get "$r" other_final) ended not COMPLETED**; $notes"
    printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$(get "$r" n)" "$(fmt0 "$(get "$r" submit_rate)")" \
        "$(fmt0 "$(get "$r" complete_rate)")" "$(fmt1 "$(get "$r" p50_ms)")" "$(fmt1 "$(get "$r" p99_ms)")" \
        "$(fmt1 "$(get "$r" max_ms)")" "$notes"
}

BENCH_LOG=$WORK/bench.log
bench() {
    local out
    service_alive
    # shellcheck disable=SC2086  # BENCH_JAVA_OPTS is a list of JVM flags
    out=$(java $BENCH_JAVA_OPTS --enable-native-access=ALL-UNNAMED -cp "$WORK/classes:$KCP" Bench "$@" \
        --bootstrap "$KAFKA_BOOTSTRAP" --pids "${BENCH_PIDS:-service=$SVC_PID,kafka=$KAFKA_PID,pg=$PG_PID}" 2> >(tee -a "$BENCH_LOG" >&2))
    echo "$out" >>"$BENCH_LOG"
    service_alive
    grep '^RESULT ' <<<"$out" | tail -n1
}

# Let the service's background consumers (history, registry) drain before the next measurement.
settle() { sleep "${1:-5}"; }
# Metric value of $2 at /q/metrics of $1 (0 when it is not there yet).
metric() { curl -s -H "Authorization: Bearer $QUEUEMGR_TOKEN" "$1/q/metrics" | awk -v m="$2" '$1 == m { v = $2 } END { printf "%.0f", v }'; }

# ------------------------------------------------------------------ machine

QUIET=$(machine_busy 3)
if [[ "$WAIT_QUIET" -gt 0 ]]; then
    deadline=$(( $(date +%s) + WAIT_QUIET ))
    while awk -v b="$QUIET" 'BEGIN { exit !(b > 0.25) }' && (( $(date +%s) < deadline )); do
        log "machine busy (${QUIET} cores in use by other processes); waiting for it to calm down"
        QUIET=$(machine_busy 10)
    done
fi
if awk -v b="$QUIET" 'BEGIN { exit !(b > 0.25) }'; then
    log "WARNING: other processes keep ${QUIET} of $(nproc) cores busy; the figures will be lower than on a quiet machine"
fi

# ------------------------------------------------------------------ build, stack, service

JAR=target/quarkus-app/quarkus-run.jar
if [[ -n "$BUILD" || ! -f "$JAR" ]]; then
    log "building the service (./mvnw -B -q package -DskipTests)"
    ./mvnw -B -q package -DskipTests
fi

# Run a copy: other people's builds may rewrite target/ while the service runs.
cp -r target/quarkus-app "$WORK/app"
KCP=$(stack/stack.sh kafka-classpath)
mkdir -p "$WORK/classes"
javac -nowarn -cp "$KCP" -d "$WORK/classes" bench/Bench.java

log "starting Kafka and PostgreSQL in $STACK_DIR"
STACK_STARTED=1
stack/stack.sh start --dir "$STACK_DIR" >/dev/null
set -a
# shellcheck disable=SC1091
source "$STACK_DIR/stack.env"
set +a

# The benchmark keeps every task it submits in the registry (up to 2 million), so that the registry grows to the
# size it measures; the service's default would let the oldest finished tasks go past 250,000.
SERVICE_PROPS=(-Dqueuemgr.registry.max-finished=2000000 "-Dqueuemgr.data-dir=$WORK/data")
# Every instance is preset with one admin token; every API call of the benchmark sends it.
QUEUEMGR_TOKEN="qm_bench-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
export QUEUEMGR_TOKEN

# shellcheck source=packaging/systemd/queuemgr-warm-start
. packaging/systemd/queuemgr-warm-start

# launch PORT LOG [extra JVM flags...]: starts an instance, waits until it is ready; sets LAUNCHED_PID and
# READY_MS (launch to ready, in milliseconds).
launch() {
    local port=$1 logfile=$2
    shift 2
    local start
    start=$(date +%s%N)
    # The launchers' warm start (packaging/systemd/queuemgr-warm-start): the first stop writes the AOT cache, every
    # later launch starts from it.
    # shellcheck disable=SC2086  # SERVICE_JAVA_OPTS is a list of JVM flags
    warm_start_options "$(command -v java)" "$WORK/app/quarkus-run.jar" "$WORK/service" $SERVICE_JAVA_OPTS
    # shellcheck disable=SC2086
    KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP QUEUEMGR_HTTP_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 \
        QUEUEMGR_BOOTSTRAP_TOKEN=$QUEUEMGR_TOKEN MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} \
        java "$@" $SERVICE_JAVA_OPTS "${SERVICE_PROPS[@]}" "${WARM_START[@]}" \
        -jar "$WORK/app/quarkus-run.jar" >>"$logfile" 2>&1 &
    LAUNCHED_PID=$!
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port/q/health/ready" || true)" == 200 ]]; do
        if ! kill -0 "$LAUNCHED_PID" 2>/dev/null; then
            log "the service exited during start; end of $logfile:"
            tail -n 40 "$logfile" >&2
            exit 1
        fi
        if (( ($(date +%s%N) - start) / 1000000000 > 600 )); then
            log "the service was not ready within 600 s; end of its log:"
            tail -n 40 "$logfile" >&2
            exit 1
        fi
        sleep 0.2
    done
    READY_MS=$(( ($(date +%s%N) - start) / 1000000 ))
}

HTTP_PORT=$(free_port)
log "starting the service on 127.0.0.1:$HTTP_PORT (log: $WORK/service.log)"
launch "$HTTP_PORT" "$WORK/service.log"
SVC_PID=$LAUNCHED_PID
READY_S=$(( (READY_MS + 500) / 1000 ))
log "service ready after ${READY_S} s (pid $SVC_PID)"
sleep 5
IDLE_RSS_KB=$(vm_kb "$SVC_PID" VmRSS)
KAFKA_IDLE_KB=$(vm_kb "$KAFKA_PID" VmRSS)
PG_IDLE_KB=$(pg_kb "$PG_PID")
# Live heap in bytes: what the class histogram counts after the full collection it makes first. Not the collector's
# "used", which for ZGC counts whole pages (538 MiB used where 300 MiB were live, at 1,000,000 tasks), nor the
# serial collector's filler arrays in dead space.
live_heap() {
    jcmd "$1" GC.class_histogram 2>/dev/null |
        awk '$1 ~ /^[0-9]+:$/ && $4 !~ /FillerElement/ { b += $3 } END { printf "%.0f", b }'
}
# The empty service's live heap, what the scale step counts the registry's bytes per task above (a full collection:
# left out when that step is).
EMPTY_HEAP=0
[[ -z "$SKIP_SCALE" ]] && EMPTY_HEAP=$(live_heap "$SVC_PID")
log "idle RSS: service $(mib "$IDLE_RSS_KB") MiB, Kafka $(mib "$KAFKA_IDLE_KB") MiB, PostgreSQL $(mib "$PG_IDLE_KB") MiB (PSS)"
# PostgreSQL's backends come and go, so it has no high-water mark of its own: sample it every second.
echo "$PG_IDLE_KB" >"$WORK/pg-peak.kb"
( while sleep 1; do
    v=$(pg_kb "$PG_PID")
    (( v > $(cat "$WORK/pg-peak.kb") )) && echo "$v" >"$WORK/pg-peak.kb"
done ) &
PG_SAMPLER=$!

# ------------------------------------------------------------------ 1. raw broker ceiling

RAW_P="" RAW_C=""
if [[ -z "$SKIP_RAW" ]]; then
    log "raw ceiling: ProducerPerformance, $RAW_RECORDS records of $RAW_SIZE bytes, acks=all, 12 partitions"
    java -cp "$KCP" org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --create \
        --topic bench-raw --partitions 12 --replication-factor 1 >/dev/null 2>>"$BENCH_LOG"
    RAW_P=$(java --enable-native-access=ALL-UNNAMED -cp "$KCP" org.apache.kafka.tools.ProducerPerformance \
        --bootstrap-server "$KAFKA_BOOTSTRAP" --topic bench-raw --num-records "$RAW_RECORDS" \
        --record-size "$RAW_SIZE" --throughput -1 --command-property acks=all 2>>"$BENCH_LOG" |
        tee -a "$BENCH_LOG" | tail -n1)
    log "  $RAW_P"
    log "raw ceiling: ConsumerPerformance on the same topic"
    RAW_C=$(java -cp "$KCP" org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$KAFKA_BOOTSTRAP" \
        --topic bench-raw --num-records "$RAW_RECORDS" --timeout 60000 --group bench-raw-perf 2>>"$BENCH_LOG" |
        tee -a "$BENCH_LOG" | tail -n1)
    log "  $RAW_C"
    java -cp "$KCP" org.apache.kafka.tools.TopicCommand --bootstrap-server "$KAFKA_BOOTSTRAP" --delete \
        --topic bench-raw >/dev/null 2>>"$BENCH_LOG" || true
    settle 3
fi

# ------------------------------------------------------------------ 1b. cold drain

# What a freshly started (or autoscaled) instance does before its JIT has settled: the peers' harness
# (../shared/bench-peers) gives a new service 500 warm-up tasks, then has it drain a backlog (W4); the same here: the
# tasks go into a paused queue, and the rate counts from its resume (Bench drain).
log "cold drain: $COLD_WARMUP warm-up tasks, then a backlog of $TASKS noop tasks drained by the freshly started service"
bench kafka --tasks "$COLD_WARMUP" --label cold-warmup >/dev/null
R_COLD=$(bench drain --tasks "$TASKS" --url "http://127.0.0.1:$HTTP_PORT" --label cold)
log "  $R_COLD"
settle 3

# ------------------------------------------------------------------ 1c. cold drain from the AOT cache

# The same on a fresh instance that starts from the AOT cache the first one wrote when it stopped, as every start
# after the first of a build does with the launchers (packaging/systemd/queuemgr-warm-start) and the image does.
log "cold drain from the AOT cache: restart, $COLD_WARMUP warm-up tasks, then $TASKS noop tasks over Kafka"
stop_service
# This instance serves every later measurement: its pauses are the ones reported.
launch "$HTTP_PORT" "$WORK/service.log" "-Xlog:safepoint:file=$WORK/safepoints.log"
SVC_PID=$LAUNCHED_PID
READY_CACHED_MS=$READY_MS
log "  ready after $READY_CACHED_MS ms with ${WARM_START[0]:-no warm-start option}"
bench kafka --tasks "$COLD_WARMUP" --label cold-cached-warmup >/dev/null
R_COLD_CACHED=$(bench drain --tasks "$TASKS" --url "http://127.0.0.1:$HTTP_PORT" --label cold-cached)
log "  $R_COLD_CACHED"
settle 3

# ------------------------------------------------------------------ warm-up

# The JVM compiles the hot paths for the first few hundred thousand tasks; figures taken meanwhile describe a
# service that is still warming up (the JIT compiler threads then take a third of its CPU and more). Warm-up rounds
# run until the compiler threads use less than a tenth of the service's CPU, at most WARMUP_ROUNDS of them.
WARMUP_DONE=0
WARMUP_JIT=""
if (( WARMUP > 0 )); then
    for round in $(seq 1 "$WARMUP_ROUNDS"); do
        r=$(bench kafka --tasks "$WARMUP" --label "warmup-kafka-$round")
        bench rest --tasks "$(( WARMUP / 5 > 0 ? WARMUP / 5 : 1 ))" --url "http://127.0.0.1:$HTTP_PORT" \
            --concurrency "$CONCURRENCY" --label "warmup-rest-$round" >/dev/null
        WARMUP_DONE=$round
        svc=$(get "$r" cpu_service); jit=$(get "$r" cpu_service_jit)
        WARMUP_JIT=$(awk -v s="${svc:-0}" -v j="${jit:-0}" 'BEGIN { printf "%.0f", (s > 0 ? 100 * j / s : 0) }')
        log "warm-up round $round (not measured): $WARMUP tasks over Kafka, $(( WARMUP / 5 )) over REST;" \
            "JIT compiler threads ${WARMUP_JIT}% of the service's CPU"
        (( WARMUP_JIT < 10 )) && break
    done
    settle 5
fi

# ------------------------------------------------------------------ 2. Kafka submission burst

log "Kafka submission: $TASKS noop tasks as fast as possible"
if [[ -n "$THREAD_DUMP" ]]; then
    ( sleep 8; jcmd "$SVC_PID" Thread.print >"$WORK/threads-kafka.txt" 2>&1 &&
        log "thread dump: $WORK/threads-kafka.txt" ) &
fi
R_KAFKA=$(bench kafka --tasks "$TASKS" --label kafka)
log "  $R_KAFKA"
settle 5

# ------------------------------------------------------------------ 2a. a backlog drained

# The issue's drain target: tasks the service already holds (PENDING in a paused queue), worked off once the queue
# is resumed, with no load generator producing beside it on the same cores.
log "backlog drain: $TASKS noop tasks into a paused queue, then resumed"
R_DRAIN=$(bench drain --tasks "$TASKS" --url "http://127.0.0.1:$HTTP_PORT" --label drain)
log "  $R_DRAIN"
settle 5

# ------------------------------------------------------------------ 2b. the Kafka burst with watchers

# Each watcher is a curl following every change (no filter: the worst case, every snapshot to every watcher); its
# bytes are counted by wc. A watcher the service drops for falling behind ends its stream, so its curl exits early.
start_watchers() {
    rm -f "$WORK"/watcher-*.bytes
    DROPPED_BEFORE=$(metric "http://127.0.0.1:$HTTP_PORT" queuemgr_events_dropped_total)
    for i in $(seq 1 "$WATCHERS"); do
        curl -sN -H "Authorization: Bearer $QUEUEMGR_TOKEN" -H 'Accept: text/event-stream' \
            "http://127.0.0.1:$HTTP_PORT/api/events" > >(wc -c >"$WORK/watcher-$i.bytes") &
        WATCH_PIDS+=("$!")
    done
    settle 3
}
# Stops the watchers; prints "<dropped> <MiB streamed>", dropped as the service counted them.
stop_watchers() {
    local dropped p
    dropped=$(( $(metric "http://127.0.0.1:$HTTP_PORT" queuemgr_events_dropped_total) - DROPPED_BEFORE ))
    for p in "${WATCH_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait "${WATCH_PIDS[@]}" 2>/dev/null || true
    WATCH_PIDS=()
    sleep 1
    echo "$dropped $(cat "$WORK"/watcher-*.bytes 2>/dev/null | awk '{ s += $1 } END { printf "%.0f", s / 1048576 }')"
}
# "<N> watchers ...: <what> <ratio> % of <without>; <dropped> dropped ...; <MiB> streamed": $1 = stop_watchers' answer,
# $2 = what is compared, $3 its value with watchers, $4 without.
watch_note() {
    local ratio
    ratio=$(awk -v w="$3" -v a="$4" 'BEGIN { printf "%.0f", (a > 0 ? 100 * w / a : 0) }')
    set -- $1 "$2" "$ratio"
    echo "$WATCHERS watchers following every change: $3 ${4} % of the run without them; $1 dropped for falling behind; ${2} MiB streamed to them"
}
R_WATCHED=""
WATCH_NOTE=""
if (( WATCHERS > 0 )); then
    log "Kafka submission with $WATCHERS watchers of /api/events: $TASKS noop tasks"
    start_watchers
    R_WATCHED=$(bench kafka --tasks "$TASKS" --label kafka-watched)
    log "  $R_WATCHED"
    settle 3
    WATCH_NOTE=$(watch_note "$(stop_watchers)" "completed/s" "$(get "$R_WATCHED" complete_rate)" "$(get "$R_KAFKA" complete_rate)")
    log "  $WATCH_NOTE"
    settle 5
fi

# ------------------------------------------------------------------ 3. REST submission burst

log "REST submission: $REST_TASKS noop tasks, $CONCURRENCY requests at a time"
if [[ -n "$THREAD_DUMP" ]]; then
    ( sleep 8; jcmd "$SVC_PID" Thread.print >"$WORK/threads-rest.txt" 2>&1 &&
        log "thread dump: $WORK/threads-rest.txt" ) &
fi
R_REST=$(bench rest --tasks "$REST_TASKS" --url "http://127.0.0.1:$HTTP_PORT" --concurrency "$CONCURRENCY" \
    --label rest)
log "  $R_REST"
settle 5

# ------------------------------------------------------------------ 3b. sequential clients

# What one user's script meets: each POST waits for its 202 (durable on Kafka) before the next is sent. First the
# floor under it: the broker's own answer to what a submission writes (two records on two topics, acks=all), one call
# at a time from a bare producer, on the same machine at the same moment.
log "Kafka's floor for one call: $SEQ_TASKS calls of 2 records, each waiting for its acks"
R_FLOOR=$(bench floor --calls "$SEQ_TASKS" --warmup "$SEQ_WARMUP" --records 2 --label floor)
log "  $R_FLOOR"
settle 3
R_SEQ=()
for clients in 1 2; do
    log "REST submission, $clients client(s) one request at a time: $SEQ_TASKS noop tasks"
    R=$(bench rest --tasks "$SEQ_TASKS" --url "http://127.0.0.1:$HTTP_PORT" --sequential "$clients" \
        --warmup "$SEQ_WARMUP" --label "sequential-$clients")
    log "  $R"
    R_SEQ+=("$R")
    settle 3
done

# ------------------------------------------------------------------ 4. steady rate

log "steady rate: $RATE tasks/s over Kafka for $STEADY_SECONDS s"
R_STEADY=$(bench steady --rate "$RATE" --seconds "$STEADY_SECONDS" --label steady)
log "  $R_STEADY"
settle 3

# ------------------------------------------------------------------ 4b. steady rate with watchers

# The everyday case: the rate is well within the service's reach, so every watcher should keep up (none dropped)
# and the latency should not move.
R_STEADY_WATCHED=""
STEADY_WATCH_NOTE=""
if (( WATCHERS > 0 )); then
    log "steady rate with $WATCHERS watchers of /api/events: $RATE tasks/s over Kafka for $STEADY_SECONDS s"
    start_watchers
    R_STEADY_WATCHED=$(bench steady --rate "$RATE" --seconds "$STEADY_SECONDS" --label steady-watched)
    log "  $R_STEADY_WATCHED"
    settle 3
    STEADY_WATCH_NOTE=$(watch_note "$(stop_watchers)" "p99" "$(get "$R_STEADY_WATCHED" p99_ms)" "$(get "$R_STEADY" p99_ms)")
    log "  $STEADY_WATCH_NOTE"
    settle 3
fi

# ------------------------------------------------------------------ 5. memory

PEAK_RSS_KB=$(vm_kb "$SVC_PID" VmHWM)
KAFKA_PEAK_KB=$(vm_kb "$KAFKA_PID" VmHWM)
PG_PEAK_KB=$(cat "$WORK/pg-peak.kb" 2>/dev/null || echo 0)
END_RSS_KB=$(vm_kb "$SVC_PID" VmRSS)
HEAP_INFO=$(jcmd "$SVC_PID" GC.heap_info 2>/dev/null | grep -m1 ' used ' | sed 's/^[[:space:]]*//; s/[[:space:]]\{2,\}/ /g' || true)
# The service's stop-the-world pauses over the whole run (start-up included), whatever the collector: every
# safepoint, from its -Xlog:safepoint file ("Total" = reaching the safepoint + time at it).
GC_PAUSES=$(sed -n 's/.*Safepoint "\([^"]*\)".* Total: \([0-9]*\) ns.*/\2/p' "$WORK/safepoints.log" 2>/dev/null |
    sort -n | awk '{ a[NR] = $1 / 1e6; s += $1 / 1e6 } END { if (NR == 0) { print "n/a"; exit }
        i50 = int((NR + 1) / 2); i99 = int(NR * 0.99 + 0.999)
        printf "%d pauses, %.0f ms in all, p50 %.2f ms, p99 %.1f ms, max %.1f ms", NR, s, a[i50], a[i99], a[NR] }')
# ------------------------------------------------------------------ 6. scale: queues, instances, registry, restart

SCALE_ROWS=()
REGISTRY_ROWS=()
RESTART_ROWS=("| 0 (first start) | – | $READY_S s | – |")
if [[ -z "$SKIP_SCALE" ]]; then
    URL=http://127.0.0.1:$HTTP_PORT
    # restart [whole]: stop the service (it writes its registry checkpoint) and start it again, from the checkpoint
    # and the topics' tail, or with "whole" from the whole status topic (the checkpoint removed, as on a new machine
    # or pod, or after an upgrade that changed the checkpoint's layout or the snapshot's fields).
    restart() {
        local before from="checkpoint + the topics after it"
        before=$(metric "$URL" queuemgr_registry_tasks)
        log "restart with $before tasks in the registry${1:+, from the $1 status topic}"
        stop_service
        if [[ "${1:-}" == whole ]]; then
            rm -f "$WORK/data/registry.checkpoint"
            from="the whole status topic"
        fi
        launch "$HTTP_PORT" "$WORK/service.log"
        SVC_PID=$LAUNCHED_PID
        local rebuilt
        rebuilt=$(grep 'Registry rebuilt from the status topic' "$WORK/service.log" | tail -n1 |
            sed 's/.*: \([0-9]*\) tasks in \([0-9]*\) ms.*/\1 tasks in \2 ms/')
        RESTART_ROWS+=("| $before | $from | $(fmt1 "$(awk -v m="$READY_MS" 'BEGIN { print m / 1000 }')") s | $rebuilt |")
        log "  ready after $READY_MS ms; registry $rebuilt"
        settle 5
    }

    # The registry grows by a burst with every row, so 1 queue comes again last: a control that tells the cost of
    # more queues from the cost of a larger registry.
    again=""
    for q in 1 100 10000 1; do
        if [[ -z "$again" || $q != 1 ]]; then
            log "queues: creating $q queues"
            QR=$(bench queues --url "$URL" --count "$q" --queue-prefix "bq$q-")
            log "  $QR"
            settle 3
        fi
        log "queues: $TASKS noop tasks over Kafka, spread over $q queues"
        R=$(bench kafka --tasks "$TASKS" --queues "$q" --queue-prefix "bq$q-" --label "queues-$q")
        log "  $R"
        registry_now=$(metric "$URL" queuemgr_registry_tasks)
        if [[ -z "$again" ]]; then
            SCALE_ROWS+=("$(row "1 instance, $q queue(s)" "$R" "queues created in $(get "$QR" seconds) s; registry after: $registry_now tasks")")
        else
            SCALE_ROWS+=("$(row "1 instance, 1 queue again (control)" "$R" "registry after: $registry_now tasks")")
        fi
        [[ $q == 100 ]] && R_ONE_100=$R
        [[ $q == 10000 ]] && again=1
        settle 5
    done

    HTTP_PORT2=$(free_port)
    log "two instances: starting a second one on 127.0.0.1:$HTTP_PORT2 (log: $WORK/service2.log)"
    launch "$HTTP_PORT2" "$WORK/service2.log"
    SVC2_PID=$LAUNCHED_PID
    settle 10
    # The new instance compiles its hot paths first, as the first one did in its warm-up.
    log "two instances: warm-up burst of $(( TASKS * 2 )) tasks (not measured)"
    bench kafka --tasks "$(( TASKS * 2 ))" --queues 100 --queue-prefix "bq100-" --label two-instances-warmup >/dev/null
    settle 5
    log "two instances: $TASKS noop tasks over Kafka, spread over 100 queues"
    BENCH_PIDS="service=$SVC_PID,service2=$SVC2_PID,kafka=$KAFKA_PID,pg=$PG_PID"
    R=$(bench kafka --tasks "$TASKS" --queues 100 --queue-prefix "bq100-" --label two-instances)
    BENCH_PIDS=""
    log "  $R"
    SCALE_ROWS+=("$(row "2 instances, 100 queues" "$R" "CPU cores: instances $(get "$R" cpu_service) + $(get "$R" cpu_service2), Kafka $(get "$R" cpu_kafka), bench $(get "$R" cpu_bench); 1 instance: $(get "$R_ONE_100" cpu_service) + Kafka $(get "$R_ONE_100" cpu_kafka)")")
    kill -TERM "$SVC2_PID" 2>/dev/null || true
    wait "$SVC2_PID" 2>/dev/null || true
    SVC2_PID=""
    settle 10

    restart

    log "registry: filling it to $REGISTRY_TARGET tasks (100 categories, 1,000 tags)"
    N0=$(metric "$URL" queuemgr_registry_tasks)
    H0=$(live_heap "$SVC_PID")
    # At least a tenth of the target, so that the filters below have tasks to match and the heap per added task is
    # measured even when the steps before filled the registry past the target.
    FILL=$(( REGISTRY_TARGET - N0 > REGISTRY_TARGET / 10 ? REGISTRY_TARGET - N0 : REGISTRY_TARGET / 10 ))
    if (( FILL > 0 )); then
        R=$(bench kafka --tasks "$FILL" --queues 100 --queue-prefix "bq100-" --vary 1 --label registry-fill \
            --timeout-seconds 1800)
        log "  $R"
    fi
    settle 10
    N1=$(metric "$URL" queuemgr_registry_tasks)
    H1=$(live_heap "$SVC_PID")
    PER_TASK=$(awk -v a="$H0" -v b="$H1" -v n0="$N0" -v n1="$N1" 'BEGIN { if (n1 > n0) printf "%.0f", (b - a) / (n1 - n0); else print "n/a" }')
    PER_TASK_ALL=$(awk -v e="$EMPTY_HEAP" -v h="$H1" -v n="$N1" 'BEGIN { if (n > 0 && e > 0) printf "%.0f", (h - e) / n; else print "n/a" }')
    REGISTRY_ROWS+=("| live heap (class histogram, after a full GC) | empty service: $(mib $(( EMPTY_HEAP / 1024 ))) MiB; $N0 tasks: $(mib $(( H0 / 1024 ))) MiB; $N1 tasks: $(mib $(( H1 / 1024 ))) MiB | **$PER_TASK_ALL bytes per task** above the empty service; $PER_TASK per task added by the fill |")
    for q in "category=cat-7" "tag=tag-77" "type=noop" "queue=bq100-42" "category=cat-7&tag=tag-77" ; do
        QR=$(bench query --url "$URL" --path "/api/tasks?$q&limit=50" --repeat 20)
        REGISTRY_ROWS+=("| \`GET /api/tasks?$q&limit=50\` | p50 $(get "$QR" p50_ms) ms, p99 $(get "$QR" p99_ms) ms | $(get "$QR" items) items |")
    done
    QR=$(bench query --url "$URL" --path "/api/stats" --repeat 10)
    REGISTRY_ROWS+=("| \`GET /api/stats\` (every task) | p50 $(get "$QR" p50_ms) ms, p99 $(get "$QR" p99_ms) ms | |")

    restart
    restart whole

    # A new instance beside the running one (an empty data directory: a new pod, a lost volume), which takes the
    # running one's registry checkpoint (written for it now, since that one just read the whole topic) and reads the
    # topics after it, instead of the whole topic.
    before=$(metric "$URL" queuemgr_registry_tasks)
    HTTP_PORT2=$(free_port)
    log "new instance on 127.0.0.1:$HTTP_PORT2 beside the running one ($before tasks), from the running one's checkpoint"
    rm -rf "$WORK/data-new"
    SAVED_PROPS=("${SERVICE_PROPS[@]}")
    SERVICE_PROPS=(-Dqueuemgr.registry.max-finished=2000000 "-Dqueuemgr.data-dir=$WORK/data-new"
        "-Dqueuemgr.registry.seed-from=$URL")
    launch "$HTTP_PORT2" "$WORK/service-new.log"
    SERVICE_PROPS=("${SAVED_PROPS[@]}")
    SVC2_PID=$LAUNCHED_PID
    rebuilt=$(grep 'Registry rebuilt from the status topic' "$WORK/service-new.log" | tail -n1 |
        sed 's/.*: \([0-9]*\) tasks in \([0-9]*\) ms.*/\1 tasks in \2 ms/')
    RESTART_ROWS+=("| $before | a running peer's checkpoint + the topics after it (a new instance, empty data directory) | $(fmt1 "$(awk -v m="$READY_MS" 'BEGIN { print m / 1000 }')") s | $rebuilt |")
    log "  ready after $READY_MS ms; registry $rebuilt; $(grep -o "A peer's registry checkpoint.*" "$WORK/service-new.log" | head -n1)"
    kill -TERM "$SVC2_PID" 2>/dev/null || true
    wait "$SVC2_PID" 2>/dev/null || true
    SVC2_PID=""
fi

SVC_WARN=$(grep -c ' WARN ' "$WORK/service.log" || true)
SVC_ERROR=$(grep -c ' ERROR ' "$WORK/service.log" || true)

# ------------------------------------------------------------------ 7. SSH and SCP

SSH_LINES=""
if [[ -z "$SKIP_SSH" && -x /usr/sbin/sshd ]]; then
    stop_service
    log "SSH and SCP: 200 MB upload, queuemgr's SCP and OpenSSH's scp; ssh.exec true on one connection"
    SSH_LINES=$(bench/scp.sh 200 200 2>>"$WORK/bench.log" | grep -E '^(queuemgr|openssh|ssh\.exec)' || true)
fi

# ------------------------------------------------------------------ report

STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
CPU_MODEL=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
MEM_GIB=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo)
OS=$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-linux}")
JDK=$(java -version 2>&1 | sed -n '2s/ (build.*//p')
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
JAR_BUILT=$(date -u -r "$JAR" +%Y-%m-%dT%H:%M:%SZ)
DIRTY=""
[[ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]] && DIRTY=" (src/ or pom.xml had uncommitted changes)"
KAFKA_VERSION=$(tr ':' '\n' <<<"$KCP" | sed -n 's:.*/kafka-clients-\([^/]*\)\.jar$:\1:p' | head -n1)
PG_VERSION=$("$PG_BIN/postgres" --version 2>/dev/null | awk '{ print $NF }')

# Raw ceiling figures.
raw_p_rate=$(sed -n 's/.* records sent, \([0-9.]*\) records\/sec (\([0-9.]*\) MB\/sec).*/\1/p' <<<"$RAW_P")
raw_p_mb=$(sed -n 's/.* records sent, \([0-9.]*\) records\/sec (\([0-9.]*\) MB\/sec).*/\2/p' <<<"$RAW_P")
raw_p_p50=$(sed -n 's/.* \([0-9]*\) ms 50th, .*/\1/p' <<<"$RAW_P")
raw_p_p99=$(sed -n 's/.* \([0-9]*\) ms 99th, .*/\1/p' <<<"$RAW_P")
raw_p_max=$(sed -n 's/.*, \([0-9.]*\) ms max latency.*/\1/p' <<<"$RAW_P")
read -r -a rc <<<"$(tr ',' ' ' <<<"$RAW_C")" || true
# ConsumerPerformance CSV: start date, start time, end date, end time, MB, MB/s, count, count/s, rebalance ms,
# fetch ms, fetch MB/s, fetch count/s (dates and times are separate words once split on spaces).
raw_c_mb=${rc[5]:-}
raw_c_rate=${rc[7]:-}
raw_c_fetch_mb=${rc[10]:-}
raw_c_fetch_rate=${rc[11]:-}

breakdown() { # label result
    local r=$2 k out="| $1 |"
    for k in pending intake queue run observe; do
        out+=" $(fmt1 "$(get "$r" "${k}_p50_ms")") / $(fmt1 "$(get "$r" "${k}_p99_ms")") |"
    done
    echo "$out"
}

cpu_row() { # label result
    local r=$2 k out="| $1 |"
    for k in service service_jit kafka pg bench other machine; do
        out+=" $(get "$r" "cpu_$k") |"
    done
    echo "$out"
}

verdict() { # value op limit
    awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { if (v == "" || v == "n/a") { print "n/a"; exit }
        ok = (op == ">=") ? (v + 0 >= l + 0) : (v + 0 <= l + 0); print ok ? "**met**" : "**not met**" }'
}

K_RATE=$(get "$R_KAFKA" complete_rate)
D_RATE=$(get "$R_DRAIN" complete_rate)
S_P99=$(get "$R_STEADY" p99_ms)
REST_NOTE="$REST_TASKS tasks"
[[ "$REST_TASKS" != "$TASKS" ]] && REST_NOTE="$REST_TASKS tasks (not the full $TASKS)"

REPORT=$WORK/report.md
{
    echo "### Run of $STAMP"
    echo
    echo "- Machine: $(nproc) CPUs ($CPU_MODEL), $MEM_GIB GiB RAM, $OS, kernel $(uname -r)"
    echo "- JDK: $JDK; Kafka $KAFKA_VERSION (one KRaft broker+controller, heap ${KAFKA_HEAP_OPTS:-as stack/stack.sh sets it}); PostgreSQL $PG_VERSION; all on 127.0.0.1"
    echo "- Service: one instance, jar built $JAR_BUILT, repository at commit $COMMIT$DIRTY, JVM options: ${SERVICE_JAVA_OPTS:-none (JVM defaults)}; ready ${READY_S} s after launch"
    echo "- Other load on the machine before the run: $QUIET of $(nproc) cores busy"
    echo "- Warm-up before the measurements (not counted): $WARMUP_DONE round(s) of $WARMUP tasks over Kafka and $(( WARMUP / 5 )) over REST; in the last round the JIT compiler threads used ${WARMUP_JIT:-?}% of the service's CPU"
    echo
    echo "| Measurement | Tasks | Submitted/s | Completed/s | p50 ms | p99 ms | max ms | Notes |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
    if [[ -n "$SKIP_RAW" ]]; then
        echo "| Kafka raw produce / consume | – | – | – | – | – | – | skipped (--skip-raw) |"
    else
        echo "| Kafka raw produce (ProducerPerformance, ${RAW_SIZE} B, acks=all, 12 partitions) | $RAW_RECORDS | $(fmt0 "$raw_p_rate") rec/s ($(fmt1 "$raw_p_mb") MB/s) | – | $(fmt1 "$raw_p_p50") | $(fmt1 "$raw_p_p99") | $(fmt1 "$raw_p_max") | latency = produce→ack |"
        echo "| Kafka raw consume (ConsumerPerformance, same topic) | $RAW_RECORDS | – | $(fmt0 "$raw_c_rate") rec/s ($(fmt1 "$raw_c_mb") MB/s) | – | – | – | fetch phase only: $(fmt0 "$raw_c_fetch_rate") rec/s ($(fmt1 "$raw_c_fetch_mb") MB/s) |"
    fi
    row "Backlog drained, cold (after $COLD_WARMUP warm-up tasks on a fresh service)" "$R_COLD" "the drain a new instance gives before its JIT settles; completed/s from the resume, latency from the submission (includes the wait while paused)"
    row "Backlog drained, cold from the AOT cache (a fresh service started from the cache the first one wrote, $COLD_WARMUP warm-up tasks)" "$R_COLD_CACHED" "ready in $(fmt1 "$(awk -v m="$READY_CACHED_MS" 'BEGIN { print m / 1000 }')") s; the first start of a build, without a cache: $READY_S s"
    row "Kafka submission, burst" "$R_KAFKA" "submitted = produce acked; latency = submit→COMPLETED seen"
    row "Backlog drained (PENDING in a paused queue, then resumed)" "$R_DRAIN" "completed/s from the resume to the last COMPLETED seen; the service took in the backlog in $(fmt1 "$(get "$R_DRAIN" backlog_s)") s; latency from the submission (includes the wait while paused)"
    [[ -n "$R_WATCHED" ]] && row "Kafka submission, burst, $WATCHERS watchers of /api/events" "$R_WATCHED" "$WATCH_NOTE"
    row "REST submission, burst, $CONCURRENCY concurrent" "$R_REST" "$REST_NOTE; submitted = 202 received; HTTP p50/p99/max $(fmt1 "$(get "$R_REST" http_p50_ms)")/$(fmt1 "$(get "$R_REST" http_p99_ms)")/$(fmt1 "$(get "$R_REST" http_max_ms)") ms"
    [[ -n "$R_FLOOR" ]] && echo "| Kafka's floor for one call: 2 records on two topics, acks=all, no linger, one call at a time (\`Bench floor\`) | $(get "$R_FLOOR" calls) | – | – | $(fmt2 "$(get "$R_FLOOR" p50_ms)") | $(fmt2 "$(get "$R_FLOOR" p99_ms)") | $(fmt2 "$(get "$R_FLOOR" max_ms)") | the broker's answer to what one submission writes, from a bare producer: what the sequential clients' HTTP p50/p99 below compare with |"
    for i in 0 1; do
        [[ -n "${R_SEQ[$i]:-}" ]] && row "REST submission, $(( i + 1 )) sequential client(s)" "${R_SEQ[$i]}" "submitted = 202 received; HTTP p50/p99/max $(fmt1 "$(get "${R_SEQ[$i]}" http_p50_ms)")/$(fmt1 "$(get "${R_SEQ[$i]}" http_p99_ms)")/$(fmt1 "$(get "${R_SEQ[$i]}" http_max_ms)") ms (the client's wait for each 202)"
    done
    row "Steady $RATE/s over Kafka, $STEADY_SECONDS s" "$R_STEADY" "achieved send rate $(get "$R_STEADY" achieved_send_rate)/s, send lag max $(fmt1 "$(get "$R_STEADY" send_lag_max_ms)") ms"
    [[ -n "$R_STEADY_WATCHED" ]] && row "Steady $RATE/s over Kafka, $STEADY_SECONDS s, $WATCHERS watchers of /api/events" "$R_STEADY_WATCHED" "$STEADY_WATCH_NOTE"
    echo "| Service RSS | | | | | | | idle after start $(mib "$IDLE_RSS_KB") MiB; peak (VmHWM) $(mib "$PEAK_RSS_KB") MiB; at the end $(mib "$END_RSS_KB") MiB; heap at the end: ${HEAP_INFO:-n/a} |"
    echo "| Kafka RSS | | | | | | | idle after start $(mib "$KAFKA_IDLE_KB") MiB; peak (VmHWM, up to step 5) $(mib "$KAFKA_PEAK_KB") MiB |"
    echo "| PostgreSQL memory (PSS of all its processes) | | | | | | | idle after start $(mib "$PG_IDLE_KB") MiB; peak (sampled each second, up to step 5) $(mib "$PG_PEAK_KB") MiB |"
    echo "| Service pauses (all safepoints, GC included) | | | | | | | $GC_PAUSES |"
    echo
    echo "| Target | Measured | Verdict |"
    echo "|---|---:|---|"
    echo "| ≥ 10,000 noop tasks/s completed end to end, Kafka submission | $(fmt0 "$K_RATE")/s | $(verdict "$K_RATE" ">=" 10000) |"
    echo "| ≥ 28,000 noop tasks/s drained from a backlog on a warm service (issue 13) | $(fmt0 "$D_RATE")/s | $(verdict "$D_RATE" ">=" 28000) |"
    echo "| p99 submit→complete ≤ 50 ms at a steady 1,000 tasks/s | $(fmt1 "$S_P99") ms at $RATE/s | $(verdict "$S_P99" "<=" 50)$([[ "$RATE" != 1000 ]] && echo " (rate was $RATE/s, not 1,000)") |"
    echo
    echo "Where the time goes, p50 / p99 in ms, from the service's own timestamps in the COMPLETED snapshot:"
    echo "PENDING seen = submit→PENDING snapshot seen by the bench; intake = submit→createdAt; queue = createdAt→startedAt;"
    echo "run = startedAt→finishedAt (includes publishing RUNNING); observe = finishedAt→COMPLETED seen by the bench."
    echo
    echo "| Measurement | PENDING seen | intake | queue | run | observe |"
    echo "|---|---:|---:|---:|---:|---:|"
    breakdown "Kafka burst" "$R_KAFKA"
    breakdown "REST burst" "$R_REST"
    breakdown "Steady $RATE/s" "$R_STEADY"
    echo
    echo "CPU in cores (average over each measurement, from /proc; $(nproc) cores in all; bench = the load generator"
    echo "and its status follower; other = everything else on the machine):"
    echo
    echo "| Measurement | service | of which JIT compiler | Kafka | PostgreSQL | bench | other | machine |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    cpu_row "Kafka burst" "$R_KAFKA"
    cpu_row "Backlog drained" "$R_DRAIN"
    [[ -n "$R_WATCHED" ]] && cpu_row "Kafka burst, $WATCHERS watchers" "$R_WATCHED"
    cpu_row "REST burst" "$R_REST"
    cpu_row "Steady $RATE/s" "$R_STEADY"
    [[ -n "$R_STEADY_WATCHED" ]] && cpu_row "Steady $RATE/s, $WATCHERS watchers" "$R_STEADY_WATCHED"
    echo
    if [[ -z "$SKIP_SCALE" ]]; then
        echo "Scale: completed/s with more queues and a second instance (the same $(nproc) cores), each a Kafka burst"
        echo "of $TASKS noop tasks:"
        echo
        echo "| Measurement | Tasks | Submitted/s | Completed/s | p50 ms | p99 ms | max ms | Notes |"
        echo "|---|---:|---:|---:|---:|---:|---:|---|"
        printf '%s\n' "${SCALE_ROWS[@]}"
        echo
        echo "Registry: memory per task and filtering, with the registry filled to $REGISTRY_TARGET tasks or more (at least"
        echo "a tenth of them added by the fill; filters match 1 % (category), 0.1 % (tag), 1 % (queue) of the tasks the fill"
        echo "added, all (type) and none (category and tag) of the tasks):"
        echo
        echo "| What | Measured | |"
        echo "|---|---|---|"
        printf '%s\n' "${REGISTRY_ROWS[@]}"
        echo
        echo "Restart: launch to ready against the registry's size, from the checkpoint the stopped instance wrote and"
        echo "the topics after it, or from the whole status topic (no checkpoint: a new machine or pod, or a release that changed the checkpoint's layout),"
        echo "and a new instance started beside the running one with an empty data directory, from the running one's checkpoint:"
        echo
        echo "| Tasks in the registry | Read from | Ready after | Registry rebuilt |"
        echo "|---:|---|---:|---|"
        printf '%s\n' "${RESTART_ROWS[@]}"
        echo
    fi
    if [[ -n "$SSH_LINES" ]]; then
        echo "SSH and SCP against a throw-away OpenSSH sshd on loopback (bench/scp.sh; the service stopped):"
        echo
        printf '%s\n' "$SSH_LINES" | sed 's/^/- /'
        echo
    fi
    echo "Service log: $SVC_WARN WARN and $SVC_ERROR ERROR lines."
    if (( SVC_WARN + SVC_ERROR > 0 )); then
        echo
        echo '```'
        grep -E ' (WARN|ERROR) ' "$WORK/service.log" | cut -c1-300 | head -n 20
        echo '```'
    fi
} >"$REPORT"

mkdir -p bench/results
cp "$REPORT" "bench/results/$STAMP.md"
{
    echo
    echo "Raw result lines:"
    echo
    echo '```'
    echo "ProducerPerformance: $RAW_P"
    echo "ConsumerPerformance: $RAW_C"
    echo "$R_COLD"
    echo "$R_COLD_CACHED"
    echo "$R_KAFKA"
    echo "$R_DRAIN"
    [[ -n "$R_WATCHED" ]] && echo "$R_WATCHED"
    echo "$R_REST"
    printf '%s\n' "${R_SEQ[@]}"
    echo "$R_STEADY"
    [[ -n "$R_STEADY_WATCHED" ]] && echo "$R_STEADY_WATCHED"
    echo '```'
} >>"bench/results/$STAMP.md"

if [[ -n "$UPDATE_README" && -f bench/README.md ]] && grep -q '^<!-- results:begin -->' bench/README.md; then
    awk -v report="$REPORT" '
        /^<!-- results:begin -->/ { print; while ((getline line < report) > 0) print line; skip = 1; next }
        /^<!-- results:end -->/ { skip = 0 }
        !skip { print }' bench/README.md >"$WORK/README.md"
    cat "$WORK/README.md" >bench/README.md
fi

echo
cat "$REPORT"
echo
log "written to bench/results/$STAMP.md$([[ -n "$UPDATE_README" ]] && echo " and bench/README.md")"
OK=1
