# shellcheck shell=bash
#
# local-stack.sh - install.sh --with-local-stack: the bundled Kafka and PostgreSQL as units of their own. Sourced
# by install.sh (layout.sh's paths and helpers, $HERE, $REPO, $ROOT, $JAVA_BIN), not run.

install_local_stack() {
    local classpath=${QUEUEMGR_STACK_CLASSPATH:-} pgsql=${QUEUEMGR_STACK_PGSQL:-} stack=$ROOT$OPT_DIR/stack
    if [[ -z $classpath || -z $pgsql ]]; then
        # stack.sh resolves both from Maven Central on its first use and caches them under stack/target.
        bash "$REPO/stack/stack.sh" kafka-classpath >/dev/null || die "stack/stack.sh could not resolve Kafka"
        classpath=${classpath:-$REPO/stack/target/kafka.classpath}
        pgsql=${pgsql:-$(find "$REPO/stack/target" -maxdepth 1 -name 'pgsql-*' -type d | sort | tail -n1)}
    fi
    [[ -s $classpath ]] || die "no Kafka classpath in $classpath"
    [[ -x $pgsql/bin/postgres ]] || die "no PostgreSQL binaries in $pgsql"

    # Copies, not links into ~/.m2 or the checkout: the units run as the service user and must survive both.
    rm -rf "$stack.new"
    install -d -m 0755 "$stack.new/kafka/lib" "$stack.new/conf"
    # The classpath file has no final newline: read still returns its last jar, with a false status.
    tr ':' '\n' <"$classpath" | while IFS= read -r jar || [[ -n $jar ]]; do
        [[ -z $jar ]] || install -m 0644 "$jar" "$stack.new/kafka/lib/"
    done
    install -m 0644 "$REPO/stack/conf/"*.properties "$stack.new/conf/"
    cp -R "$pgsql" "$stack.new/pgsql"
    chmod -R u=rwX,go=rX "$stack.new"
    rm -rf "$stack"
    mv "$stack.new" "$stack"
    install -m 0755 "$HERE/queuemgr-stack" "$ROOT$OPT_DIR/bin/"

    local name
    for name in "${STACK_UNITS[@]}"; do
        install -m 0644 "$HERE/$name" "$ROOT$UNIT_DIR/$name"
    done
    install -d -m 0755 "$ROOT$UNIT_DIR/$UNIT.d"
    install -m 0644 "$HERE/local-stack.conf" "$ROOT$UNIT_DIR/$UNIT.d/local-stack.conf"
    ENABLED+=("${STACK_UNITS[@]}")
    log "installed the local Kafka and PostgreSQL in $stack (units ${STACK_UNITS[*]}; data in $STACK_DATA_DIR)"
}
