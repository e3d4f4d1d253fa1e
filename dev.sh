#!/usr/bin/env bash
#
# dev.sh - the two things a developer does with queuemgr.
#
#   ./dev.sh run    build, start a local Kafka + PostgreSQL, run the service on :8080 (Ctrl-C stops all)
#   ./dev.sh test   run the whole test suite; it starts its own Kafka + PostgreSQL on free ports
#
# Needs only a JDK and Maven: a JDK 21+ is picked from /usr/lib/jvm (stack/java.sh), Maven comes through ./mvnw,
# Kafka and PostgreSQL come from Maven Central (stack/stack.sh).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$ROOT"
# shellcheck source=stack/java.sh
source stack/java.sh

MVN_FLAGS=(-B)
[[ "${CI:-}" == "true" ]] && MVN_FLAGS+=(-ntp)

# Test-only tools from Debian's packages: kcat, a Kafka client that is not Java, for the Kafka submission tests.
install_test_tools() {
    local missing=()
    command -v kcat >/dev/null 2>&1 || command -v kafkacat >/dev/null 2>&1 || missing+=(kcat)
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

run() {
    ./mvnw "${MVN_FLAGS[@]}" -q package -DskipTests
    local dir="$ROOT/.stack" ports=()
    port_free 9092 && ports+=(--kafka-port 9092)
    port_free 5432 && ports+=(--pg-port 5432)
    stack/stack.sh stop --dir "$dir" >/dev/null 2>&1 || true
    stack/stack.sh start --dir "$dir" "${ports[@]}" >/dev/null
    trap 'stack/stack.sh stop --dir "$dir" >/dev/null 2>&1' EXIT
    set -a
    # shellcheck disable=SC1091
    source "$dir/stack.env"
    set +a
    export KAFKA_BOOTSTRAP_SERVERS=$KAFKA_BOOTSTRAP
    cat <<MSG
queuemgr is starting on http://localhost:${QUEUEMGR_HTTP_PORT:-8080}
  API docs     http://localhost:${QUEUEMGR_HTTP_PORT:-8080}/q/swagger-ui
  health       http://localhost:${QUEUEMGR_HTTP_PORT:-8080}/q/health
  Kafka        $KAFKA_BOOTSTRAP   (submit to topic queuemgr.submit)
  PostgreSQL   $PG_HOST:$PG_PORT  database $PG_DB, user $PG_USER
  logs         $KAFKA_LOG, $PG_LOG
Ctrl-C stops the service, Kafka and PostgreSQL.
MSG
    # ZGC keeps pauses short however many tasks the registry holds (docs/architecture.md).
    java -XX:+UseZGC -jar target/quarkus-app/quarkus-run.jar
}

case "${1:-}" in
    run) run ;;
    test)
        install_test_tools
        ./mvnw "${MVN_FLAGS[@]}" verify
        ;;
    *)
        sed -n 's/^#   \(.*\)/\1/p' "$0" | head -2 >&2
        exit 2
        ;;
esac
