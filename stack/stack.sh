#!/usr/bin/env bash
#
# stack.sh - run a real single-node Kafka (KRaft) and a real PostgreSQL as plain
# processes for development and tests. No Docker; the only downloads are Maven
# Central artifacts (Kafka jars and a PostgreSQL binaries jar), resolved by
# stack/pom.xml and cached under stack/target/.
#
#   stack.sh start --dir DIR [--kafka-port N] [--pg-port N] [--keep-data]
#   stack.sh stop  --dir DIR
#   stack.sh run   --dir DIR [--kafka-port N] [--pg-port N] [--keep-data]
#   stack.sh kafka-classpath
#
# `start` prints DIR/stack.env (KAFKA_BOOTSTRAP, PG_HOST, PG_PORT, ...) once
# both servers answer. Each start begins from empty data unless --keep-data,
# which keeps it and reuses the previous ports where free. See stack/README.md.
set -euo pipefail

STACK_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=$STACK_HOME/target
POM=$STACK_HOME/pom.xml
CONF=$STACK_HOME/conf

READY_TIMEOUT=${STACK_READY_TIMEOUT:-90}  # seconds, for each of Kafka and PostgreSQL
STOP_TIMEOUT=${STACK_STOP_TIMEOUT:-30}    # seconds before Kafka gets SIGKILL
# Sized for a developer machine (docs/architecture.md, "Footprint"): the broker keeps records in the page cache,
# not on its heap, so a small heap and the serial collector cost nothing measurable on one node; production
# brokers are sized in k8s/README.md.
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms32m -Xmx192m}
KAFKA_JVM_OPTS=${KAFKA_JVM_OPTS:--XX:+UseSerialGC}
# PostgreSQL's own defaults, but 16 MB of shared buffers instead of 128 MB: the history tables of a dev box fit.
PG_SERVER_OPTS=${PG_SERVER_OPTS:--c shared_buffers=16MB -c max_connections=100}

PG_USER=queuemgr
PG_PASSWORD=queuemgr
PG_DB=queuemgr

# Maven runs with the caller's own Java setup (any JDK Maven accepts will do
# for resolving); the servers run with the JDK 21+ chosen by java.sh.
ORIG_JAVA_HOME=${JAVA_HOME-}
ORIG_JAVA_HOME_SET=${JAVA_HOME+set}
ORIG_PATH=$PATH
# shellcheck source-path=SCRIPTDIR source=java.sh
source "$STACK_HOME/java.sh"

log() { echo "stack: $*" >&2; }
die() { echo "stack: error: $*" >&2; exit 1; }

usage() {
    grep '^#   stack.sh ' "${BASH_SOURCE[0]}" | sed 's/^#   /usage: /' >&2
    exit 2
}

# ---------------------------------------------------------------- utilities

# Seconds since the epoch, for deadlines.
now() { date +%s; }

