#!/usr/bin/env bash
#
# bench/durability.sh - load and crash tests: does every accepted task reach a final state, none lost, none stuck,
# and only tasks in flight at a crash run twice?
#
#   bench/durability.sh [--quick] [--scenarios LIST] [--mixed-tasks N] [--crash-tasks N] [--crash-rate R]
#                       [--kills N] [--outage-seconds S] [--raw-records N] [--skip-raw] [--build] [--keep]
#                       [--no-readme]
#
# Scenarios (LIST is comma-separated; default all, in this order), each on a fresh stack (stack/stack.sh) in a
# temporary directory, with service instances started from the packaged jar:
#   mixed          --mixed-tasks (200,000) webhook tasks from concurrent REST clients, one sequential REST client
#                  and a Kafka producer at once; one instance; no failure
#   instance-kill  --crash-tasks (20,000) over two instances; SIGKILL one of them --kills (5) times, alternating,
#                  restarting it each time
#   broker-kill    the same load; SIGKILL of the Kafka broker, which stays down --outage-seconds (20) and is started
#                  again on the same data and ports (stack/outage.sh)
#   pg-restart     the same load; PostgreSQL stopped (pg_ctl stop -m fast) for --outage-seconds, then started again
#   pg-kill        the same with SIGKILL of the postmaster
# --quick runs 10,000 and 2,000 tasks, 2 kills and 10 s outages: a few minutes in all.
#
# Prints a markdown report, writes it to bench/results/durability-<UTC time>.md and into bench/README.md (between
# the durability markers). Everything it starts (stacks, instances) is stopped on exit, also on failure or Ctrl-C.
# Exit status 0 when every scenario passed, 3 when one lost, stuck or duplicated tasks, 1 when a run failed.
# See bench/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=../stack/java.sh
source stack/java.sh

SCENARIOS=mixed,instance-kill,broker-kill,pg-restart,pg-kill
MIXED_TASKS=200000
CRASH_TASKS=20000
CRASH_RATE=""
KILLS=5
OUTAGE_SECONDS=20
RAW_RECORDS=500000
SKIP_RAW=""
BUILD=""
KEEP=""
UPDATE_README=1
QUICK=""
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:--Xmx1g -XX:+UseZGC}
# The driver shares the CPUs with everything else: C1 only, small heap, serial collector.
DRIVER_JAVA_OPTS=${DRIVER_JAVA_OPTS:--XX:TieredStopAtLevel=1 -Xms256m -Xmx1500m -XX:+UseSerialGC}

usage() {
    sed -n 's/^#   \(bench\/durability\.sh.*\)/usage: \1/p; s/^#   \( *\[.*\)/\1/p' "$0" >&2
    exit 2
}

need_num() { [[ "${2:-}" =~ ^[0-9]+$ ]] || { echo "durability.sh: $1 needs a number" >&2; exit 2; }; }

while [[ $# -gt 0 ]]; do
    case $1 in
        --quick) QUICK=1; shift ;;
        --scenarios) SCENARIOS=${2:?--scenarios needs a list}; shift 2 ;;
        --mixed-tasks) need_num "$1" "${2:-}"; MIXED_TASKS=$2; MIXED_SET=1; shift 2 ;;
        --crash-tasks) need_num "$1" "${2:-}"; CRASH_TASKS=$2; CRASH_SET=1; shift 2 ;;
        --crash-rate) need_num "$1" "${2:-}"; CRASH_RATE=$2; shift 2 ;;
        --kills) need_num "$1" "${2:-}"; KILLS=$2; KILLS_SET=1; shift 2 ;;
        --outage-seconds) need_num "$1" "${2:-}"; OUTAGE_SECONDS=$2; OUTAGE_SET=1; shift 2 ;;
        --raw-records) need_num "$1" "${2:-}"; RAW_RECORDS=$2; shift 2 ;;
        --skip-raw) SKIP_RAW=1; shift ;;
        --build) BUILD=1; shift ;;
        --keep) KEEP=1; shift ;;
        --no-readme) UPDATE_README=""; shift ;;
        -h|--help) usage ;;
        *) echo "durability.sh: unknown argument: $1" >&2; usage ;;
    esac
