# shellcheck shell=bash
#
# java.sh - pick a JDK that queuemgr can run on (major version 21 or newer).
#
# Usage:   source stack/java.sh      # exports JAVA_HOME and puts its bin/ first on PATH
#          bash stack/java.sh        # prints the chosen JAVA_HOME (handy in CI logs)
#
# Order of preference:
#   1. $JAVA_HOME, when it is set and new enough: an explicit choice wins.
#   2. Otherwise the highest version among /usr/lib/jvm/* and the `java` on PATH.
# When nothing fits it prints "queuemgr needs JDK 21 or newer; found: ..." and
# exits 1 (or returns 1 when sourced into an interactive shell, so a typo at the
# prompt does not close the terminal).

QUEUEMGR_MIN_JAVA=${QUEUEMGR_MIN_JAVA:-21}

# Major version of the JDK rooted at $1, or nothing when it is not a JDK/JRE.
# Reads the `release` file first because starting a JVM per candidate is slow;
# falls back to `java -version` for layouts without that file.
_qm_java_major() {
    local home=$1 v=""
    [[ -x "$home/bin/java" ]] || return 0
    if [[ -r "$home/release" ]]; then
        v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release" | head -n1)
    fi
    if [[ -z "$v" ]]; then
        # e.g. openjdk version "25.0.1" 2025-10-21 / java version "1.8.0_392"
        v=$("$home/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n1)
    fi
    [[ -n "$v" ]] || return 0
    v=${v#1.}            # 1.8.0 -> 8.0 (pre-9 numbering)
    echo "${v%%[.+-]*}"  # 25.0.1 -> 25, 21-ea -> 21
}

_qm_find_java() {
    local found=() best_home="" best_major=0 home major candidates=()

    # 1. An explicit JAVA_HOME that fits is used as is.
    if [[ -n "${JAVA_HOME:-}" ]]; then
        major=$(_qm_java_major "$JAVA_HOME")
        if [[ -n "$major" && "$major" -ge "$QUEUEMGR_MIN_JAVA" ]]; then
            best_home=$JAVA_HOME
            best_major=$major
        else
            found+=("JAVA_HOME=$JAVA_HOME (${major:-not a JDK})")
        fi
    fi

    # 2. Otherwise scan the usual places and keep the highest version.
    if [[ -z "$best_home" ]]; then
        for home in /usr/lib/jvm/*; do
            # Debian keeps both a directory and a symlink to it; resolve to dedupe.
            [[ -d "$home" ]] && candidates+=("$(readlink -f "$home")")
        done
        if command -v java >/dev/null 2>&1; then
            # /usr/bin/java -> .../jdk/bin/java; the JDK root is two levels up.
            home=$(readlink -f "$(command -v java)")
            candidates+=("${home%/bin/java}")
        fi
        local seen=" "
        for home in "${candidates[@]}"; do
            [[ "$seen" == *" $home "* ]] && continue
            seen+="$home "
            major=$(_qm_java_major "$home")
            [[ -n "$major" ]] || continue
            found+=("$home ($major)")
            if [[ "$major" -ge "$QUEUEMGR_MIN_JAVA" && "$major" -gt "$best_major" ]]; then
                best_home=$home
                best_major=$major
            fi
        done
    fi

    if [[ -z "$best_home" ]]; then
        local list="none"
        [[ ${#found[@]} -gt 0 ]] && list=$(printf '%s, ' "${found[@]}") && list=${list%, }
        echo "queuemgr needs JDK $QUEUEMGR_MIN_JAVA or newer; found: $list" >&2
        echo "Install one (e.g. apt-get install openjdk-21-jdk-headless) or point JAVA_HOME at it." >&2
        return 1
    fi

    export JAVA_HOME=$best_home
    export QUEUEMGR_JAVA_MAJOR=$best_major
    case ":$PATH:" in
        *":$JAVA_HOME/bin:"*) ;;
        *) export PATH="$JAVA_HOME/bin:$PATH" ;;
    esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    # Executed, not sourced: report the choice.
    _qm_find_java || exit 1
    echo "$JAVA_HOME"
elif ! _qm_find_java; then
    # Sourced. Exit the calling script, except at an interactive prompt.
    case $- in
        *i*) return 1 ;;
        *) exit 1 ;;
    esac
fi
