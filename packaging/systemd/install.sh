#!/usr/bin/env bash
#
# install.sh - install queuemgr as a systemd service from this checkout.
#
#   packaging/systemd/install.sh [--root DIR] [--app DIR] [--cli-jar FILE] [--java PATH] [--no-start] [--with-local-stack]
#
# Build first (./mvnw package -DskipTests). Installs:
#   /opt/queuemgr/quarkus-app/         the fast-jar (target/quarkus-app, or --app DIR), replaced on every install
#   /opt/queuemgr/bin/                 queuemgr-server (the launcher), queuemgr-wait-ready (the readiness wait),
#                                      queuemgr-health-check (the liveness watchdog), queuemgr-warm-start (the
#                                      launcher's AOT cache options)
#   /opt/queuemgr/cli/                 the CLI: queuemgr (its launcher) and queuemgr-cli.jar (target/, or --cli-jar)
#   /usr/local/bin/queuemgr            a link to the CLI's launcher
#   /etc/systemd/system/queuemgr.service, queuemgr-health.service and .timer (restart after 3 failed liveness checks)
#   /etc/queuemgr/queuemgr.env         settings (0640); written once, never overwritten
#   /var/lib/queuemgr/                 data (0750), secrets/ (0700), work/ (0750); the journal keeps the logs
# creates the system user queuemgr, and enables and starts the unit when systemd runs this machine.
#
# --root DIR installs below DIR instead of / (like DESTDIR): no user is created, nothing is chowned, and systemctl
# is not called. --java PATH names the java to write into the env file; otherwise a JDK 21+ is chosen as
# stack/java.sh does (JAVA_HOME first, then the newest in /usr/lib/jvm and on PATH). --no-start enables the unit
# without starting it (to edit the env file first).
#
# --with-local-stack also installs the bundled single-node Kafka and PostgreSQL of stack/ (resolved by
# stack/stack.sh on first use) as their own units, queuemgr-kafka.service and queuemgr-postgres.service, on
# 127.0.0.1:9092 and :5432 with data in /var/lib/queuemgr-stack, and a drop-in that makes queuemgr.service want
# and follow them. QUEUEMGR_STACK_CLASSPATH (a file of jar paths, colon-separated) and QUEUEMGR_STACK_PGSQL (the
# PostgreSQL binaries) name another build of them.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
# shellcheck source-path=SCRIPTDIR source=layout.sh
source "$HERE/layout.sh"

APP=$REPO/target/quarkus-app
CLI_JAR=$REPO/target/queuemgr-cli.jar
JAVA_BIN=""
START=1
LOCAL_STACK=0