pid_alive() { [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null; }

# True when $1 is alive AND its command line mentions $2. Guards stop against
# pids that were recycled by unrelated processes since stack.env was written.
pid_is() {
    local pid=$1 needle=$2
    pid_alive "$pid" || return 1
    [[ -r /proc/$pid/cmdline ]] || return 0   # no /proc: trust the pid
    tr '\0' ' ' < "/proc/$pid/cmdline" | grep -qF -- "$needle"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
port_open() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Print a free TCP port on 127.0.0.1 that is not in the space-separated list $1.
# python3 asks the kernel for one (bind to port 0), which avoids guessing.
# Without python3, try random ports below the kernel's ephemeral range (so an
# outgoing connection is unlikely to grab it meanwhile) until one refuses a
# connection.
pick_port() {
    local taken=" ${1:-} " p _
    for _ in $(seq 1 50); do
        p=""
        if command -v python3 >/dev/null 2>&1; then
            p=$(python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()' 2>/dev/null) || p=""
        fi
        if [[ -z "$p" ]]; then
            p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 ))
        fi
        [[ "$taken" == *" $p "* ]] && continue
        port_open "$p" && continue
        echo "$p"
        return 0
    done
    die "could not find a free TCP port"
}

# Run a command as the account PostgreSQL runs under. PostgreSQL refuses to
# run as root, so as root we drop to `nobody`; otherwise run as ourselves.
as_pg() {
    if [[ $(id -u) -ne 0 ]]; then
        "$@"
    elif command -v setpriv >/dev/null 2>&1; then
        setpriv --reuid=nobody --regid="$PG_GROUP" --clear-groups -- "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u nobody -g "$PG_GROUP" -- "$@"
    else
        die "running as root needs setpriv or runuser (util-linux) to start PostgreSQL as nobody"
    fi
}
# Debian calls nobody's group nogroup; other distributions call it nobody.
PG_GROUP=$(id -gn nobody 2>/dev/null || echo nogroup)

# Start "$@" detached from this shell (own session, no terminal, stdin closed)
# so it survives the caller exiting or a Ctrl-C in the caller's terminal.
# The child writes its own pid to $1 before exec-ing the real command, which
# gives the server's pid even when setsid has to fork.
spawn_detached() {
    local pidfile=$1 logfile=$2; shift 2
    local launcher=(nohup)
    command -v setsid >/dev/null 2>&1 && launcher=(setsid)
    # shellcheck disable=SC2016  # $$ and $@ belong to the inner shell
    "${launcher[@]}" bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" \
        >>"$logfile" 2>&1 </dev/null &
}

# Read KEY from an env file like DIR/stack.env (no sourcing: the file is data).
env_get() {
    local file=$1 key=$2
    [[ -r "$file" ]] || return 0
    sed -n "s/^$key=//p" "$file" | tail -n1
}

show_log_tail() {
    local name=$1 file=$2
    if [[ -r "$file" ]]; then
        echo "----- last 40 lines of $file ($name) -----" >&2
        tail -n 40 "$file" >&2
        echo "----- end of $file -----" >&2
    fi
}

# ----------------------------------------------------- cached dependencies

pom_property() {
    sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "$POM" | head -n1
}

PG_VERSION=$(pom_property postgres.binaries.version)
CLASSPATH_FILE=$CACHE/kafka.classpath
CLASSPATH_STAMP=$CACHE/kafka.classpath.pom-sha256
PG_CACHE=$CACHE/pgsql-$PG_VERSION

pom_hash() { sha256sum "$POM" | cut -d' ' -f1; }

classpath_cache_ok() {
    [[ -s "$CLASSPATH_FILE" && -r "$CLASSPATH_STAMP" ]] || return 1
    [[ "$(cat "$CLASSPATH_STAMP")" == "$(pom_hash)" ]] || return 1
    # Every jar must still exist: a wiped ~/.m2 would otherwise break the
    # broker at run time with a confusing ClassNotFoundException.
    tr ':' '\n' < "$CLASSPATH_FILE" | while IFS= read -r jar || [[ -n "$jar" ]]; do
        [[ -z "$jar" || -f "$jar" ]] || exit 1
    done
}

pg_cache_ok() { [[ -f "$PG_CACHE/.complete" && -x "$PG_CACHE/bin/postgres" ]]; }

# Runs Maven with the environment the caller had before java.sh changed it.
run_maven() {
    local mvn=${MVN:-mvn}
    command -v "$mvn" >/dev/null 2>&1 || die "Maven ($mvn) is needed once to resolve Kafka and PostgreSQL into $CACHE"
    if [[ -z "$ORIG_JAVA_HOME_SET" ]] && ! PATH=$ORIG_PATH command -v java >/dev/null 2>&1; then
        # The caller had no Java of its own: let Maven use the one java.sh found.
        "$mvn" "$@"
    elif [[ -n "$ORIG_JAVA_HOME_SET" ]]; then
        JAVA_HOME=$ORIG_JAVA_HOME PATH=$ORIG_PATH "$mvn" "$@"
    else
        env -u JAVA_HOME PATH="$ORIG_PATH" "$mvn" "$@"
    fi
}

# Make sure the Kafka classpath and the PostgreSQL binaries are in the cache.
# Concurrent starts (two stacks at once) serialize on a lock, and results are
# written to temporary names and renamed, so nobody sees a half-written cache.
ensure_cache() {
    mkdir -p "$CACHE"
    if classpath_cache_ok && pg_cache_ok; then return 0; fi

    local lockfd
    if command -v flock >/dev/null 2>&1; then
        exec {lockfd}>"$CACHE/.lock"
        flock "$lockfd"
    fi

    if ! classpath_cache_ok || ! pg_cache_ok; then
        log "resolving Kafka and PostgreSQL from Maven Central (first run only)..."
        local tmp_cp="$CACHE/kafka.classpath.tmp.$$" tmp_dist="$CACHE/pg-dist.tmp.$$" out
        rm -rf "$tmp_cp" "$tmp_dist"
        if ! out=$(run_maven -q -B -Dstyle.color=never -f "$POM" generate-resources \
                "-Dmdep.outputFile=$tmp_cp" "-Dpg.dist.dir=$tmp_dist" 2>&1); then
            echo "$out" >&2
            rm -rf "$tmp_cp" "$tmp_dist"
            die "Maven could not resolve $POM (see above)"
        fi
        [[ -s "$tmp_cp" ]] || die "Maven wrote no classpath to $tmp_cp"
        mv -f "$tmp_cp" "$CLASSPATH_FILE"
        pom_hash > "$CLASSPATH_STAMP"

        if ! pg_cache_ok; then
            local txz
            txz=$(find "$tmp_dist" -name '*.txz' | head -n1)
            [[ -n "$txz" ]] || die "no PostgreSQL .txz found in the binaries jar"
            command -v xz >/dev/null 2>&1 ||
                die "xz is needed to unpack the PostgreSQL binaries (.txz); install it: apt-get install xz-utils"
            local tmp_pg="$PG_CACHE.tmp.$$"
            rm -rf "$tmp_pg" && mkdir -p "$tmp_pg"
            tar -xJf "$txz" -C "$tmp_pg" --no-same-owner
            # World-readable so the unprivileged PostgreSQL account can use it.
            chmod -R a+rX "$tmp_pg"
            touch "$tmp_pg/.complete"
            rm -rf "$PG_CACHE" && mv "$tmp_pg" "$PG_CACHE"
        fi
        rm -rf "$tmp_dist"
    fi

    [[ -n "${lockfd:-}" ]] && exec {lockfd}>&-
    return 0
}

# JVM flags for the short-lived tool runs inside start (format, readiness
# probe): they finish in a second or two, so skip the optimizing JIT and the
# parallel GC threads, which only slow start-up on a small machine.
TOOL_JVM_OPTS=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xshare:auto)