done
if [[ -n "$QUICK" ]]; then
    [[ -n "${MIXED_SET:-}" ]] || MIXED_TASKS=10000
    [[ -n "${CRASH_SET:-}" ]] || CRASH_TASKS=2000
    [[ -n "${KILLS_SET:-}" ]] || KILLS=2
    [[ -n "${OUTAGE_SET:-}" ]] || OUTAGE_SECONDS=10
    RAW_RECORDS=200000
fi
# The crash scenarios spread their submissions over a few minutes, so that every disruption meets a running load:
# 20,000 tasks at 100/s take 200 s; a kill cycle (kill, restart, ready, a pause) takes 15-30 s here.
[[ -n "$CRASH_RATE" ]] || CRASH_RATE=$(( CRASH_TASKS >= 10000 ? 100 : 40 ))
IFS=, read -r -a SCENARIO_LIST <<<"$SCENARIOS"
for s in "${SCENARIO_LIST[@]}"; do
    case $s in
        mixed|instance-kill|broker-kill|pg-restart|pg-kill) ;;
        *) echo "durability.sh: unknown scenario: $s" >&2; usage ;;
    esac
done
(( MIXED_TASKS > 0 && CRASH_TASKS > 0 && CRASH_RATE > 0 )) || { echo "durability.sh: counts must be positive" >&2; exit 2; }

log() { echo "durability: $*" >&2; }

# ------------------------------------------------------------------ cleanup

WORK=$(mktemp -d /tmp/queuemgr-durability.XXXXXX)
# PostgreSQL runs as nobody when we are root: it must be able to reach the stacks under WORK.
chmod 711 "$WORK"
STACKS=()
OK=""