usage() { sed -n 's/^#   \(packaging.*\)/usage: \1/p' "${BASH_SOURCE[0]}" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
    case $1 in
        --root) [[ $# -ge 2 ]] || usage; set_root "$2"; shift 2 ;;
        --app) [[ $# -ge 2 ]] || usage; APP=$2; shift 2 ;;
        --cli-jar) [[ $# -ge 2 ]] || usage; CLI_JAR=$2; shift 2 ;;
        --java) [[ $# -ge 2 ]] || usage; JAVA_BIN=$2; shift 2 ;;
        --no-start) START=0; shift ;;
        --with-local-stack) LOCAL_STACK=1; shift ;;
        -h | --help) usage ;;
        *) echo "install: unknown option $1" >&2; usage ;;
    esac
done

[[ -r "$APP/quarkus-run.jar" ]] || die "no fast-jar in $APP; build it first: ./mvnw package -DskipTests"
[[ $ROOT != "" || $EUID -eq 0 ]] || die "installing into / needs root (sudo $0), or use --root DIR"

# The JDK: the installer's choice goes into the env file, so the service does not depend on PATH.
if [[ -z "$JAVA_BIN" ]]; then
    JAVA_BIN=$(bash "$REPO/stack/java.sh")/bin/java || die "no JDK 21 or newer found (see above)"
fi
[[ -x "$JAVA_BIN" ]] || die "$JAVA_BIN is not an executable java"
# The unit's readiness wait asks /q/health/ready with curl; without it every start would time out.
command -v curl >/dev/null 2>&1 || log "warning: curl is not installed; the unit needs it (apt-get install curl)"

if [[ -z $ROOT ]]; then
    if ! id -u "$SERVICE_USER" >/dev/null 2>&1; then
        # Its home is the data directory: ~/.ssh (SSH known hosts and keys) lies there, since the unit hides /home.
        useradd --system --user-group --home-dir "$DATA_DIR" --no-create-home \
            --shell /usr/sbin/nologin --comment "queuemgr service" "$SERVICE_USER"
        log "created the system user $SERVICE_USER"
    fi
fi

# The application belongs to root, so the service cannot change its own code. A new copy is made beside the old
# one and moved into place, so a failed copy leaves the previous installation whole.
install -d -m 0755 "$ROOT$OPT_DIR" "$ROOT$OPT_DIR/bin"
rm -rf "$ROOT$OPT_DIR/quarkus-app.new"
cp -R "$APP" "$ROOT$OPT_DIR/quarkus-app.new"
chmod -R u=rwX,go=rX "$ROOT$OPT_DIR/quarkus-app.new"
rm -rf "$ROOT$OPT_DIR/quarkus-app"
mv "$ROOT$OPT_DIR/quarkus-app.new" "$ROOT$OPT_DIR/quarkus-app"
install -m 0755 "$HERE/queuemgr-server" "$HERE/queuemgr-wait-ready" "$HERE/queuemgr-health-check" "$ROOT$OPT_DIR/bin/"
install -m 0644 "$HERE/queuemgr-warm-start" "$ROOT$OPT_DIR/bin/"
install -m 0644 "$REPO/README.md" "$ROOT$OPT_DIR/README.md"
log "installed $APP in $ROOT$OPT_DIR"

# The CLI lives apart from the server's bin/, so that its command never collides with the server's launcher.
if [[ -r $CLI_JAR ]]; then
    install -d -m 0755 "$ROOT$CLI_DIR" "$ROOT$(dirname "$CLI_LINK")"
    install -m 0644 "$CLI_JAR" "$ROOT$CLI_DIR/queuemgr-cli.jar"
    install -m 0755 "$REPO/packaging/cli/queuemgr" "$ROOT$CLI_DIR/queuemgr"
    ln -sfn "$CLI_DIR/queuemgr" "$ROOT$CLI_LINK"
    log "installed the CLI in $ROOT$CLI_DIR, on PATH as $CLI_LINK"
else
    log "warning: no $CLI_JAR, so no CLI installed; build it (./mvnw package -DskipTests) or pass --cli-jar FILE"
fi

install -d -m 0755 "$ROOT$UNIT_DIR"
for unit in "${UNITS[@]}"; do
    install -m 0644 "$HERE/$unit" "$ROOT$UNIT_DIR/$unit"
done
if [[ $LOCAL_STACK -eq 1 ]]; then
    # shellcheck source-path=SCRIPTDIR source=local-stack.sh
    source "$HERE/local-stack.sh"
    install_local_stack
fi

install -d -m 0755 "$ROOT$CONF_DIR"
if [[ -e "$ROOT$ENV_FILE" ]]; then
    log "kept $ROOT$ENV_FILE as it is (JAVA there: $(sed -n 's/^JAVA=//p' "$ROOT$ENV_FILE"))"
else
    tmp=$(mktemp "$ROOT$CONF_DIR/.queuemgr.env.XXXXXX")
    sed "s|@JAVA@|$JAVA_BIN|" "$HERE/queuemgr.env" >"$tmp"
    chmod 0640 "$tmp"
    as_service_group "$tmp"
    mv "$tmp" "$ROOT$ENV_FILE"
    log "wrote $ROOT$ENV_FILE (JAVA=$JAVA_BIN); set Kafka's and PostgreSQL's addresses there"
fi

install -d -m 0750 "$ROOT$DATA_DIR" "$ROOT$DATA_DIR/work"
install -d -m 0700 "$ROOT$DATA_DIR/secrets"
# Modes again: install -d leaves an existing directory's mode alone.
chmod 0750 "$ROOT$DATA_DIR" "$ROOT$DATA_DIR/work"
chmod 0700 "$ROOT$DATA_DIR/secrets"
as_service_user "$ROOT$DATA_DIR" "$ROOT$DATA_DIR/work" "$ROOT$DATA_DIR/secrets"

if [[ -n $ROOT ]]; then
    log "installed below $ROOT; no user, ownership or systemctl there"
elif systemd_runs; then
    systemctl daemon-reload
    if [[ $START -eq 1 ]]; then
        log "starting $UNIT and waiting until it is ready (journalctl -u queuemgr -f to watch)"
        systemctl enable --now "$UNIT" "${ENABLED[@]}"
        log "queuemgr is running: systemctl status queuemgr"
    else
        systemctl enable "$UNIT" "${ENABLED[@]}"
        log "enabled $UNIT; start it with: systemctl start queuemgr"
    fi
else
    log "systemd does not run this machine (PID 1 is $(ps -o comm= -p 1 2>/dev/null || echo unknown)): the unit is" \
        "installed but not enabled. On a systemd machine: systemctl daemon-reload && systemctl enable --now queuemgr." \
        "Here, run it by hand: set -a; . $ENV_FILE; set +a; sudo -u $SERVICE_USER -E $OPT_DIR/bin/queuemgr-server"
fi
