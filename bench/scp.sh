#!/usr/bin/env bash
#
# scp.sh - SCP upload MB/s of one file with queuemgr's SCP code (Apache MINA SSHD) and with OpenSSH's scp, and
# ssh.exec `true` per second on a reused connection, against a throw-away sshd on loopback (needs /usr/sbin/sshd).
#
# Usage:   bench/scp.sh [megabytes=200] [execs=200]
set -euo pipefail
cd "$(dirname "$0")/.."
source stack/java.sh
./mvnw -q -o test-compile
cp_file=target/bench-classpath.txt
./mvnw -q dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test >/dev/null
java -cp "target/test-classes:target/classes:$(cat "$cp_file")" io.queuemgr.executor.ssh.SshBench "${1:-200}" "${2:-200}" \
    2> >(grep -v -e '^WARNING' -e 'INFO' >&2)