# Instances the driver started and may have left behind (it stops them itself unless it was killed): only pids
# whose command line carries this run's marker.
stop_instances() {
    local f pid
    for f in "$WORK"/*/pids; do
        [[ -r "$f" ]] || continue
        while read -r pid; do
            if [[ -r /proc/$pid/cmdline ]] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "-Ddurability.work=$WORK/"; then
                kill -KILL "$pid" 2>/dev/null || true
            fi
        done <"$f"
    done
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [[ -n "${DRIVER_PID:-}" ]] && { kill -TERM "$DRIVER_PID" 2>/dev/null || true; wait "$DRIVER_PID" 2>/dev/null || true; }
    stop_instances
    local d
    for d in "${STACKS[@]}"; do
        stack/stack.sh stop --dir "$d" >/dev/null 2>&1 || true
    done
    if [[ -n "$KEEP" || -z "$OK" ]]; then
        log "logs kept in $WORK (per scenario: driver.log, service-*.log, outage.log, stack/kafka.log, stack/pg.log)"
    else
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'log "interrupted"; exit 130' INT
trap 'log "terminated"; exit 143' TERM

# ------------------------------------------------------------------ helpers

get() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

machine_busy() { # cores busy on the whole machine over $1 seconds
    local a b
    a=$(awk 'NR == 1 { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    sleep "$1"
    b=$(awk 'NR == 1 { print $2 + $3 + $4 + $7 + $8 + $9, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)
    awk -v a="$a" -v b="$b" -v n="$(nproc)" 'BEGIN { split(a, x, " "); split(b, y, " ");
        printf "%.2f", (y[1] - x[1]) / (y[2] - x[2]) * n }'
}

# ------------------------------------------------------------------ build

JAR=target/quarkus-app/quarkus-run.jar
if [[ -n "$BUILD" || ! -f "$JAR" ]]; then
    log "building the service (./mvnw package -DskipTests)"
    ./mvnw -B -q package -DskipTests >"$WORK/build.log" 2>&1 || { tail -n 40 "$WORK/build.log" >&2; exit 1; }
fi
# A copy: a rebuild in the checkout during the run must not change what runs.
cp -r target/quarkus-app "$WORK/app"
KCP=$(stack/stack.sh kafka-classpath)
mkdir -p "$WORK/classes"
javac -nowarn -d "$WORK/classes" -cp "$KCP" bench/Durability.java

QUIET=$(machine_busy 3)

# ------------------------------------------------------------------ scenarios

# Options of the driver per scenario: load shape, then the disruption.
scenario_options() {
    local crash=(--tasks "$CRASH_TASKS" --rate "$CRASH_RATE" --instances 2 --rest-clients 2 --rest-inflight 4
        --seq-share 0.05 --kafka-share 0.3 --queues 12 --max-concurrent 16 --outage-seconds "$OUTAGE_SECONDS")
    case $1 in
        mixed) echo --tasks "$MIXED_TASKS" --instances 1 --rest-clients 4 --rest-inflight 16 --seq-share 0.02 \
            --kafka-share 0.4 --queues 12 --max-concurrent 32 --hook-delay-ms 5 ;;
        instance-kill) echo "${crash[@]}" --hook-delay-ms 200 --kills "$KILLS" --disrupt-at 0.1 ;;
        broker-kill|pg-restart|pg-kill) echo "${crash[@]}" --hook-delay-ms 50 --disrupt-at 0.33 ;;
    esac
}

RESULTS=()
RAW=""
FAILED=0
for s in "${SCENARIO_LIST[@]}"; do
    dir=$WORK/$s
    mkdir -p "$dir"
    chmod 711 "$dir"
    log "$s: starting a fresh stack in $dir/stack"
    STACKS+=("$dir/stack")
    stack/stack.sh start --dir "$dir/stack" >"$dir/stack-start.log" 2>&1 ||
        { tail -n 30 "$dir/stack-start.log" >&2; exit 1; }
    if [[ -z "$SKIP_RAW" && -z "$RAW" ]]; then
        # The broker's own ceiling on this machine, for scale: 200-byte records, acks=all, 12 partitions.
        bootstrap=$(sed -n 's/^KAFKA_BOOTSTRAP=//p' "$dir/stack/stack.env")
        java -cp "$KCP" org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --create \
            --topic raw-perf --partitions 12 >/dev/null 2>&1 || true
        RAW=$(java -cp "$KCP" org.apache.kafka.tools.ProducerPerformance --topic raw-perf \
            --num-records "$RAW_RECORDS" --record-size 200 --throughput -1 \
            --command-property bootstrap.servers="$bootstrap" acks=all 2>/dev/null | tail -n1 || true)
        log "raw produce: $RAW"
    fi
    set +e
    # shellcheck disable=SC2046,SC2086  # JVM flags and the scenario's options are lists of words
    java $DRIVER_JAVA_OPTS -cp "$WORK/classes:$KCP" Durability "$s" --stack-dir "$dir/stack" --work "$dir" \
        --jar "$WORK/app/quarkus-run.jar" --report "$dir/details.md" --outage-script "$ROOT/stack/outage.sh" \
        --service-java-opts "$SERVICE_JAVA_OPTS" $(scenario_options "$s") \
        >"$dir/result.txt" 2> >(tee -a "$dir/driver.log" | grep --line-buffered '^durability:' >&2) &
    DRIVER_PID=$!
    wait "$DRIVER_PID"
    rc=$?
    DRIVER_PID=""
    set -e
    R=$(grep '^RESULT ' "$dir/result.txt" | tail -n1 || true)
    if [[ -z "$R" ]]; then
        log "$s: the driver ended without a result (exit $rc); see $dir/driver.log"
        R="RESULT scenario=$s pass=no error=driver-exit-$rc"
        FAILED=1
    elif (( rc != 0 )); then
        FAILED=$(( FAILED > 0 ? FAILED : 3 ))
    fi
    RESULTS+=("$R")
    stack/stack.sh stop --dir "$dir/stack" >/dev/null 2>&1 || true
done

# ------------------------------------------------------------------ report

STAMP=$(date -u +%Y-%m-%dT%H%M%SZ)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=""
[[ -n "$(git status --porcelain -- src pom.xml 2>/dev/null)" ]] && DIRTY=" (src/ or pom.xml had uncommitted changes)"
JDK=$(java -version 2>&1 | sed -n '2s/ (build.*//p')
KAFKA_VERSION=$(tr ':' '\n' <<<"$KCP" | sed -n 's:.*/kafka-clients-\([^/]*\)\.jar$:\1:p' | head -n1)

title() {
    case $1 in
        mixed) echo "Mixed load, no failure: concurrent REST + sequential REST + Kafka" ;;
        instance-kill) echo "SIGKILL of one of two instances, $KILLS times, each restarted" ;;
        broker-kill) echo "SIGKILL of the Kafka broker, down ${OUTAGE_SECONDS} s, restarted on the same data" ;;
        pg-restart) echo "PostgreSQL stopped (fast) for ${OUTAGE_SECONDS} s, then started" ;;
        pg-kill) echo "SIGKILL of the PostgreSQL postmaster, down ${OUTAGE_SECONDS} s, then started" ;;
    esac
}