kafka_classpath() {
    # conf/ first: it holds log4j2.properties for the command line tools.
    echo "$CONF:$(cat "$CLASSPATH_FILE")"
}

# ------------------------------------------------------------------- Kafka

# Random 16-byte id in Kafka's cluster id format (URL-safe base64, no padding),
# made in bash to save a JVM start for `kafka-storage random-uuid`. Like Kafka's
# own generator, reject ids starting with '-': the format command's argument
# parser would take them for an option.
new_cluster_id() {
    local id
    while :; do
        id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
        [[ "$id" == -* ]] || break
    done
    echo "$id"
}

write_kafka_config() {
    cat > "$KAFKA_DIR/server.properties" <<EOF
# Written by stack.sh: one process that is both the KRaft controller and the broker.
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
# Dynamic quorum of one voter (the storage is formatted with --standalone).
controller.quorum.bootstrap.servers=127.0.0.1:$CONTROLLER_PORT
log.dirs=$KAFKA_DIR/data

# A single broker cannot hold replicas 2 and 3 of the internal topics.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1

num.partitions=1
auto.create.topics.enable=true
# No point waiting for more members to join the first rebalance on a dev box.
group.initial.rebalance.delay.ms=0
# The log cleaner (compacted topics: task status, queues) keeps a 128 MB dedupe buffer on the heap by default;
# 16 MB maps about 600,000 keys per cleaning pass, and a larger backlog just takes more passes.
log.cleaner.dedupe.buffer.size=16777216
EOF
}

