#!/usr/bin/env bash
#
# bench/split-holding.sh - three instances over one status topic, holding every task or only their queues' tasks.
#
#   bench/split-holding.sh [--tasks N] [--queues Q] [--reads N] [--only all|dispatched] [--keep]
#
# Starts a stack of its own (stack/stack.sh) in a temporary directory, fills the status topic with N finished noop
# tasks over Q queues (bench/StatusFill.java; 600,000 over 100 by default), then for queuemgr.registry.holding=all and
# =dispatched in turn: starts three instances one after the other (fresh data directories), and reports each one's
# tasks and live heap after a full GC; restarts one from its checkpoint (launch to ready); stops another and times how
# long the other two take until they hold every task again. Prints a markdown table; with holding=dispatched also
# what routing reads between the three costs (bench/RoutingProbe.java: by id, listings; p50 and p99). Needs the packaged service
# (./mvnw package -DskipTests) and a JDK with jcmd. See docs/architecture.md, "Split holding".
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
# shellcheck source=../stack/java.sh
source stack/java.sh

TASKS=600000
QUEUES=100
KEEP=""
READS=2000
MODES="all dispatched"
while [[ $# -gt 0 ]]; do
    case "$1" in
        --tasks) TASKS=$2; shift 2 ;;
        --queues) QUEUES=$2; shift 2 ;;
        --reads) READS=$2; shift 2 ;;
        --only) MODES=$2; shift 2 ;;
        --keep) KEEP=1; shift ;;
        *) echo "split-holding.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
JAR=$ROOT/target/quarkus-app/quarkus-run.jar
[[ -f "$JAR" ]] || { echo "split-holding.sh: package the service first (./mvnw package -DskipTests)" >&2; exit 2; }

WORK=$(mktemp -d /tmp/queuemgr-split.XXXXXX)
chmod 711 "$WORK"
TOKEN=qm_splitbench0123456789abcdef
declare -A PIDS=()
READY_MS=0

log() { echo "split: $*" >&2; }