REPORT=$WORK/report.md
{
    echo "### Durability run of $STAMP"
    echo
    echo "- Machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)), $(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo) GiB RAM; other load before the run: $QUIET of $(nproc) cores busy"
    echo "- JDK: $JDK; Kafka $KAFKA_VERSION (one KRaft broker); PostgreSQL from stack/; service at commit $COMMIT$DIRTY, JVM options: $SERVICE_JAVA_OPTS"
    if [[ -n "$RAW" ]]; then
        echo "- Raw Kafka produce on the same machine (ProducerPerformance, $RAW_RECORDS records of 200 B, acks=all, 12 partitions): $(sed -n 's/.* records sent, \([0-9.]*\) records\/sec (\([0-9.]*\) MB\/sec).*/\1 \2/p' <<<"$RAW" |
            awk '{ printf "%.0f records/s (%.1f MB/s)", $1, $2 }')"
    fi
    echo
    echo "| Scenario | Tasks | Accepted | Completed | Failed | Lost | Stuck | Ran twice (in flight at a disruption) | Final snapshot not last | Duration | Throughput | Verdict |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    for R in "${RESULTS[@]}"; do
        s=$(get "$R" scenario)
        verdict="**pass**"
        [[ "$(get "$R" pass)" == yes ]] || verdict="**FAIL**"
        printf '| %s | %s | %s | %s | %s | %s | %s | %s (%s) | %s | %s s | %s tasks/s | %s |\n' "$(title "$s")" \
            "$(get "$R" tasks)" "$(get "$R" accepted)" "$(get "$R" completed)" "$(get "$R" failed)" \
            "$(get "$R" lost)" "$(get "$R" stuck)" "$(get "$R" ran_twice)" "$(get "$R" ran_twice_in_flight)" \
            "$(get "$R" stale_after_final)" "$(get "$R" seconds)" "$(get "$R" throughput)" "$verdict"
    done
    echo
    echo "Lost = accepted (202 or 200 from REST, an ack for Kafka) but never seen final; stuck = of those, the ones"
    echo "the service still shows as waiting or running. Final snapshot not last = tasks for which an older, non-final"
    echo "snapshot reached the compacted status topic after the final one: once compaction removes the final one, a"
    echo "registry rebuilt from the topic shows the task waiting forever. Duration = first submission to last final snapshot;"
    echo "throughput = completed / duration, with the submissions paced (crash scenarios) or as fast as the clients"
    echo "go (mixed). Every task is a webhook to a receiver that counts the calls per task."
    echo
    for s in "${SCENARIO_LIST[@]}"; do
        [[ -r "$WORK/$s/details.md" ]] && { cat "$WORK/$s/details.md"; echo; }
    done
} >"$REPORT"

mkdir -p bench/results
{
    cat "$REPORT"
    echo "Raw result lines:"
    echo
    echo '```'
    printf '%s\n' "${RESULTS[@]}"
    [[ -n "$RAW" ]] && echo "ProducerPerformance: $RAW"
    echo '```'
} >"bench/results/durability-$STAMP.md"

if [[ -n "$UPDATE_README" && -f bench/README.md ]]; then
    if grep -q '^<!-- durability:begin -->' bench/README.md; then
        awk -v report="$REPORT" '
            /^<!-- durability:begin -->/ { print; while ((getline line < report) > 0) print line; skip = 1; next }
            /^<!-- durability:end -->/ { skip = 0 }
            !skip { print }' bench/README.md >"$WORK/README.md"
        cat "$WORK/README.md" >bench/README.md
    else
        log "bench/README.md has no durability markers; not updated"
    fi
fi

echo
cat "$REPORT"
echo
log "written to bench/results/durability-$STAMP.md$([[ -n "$UPDATE_README" ]] && echo " and bench/README.md")"
# Logs stay after a failed scenario, for the digging.
(( FAILED == 0 )) && OK=1
exit "$FAILED"
