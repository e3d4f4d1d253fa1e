# shellcheck shell=bash disable=SC2034
#
# layout.sh - where install.sh puts queuemgr and uninstall.sh removes it from, and their shared helpers.
# Sourced, not run.

SERVICE_USER=queuemgr
UNIT=queuemgr.service
# Every unit install.sh puts in UNIT_DIR (the local stack's come on top, see local-stack.sh), and those it enables
# besides UNIT.
UNITS=(queuemgr.service queuemgr-health.service queuemgr-health.timer)
ENABLED=(queuemgr-health.timer)
STACK_UNITS=(queuemgr-kafka.service queuemgr-postgres.service)
STACK_DATA_DIR=/var/lib/queuemgr-stack
OPT_DIR=/opt/queuemgr
CONF_DIR=/etc/queuemgr
ENV_FILE=$CONF_DIR/queuemgr.env
UNIT_DIR=/etc/systemd/system
DATA_DIR=/var/lib/queuemgr
# The CLI: its launcher and jar, and the command on PATH that leads to them.
CLI_DIR=$OPT_DIR/cli
CLI_LINK=/usr/local/bin/queuemgr

# --root DIR: every path above is taken below DIR. Empty means the real /.
ROOT=""

log() { echo "${0##*/}: $*" >&2; }
die() { echo "${0##*/}: error: $*" >&2; exit 1; }

set_root() {
    [[ -d "$1" ]] || die "--root $1 is not a directory"
    ROOT=$(cd "$1" && pwd)
    # --root / is the real installation, with its user and systemctl.
    [[ $ROOT != / ]] || ROOT=""
}

# The check sd_booted(3) makes: systemd runs this machine as PID 1.
systemd_runs() { [[ -d /run/systemd/system ]]; }

# Ownership only in a real installation: below --root the user need not exist, and tests run unprivileged.
as_service_user() { [[ -n $ROOT ]] || chown "$SERVICE_USER:$SERVICE_USER" "$@"; }
as_service_group() { [[ -n $ROOT ]] || chown "root:$SERVICE_USER" "$@"; }
