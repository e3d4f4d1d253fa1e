#!/usr/bin/env bash
#
# uninstall.sh - remove what install.sh installed.
#
#   packaging/systemd/uninstall.sh [--root DIR] [--purge]
#
# Stops and disables queuemgr.service, its health timer and the local stack's units (when systemd runs this
# machine), removes the units, /opt/queuemgr (with the CLI) and the /usr/local/bin/queuemgr link to the CLI, and
# keeps the settings (/etc/queuemgr), the data (/var/lib/queuemgr: admin token, secrets, work) and the user, so
# that a new install goes on where this one stopped. --purge removes those too. Tasks, queues and history are in
# Kafka and PostgreSQL, which this never touches. --root DIR works below DIR, as install.sh --root does.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source-path=SCRIPTDIR source=layout.sh
source "$HERE/layout.sh"

PURGE=0
usage() { sed -n 's/^#   \(packaging.*\)/usage: \1/p' "${BASH_SOURCE[0]}" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
    case $1 in
        --root) [[ $# -ge 2 ]] || usage; set_root "$2"; shift 2 ;;
        --purge) PURGE=1; shift ;;
        -h | --help) usage ;;
        *) echo "uninstall: unknown option $1" >&2; usage ;;
    esac
done
[[ $ROOT != "" || $EUID -eq 0 ]] || die "uninstalling from / needs root (sudo $0), or use --root DIR"

if [[ -z $ROOT ]] && systemd_runs; then
    # Stopping gives running tasks their shutdown grace, as any stop does.
    systemctl disable --now "$UNIT" "${ENABLED[@]}" "${STACK_UNITS[@]}" 2>/dev/null || true
fi
for unit in "${UNITS[@]}" "${STACK_UNITS[@]}"; do
    rm -f "$ROOT$UNIT_DIR/$unit"
done
rm -rf "$ROOT$UNIT_DIR/$UNIT.d"
# The CLI's command on PATH, only when it is the link this installer made.
if [[ -L "$ROOT$CLI_LINK" && $(readlink "$ROOT$CLI_LINK") == "$CLI_DIR/queuemgr" ]]; then
    rm -f "$ROOT$CLI_LINK"
fi
rm -rf "$ROOT$OPT_DIR"
if [[ -z $ROOT ]] && systemd_runs; then
    systemctl daemon-reload
    systemctl reset-failed "$UNIT" "${ENABLED[@]}" "${STACK_UNITS[@]}" 2>/dev/null || true
fi
log "removed $ROOT$UNIT_DIR/$UNIT and $ROOT$OPT_DIR"

if [[ $PURGE -eq 1 ]]; then
    rm -rf "$ROOT$CONF_DIR" "$ROOT$DATA_DIR" "$ROOT$STACK_DATA_DIR"
    log "purged $ROOT$CONF_DIR, $ROOT$DATA_DIR and $ROOT$STACK_DATA_DIR (the local stack's data, if any)"
    if [[ -z $ROOT ]] && id -u "$SERVICE_USER" >/dev/null 2>&1; then
        userdel "$SERVICE_USER"
        log "removed the user $SERVICE_USER"
    fi
else
    log "kept $ROOT$CONF_DIR and $ROOT$DATA_DIR (settings, admin token, secrets); --purge removes them"
fi