start_kafka() {
    mkdir -p "$KAFKA_DIR"
    write_kafka_config
    local cp
    cp=$(kafka_classpath)
    if [[ ! -f "$KAFKA_DIR/data/meta.properties" ]]; then
        # share.version=1 is already the default for a 4.2 metadata version;
        # naming it keeps share groups on even if that default ever moves.
        if ! java "${TOOL_JVM_OPTS[@]}" -cp "$cp" -Dlog4j2.configurationFile="$CONF/log4j2-broker.properties" \
                kafka.tools.StorageTool format --standalone \
                --config "$KAFKA_DIR/server.properties" \
                --cluster-id "$(new_cluster_id)" \
                --feature share.version=1 >>"$KAFKA_LOG" 2>&1; then
            show_log_tail kafka "$KAFKA_LOG"
            die "formatting the Kafka storage failed"
        fi
    fi
    # JDK 24+ warns at start-up that Kafka's buffer unmapping uses
    # sun.misc.Unsafe; allowing it explicitly keeps that out of the log.
    local extra=()
    (( QUEUEMGR_JAVA_MAJOR >= 24 )) && extra+=(--sun-misc-unsafe-memory-access=allow)
    # shellcheck disable=SC2086
    spawn_detached "$KAFKA_DIR/kafka.pid" "$KAFKA_LOG" \
        java $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS "${extra[@]}" -server -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true \
        -Dlog4j2.configurationFile="$CONF/log4j2-broker.properties" \
        -Dqueuemgr.stack.dir="$DIR" \
        -cp "$cp" kafka.Kafka "$KAFKA_DIR/server.properties"
    # The pid file appears as soon as the detached shell runs.
    local _
    for _ in $(seq 1 50); do
        [[ -s "$KAFKA_DIR/kafka.pid" ]] && break
        sleep 0.1
    done
    KAFKA_PID=$(cat "$KAFKA_DIR/kafka.pid" 2>/dev/null || true)
    [[ -n "$KAFKA_PID" ]] || die "Kafka did not start (no pid)"
}

# Ready means: the listener is up AND the broker answers a real admin request
# (DescribeFeatures) that also shows share groups are enabled.
wait_kafka() {
    local deadline=$(( $(now) + READY_TIMEOUT )) cp out
    cp=$(kafka_classpath)
    while :; do
        if ! pid_alive "$KAFKA_PID"; then
            show_log_tail kafka "$KAFKA_LOG"
            die "Kafka exited during start-up"
        fi
        if port_open "$KAFKA_PORT"; then
            if out=$(java "${TOOL_JVM_OPTS[@]}" -cp "$cp" org.apache.kafka.tools.FeatureCommand \
                    --bootstrap-server "127.0.0.1:$KAFKA_PORT" describe 2>&1); then
                if grep -Eq 'Feature: share\.version.*FinalizedVersionLevel: [1-9]' <<<"$out"; then
                    return 0
                fi
                show_log_tail kafka "$KAFKA_LOG"
                echo "$out" >&2
                die "Kafka is up but share groups (share.version) are not enabled"
            fi
        fi
        if (( $(now) >= deadline )); then
            show_log_tail kafka "$KAFKA_LOG"
            die "Kafka was not ready within ${READY_TIMEOUT}s"
        fi
        sleep 0.5
    done
}

# -------------------------------------------------------------- PostgreSQL