cleanup() {
    trap - EXIT INT TERM
    for p in "${PIDS[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
    stack/stack.sh stop --dir "$WORK/stack" >/dev/null 2>&1 || true
    if [[ -n "$KEEP" ]]; then log "logs kept in $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT INT TERM

stack/stack.sh start --dir "$WORK/stack" >"$WORK/stack.log" 2>&1
set -a
# shellcheck disable=SC1091
source "$WORK/stack/stack.env"
set +a

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# launch NAME PORT MODE: starts an instance (its data directory kept between launches), waits until it is ready,
# and sets READY_MS to the milliseconds from launch to ready.
launch() {
    local name=$1 port=$2 mode=$3 begin
    begin=$(now_ms)
    KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP QUEUEMGR_HTTP_PORT=$port QUARKUS_HTTP_HOST=127.0.0.1 \
        QUEUEMGR_TOPIC_PREFIX=split QUEUEMGR_BOOTSTRAP_TOKEN=$TOKEN \
        java -Xmx2g -XX:+UseG1GC "-Dqueuemgr.instance-id=$name" "-Dqueuemgr.data-dir=$WORK/data-$name" \
        "-Dqueuemgr.registry.holding=$mode" -Dqueuemgr.registry.max-finished=10000000 \
        -Dqueuemgr.registry.retention=P3650D -Dqueuemgr.history.retention=P3700D \
        -jar "$JAR" >>"$WORK/$name.log" 2>&1 &
    PIDS[$name]=$!
    until curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$port/q/health/ready"; do
        kill -0 "${PIDS[$name]}" 2>/dev/null || { tail -n 30 "$WORK/$name.log" >&2; exit 1; }
        sleep 0.1
    done
    READY_MS=$(($(now_ms) - begin))
}

stop_instance() {
    local name=$1
    kill -TERM "${PIDS[$name]}" 2>/dev/null || true
    wait "${PIDS[$name]}" 2>/dev/null || true
    unset "PIDS[$name]"
}

tasks_of() {
    curl -s "http://127.0.0.1:$1/q/health/ready" | python3 -c \
        'import json,sys; print([c for c in json.load(sys.stdin)["checks"] if c["name"]=="queuemgr"][0]["data"]["registryTasks"])'
}

heap_mb() {
    jcmd "${PIDS[$1]}" GC.run >/dev/null
    jcmd "${PIDS[$1]}" GC.heap_info | grep -oE 'used [0-9]+K' | head -n 1 | awk '{print int($2 / 1024)}'
}

# Waits until the instances on these ports hold the given number of tasks together, for as long as a partition
# taken away may linger (queuemgr.registry.let-go-after) and more.
await_total() {
    local want=$1 deadline
    shift
    deadline=$(($(now_ms) + 120000))
    while :; do
        local sum=0
        for port in "$@"; do sum=$((sum + $(tasks_of "$port"))); done
        [[ $sum -eq $want ]] && return 0
        (($(now_ms) < deadline)) || { log "the instances hold $sum tasks, not $want"; return 1; }
        sleep 0.5
    done
}

log "creating the topics"
launch s0 18100 all
stop_instance s0
log "filling the status topic: $TASKS tasks over $QUEUES queues"
java -cp "$(stack/stack.sh kafka-classpath)" bench/StatusFill.java --bootstrap "$KAFKA_BOOTSTRAP" \
    --tasks "$TASKS" --queues "$QUEUES" --topic-prefix split >"$WORK/fill.log" 2>&1

declare -A ROW=()
for mode in $MODES; do
    log "holding=$mode: three instances"
    for i in 1 2 3; do launch "$mode$i" "1810$i" "$mode"; done
    if [[ $mode == all ]]; then want=$((3 * TASKS)); else want=$TASKS; fi
    await_total "$want" 18101 18102 18103
    tasks="" heaps="" total=0
    for i in 1 2 3; do
        tasks+="$(tasks_of "1810$i") / "
        h=$(heap_mb "$mode$i")
        heaps+="$h / "
        total=$((total + h))
    done
    ROW[$mode.tasks]=${tasks% / }
    ROW[$mode.heap]=${heaps% / }
    ROW[$mode.total]=$total
    if [[ $mode == dispatched ]]; then
        log "holding=dispatched: timing reads routed between the three"
        java bench/RoutingProbe.java --token "$TOKEN" --reads "$READS" http://127.0.0.1:18101 \
            http://127.0.0.1:18102 http://127.0.0.1:18103 >"$WORK/routing.md"
    fi
    log "holding=$mode: restarting one from its checkpoint"
    stop_instance "${mode}2"
    launch "${mode}2" 18102 "$mode"
    ROW[$mode.restart]=$READY_MS
    await_total "$want" 18101 18102 18103
    log "holding=$mode: stopping one; the other two take its queues over"
    begin=$(now_ms)
    stop_instance "${mode}3"
    if [[ $mode == all ]]; then want=$((2 * TASKS)); fi
    await_total "$want" 18101 18102
    ROW[$mode.takeover]=$(($(now_ms) - begin))
    stop_instance "${mode}1"
    stop_instance "${mode}2"
done

echo
echo "| $TASKS finished tasks, $QUEUES queues, three instances | holding=all | holding=dispatched |"
echo "| --- | ---: | ---: |"
echo "| tasks per instance | ${ROW[all.tasks]:--} | ${ROW[dispatched.tasks]:--} |"
echo "| live heap after a full GC, MB per instance | ${ROW[all.heap]:--} | ${ROW[dispatched.heap]:--} |"
echo "| the three together, MB | ${ROW[all.total]:--} | ${ROW[dispatched.total]:--} |"
echo "| one restarted from its checkpoint, launch to ready, ms | ${ROW[all.restart]:--} | ${ROW[dispatched.restart]:--} |"
echo "| one stopped: SIGTERM until the other two hold every task (theirs), ms | ${ROW[all.takeover]:--} | ${ROW[dispatched.takeover]:--} |"
if [[ -f "$WORK/routing.md" ]]; then
    echo
    cat "$WORK/routing.md"
fi