# Decide where PostgreSQL's files live and make them usable by the account it
# runs as. Normally DIR/pg; when that account cannot reach DIR (e.g. DIR under
# /root), DIR/pg becomes a symlink to a private directory under /tmp.
prepare_pg_dirs() {
    local probe
    if [[ -d "$DIR/pg" ]]; then
        :  # kept from an earlier start (--keep-data): stay where the data is
    elif [[ $(id -u) -eq 0 ]]; then
        chmod o+x "$DIR"
        probe=$(mktemp -d "$DIR/.probe.XXXXXX")
        chown nobody "$probe"
        if as_pg test -w "$probe"; then
            mkdir -p "$DIR/pg"
        else
            local real
            real=$(mktemp -d /tmp/queuemgr-pg.XXXXXX)
            ln -sfn "$real" "$DIR/pg"
            log "user nobody cannot reach $DIR; PostgreSQL files are in $real (linked from $DIR/pg)"
        fi
        rmdir "$probe"
    else
        mkdir -p "$DIR/pg"
    fi
    PG_ROOT=$(readlink -f "$DIR/pg")
    PG_DATA=$PG_ROOT/data
    PG_LOG=$PG_ROOT/postgres.log
    ln -sfn "$PG_LOG" "$DIR/pg.log"

    # Unix socket paths are limited to ~107 bytes; fall back to /tmp if DIR is deep.
    PG_SOCKET_DIR=$PG_ROOT/run
    if (( ${#PG_SOCKET_DIR} > 90 )); then
        PG_SOCKET_DIR=$(mktemp -d /tmp/queuemgr-pgsock.XXXXXX)
    fi
    mkdir -p "$PG_SOCKET_DIR"
    touch "$PG_LOG"

    # The binaries: use the shared cache if the PostgreSQL account can run it
    # from there, else copy it next to the data (a CI checkout under /root).
    PG_BIN=$PG_CACHE/bin
    if ! as_pg test -x "$PG_BIN/postgres" -a -r "$PG_CACHE/share/postgresql/postgres.bki"; then
        if [[ ! -f "$PG_ROOT/pgsql/.complete" ]]; then
            rm -rf "$PG_ROOT/pgsql"
            cp -a "$PG_CACHE" "$PG_ROOT/pgsql"
            chmod -R a+rX "$PG_ROOT/pgsql"
        fi
        PG_BIN=$PG_ROOT/pgsql/bin
    fi

    if [[ $(id -u) -eq 0 ]]; then
        chown -R "nobody:$PG_GROUP" "$PG_ROOT" "$PG_SOCKET_DIR"
    fi
}

start_pg() {
    prepare_pg_dirs
    # Recorded early so that a failed start can still clean up a /tmp socket dir.
    echo "PG_SOCKET_DIR=$PG_SOCKET_DIR" > "$DIR/.pg-started"
    export LC_ALL=C  # initdb/postgres must not trip over an unset-up locale

    if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
        local pwfile=$PG_ROOT/.pwfile
        ( umask 077; echo "$PG_PASSWORD" > "$pwfile" )
        [[ $(id -u) -eq 0 ]] && chown nobody "$pwfile"
        # The application role is the bootstrap superuser: TCP logins need the
        # password (SCRAM), the local socket inside DIR is trusted.
        if ! as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U "$PG_USER" --pwfile="$pwfile" \
                -E UTF8 --locale=C --auth-host=scram-sha-256 --auth-local=trust \
                >>"$PG_LOG" 2>&1; then
            rm -f "$pwfile"
            show_log_tail postgres "$PG_LOG"
            die "initdb failed"
        fi
        rm -f "$pwfile"
        # There is no psql in the binaries jar; single-user mode creates the
        # database before the server ever listens.
        local out
        out=$(echo "CREATE DATABASE $PG_DB OWNER $PG_USER;" |
            as_pg "$PG_BIN/postgres" --single -D "$PG_DATA" postgres 2>&1) || true
        echo "$out" >>"$PG_LOG"
        if grep -Eq 'ERROR|FATAL' <<<"$out"; then
            show_log_tail postgres "$PG_LOG"
            die "could not create database $PG_DB"
        fi
    fi

    # Listen address, port and socket are passed on the command line, not
    # written to postgresql.conf, so a --keep-data restart can move ports.
    local opts="-c listen_addresses=127.0.0.1 -p $PG_PORT -c unix_socket_directories=$PG_SOCKET_DIR $PG_SERVER_OPTS"
    # pg_ctl -w returns once the server reports it accepts connections.
    # pg_ctl's own messages and the server's go to the same log (-l).
    # shellcheck disable=SC2094
    if ! as_pg setsid "$PG_BIN/pg_ctl" start -D "$PG_DATA" -l "$PG_LOG" -o "$opts" \
            -w -t "$READY_TIMEOUT" </dev/null >>"$PG_LOG" 2>&1; then
        show_log_tail postgres "$PG_LOG"
        die "PostgreSQL did not start (pg_ctl gave up; see the log above)"
    fi
    PG_PID=$(head -n1 "$PG_DATA/postmaster.pid")
    port_open "$PG_PORT" || { show_log_tail postgres "$PG_LOG"; die "PostgreSQL is not listening on 127.0.0.1:$PG_PORT"; }

    # A real password login when a psql client happens to be installed.
    if command -v psql >/dev/null 2>&1; then
        if ! PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=10 psql -X -q -h 127.0.0.1 -p "$PG_PORT" \
                -U "$PG_USER" -d "$PG_DB" -Atc 'select 1' >/dev/null 2>>"$PG_LOG"; then
            show_log_tail postgres "$PG_LOG"
            die "PostgreSQL runs but a password login to $PG_DB as $PG_USER failed"
        fi
    fi

    # Hand the results to the parent shell (this runs in a background subshell).
    printf 'PG_PID=%s\nPG_BIN=%s\nPG_DATA=%s\nPG_SOCKET_DIR=%s\n' \
        "$PG_PID" "$PG_BIN" "$PG_DATA" "$PG_SOCKET_DIR" > "$DIR/.pg-started"
}

# ------------------------------------------------------------------ stop

stop_pg() {
    local data pid bin
    data=$(env_get "$DIR/stack.env" PG_DATA)
    [[ -n "$data" ]] || data=$(readlink -f "$DIR/pg" 2>/dev/null || true)/data
    bin=$(env_get "$DIR/stack.env" PG_BIN)
    [[ -n "$bin" ]] || bin=$PG_CACHE/bin
    [[ -f "$data/postmaster.pid" ]] || return 0
    pid=$(head -n1 "$data/postmaster.pid")
    pid_is "$pid" "$data" || return 0
    log "stopping PostgreSQL (pid $pid)"
    if [[ -x "$bin/pg_ctl" ]] && as_pg "$bin/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null 2>&1; then
        return 0
    fi
    # Without pg_ctl: SIGINT is PostgreSQL's "fast shutdown".
    kill -INT "$pid" 2>/dev/null || true
    local deadline=$(( $(now) + 60 ))
    while pid_alive "$pid" && (( $(now) < deadline )); do sleep 0.2; done
    if pid_alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
}

stop_kafka() {
    local pid
    pid=$(env_get "$DIR/stack.env" KAFKA_PID)
    [[ -n "$pid" ]] || pid=$(cat "$DIR/kafka/kafka.pid" 2>/dev/null || true)
    pid_is "$pid" "$DIR/kafka/server.properties" || return 0
    log "stopping Kafka (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$(( $(now) + STOP_TIMEOUT ))
    while pid_alive "$pid" && (( $(now) < deadline )); do sleep 0.2; done
    if pid_alive "$pid"; then
        log "Kafka did not stop within ${STOP_TIMEOUT}s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        while pid_alive "$pid"; do sleep 0.1; done
    fi
}

do_stop() {
    [[ -d "$DIR" ]] || return 0
    # Both at once: Kafka's controlled shutdown and PostgreSQL's take a while.
    stop_pg & local pgjob=$!
    stop_kafka
    wait "$pgjob" || true
    # A socket directory made under /tmp (DIR too deep) is ours to remove.
    local sock
    sock=$(env_get "$DIR/stack.env" PG_SOCKET_DIR)
    [[ -n "$sock" ]] || sock=$(env_get "$DIR/.pg-started" PG_SOCKET_DIR)
    [[ "$sock" == /tmp/queuemgr-pgsock.* ]] && rm -rf "$sock"
    rm -f "$DIR/kafka/kafka.pid" "$DIR/.pg-started"
    return 0
}

# ------------------------------------------------------------------ start

# Print the port KEY of the previous start (env file $1) when it is still
# free; otherwise say so and print nothing, so that a new one is picked.
previous_port() {
    local file=$1 key=$2 name=$3 port
    port=$(env_get "$file" "$key")
    [[ -n "$port" ]] || return 0
    if port_open "$port"; then
        log "port $port ($name, last start) is taken now; picking another"
    else
        echo "$port"
    fi
}

# Is a stack from an earlier start still running in DIR?
stack_running() {
    local pid data
    pid=$(env_get "$DIR/stack.env" KAFKA_PID)
    [[ -n "$pid" ]] || pid=$(cat "$DIR/kafka/kafka.pid" 2>/dev/null || true)
    pid_is "$pid" "$DIR/kafka/server.properties" && return 0
    data=$(readlink -f "$DIR/pg" 2>/dev/null || true)/data
    [[ -f "$data/postmaster.pid" ]] && pid_is "$(head -n1 "$data/postmaster.pid")" "$data" && return 0
    return 1
}

STARTED=""
on_start_exit() {
    local rc=$?
    if [[ -z "$STARTED" ]]; then
        # Let the PostgreSQL half finish (it has its own timeout) so that
        # whatever it started can be stopped below. Only that job: a bare
        # `wait` would also wait for the detached broker.
        if [[ -n "${PG_JOB:-}" ]]; then wait "$PG_JOB" 2>/dev/null || true; fi
        log "start failed; stopping what was started"
        do_stop 2>/dev/null || true
    fi
    exit "$rc"
}

do_start() {
    [[ -n "$DIR" ]] || die "--dir is required"
    [[ "$DIR" != *[[:space:]]* ]] || die "--dir must not contain spaces: $DIR"
    mkdir -p "$DIR"
    DIR=$(cd "$DIR" && pwd -P)
    stack_running && die "a stack is already running in $DIR (stack.sh stop --dir $DIR)"

    ensure_cache

    # Keep the previous env file (ports) until this start succeeds.
    local old_env=$DIR/stack.env.previous
    [[ -f "$DIR/stack.env" ]] && mv -f "$DIR/stack.env" "$old_env"
    if [[ -n "$KEEP_DATA" && -L "$DIR/pg" && ! -e "$DIR/pg" ]]; then
        # The database lived under /tmp (see prepare_pg_dirs) and is gone,
        # e.g. /tmp was emptied at boot. Kafka's half alone would name tasks
        # and queues the database no longer knows, so both start afresh.
        log "PostgreSQL's files at $(readlink "$DIR/pg") (linked from $DIR/pg) are gone;" \
            "starting with empty data: Kafka's data in $DIR/kafka is deleted as well"
        KEEP_DATA=""
    fi
    if [[ -n "$KEEP_DATA" && -f "$old_env" ]]; then
        # Reuse the old ports where they are still free, as clients may have
        # the old addresses configured; a taken one is replaced (a single
        # KRaft node also accepts a new controller port).
        [[ -n "$KAFKA_PORT" ]] || KAFKA_PORT=$(previous_port "$old_env" KAFKA_PORT Kafka)
        [[ -n "$PG_PORT" ]] || PG_PORT=$(previous_port "$old_env" PG_PORT PostgreSQL)
        CONTROLLER_PORT=$(previous_port "$old_env" KAFKA_CONTROLLER_PORT "Kafka's controller")
    elif [[ -z "$KEEP_DATA" ]]; then
        # Fresh state on every start unless asked otherwise.
        local oldpg
        oldpg=$(readlink -f "$DIR/pg" 2>/dev/null || true)
        [[ -L "$DIR/pg" && "$oldpg" == /tmp/queuemgr-pg.* ]] && rm -rf "$oldpg"
        rm -rf "$DIR/kafka" "$DIR/pg" "$DIR/pg.log" "$DIR/kafka.log"
    fi
    rm -f "$DIR/.pg-started"

    local p taken=""
    for p in "$KAFKA_PORT" "$PG_PORT" "${CONTROLLER_PORT:-}"; do
        [[ -z "$p" ]] && continue
        [[ "$p" =~ ^[0-9]+$ ]] || die "not a port number: $p"
        port_open "$p" && die "port $p is already in use"
        taken+="$p "
    done
    [[ -n "$KAFKA_PORT" ]] || { KAFKA_PORT=$(pick_port "$taken"); taken+="$KAFKA_PORT "; }
    [[ -n "${CONTROLLER_PORT:-}" ]] || { CONTROLLER_PORT=$(pick_port "$taken"); taken+="$CONTROLLER_PORT "; }
    [[ -n "$PG_PORT" ]] || { PG_PORT=$(pick_port "$taken"); taken+="$PG_PORT "; }

    KAFKA_DIR=$DIR/kafka
    KAFKA_LOG=$DIR/kafka.log
    trap on_start_exit EXIT
    log "starting Kafka on 127.0.0.1:$KAFKA_PORT and PostgreSQL on 127.0.0.1:$PG_PORT in $DIR (JDK $QUEUEMGR_JAVA_MAJOR: $JAVA_HOME)"

    # PostgreSQL in the background, Kafka in the foreground, then join.
    start_pg &
    PG_JOB=$!
    start_kafka
    wait_kafka
    local pg_rc=0
    wait "$PG_JOB" || pg_rc=$?
    PG_JOB=""
    (( pg_rc == 0 )) && grep -q '^PG_PID=' "$DIR/.pg-started" || exit 1

    local started=$DIR/.pg-started
    local tmp=$DIR/stack.env.tmp
    {
        echo "KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT"
        echo "KAFKA_PORT=$KAFKA_PORT"
        echo "KAFKA_CONTROLLER_PORT=$CONTROLLER_PORT"
        echo "PG_HOST=127.0.0.1"
        echo "PG_PORT=$PG_PORT"
        echo "PG_USER=$PG_USER"
        echo "PG_PASSWORD=$PG_PASSWORD"
        echo "PG_DB=$PG_DB"
        echo "PG_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$PG_DB"
        echo "KAFKA_PID=$KAFKA_PID"
        grep -E '^PG_(PID|BIN|DATA|SOCKET_DIR)=' "$started"
        echo "KAFKA_LOG=$KAFKA_LOG"
        echo "PG_LOG=$DIR/pg.log"
        echo "STACK_DIR=$DIR"
    } > "$tmp"
    mv -f "$tmp" "$DIR/stack.env"
    rm -f "$started" "$old_env"
    STARTED=1
    trap - EXIT
    cat "$DIR/stack.env"
}

# -------------------------------------------------------------------- run

do_run() {
    do_start
    local kpid ppid
    kpid=$(env_get "$DIR/stack.env" KAFKA_PID)
    ppid=$(env_get "$DIR/stack.env" PG_PID)
    trap 'log "stopping"; do_stop; exit 0' INT TERM HUP
    log "running; Ctrl-C stops the stack"
    # Sleep in the background and `wait`, so a signal is handled at once.
    while pid_alive "$kpid" && pid_alive "$ppid"; do
        sleep 1 & wait $! || true
    done
    log "a server exited on its own; stopping the stack"
    pid_alive "$kpid" || show_log_tail kafka "$DIR/kafka.log"
    pid_alive "$ppid" || show_log_tail postgres "$DIR/pg.log"
    do_stop
    exit 1
}

# ------------------------------------------------------------------- main

CMD=${1:-}
[[ -n "$CMD" ]] || usage
shift
DIR="" KAFKA_PORT="" PG_PORT="" KEEP_DATA="" CONTROLLER_PORT=""
while [[ $# -gt 0 ]]; do
    case $1 in
        --dir) DIR=${2:?--dir needs a value}; shift 2 ;;
        --dir=*) DIR=${1#*=}; shift ;;
        --kafka-port) KAFKA_PORT=${2:?--kafka-port needs a value}; shift 2 ;;
        --kafka-port=*) KAFKA_PORT=${1#*=}; shift ;;
        --pg-port) PG_PORT=${2:?--pg-port needs a value}; shift 2 ;;
        --pg-port=*) PG_PORT=${1#*=}; shift ;;
        --keep-data) KEEP_DATA=1; shift ;;
        -h|--help) usage ;;
        *) die "unknown argument: $1" ;;
    esac
done

case $CMD in
    start) do_start ;;
    run) do_run ;;
    stop)
        [[ -n "$DIR" ]] || die "--dir is required"
        [[ -d "$DIR" ]] && DIR=$(cd "$DIR" && pwd -P)
        do_stop
        ;;
    kafka-classpath)
        ensure_cache
        kafka_classpath
        ;;
    -h|--help|help) usage ;;
    *) die "unknown command: $CMD (start, stop, run, kafka-classpath)" ;;
esac
